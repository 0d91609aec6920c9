# Reserved for a change in progress; its operations are filled in by that change.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_compact_signing")]

    operations: list = []
