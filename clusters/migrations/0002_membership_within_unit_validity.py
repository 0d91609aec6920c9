"""Refuse, in the database, a membership of a unit outside its validity dates.

A CheckConstraint cannot look at another table, so this is a trigger, written for each of the
two databases the project runs on (PostgreSQL in production, SQLite for `make run`).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION clusters_membership_within_validity() RETURNS trigger AS $$
DECLARE
    y integer;
    starts date;
    ends date;
BEGIN
    SELECT year INTO y FROM clusters_emulationyear WHERE id = NEW.year_id;
    SELECT valid_from, valid_to INTO starts, ends FROM clusters_unit WHERE id = NEW.unit_id;
    IF (ends IS NOT NULL AND ends < make_date(y, 1, 1))
       OR (starts IS NOT NULL AND starts > make_date(y, 12, 31)) THEN
        RAISE EXCEPTION 'membership outside the validity of its unit'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER clusters_membership_within_validity
    BEFORE INSERT OR UPDATE ON clusters_membership
    FOR EACH ROW EXECUTE FUNCTION clusters_membership_within_validity();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS clusters_membership_within_validity ON clusters_membership;
DROP FUNCTION IF EXISTS clusters_membership_within_validity();
"""

SQLITE_CONDITION = """
EXISTS (
    SELECT 1 FROM clusters_unit u, clusters_emulationyear y
    WHERE u.id = NEW.unit_id AND y.id = NEW.year_id
      AND ((u.valid_to IS NOT NULL AND u.valid_to < printf('%04d-01-01', y.year))
        OR (u.valid_from IS NOT NULL AND u.valid_from > printf('%04d-12-31', y.year)))
)
"""
SQLITE_FORWARD = [
    f"""
CREATE TRIGGER clusters_membership_within_validity_{event.lower()}
BEFORE {event} ON clusters_membership
WHEN {SQLITE_CONDITION}
BEGIN
    SELECT RAISE(ABORT, 'membership outside the validity of the unit');
END;
"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS clusters_membership_within_validity_insert;",
    "DROP TRIGGER IF EXISTS clusters_membership_within_validity_update;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return  # another database: the model's clean() still checks
        if isinstance(statements, str):
            statements = [statements]
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
