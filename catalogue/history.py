"""The change history of initiatives, cases and publications (django-simple-history).

One save by an editor is one entry: the fields *and* the links (themes, target groups, tags,
…) as they stand once everything is saved. simple-history by itself writes an entry on
save() and another on every change of a link; the admin and the import therefore save with
history paused and call `record` / `record_many` when they are done.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from . import diffs
from .links import LINK_ARRAYS, through_ends

# Bookkeeping columns: never shown as a change. The search index (vector and link arrays) is
# derived and not even stored: see EXCLUDED.
NOT_A_CHANGE = {"updated_at", "updated_by", "created_at", "created_by"}
# simple-history's column for the reason of a change (CharField(max_length=100)).
REASON_LENGTH = 100

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
    return [
        part_line(row, relation) for row in getattr(instance, relation.get_accessor_name()).all()
    ]


def part_line(row, relation):
    """One row of the reverse relation `relation` (a quote, an author) as one line of text;
    also what the comparison of a pending revision shows of a part (revisions.py)."""
    fields = [
        field
        for field in relation.related_model._meta.concrete_fields
        if not field.primary_key and field.name != "position" and field != relation.field
    ]
    return " · ".join(
        diffs.as_text(field, getattr(row, field.name))
        for field in fields
        if field.value_from_object(row) not in (None, "")
    )


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


def record_many(model, instances, *, created, reason=""):
    """Entries for many saved `instances` at once (imports): one insert for the entries and
    one read and one insert per tracked link. `reason` says how they came (an import)."""
    if not instances:
        return
    for instance in instances:
        instance.__dict__.pop("skip_history_when_saving", None)
    entries = model.history.bulk_history_create(
        instances, update=not created, default_change_reason=reason
    )
    if not entries:  # none when history is switched off (SIMPLE_HISTORY_ENABLED)
        return
    recorder = _recorders[model]
    snapshot_links(entries, recorder.m2m_models)
    if recorder.parts:
        for entry, instance in zip(entries, instances, strict=True):
            entry.parts = {name: parts_of(instance, name) for name in recorder.parts}
        model.history.bulk_update(entries, ["parts"])


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
    """What changed from history entry `old` to `new`: [diffs.FieldChange]."""
    versions = snapshots([old, new])
    return diffs.field_changes(new.instance_type, versions[old.pk], versions[new.pk])


def snapshots(entries):
    """The entries as `diffs.field_changes` compares them, by history_id: the fields an
    editor changes, the names of the linked objects, the parts. The links are read in one
    query per tracked relation, however many entries; foreign keys are read with the entries
    (the history admin's queryset selects them)."""
    if not entries:
        return {}
    model = type(entries[0])
    fields = [f for f in model.tracked_fields if f.editable and f.name not in NOT_A_CHANGE]
    result = {}
    for entry in entries:
        values = {field.name: value_of(entry, field) for field in fields}
        values.update(getattr(entry, "parts", None) or {})
        result[entry.pk] = values
    recorder = _recorders[entries[0].instance_type]
    for field in entries[0]._history_m2m_fields:
        for values in result.values():
            values[field.name] = []
        _through, _own, other = through_ends(field.model, field.name)
        rows = recorder.m2m_models[field].objects.filter(history__in=list(result))
        for row in rows.select_related(other):
            linked = getattr(row, other)
            result[row.history_id][field.name].append(
                _("(deleted)") if linked is None else str(linked)
            )
    return result


def value_of(entry, field):
    """The entry's value of a field: the related object for a foreign key."""
    if not isinstance(field, models.ForeignKey):
        return getattr(entry, field.attname)
    try:
        linked = getattr(entry, field.name)
    except ObjectDoesNotExist:  # gone since; the history keeps only its key
        linked = None
    if linked is None and getattr(entry, field.attname) is not None:
        return _("(deleted)")
    return linked


def restore_reason(entry, user):
    """What the entry of a restore says happened: back to which version, by whom."""
    when = formats.date_format(timezone.localtime(entry.history_date), "DATETIME_FORMAT")
    reason = _("Restored to the version of %(date)s by %(name)s") % {
        "date": when,
        "name": user.get_full_name() or user.get_username(),
    }
    return Truncator(reason).chars(REASON_LENGTH)


def publish_reason(author, publisher):
    """What the entry of a published pending change says: whose change, published by whom."""
    reason = _("Change by %(author)s, published by %(publisher)s") % {
        "author": (author.get_full_name() or author.get_username()) if author else _("someone"),
        "publisher": publisher.get_full_name() or publisher.get_username(),
    }
    return Truncator(reason).chars(REASON_LENGTH)


def links_of(entry, field):
    """The objects `entry`'s item was linked to through `field` at that moment."""
    other = field.m2m_reverse_field_name()
    rows = getattr(entry, field.name).select_related(other)
    return [getattr(row, other) for row in rows if getattr(row, f"{other}_id") is not None]
