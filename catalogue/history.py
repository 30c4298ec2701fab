"""The change history of initiatives, cases and publications (django-simple-history).

One save by an editor is one entry: the fields *and* the links (themes, target groups, tags,
…) as they stand once everything is saved. simple-history by itself writes an entry on
save() and another on every change of a link; the admin and the import therefore save with
history paused and call `record` / `record_many` when they are done.
"""

from django.contrib.admin.utils import display_for_value
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .links import LINK_ARRAYS, through_ends

# Bookkeeping columns: never shown as a change. The search index (vector and link arrays) is
# derived and not even stored: see EXCLUDED.
NOT_A_CHANGE = {"updated_at", "updated_by", "created_at", "created_by"}
# A part's text is kept whole enough that a change anywhere in a quote shows.
PART_LENGTH = 2000

# Derived from the item's text and links, so not worth keeping.
EXCLUDED = ["search_vector", *LINK_ARRAYS.values()]

_recorders = {}


class PartsSnapshot(models.Model):
    """Mixed into a historical model: the item's parts that are rows of their own (a case's
    quotes, a publication's authors), as text, so the history shows their changes too."""

    parts = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class CatalogueHistory(HistoricalRecords):
    """HistoricalRecords that can be asked to write an entry when the caller is done.

    `parts` names the reverse relations whose rows belong to the item (edited inline); each
    entry keeps them as text. A restore brings back fields and links, not these rows.
    """

    def __init__(self, *, parts=(), **kwargs):
        kwargs.setdefault("excluded_fields", EXCLUDED)
        if parts:
            kwargs["bases"] = [PartsSnapshot]
        self.parts = list(parts)
        super().__init__(**kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _recorders[sender] = self

    def get_m2m_fields_from_model(self, model):
        # By the field itself, so taggit's TaggableManager (tags) can be tracked too.
        return [model._meta.get_field(name) for name in self.m2m_fields]

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:  # reverse: a theme's items changed; the theme keeps no history
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)

    def create_historical_record_m2ms(self, history_instance, instance):
        snapshot_links([history_instance], self.m2m_models)
        if self.parts:
            history_instance.parts = {name: parts_of(instance, name) for name in self.parts}
            history_instance.save(update_fields=["parts"])


def parts_of(instance, name):
    """The rows of `instance`'s reverse relation `name`, each as one line of text."""
    relation = instance._meta.get_field(name)
    fields = [
        field
        for field in relation.related_model._meta.concrete_fields
        if not field.primary_key and field.name != "position" and field != relation.field
    ]
    return [
        " · ".join(
            readable(field, getattr(row, field.name), limit=PART_LENGTH)
            for field in fields
            if field.value_from_object(row) not in (None, "")
        )
        for row in getattr(instance, relation.get_accessor_name()).all()
    ]


def pause(instance):
    """Save `instance` (and change its links) without entries until `record` is called."""
    instance.skip_history_when_saving = True


def record(instance, *, created=False):
    """One entry for a paused `instance`, fields and links as they are now; nothing if the
    instance was not paused (so calling it twice writes one entry)."""
    if not hasattr(instance, "skip_history_when_saving"):
        return
    del instance.skip_history_when_saving
    _recorders[type(instance)].create_historical_record(instance, "+" if created else "~")


def record_many(model, instances, *, created):
    """Entries for many saved `instances` at once (imports): one insert for the entries and
    one read and one insert per tracked link."""
    if not instances:
        return
    for instance in instances:
        instance.__dict__.pop("skip_history_when_saving", None)
    entries = model.history.bulk_history_create(instances, update=not created)
    if entries:  # none when history is switched off (SIMPLE_HISTORY_ENABLED)
        snapshot_links(entries, _recorders[model].m2m_models)


def snapshot_links(entries, m2m_models):
    """Copy the current links of the entries' items next to the entries: one read and one
    insert per tracked relation, however many entries."""
    by_pk = {entry.id: entry for entry in entries}
    for field in entries[0]._history_m2m_fields:
        through, own, _other = through_ends(field.model, field.name)
        rows = through.objects.filter(**{f"{own}_id__in": list(by_pk)}).values(
            *[f.attname for f in through._meta.fields]
        )
        snapshot = m2m_models[field]
        snapshot.objects.bulk_create(
            snapshot(history=by_pk[row[f"{own}_id"]], **row) for row in rows
        )


def changes(old, new):
    """What changed from history entry `old` to `new`, readable: [(label, old, new)]."""
    delta = new.diff_against(
        old, excluded_fields=NOT_A_CHANGE | {"parts"}, foreign_keys_are_objs=True
    )
    order = [f.name for f in new.instance_type._meta.get_fields()]
    result = []
    for change in sorted(delta.changes, key=lambda c: order.index(c.field)):
        field = new.instance_type._meta.get_field(change.field)
        result.append(
            (
                capfirst(field.verbose_name),
                readable(field, change.old),
                readable(field, change.new),
            )
        )
    for name, old_rows in getattr(old, "parts", {}).items():
        new_rows = new.parts.get(name, [])
        if old_rows != new_rows:
            relation = new.instance_type._meta.get_field(name)
            result.append(
                (
                    capfirst(relation.related_model._meta.verbose_name_plural),
                    "; ".join(old_rows) or _("(empty)"),
                    "; ".join(new_rows) or _("(empty)"),
                )
            )
    return result


def readable(field, value, limit=120):
    """A value as an editor knows it: labels for choices, names for links, plain text for
    rich text, 'yes'/'no', and 'empty' for nothing."""
    if field.many_to_many:
        other = field.m2m_reverse_field_name()
        value = sorted(str(row[other]) for row in value)
        return ", ".join(value) if value else _("(empty)")
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, list) and hasattr(field, "base_field"):  # a list of choices
        labels = dict(field.base_field.flatchoices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.TextField):
        value = strip_tags(value)
    return Truncator(str(display_for_value(value, ""))).chars(limit)


def links_of(entry, field):
    """The objects `entry`'s item was linked to through `field` at that moment."""
    other = field.m2m_reverse_field_name()
    rows = getattr(entry, field.name).select_related(other)
    return [getattr(row, other) for row in rows if getattr(row, f"{other}_id") is not None]
