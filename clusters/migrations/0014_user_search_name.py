"""People searchable without diacritics: User.search_name, filled for the accounts that exist."""

from django.db import migrations, models

from clusters.text import fold

BATCH = 2000


def fill_search_names(apps, schema_editor) -> None:
    # Historical models have no save(): fold here as User.save does (clusters.models
    # user_search_name), a batch at a time so 100,000 accounts never sit in memory at once.
    User = apps.get_model("clusters", "User")  # noqa: N806 - a model class
    people = User.objects.order_by("pk").only("pk", "full_name", "username", "email")
    batch = []
    for person in people.iterator(chunk_size=BATCH):
        parts = (person.full_name, person.username, person.email)
        person.search_name = fold(" ".join(part for part in parts if part))[:600]
        batch.append(person)
        if len(batch) == BATCH:
            User.objects.bulk_update(batch, ["search_name"])
            batch = []
    User.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("clusters", "0013_api_clients")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=600),
        ),
        # Nothing to undo: removing the field drops the folded copies with it.
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
