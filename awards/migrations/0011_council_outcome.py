# Reserved for one helper's change (council_outcome): fill in the operations; the chain stays linear.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_award_issuers")]

    operations = []
