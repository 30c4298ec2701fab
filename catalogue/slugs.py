"""Unique, stable slugs: made once from the title, never changed by a later edit."""

from django.utils.text import slugify


def unique_slug(instance, text):
    """A slug for `instance` made from `text`, with -2, -3 … added when it is taken."""
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(text) or model._meta.model_name)[: max_length - 6].strip("-")
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance.pk)
        .values_list("slug", flat=True)
    )
    taken |= getattr(model, "RESERVED_SLUGS", set())  # addresses of pages beside the items
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
