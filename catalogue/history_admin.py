"""The admin's history of an item: one entry per save with what changed, word by word, and
restoring an earlier version through the ordinary form (so it is validated and recorded as a
new entry that says which version it brought back)."""

from django import forms
from django.db import transaction
from django.db.models import ForeignKey
from django.http import Http404
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from . import diffs, history

# The word diffs of one page of the history, together, take at most this long (seconds);
# past it a long rewrite shows as a coarser diff (see diffs.time_limit).
DIFF_SECONDS_PER_PAGE = 1

# A restored version keeps where the item stands in the workflow: restoring is editing, not
# publishing or unpublishing (that stays with the workflow's own permissions).
KEPT_ON_RESTORE = ["state", "published_at"]


class RestoreForm(forms.ModelForm):
    """Opened on an earlier version: the fields and the links of that version, the
    workflow state of now."""

    def __init__(self, *args, instance=None, **kwargs):
        entry = to_historic(instance) if instance is not None else None
        if entry is not None:
            now = type(instance)._default_manager.values(*KEPT_ON_RESTORE).get(pk=instance.pk)
            for name, value in now.items():
                setattr(instance, name, value)
        super().__init__(*args, instance=instance, **kwargs)
        if entry is not None:
            # Never changed by a restore (above), so not offered: the workflow decides it.
            for name in KEPT_ON_RESTORE:
                self.fields.pop(name, None)
            for field in entry._history_m2m_fields:
                if field.name in self.fields:
                    self.initial[field.name] = history.links_of(entry, field)


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin mixin: history with readable changes, restore, one entry per save."""

    history_list_per_page = 25

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (RestoreForm, form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and to_historic(obj) is not None:
            # A restore keeps these (RestoreForm): shown as they are now, never a form field,
            # or the fieldsets would name a field the form does not have.
            fields += [name for name in KEPT_ON_RESTORE if name not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        restored = to_historic(obj)
        if restored is not None:  # simple-history writes it into the new entry
            obj._change_reason = history.restore_reason(restored, request.user)
        history.pause(obj)  # the entry is written once the links are saved too (log_*)
        super().save_model(request, obj, form, change)

    # Both the change form and the restore view log the change after saving the links.
    def log_addition(self, request, obj, message):
        history.record(obj, created=True)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        history.record(obj)
        return super().log_change(request, obj, message)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not str(version_id).isdigit():  # a mangled address: not found, not a crash
            raise Http404
        entry = self.model.history.filter(history_id=version_id).first()
        extra_context = {**(extra_context or {}), "version_date": entry and entry.history_date}
        # Restoring saves through the change form, whose version check locks the row.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def history_form_view_title(self, request, obj):
        return gettext("Earlier version of %s") % obj

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # The foreign keys a diff names, with the entries; not the bookkeeping ones.
        compared = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, ForeignKey) and field.name not in history.NOT_A_CHANGE
        ]
        entries = history_manager.filter(**{pk_name: object_id})
        return entries.select_related("history_user", *compared)

    def set_history_delta_changes(self, request, page, foreign_keys_are_objs=True):
        """Each entry of the page gets `history_delta_changes`, its changes against the entry
        before it (on the next page for the last one), or None for the oldest entry; a
        constant number of queries for the page."""
        entries = list(page.object_list)  # newest first
        if not entries:
            return
        older = []
        if page.has_next():
            older = list(page.paginator.object_list[page.end_index() : page.end_index() + 1])
        versions = history.snapshots(entries + older)
        with diffs.time_limit(DIFF_SECONDS_PER_PAGE):
            for entry, before in zip(entries, [*entries[1:], *(older or [None])], strict=True):
                entry.history_delta_changes = before and diffs.field_changes(
                    self.model, versions[before.pk], versions[entry.pk]
                )
