from django.apps import AppConfig


class WijkplatformConfig(AppConfig):
    name = "wijkplatform"

    def ready(self):
        from django.core import checks

        from .demo_accounts import check_no_demo_accounts
        from .two_factor import check_two_factor_required

        checks.register(check_two_factor_required, checks.Tags.security, deploy=True)
        # Its own tag too: bin/serve runs just this one before it serves a database.
        checks.register(check_no_demo_accounts, checks.Tags.security, "demo_accounts", deploy=True)
