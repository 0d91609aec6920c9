# The launching document's file of a campaign, with its name, checked type and digest (issue 11).
import campaigns.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_compact_signing")]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="document_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=300,
                upload_to=campaigns.models.campaign_document_path,
                verbose_name="tệp văn bản phát động",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="document_name",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="tên tệp văn bản"
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="document_sha256",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="SHA-256"
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="document_type",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
    ]
