"""Fill each quota's route and source (see 0006): the 20 % cap is Nghị định 91/2017/NĐ-CP Điều 11
khoản 1; the central council's clusters' one-leading-unit quotas are added (awards/catalogue.py)."""

from django.db import migrations

from awards.catalogue import seed_quotas


def fill(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    AwardQuota = apps.get_model("awards", "AwardQuota")
    LegalText = apps.get_model("clusters", "LegalText")
    decree = LegalText.objects.get(number="91/2017/NĐ-CP")
    AwardQuota.objects.filter(source__isnull=True).update(
        route="within", source=decree, clause="Điều 11 khoản 1"
    )
    seed_quotas(AwardType, AwardQuota, LegalText)


def unfill(apps, schema_editor):
    AwardQuota = apps.get_model("awards", "AwardQuota")
    AwardQuota.objects.filter(route="central_cluster").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_quota_route_and_source"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
