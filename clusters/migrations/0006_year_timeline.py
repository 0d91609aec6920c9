"""The year's timeline: the days allowed to answer an adjustment, and each phase's dates.

SQLite adds the new column by rebuilding the year's table, which its membership triggers
(0002) name: they are dropped for the rebuild and created again after it.
"""

import importlib

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

_validity = importlib.import_module("clusters.migrations.0002_membership_within_unit_validity")


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


DROP_TRIGGERS = migrations.RunPython(
    _sqlite(_validity.SQLITE_REVERSE), _sqlite(_validity.SQLITE_FORWARD)
)
CREATE_TRIGGERS = migrations.RunPython(
    _sqlite(_validity.SQLITE_FORWARD), _sqlite(_validity.SQLITE_REVERSE)
)


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0005_dossier_builds"),
    ]

    operations = [
        DROP_TRIGGERS,
        migrations.AddField(
            model_name="emulationyear",
            name="answer_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="Đơn vị được giải trình trong bấy nhiêu ngày sau khi điểm bị điều chỉnh.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(60),
                ],
                verbose_name="số ngày giải trình",
            ),
        ),
        CREATE_TRIGGERS,
        migrations.CreateModel(
            name="PhaseWindow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        choices=[
                            ("setup", "Thiết lập"),
                            ("covenant", "Ký kết giao ước"),
                            ("in_progress", "Triển khai thi đua"),
                            ("self_assessment", "Tự chấm điểm"),
                            ("review", "Chấm chéo, thẩm định"),
                            ("conference", "Hội nghị tổng kết"),
                            ("closed", "Đã tổng kết"),
                        ],
                        max_length=20,
                        verbose_name="giai đoạn",
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="ngày bắt đầu")),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="hạn hoàn thành")),
                (
                    "year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="phase_windows",
                        to="clusters.emulationyear",
                        verbose_name="năm thi đua",
                    ),
                ),
            ],
            options={
                "verbose_name": "mốc thời gian của giai đoạn",
                "verbose_name_plural": "mốc thời gian của các giai đoạn",
                "ordering": ["year", "opens_on"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "phase"),
                        name="one_window_per_year_and_phase",
                        violation_error_message="Giai đoạn này đã có mốc thời gian.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("due_on__isnull", True),
                            ("due_on__gte", models.F("opens_on")),
                            _connector="OR",
                        ),
                        name="phase_window_due_after_opening",
                        violation_error_message="Hạn hoàn thành không được trước ngày bắt đầu.",
                    ),
                ],
            },
        ),
    ]
