from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _
from taggit import apps as taggit_apps


def lexicon_after_migrate(sender, apps=apps, **kwargs):
    """After migrate: the protected forms follow the taxonomy and the lexicon, and the
    vectors a migration asked to rewrite (catalogue 0002 asks for all, once) are written, here
    rather than in a request; at 100,000 items this takes a few minutes."""
    from . import index, lexicon

    try:
        apps.get_model("catalogue", "SearchForm")
    except LookupError:  # migrated back to before the lexicon
        return

    lexicon.refresh()
    index.reindex_pending()


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogus"

    def ready(self):
        from . import (
            images,  # defines a model: importable once the models are loaded
            lexicon,  # noqa: F401 -- connects the lexicon's signals
        )

        post_migrate.connect(lexicon_after_migrate, sender=self)

        # Every model is loaded before any ready() runs, so this sees every illustrated kind,
        # whatever the order of INSTALLED_APPS. Per model: a receiver for every sender would
        # stop Django's fast deletes everywhere.
        for model in apps.get_models():
            if issubclass(model, images.Illustrated):
                post_delete.connect(images.image_deleted, sender=model)


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit, under the site's word for its tags: the admin's heading read "Taggit".
    The tags are the catalogue's shared vocabulary (each kind links them through its own
    model)."""

    default = False  # CatalogueConfig stays this module's app
    verbose_name = _("Tags")
