from django.db import migrations, models


class Migration(migrations.Migration):
    # In a migration of its own: PostgreSQL refuses a CREATE INDEX on a table whose rows the
    # same transaction updated (0005) while deferred checks are pending.
    dependencies = [("scoring", "0005_cancel_duplicate_rounds")]

    operations = [
        migrations.AddConstraint(
            model_name="ballotround",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "cancelled"), _negated=True),
                fields=("year", "kind"),
                name="one_round_per_kind_and_year",
            ),
        ),
    ]
