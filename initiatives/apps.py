from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Initiatieven"

    def ready(self):
        from . import search
        from .models import Initiative

        search.register(
            Initiative,
            A=["title"],
            B=[
                "summary",
                "organisation",
                "themes__name",
                "target_groups__name",
                "tags__name",
                "municipality__name",
                "district__name",
            ],
            C=["description"],
        )
