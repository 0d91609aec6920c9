# Reserved for one helper's change (unit_wording): fill in the operations; the chain stays linear.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clusters", "0009_stored_documents")]

    operations = []
