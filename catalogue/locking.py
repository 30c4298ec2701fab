"""No lost updates: an editor's save is refused when someone else saved the item after the
editor opened it, and the form comes back with the editor's input and what the other changed.

The change form carries the version the editor opened (`updated_at` to the microsecond) in
a hidden field, written before the fieldsets (templates/admin/change_form.html): in one,
Django would give it a label, pointing at a hidden field. On save the row is locked (SELECT …
FOR UPDATE, inside the admin's transaction) and its version compared; the refused form
carries the new version, so a second, deliberate save goes through.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.models import to_historic

from . import history

VERSION_FIELD = "version"
# How much of each new value the message shows: enough to recognise it.
SHOWN_LENGTH = 120


def version_of(model, pk, *, lock=False):
    """The version token of the stored item, optionally locking its row until commit."""
    items = model._default_manager.filter(pk=pk)
    if lock:
        items = items.select_for_update()
    updated_at = items.values_list("updated_at", flat=True).first()
    return token(updated_at)


def token(updated_at):
    return updated_at.isoformat() if updated_at else ""


def conflict_message(model, pk, opened):
    """Who changed the item since version `opened`, when, and what they changed."""
    entries = model.history.filter(id=pk).select_related("history_user")
    newer = list(entries.filter(updated_at__gt=opened))
    base = entries.filter(updated_at__lte=opened).first()
    item = model._default_manager.select_related("updated_by").get(pk=pk)
    users = {entry.history_user for entry in newer if entry.history_user} or {item.updated_by}
    names = ", ".join(sorted(name_of(user) for user in users if user)) or _("someone")
    moment = newer[0].history_date if newer else item.updated_at
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    # Not "this <kind>": Dutch needs "dit initiatief" but "deze casus", and one sentence
    # cannot carry both.
    messages = [
        _(
            "%(who)s saved changes on %(when)s, after you opened this form. Your changes "
            "have not been saved yet."
        )
        % {"who": names, "when": when}
    ]
    changes = history.changes(base, newer[0]) if newer and base else None
    if changes:
        messages.append(
            ngettext(
                "What they changed (new value):", "What they changed (new values):", len(changes)
            )
        )
        messages += [
            f"{change.label}: {changed_part(change.old, change.new) or _('(empty)')}"
            for change in changes
        ]
    elif changes is None:
        messages.append(_("The history does not tell which fields they changed."))
    messages.append(
        _(
            "Your input is kept below. Compare it with their changes, then save again to "
            "store your version."
        )
    )
    return messages


def changed_part(old, new, length=SHOWN_LENGTH):
    """`new`, or when longer than `length` the part of it where it first differs from `old`,
    with "…" where text is left out: a word added at the end of a long summary shows."""
    if len(new) <= length:
        return new
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    start = max(0, min(same - length // 4, len(new) - length))
    if start:  # from the start of a word, if one starts before the change
        space = new.find(" ", start, same)
        start = space + 1 if space >= 0 else start
    end = min(len(new), start + length)
    if end < len(new):  # to the end of a word, if one ends after the change
        space = new.rfind(" ", max(start, same), end)
        end = space if space > 0 else end
    return f"{'…' if start else ''}{new[start:end].strip()}{'…' if end < len(new) else ''}"


def name_of(user):
    return user.get_full_name() or user.get_username()


class VersionForm(forms.ModelForm):
    """A change form that refuses to overwrite a newer version of its item."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            if to_historic(self.instance) is None:
                self.initial[VERSION_FIELD] = token(self.instance.updated_at)
            else:  # restoring an old version: what is checked is the version of now
                self.initial[VERSION_FIELD] = version_of(type(self.instance), self.instance.pk)

    def unlisted_hidden_fields(self):
        """Hidden fields no fieldset lists, for the change form to write as they are (with
        those of the form mixins after this one in the class's order)."""
        inherited = getattr(super(), "unlisted_hidden_fields", list)()
        return [self[VERSION_FIELD], *inherited]

    def clean(self):
        cleaned = super().clean()
        opened = self.data.get(self.add_prefix(VERSION_FIELD))
        # No token: not a form we rendered (a script); nothing to compare against.
        if self.instance.pk is None or not opened:
            return cleaned
        model = type(self.instance)
        current = version_of(model, self.instance.pk, lock=True)
        if current != opened:
            self.data = self.data.copy()  # the refused form carries the version of now
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise ValidationError(conflict_message(model, self.instance.pk, opened))
        return cleaned


class LockingAdmin(admin.ModelAdmin):
    """Admin mixin: the change form carries and checks the version (see VersionForm)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (VersionForm, form), {})
        return super().get_form(request, obj, change, **kwargs)
