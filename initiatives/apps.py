from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Initiatieven"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete

        from . import images, search

        # Per model: a receiver for every sender would stop Django's fast deletes everywhere.
        for model in apps.get_models():
            if issubclass(model, images.Illustrated):
                post_delete.connect(images.image_deleted, sender=model)
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
