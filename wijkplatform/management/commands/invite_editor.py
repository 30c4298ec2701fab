"""Make the one-time link with which a member of staff links their authenticator app."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone

from wijkplatform.two_factor import InvitationRefused, invite


class Command(BaseCommand):
    help = (
        "Print a one-time enrolment link for a member of staff without an authenticator app: "
        "pass it on to them; with it and their password they link their app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, such as https://wijkplatform.nl, to put before the link.",
        )

    @no_translations  # in English, as the other commands
    def handle(self, username, base_url, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        try:
            path, valid_until = invite(user)
        except InvitationRefused as refusal:
            raise CommandError(str(refusal)) from None
        until = timezone.localtime(valid_until).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(
            f"Enrolment link for {username}, for one use until {until} (an earlier link of "
            f"theirs no longer works):\n{base_url.rstrip('/')}{path}"
        )
        if not base_url:
            self.stdout.write("Put the site's address before it, or give --base-url.")
