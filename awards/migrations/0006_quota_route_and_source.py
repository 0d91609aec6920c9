"""Quotas by route: each quota names its route and its source text (clusters.LegalText).

The one quota seeded so far (the 20 % cap) is Nghị định 91/2017/NĐ-CP Điều 11 khoản 1: collectives
inside a ministry or province. The central council's clusters propose one leading unit (khoản 2,
then Luật 06/2022/QH15 Điều 25): those quotas are added (awards/catalogue.py). The reverse
removes the added quotas and leaves the first one as it was.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models

from awards.catalogue import seed_quotas

ROUTE_MESSAGE = "Chỉ tiêu phải nêu tuyến đề nghị (cụm, khối Trung ương hay trong bộ, tỉnh)."


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
        ("awards", "0005_proposal_quota_snapshot"),
        ("clusters", "0004_legal_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardquota",
            name="route",
            field=models.CharField(
                choices=[
                    (
                        "central_cluster",
                        "Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức",
                    ),
                    ("within", "Tập thể trong bộ, ban, ngành, tỉnh"),
                ],
                default="within",
                error_messages={"blank": ROUTE_MESSAGE, "null": ROUTE_MESSAGE},
                max_length=20,
                verbose_name="tuyến đề nghị",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="awardquota",
            name="max_units",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Ví dụ 1: một đơn vị dẫn đầu mỗi cụm, khối.",
                null=True,
                verbose_name="số đơn vị tối đa",
            ),
        ),
        migrations.AlterField(
            model_name="awardquota",
            name="share",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="Ví dụ 0,20 là 20%. Để trống khi chỉ tiêu là một số đơn vị.",
                max_digits=4,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("1")),
                ],
                verbose_name="tỷ lệ tối đa",
            ),
        ),
        migrations.AddField(
            model_name="awardquota",
            name="clause",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: Điều 11 khoản 2.",
                max_length=100,
                verbose_name="điều, khoản",
            ),
        ),
        migrations.AddField(
            model_name="awardquota",
            name="source",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="award_quotas",
                to="clusters.legaltext",
                verbose_name="văn bản quy định",
            ),
        ),
        migrations.RunPython(fill, unfill),
        migrations.AlterField(
            model_name="awardquota",
            name="source",
            field=models.ForeignKey(
                error_messages={"null": "Chỉ tiêu phải nêu văn bản quy định."},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="award_quotas",
                to="clusters.legaltext",
                verbose_name="văn bản quy định",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardquota",
            constraint=models.CheckConstraint(
                condition=models.Q(route__in=["central_cluster", "within"]),
                name="award_quota_has_a_route",
                violation_error_message=ROUTE_MESSAGE,
            ),
        ),
        migrations.AddConstraint(
            model_name="awardquota",
            constraint=models.CheckConstraint(
                condition=models.Q(share__isnull=False) | models.Q(max_units__isnull=False),
                name="award_quota_has_a_limit",
                violation_error_message="Chỉ tiêu phải có tỷ lệ tối đa hoặc số đơn vị tối đa.",
            ),
        ),
    ]
