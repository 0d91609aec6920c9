# Reserved for a change in progress; its operations are filled in by that change.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clusters", "0013_api_clients")]

    operations: list = []
