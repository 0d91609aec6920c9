# Reserved for one helper's change (award_issuers): fill in the operations; the chain stays linear.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_certificate_jobs")]

    operations = []
