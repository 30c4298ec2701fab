from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen en publicaties"

    def ready(self):
        from initiatives import search, signals

        from .models import Case, Publication

        search.register(
            Case,
            A=["title"],
            B=[
                "summary",
                "themes__name",
                "target_groups__name",
                "tags__name",
                "municipality__name",
            ],
            C=[*Case.SECTIONS],
        )
        search.register(
            Publication,
            A=["title"],
            B=[
                "subtitle",
                "organisation",
                "series",
                "themes__name",
                "target_groups__name",
                "tags__name",
                "authors__surname",
            ],
            C=["summary"],
        )
        # cases is the last searchable app to load (it builds on initiatives): connect now.
        signals.connect()
