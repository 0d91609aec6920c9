# Reserved for a change in progress; its operations are filled in by that change.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0012_recipient_import_jobs")]

    operations: list = []
