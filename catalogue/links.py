"""The to-many links every catalogue item has (themes, target groups, tags), and how to
reach the rows that hold them."""

from taggit.managers import TaggableManager

# Every catalogue item's to-many links, mirrored in an array of ids on the item itself: a
# filter on them then combines with a search in one index scan, and facets count them
# without joining the link tables.
LINK_ARRAYS = {"themes": "theme_ids", "target_groups": "target_group_ids", "tags": "tag_ids"}


def through_ends(model, relation):
    """The through model of `model`'s to-many `relation` and the names of its two ends."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    if isinstance(field, TaggableManager):  # taggit's through models name their ends so
        return through, "content_object", "tag"
    return through, field.m2m_field_name(), field.m2m_reverse_field_name()
