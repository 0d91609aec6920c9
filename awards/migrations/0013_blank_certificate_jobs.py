# The print on pre-printed blanks (phôi) of a big decision, made by the certificates' job: its
# kind and printer offset (awards/certificate_jobs.py). Existing jobs are the full model's.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0012_recipient_import_jobs")]

    operations = [
        migrations.AddField(
            model_name="certificatejob",
            name="kind",
            field=models.CharField(
                choices=[("full", "bằng khen theo mẫu"), ("blank", "bằng khen in lên phôi")],
                default="full",
                max_length=10,
                verbose_name="loại bản in",
            ),
        ),
        migrations.AddField(
            model_name="certificatejob",
            name="offset_x",
            field=models.FloatField(default=0.0, verbose_name="độ lệch ngang (mm)"),
        ),
        migrations.AddField(
            model_name="certificatejob",
            name="offset_y",
            field=models.FloatField(default=0.0, verbose_name="độ lệch dọc (mm)"),
        ),
    ]
