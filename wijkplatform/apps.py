from django.apps import AppConfig


class WijkplatformConfig(AppConfig):
    name = "wijkplatform"

    def ready(self):
        from django.core import checks

        from .two_factor import check_two_factor_required

        checks.register(check_two_factor_required, checks.Tags.security, deploy=True)
