# Reserved for one helper's change (year_publication): fill in the operations; the chain stays linear.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clusters", "0011_councils")]

    operations = []
