from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Thema's en doelgroepen"

    def ready(self):
        from catalogue import lexicon

        from .models import TargetGroup, Theme

        # Their one-word names keep their meaning in search ("Ouderen" is not "Ouders").
        lexicon.protect_names(Theme)
        lexicon.protect_names(TargetGroup)
