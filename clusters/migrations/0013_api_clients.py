# The API's clients (config/api/): organisations reading the data with a hashed token.
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clusters", "0012_year_publication")]

    operations = [
        migrations.CreateModel(
            name="ApiClient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("organisation", models.CharField(max_length=200, verbose_name="tên cơ quan, tổ chức")),
                ("contact", models.CharField(help_text="Họ tên, điện thoại hoặc e-mail.", max_length=200, verbose_name="người liên hệ")),
                ("resources", models.JSONField(default=list, verbose_name="dữ liệu được đọc")),
                ("expires_at", models.DateTimeField(verbose_name="hết hạn lúc")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="thu hồi lúc")),
                ("issued_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="cấp lúc")),
                ("token_prefix", models.CharField(editable=False, max_length=16, unique=True)),
                ("token_hash", models.CharField(editable=False, max_length=64)),
                ("clusters", models.ManyToManyField(blank=True, related_name="api_clients", to="clusters.cluster", verbose_name="cụm, khối được đọc")),
                ("councils", models.ManyToManyField(blank=True, related_name="api_clients", to="clusters.council", verbose_name="hội đồng được đọc")),
                ("issued_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người cấp")),
            ],
            options={
                "verbose_name": "ứng dụng kết nối API",
                "verbose_name_plural": "ứng dụng kết nối API",
                "ordering": ["-issued_at", "-pk"],
            },
        ),
    ]
