# The organising council's outcome of a proposal (issue 11, awards.council).
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0010_award_issuers"),
        ("clusters", "0011_councils"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CouncilOutcome",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "verdict",
                    models.CharField(
                        choices=[
                            ("agreed", "Nhất trí, trình cấp có thẩm quyền khen thưởng"),
                            ("more_needed", "Đề nghị bổ sung, hoàn thiện hồ sơ"),
                            ("not_agreed", "Không nhất trí đề nghị"),
                        ],
                        max_length=20,
                        verbose_name="ý kiến của hội đồng",
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Biên bản họp Hội đồng ngày 15/4/2019.",
                        max_length=300,
                        verbose_name="văn bản của hội đồng",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="ghi chú")),
                (
                    "recorded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="thời điểm ghi nhận"
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="outcomes",
                        to="clusters.council",
                        verbose_name="hội đồng",
                    ),
                ),
                (
                    "proposal",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="council_outcome",
                        to="awards.proposal",
                        verbose_name="tờ trình",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người ghi nhận",
                    ),
                ),
            ],
            options={
                "verbose_name": "ý kiến của hội đồng về tờ trình",
                "verbose_name_plural": "ý kiến của hội đồng về tờ trình",
            },
        ),
    ]
