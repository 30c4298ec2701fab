"""Delete the demo editors of `make run` before a database goes into production."""

from django.core.management.base import BaseCommand

from wijkplatform.demo_accounts import demo_accounts


class Command(BaseCommand):
    help = "Delete the demo editor accounts that still have the password the README prints."

    def handle(self, **options):
        found = demo_accounts()
        for user in found:
            user.delete()
        names = ", ".join(user.get_username() for user in found) or "none found"
        self.stdout.write(f"Deleted {len(found)} demo account(s): {names}")
