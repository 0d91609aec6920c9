# The public results page: when a closed year was published, and by whom (clusters.publication).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clusters", "0011_councils")]

    operations = [
        migrations.AddField(
            model_name="emulationyear",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="công khai từ"
            ),
        ),
        migrations.AddField(
            model_name="emulationyear",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người công khai",
            ),
        ),
    ]
