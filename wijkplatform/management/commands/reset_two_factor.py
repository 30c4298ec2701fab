"""Forget a member of staff's authenticator app and recovery codes (a lost or new phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of a user: at their next login they "
        "link an app anew."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        self.stdout.write(
            f"Removed {len(devices)} device(s) of {username}; "
            "at the next login they link an authenticator app anew."
        )
