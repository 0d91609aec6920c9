"""Seed the award catalogue with what concerns clusters in Luật Thi đua, khen thưởng 06/2022/QH15.

The defaults live in awards/catalogue.py (the demo loader re-fills them after a test flush).
Later changes to the defaults get their own data migration. The reverse removes exactly these
entries (and fails, as it should, once awards use them).
"""

from django.db import migrations

from awards.catalogue import default_codes, seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "AwardQuota"))


def unseed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    AwardType.objects.filter(code__in=default_codes()).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_catalogue_decisions_recipients")]

    operations = [migrations.RunPython(seed, unseed)]
