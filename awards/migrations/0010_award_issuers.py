"""Who may grant each award, by the kind of the issuing unit, and the centrally-run city's and the
minister's own certificates of merit (awards/catalogue.py's defaults)."""

import django.db.models.deletion
from django.db import migrations, models


def seed(apps, schema_editor):
    from awards.catalogue import seed_award_types, seed_issuers

    award_type = apps.get_model("awards", "AwardType")
    seed_award_types(award_type)
    seed_issuers(award_type, apps.get_model("clusters", "UnitKindWording"))


def unseed(apps, schema_editor):
    award_type = apps.get_model("awards", "AwardType")
    new = ["bang-khen-chu-tich-ubnd-thanh-pho", "bang-khen-bo-truong"]
    award_type.objects.filter(
        code__in=new, recipients__isnull=True, proposals__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0009_certificate_jobs"),
        ("clusters", "0010_unit_wording"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardtype",
            name="issuer_kinds",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Người đứng đầu đơn vị thuộc các loại này ký quyết định tặng. Để trống: "
                    "không đơn vị nào (do Chính phủ, Thủ tướng Chính phủ tặng)."
                ),
                related_name="award_types",
                to="clusters.unitkindwording",
                verbose_name="loại đơn vị được tặng",
            ),
        ),
        migrations.AlterField(
            model_name="recipient",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="award_recipients",
                to="clusters.unit",
                verbose_name="đơn vị thành viên",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
