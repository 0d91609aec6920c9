"""A backup restores: the demo is dumped with pg_dump as the README says, restored with pg_restore
into a fresh database, and every table, every sequence and every media file compared.

PostgreSQL only (pg_dump and pg_restore are the backup); `make restore-check` runs this file,
and CI runs it with the whole suite against PostgreSQL 15. pg_dump reads only committed rows,
hence transactional_db. Each pytest-xdist worker has its own test database, so the scratch
database is named after it, with a random tail.
"""

import hashlib
import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from psycopg import sql

# Every row as text, in primary-key order (whole-row order for a table without a key).
CHECKSUM = """
    SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {order}), ''))
    FROM {table} AS t
"""
PRIMARY_KEYS = """
    SELECT c.relname, array_agg(a.attname ORDER BY k.ord)
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND n.nspname = 'public'
    GROUP BY c.relname
"""
TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
SEQUENCES = """
    SELECT sequencename, last_value FROM pg_sequences
    WHERE schemaname = 'public' ORDER BY sequencename
"""


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the restore test needs PostgreSQL (pg_dump/pg_restore); run it with "
            "DATABASE_URL=postgres://… (make restore-check; CI does)"
        )
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not on the PATH: install PostgreSQL's client (postgresql-15)")
    return connection.settings_dict


def _libpq_env(db: dict) -> dict[str, str]:
    """The connection as libpq's variables: no password on a command line."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _connect(db: dict, name: str) -> psycopg.Connection:
    return psycopg.connect(
        dbname=name,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _snapshot(db: dict, name: str) -> dict[str, object]:
    """Row count and checksum of every table, and every sequence's position."""
    with _connect(db, name) as conn:
        keys = dict(conn.execute(PRIMARY_KEYS).fetchall())
        tables = {}
        for (table,) in conn.execute(TABLES).fetchall():
            columns = keys.get(table)
            order = (
                sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c)) for c in columns)
                if columns
                else sql.SQL("t::text")
            )
            query = sql.SQL(CHECKSUM).format(order=order, table=sql.Identifier(table))
            tables[table] = conn.execute(query).fetchone()
        sequences = dict(conn.execute(SEQUENCES).fetchall())
    return {"tables": tables, "sequences": sequences}


def _stored_files(db: dict, name: str) -> set[str]:
    """The names every FileField of the project holds in that database."""
    names: set[str] = set()
    with _connect(db, name) as conn:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    query = sql.SQL("SELECT {col} FROM {table} WHERE {col} <> ''").format(
                        col=sql.Identifier(field.column),
                        table=sql.Identifier(model._meta.db_table),
                    )
                    names.update(value for (value,) in conn.execute(query).fetchall())
    return names


def _hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stderr[-3000:]}"


def test_a_backup_restores_every_table_sequence_and_media_file(postgresql, tmp_path):
    db = postgresql
    call_command("loaddemo", stdout=io.StringIO())
    media = Path(settings.MEDIA_ROOT)
    original = _snapshot(db, db["NAME"])
    original_files = _hashes(media)
    assert original_files, "the demo stores evidence files: the media check would be empty"

    # The backup, as the README's commands make it: the dump, and MEDIA_ROOT copied alongside.
    env = _libpq_env(db)
    backup = tmp_path / "backup"
    backup.mkdir()
    dump = backup / "thidua.dump"
    _run(["pg_dump", "--format=custom", f"--file={dump}", db["NAME"]], env)
    shutil.copytree(media, backup / "media")

    # The restore: a fresh database and a fresh media folder.
    scratch = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _connect(db, "postgres") as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(scratch)
            )
        )
    try:
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={scratch}", str(dump)], env)
        restored_media = tmp_path / "restored-media"
        shutil.copytree(backup / "media", restored_media)

        restored = _snapshot(db, scratch)
        assert restored["tables"].keys() == original["tables"].keys()
        differing = [
            table
            for table, summary in original["tables"].items()
            if restored["tables"][table] != summary
        ]
        assert not differing, f"tables that differ after the restore: {differing}"
        assert restored["sequences"] == original["sequences"]
        filled = {table for table, (count, _) in original["tables"].items() if count}
        for table in ("clusters_user", "scoring_evidence", "clusters_auditevent"):
            assert table in filled, f"{table} is empty: the comparison would prove little"

        assert _hashes(restored_media) == original_files
        referenced = _stored_files(db, scratch)
        assert referenced, "no row of the restored database names a media file"
        missing = referenced - original_files.keys()
        assert not missing, f"rows name files the media copy lacks: {sorted(missing)[:5]}"
    finally:
        with _connect(db, "postgres") as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )
