# A big workbook of units and accounts imported by a background task (clusters/bulk_jobs.py).
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import clusters.models


class Migration(migrations.Migration):
    dependencies = [("clusters", "0014_user_search_name")]

    operations = [
        migrations.CreateModel(
            name="BulkImportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "đang chờ"),
                            ("running", "đang tạo"),
                            ("done", "đã xong"),
                            ("failed", "không thành công"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="trạng thái",
                    ),
                ),
                ("error", models.TextField(blank=True, verbose_name="lỗi")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="thời điểm yêu cầu"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="thời điểm xong"),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=clusters.models.bulk_import_path,
                        verbose_name="tệp Excel",
                    ),
                ),
                (
                    "filename",
                    models.CharField(blank=True, max_length=255, verbose_name="tên tệp tải lên"),
                ),
                (
                    "requested_from",
                    models.GenericIPAddressField(
                        blank=True, null=True, verbose_name="địa chỉ gửi tệp"
                    ),
                ),
                ("done", models.PositiveIntegerField(default=0, verbose_name="số dòng đã nhập")),
                ("total", models.PositiveIntegerField(default=0, verbose_name="số dòng")),
                ("units", models.PositiveIntegerField(default=0, verbose_name="số đơn vị")),
                ("accounts", models.PositiveIntegerField(default=0, verbose_name="số tài khoản")),
                (
                    "cell_errors",
                    models.JSONField(blank=True, default=list, verbose_name="lỗi theo ô"),
                ),
                ("error_count", models.PositiveIntegerField(default=0, verbose_name="số lỗi")),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người yêu cầu",
                    ),
                ),
            ],
            options={
                "verbose_name": "lần nhập đơn vị, tài khoản từ Excel",
                "verbose_name_plural": "lần nhập đơn vị, tài khoản từ Excel",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
    ]
