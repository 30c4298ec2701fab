"""The demo editors `make run` creates (devtools' load_demo), with the password the README
prints: handy on one's own machine, an open door anywhere else.

Where `settings.ALLOW_DEMO_ACCOUNTS` is off (everywhere but development) that password opens
nothing at the login form; `check --deploy` names the demo accounts a database still holds,
`make serve` (bin/serve) refuses to start while there are any, and `delete_demo_accounts`
deletes them.
"""

from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError

# One per role (groups from the migrations), so the review cycle can be tried with two people.
EDITORS = {"redacteur": "Redacteur", "eindredacteur": "Eindredacteur"}
PASSWORD = "wijkplatform-demo"


def is_demo_password(password):
    return password == PASSWORD


def demo_accounts():
    """The demo editors that still have the published password (a changed one makes an
    account its owner's)."""
    users = get_user_model().objects.filter(username__in=EDITORS).order_by("username")
    return [user for user in users if user.check_password(PASSWORD)]


def check_no_demo_accounts(app_configs, **kwargs):
    """`check --deploy` names the demo accounts anyone could log in with."""
    try:
        found = demo_accounts()
    except DatabaseError:
        # No database to look in yet (a check before the first deployment): nothing to name.
        # bin/serve asks again once the database is migrated.
        return []
    if not found:
        return []
    names = ", ".join(user.get_username() for user in found)
    return [
        checks.Error(
            f"Demo accounts with the password the README prints: {names}. Anyone can log in "
            "with them.",
            hint="Delete them with `python manage.py delete_demo_accounts`.",
            id="wijkplatform.E001",
        )
    ]
