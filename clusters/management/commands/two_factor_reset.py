"""Remove a person's second factor from the server, when they lost their phone and their codes.

The administrator runs it after checking who is asking; the removal is recorded in the activity
log like one made from the page (with no person as its author). The person signs in with their
password alone, and an administrator (or a secretariat that must use it) is sent to set it up again.
"""

from django.core.management.base import BaseCommand, CommandError

from clusters.models import User
from clusters.services import Refused
from clusters.two_factor import second_factor_remove


class Command(BaseCommand):
    help = "Remove a person's two-factor sign-in (authenticator app and recovery codes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        try:
            second_factor_remove(actor=None, user=user)
        except Refused as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Two-factor sign-in removed for {username}.")
