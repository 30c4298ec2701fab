"""Keep the stored search vectors (and the catalogue version that cache keys carry) current
when an item, its links or a linked name changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import search
from .models import CatalogueVersion, through_ends


def _paths(model):
    return [path for paths in search.REGISTRY[model].values() for path in paths if "__" in path]


def item_saved(sender, instance, **kwargs):
    search.update_search_index(sender, [instance.pk])


def item_deleted(sender, instance, **kwargs):
    CatalogueVersion.bump()


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for model in search.REGISTRY:
        for path in _paths(model):
            relation = path.split("__", 1)[0]
            field = model._meta.get_field(relation)
            if not field.many_to_many or field.remote_field.through is not sender:
                continue
            if not reverse:
                search.update_search_index(model, [instance.pk])
            else:  # a theme's list of items changed: pk_set holds those items
                search.update_search_index(model, pk_set)


def author_list_changed(sender, instance, **kwargs):
    """Rows of an explicit through model (a publication's authors) are saved one by one."""
    for model in search.REGISTRY:
        for path in _paths(model):
            field = model._meta.get_field(path.split("__", 1)[0])
            if field.many_to_many and field.remote_field.through is sender:
                owner = getattr(instance, f"{field.m2m_field_name()}_id")
                search.update_search_index(model, [owner])


def _items_carrying(name):
    """(model, pks) of the items that carry a theme's, tag's or place's name (or id)."""
    for model in search.REGISTRY:
        for path in _paths(model):
            relation = path.split("__", 1)[0]
            field = model._meta.get_field(relation)
            if field.related_model is not type(name):
                continue
            if field.many_to_one:
                pks = model._default_manager.filter(**{relation: name}).values_list("pk")
            else:
                through, own, other = through_ends(model, relation)
                pks = through.objects.filter(**{other: name}).values_list(own)
            yield model, list(pks)


def name_saved(sender, instance, created, **kwargs):
    """A theme, tag or place was renamed: re-index the items that carry its name."""
    if not created:
        for model, pks in _items_carrying(instance):
            search.update_search_index(model, pks)


def name_deleting(sender, instance, **kwargs):
    """Its links go with it, without a signal of their own: note whose, to re-index them."""
    instance._items_carrying = list(_items_carrying(instance))


def name_deleted(sender, instance, **kwargs):
    for model, pks in getattr(instance, "_items_carrying", []):
        search.update_search_index(model, pks)


def connect():
    """Called once all apps registered their searchable models (AppConfig.ready)."""
    named = set()
    for model in search.REGISTRY:
        post_save.connect(item_saved, sender=model, dispatch_uid=f"search-{model._meta.label}")
        post_delete.connect(item_deleted, sender=model, dispatch_uid=f"gone-{model._meta.label}")
        for path in _paths(model):
            field = model._meta.get_field(path.split("__", 1)[0])
            named.add(field.related_model)
            if field.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(links_changed, sender=through)
                if not through._meta.auto_created and not hasattr(through, "tag"):
                    post_save.connect(author_list_changed, sender=through)
                    post_delete.connect(author_list_changed, sender=through)
    for model in named:
        uid = f"search-name-{model._meta.label}"
        post_save.connect(name_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(name_deleting, sender=model, dispatch_uid=uid)
        post_delete.connect(name_deleted, sender=model, dispatch_uid=uid)
