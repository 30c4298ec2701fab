from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogus"

    def ready(self):
        from . import images  # defines a model: importable once the models are loaded

        # Every model is loaded before any ready() runs, so this sees every illustrated kind,
        # whatever the order of INSTALLED_APPS. Per model: a receiver for every sender would
        # stop Django's fast deletes everywhere.
        for model in apps.get_models():
            if issubclass(model, images.Illustrated):
                post_delete.connect(images.image_deleted, sender=model)
