"""PostgreSQL only: a Vietnamese collation and the two indexes the registry needs.

- `vi_icu`: Vietnamese alphabetical order (ICU, locale vi-VN). When the server was built without
  ICU the collation is created as a copy of the database's default one, so that queries naming
  it still run (in a less exact order) and a warning is printed.
- an index on `name COLLATE vi_icu`: the registry's first page is read in index order instead of
  sorting every recipient;
- a trigram index on `search_name` (pg_trgm, a trusted extension) so that "contains" searches
  over a hundred thousand names do not scan the table. Skipped, with a warning, without pg_trgm.

SQLite needs none of this: the registry sorts by the folded name there.
"""

from django.db import migrations, transaction


def _has_icu(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1")
    return cursor.fetchone() is not None


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _has_icu(cursor):
            cursor.execute(
                "CREATE COLLATION IF NOT EXISTS vi_icu (provider = icu, locale = 'vi-VN')"
            )
        else:
            print("\n  PostgreSQL has no ICU: vi_icu copies the default collation.")
            cursor.execute('CREATE COLLATION IF NOT EXISTS vi_icu FROM "default"')
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS awards_recipient_name_vi "
            'ON awards_recipient ((name COLLATE "vi_icu"), id)'
        )
        try:
            with transaction.atomic():  # a savepoint: a refused extension leaves the rest
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS awards_recipient_search_trgm "
                    "ON awards_recipient USING gin (search_name gin_trgm_ops)"
                )
        except Exception as error:  # noqa: BLE001 - any refusal: go on without the index
            print(f"\n  No trigram index on awards_recipient.search_name: {error}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS awards_recipient_search_trgm")
        cursor.execute("DROP INDEX IF EXISTS awards_recipient_name_vi")
        cursor.execute("DROP COLLATION IF EXISTS vi_icu")


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_seed_award_catalogue")]

    operations = [migrations.RunPython(forward, backward)]
