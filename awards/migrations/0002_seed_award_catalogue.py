"""Seed the award catalogue with what concerns clusters in Luật Thi đua, khen thưởng 06/2022/QH15.

The defaults live in awards/catalogue.py (the demo loader re-fills them after a test flush).
Later changes to the defaults get their own data migration. The reverse removes exactly these
entries (and fails, as it should, once awards use them).
"""

from django.db import migrations

from decimal import Decimal

from awards.catalogue import default_codes, seed_award_types

# The flag quota as this migration first seeded it (frozen here: the catalogue's quotas now
# name a route and a source, which migration 0006 adds and fills in).
FLAG_QUOTA_2026_11 = {
    "rule": (
        "Số đơn vị được đề nghị tặng Cờ thi đua của Chính phủ không quá 20% số đơn vị được "
        "bình xét dẫn đầu cụm, khối thi đua"
    ),
    "share": Decimal("0.200"),
    "base": "leading_units",
    "legal_basis": (
        "Hướng dẫn của Ban Thi đua - Khen thưởng Trung ương về cụm, khối thi đua "
        "(chưa kiểm chứng văn bản)"
    ),
}


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    AwardQuota = apps.get_model("awards", "AwardQuota")
    seed_award_types(AwardType)
    flag = AwardType.objects.get(code="co-thi-dua-chinh-phu")
    if not AwardQuota.objects.filter(award_type=flag).exists():
        AwardQuota.objects.create(award_type=flag, **FLAG_QUOTA_2026_11)


def unseed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    AwardType.objects.filter(code__in=default_codes()).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_catalogue_decisions_recipients")]

    operations = [migrations.RunPython(seed, unseed)]
