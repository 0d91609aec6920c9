"""Quotas by route: each quota names its route and its source text (clusters.LegalText).

The one quota seeded so far (the 20 % cap) is Nghị định 91/2017/NĐ-CP Điều 11 khoản 1: collectives
inside a ministry or province. The central council's clusters propose one leading unit (khoản 2,
then Luật 06/2022/QH15 Điều 25): those quotas are added (awards/catalogue.py). The reverse
removes the added quotas and leaves the first one as it was. The fields come here, the data in
0007 and the constraints in 0008: on PostgreSQL, rows updated in a migration leave deferred
foreign-key checks pending, and no ALTER TABLE or CREATE INDEX on that table can follow them in
the same transaction.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models

ROUTE_MESSAGE = "Chỉ tiêu phải nêu tuyến đề nghị (cụm, khối Trung ương hay trong bộ, tỉnh)."


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
    ]
