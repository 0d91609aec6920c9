"""Every quota names its source, now that 0007 filled it in (a migration of its own: on PostgreSQL
the rows 0006 updated leave deferred foreign-key checks pending until its transaction ends, and an
ALTER TABLE on the same table cannot run before they do)."""

import django.db.models.deletion
from django.db import migrations, models

ROUTE_MESSAGE = "Chỉ tiêu phải nêu tuyến đề nghị (cụm, khối Trung ương hay trong bộ, tỉnh)."


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_fill_quota_routes"),
    ]

    operations = [
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
