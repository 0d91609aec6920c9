# Reserved for one helper's change (api_clients): fill in the operations; the chain stays linear.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clusters", "0012_year_publication")]

    operations = []
