"""`python manage.py setup`: the first run of a real installation (no demo).

Checks the database (every migration applied) and the settings (`check --deploy`'s warnings in
production), creates the first administrator through the accounts service (interactively, or from
--username, --email and --password-file with --no-input for scripted installs), and prints what to
do next in the app.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from clusters.models import User
from clusters.services import Refused
from clusters.setup import account_create


def unapplied_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def deploy_problems() -> list[str]:
    """What `check --deploy` warns about (errors included), as lines."""
    found = checks.run_checks(include_deployment_checks=settings.PRODUCTION)
    return [f"{m.id}: {m.msg}" for m in found if m.level >= checks.WARNING]


class Command(BaseCommand):
    help = (
        "First run of a real installation: check the database and the settings, create the "
        "first administrator, and say what to do next."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", help="The administrator's user name.")
        parser.add_argument("--email", default="", help="The administrator's e-mail address.")
        parser.add_argument("--full-name", default="", help="The administrator's full name.")
        parser.add_argument(
            "--password-file",
            help="Read the password from this file's first line (never from the command line).",
        )
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Ask nothing: --username and --password-file are then required.",
        )

    def handle(self, *args, **options) -> None:
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                "The database is not up to date: run `python manage.py migrate` first "
                f"({len(pending)} migrations not applied, e.g. {pending[0]})."
            )
        self.stdout.write(self.style.SUCCESS("Database: every migration is applied."))
        problems = deploy_problems()
        if problems:
            self.stdout.write(self.style.WARNING("Settings: check --deploy reports:"))
            for line in problems:
                self.stdout.write(f"  - {line}")
        else:
            scope = "check --deploy" if settings.PRODUCTION else "check (development settings)"
            self.stdout.write(self.style.SUCCESS(f"Settings: {scope} reports nothing."))
        if not settings.PRODUCTION:
            self.stdout.write(
                "Note: DJANGO_ENV is not 'production'; a real installation sets it (README)."
            )

        if (
            User.objects.filter(is_superuser=True, is_active=True).exists()
            and not options["username"]
        ):
            self.stdout.write("An administrator exists already; no account created.")
        else:
            person = self._create_administrator(options)
            self.stdout.write(self.style.SUCCESS(f"Administrator '{person.username}' created."))
        self._next_steps()

    def _create_administrator(self, options) -> User:
        interactive = not options["no_input"]
        username = options["username"]
        if not username:
            if not interactive:
                raise CommandError("--no-input needs --username.")
            username = input("Administrator's user name: ").strip()
        email = options["email"]
        if interactive and not email:
            email = input("E-mail (for password resets): ").strip()
        full_name = options["full_name"]
        if interactive and not full_name:
            full_name = input("Full name: ").strip()
        if options["password_file"]:
            lines = Path(options["password_file"]).read_text(encoding="utf-8").splitlines()
            password = lines[0] if lines else ""
        elif interactive:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        else:
            raise CommandError("--no-input needs --password-file.")
        candidate = User(username=username, email=email, full_name=full_name)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        try:
            return account_create(
                actor=None,
                username=username,
                full_name=full_name,
                unit=None,
                role=User.Role.ADMIN,
                password=password,
                is_superuser=True,
                email=email,
            )
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal

    def _next_steps(self) -> None:
        base = settings.SITE_URL.rstrip("/")
        lines = [
            "",
            "Next, in the app (not the Django admin):",
            f"  1. Sign in at {base}{reverse('login')} and set up the second factor "
            "(required for administrators).",
            f"  2. Set-up ({base}{reverse('setup:index')}): add the units (or import them from "
            "Excel), the cluster or block, and open its year with its members and head.",
            "  3. Invite each unit's officers by e-mail (each sets their own password).",
            "  4. The head unit's officer (the year's secretariat) sets roles, peer reviewers, "
            "representatives, campaigns and the timeline.",
            "Keep the worker running for e-mail: `python manage.py db_worker`.",
        ]
        self.stdout.write("\n".join(lines))
