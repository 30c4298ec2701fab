"""Revisions of published items: a redacteur's change waits for an eindredacteur, and the
public keeps reading the published version meanwhile.

A revision keeps what the change form sent for the fields the redacteur changed, and the
whole of each inline formset (a case's quotes, a publication's authors) they changed: the
form's own data, as a browser sends it. Opening the item binds the form to the published
values with those changes on top, so editing goes on in the revision, and fields nobody
changed in it follow the published version (an eindredacteur's correction in between is
kept, not undone). Publishing binds the same data and saves it through the admin's ordinary
save, so validation, history, search index and catalogue version follow as for any save.

Uploaded files wait in storage under `revisions/` until the change is published or dropped.
The admin side is in revisions_admin.py; the rules of who may publish in workflow.py.
"""

import logging
import mimetypes
import posixpath
import uuid
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import FieldDoesNotExist
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, get_valid_filename
from django.utils.translation import get_language

from . import diffs, history, images, workflow
from .fields import RichTextField
from .locking import VERSION_FIELD, name_of
from .models import Revision, State
from .outbox import message, queue_mail
from .richtext import sanitise

logger = logging.getLogger(__name__)

STASH_FOLDER = "revisions"
# The change form's hidden fields that guard against lost updates (locking.py,
# revisions_admin.py): no part of an item's content.
REVISION_FIELD = "revision_version"
REPLACED_FIELD = "revision_replaced"
NOT_CONTENT = {VERSION_FIELD, REVISION_FIELD, REPLACED_FIELD}


def revision_of(item):
    """The item's open revision (a pending change, or one sent back), or None."""
    if item is None or item.pk is None:
        return None
    return Revision.objects.of(item).select_related("author", "sent_back_by").first()


def token(revision):
    """What the change form carries to notice a revision saved after it was opened."""
    return revision.updated_at.isoformat() if revision is not None else ""


# A form as the data a browser sends ---------------------------------------------------------


def widget_of(field):
    widget = field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):  # the admin's "+" and pencil links
        widget = widget.widget
    return widget


def field_keys(bound):
    """The names under which a browser sends `bound`'s value."""
    widget = widget_of(bound.field)
    keys = [bound.html_name]
    if isinstance(widget, forms.MultiWidget):
        keys += [bound.html_name + suffix for suffix in widget.widgets_names]
    if isinstance(widget, forms.ClearableFileInput):
        keys.append(widget.clear_checkbox_name(bound.html_name))
    return keys


def form_data(form):
    """What a browser sends for `form` as it is shown, files left out: {name: [values]}."""
    data = {}
    for bound in form:
        widget = widget_of(bound.field)
        value = bound.value()
        name = bound.html_name
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            pieces = zip(widget.widgets_names, widget.widgets, parts, strict=False)
            for suffix, inner, part in pieces:
                if (text := inner.format_value(part)) is not None:
                    data[name + suffix] = [str(text)]
        elif isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[name] = ["on"]
        elif getattr(widget, "allow_multiple_selected", False):
            data[name] = [str(getattr(item, "pk", item)) for item in value or []]
        elif isinstance(text := widget.format_value(value), list):  # a choice
            data[name] = text
        elif text is not None:
            data[name] = [str(text)]
    return data


def formset_data(formset):
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def keys_with_prefix(data, prefix):
    """The values of a form's data (a QueryDict) under an inline formset's `prefix`."""
    return {key: data.getlist(key) for key in data if key.startswith(f"{prefix}-")}


# Files waiting with a change ----------------------------------------------------------------


def stash(upload, field):
    """Keep an uploaded file for a revision; returns its name in storage. An image is kept as
    it would be stored (no location, camera or other metadata): what waits in storage under
    an address of its own is never more than what a published image shows."""
    name = get_valid_filename(posixpath.basename(upload.name or "bestand")) or "bestand"
    if isinstance(field, forms.ImageField):
        image = images.open_checked(upload)
        image_format = image.format
        image = images.clean_pixels(image, side=settings.IMAGE_STORED_MAX_SIDE)
        upload = images.encode(image, image_format, **images.ENCODING[image_format])
        name = f"{posixpath.splitext(name)[0]}.{images.FORMATS[image_format]}"
    upload.seek(0)
    return default_storage.save(f"{STASH_FOLDER}/{uuid.uuid4().hex}/{name}", upload)


def open_stash(name):
    """A stashed file as an upload again, for the form; None if it is gone."""
    try:
        with default_storage.open(name) as file:
            content = file.read()
    except OSError:
        logger.warning("A revision's file is missing: %s", name)
        return None
    upload = SimpleUploadedFile(
        posixpath.basename(name), content, content_type=mimetypes.guess_type(name)[0]
    )
    upload.stash_name = name
    return upload


def delete_files(names):
    for name in names:
        default_storage.delete(name)


def files_of(revision):
    """The names of the files a revision keeps: its uploads and what its previews wrote."""
    data = revision.data or {}
    return [*data.get("files", {}).values(), *data.get("scratch", [])]


def revision_deleted(sender, instance, **kwargs):
    """Its files go with it, once that is committed (a rolled-back delete still needs them)."""
    if names := files_of(instance):
        transaction.on_commit(partial(delete_files, names))


post_delete.connect(revision_deleted, sender=Revision, dispatch_uid="revision-files")


# Storing a change ---------------------------------------------------------------------------


def changed_fields(form):
    return [name for name in form.changed_data if name not in NOT_CONTENT]


def store(item, user, form, formsets=(), *, every_field=False):
    """Keep what `form` (bound to what the editor sent) and its inline `formsets` change in
    `item` as its revision, waiting for review; None (and no revision) when nothing differs
    from the published version. `every_field`: a restore, which brings back every field."""
    revision = revision_of(item)
    fields = [name for name in form.fields if name not in NOT_CONTENT] if every_field else None
    fields = fields or changed_fields(form)
    stored = {}
    for name in fields:
        bound = form[name]
        for key in field_keys(bound):
            if key in form.data:
                stored[key] = form.data.getlist(key)
    files, kept = {}, set()
    for name in fields:
        if not isinstance(form.fields[name], forms.FileField):
            continue
        upload = form.files.get(form[name].html_name)
        if upload is not None:
            kept_name = getattr(upload, "stash_name", None)
            files[form[name].html_name] = kept_name or stash(upload, form.fields[name])
            kept.add(files[form[name].html_name])
    parts = {
        formset.prefix: keys_with_prefix(formset.data, formset.prefix)
        for formset in formsets
        if formset.has_changed()
    }
    old_files = set(files_of(revision)) - kept if revision is not None else set()
    if old_files:
        transaction.on_commit(partial(delete_files, sorted(old_files)))
    if not fields and not parts:
        if revision is not None and revision.has_changes:
            revision.data = None  # its files are deleted above, not again by the signal
            revision.delete()
        return None
    if revision is None:
        revision = Revision(item=item)
    revision.data = {
        "language": get_language(),
        "fields": fields,
        "form": stored,
        "formsets": parts,
        "files": files,
    }
    revision.state = Revision.State.PENDING
    revision.author = user
    revision.based_on = (
        type(item)._default_manager.values_list("updated_at", flat=True).get(pk=item.pk)
    )
    revision.save()
    return revision


# Binding a change to the form again -----------------------------------------------------------


def overlay_form(form, revision):
    """The main form's data for `form` (unbound, showing the published version) with the
    revision's changed fields on top."""
    data = form_data(form)
    changes = revision.data
    for name in changes["fields"]:
        if name in form.fields:
            for key in field_keys(form[name]):
                data.pop(key, None)
    data.update(changes["form"])
    return data


def overlay_formset(formset, revision):
    """An inline formset's data (`formset` unbound, the published rows) with the revision's
    version of it, when the revision changed it."""
    changes = revision.data["formsets"]
    if formset.prefix in changes:
        return dict(changes[formset.prefix])
    return formset_data(formset)


def stashed_files(revision, uploads=None, cleared=()):
    """The revision's files as uploads for the form, under `uploads` (the editor's new ones);
    a file the editor cleared (`cleared`: its field's key) is left out."""
    files = {}
    for key, name in (revision.data or {}).get("files", {}).items():
        if key in cleared:
            continue
        if (upload := open_stash(name)) is not None:
            files[key] = [upload]
    for key in uploads or ():
        files[key] = uploads.getlist(key)
    return files


# The comparison -------------------------------------------------------------------------------


def compare(published, form, formsets, revision):
    """What publishing `revision` changes in `published`, field by field, word by word, as
    the history shows a change: [diffs.FieldChange]. `form` and `formsets` are bound to the
    revision and valid."""
    model = type(published)
    old, new = {}, {}
    for name in revision.data["fields"]:
        if name not in form.fields:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        old[name] = stored_value(published, field)
        new[name] = form_value(form, field, old[name])
    for formset in formsets:
        if formset.prefix not in revision.data["formsets"]:
            continue
        relation = model._meta.get_field(formset.fk.related_query_name())
        # Read again: the formset's own rows now hold the change (its forms are validated).
        old[relation.name] = [
            history.part_line(row, relation) for row in formset.get_queryset().all()
        ]
        rows = [
            form.instance
            for form in formset.forms
            if not (formset.can_delete and formset._should_delete_form(form))
            and (form.instance.pk is not None or form.has_changed())
        ]
        if any(field.name == "position" for field in formset.model._meta.fields):
            rows.sort(key=lambda row: row.position or 0)
        new[relation.name] = [history.part_line(row, relation) for row in rows]
    return diffs.field_changes(model, old, new)


def stored_value(item, field):
    """A field's value as diffs.field_changes compares it: the object a foreign key points
    to, the names of the linked objects."""
    if field.many_to_many:
        return [str(linked) for linked in getattr(item, field.name).all()]
    if field.is_relation:
        return getattr(item, field.name)
    return field.value_from_object(item)


def form_value(form, field, stored):
    """The form's (cleaned) value of a field, as stored_value gives the item's."""
    value = form.cleaned_data.get(field.name)
    if field.many_to_many:
        return [str(linked) for linked in value or ()]
    if isinstance(field, models.FileField):
        if value is None:  # no new file: as it is
            return stored
        return getattr(value, "name", None) if value else None  # False: cleared
    if isinstance(field, RichTextField):
        return sanitise(value or "")  # as it would be stored
    return value


def written_files(item, revision):
    """The files saving `revision` wrote for `item` (a new upload and its renditions)."""
    names = []
    for key in (revision.data or {}).get("files", {}):
        field = item._meta.get_field(key)
        if (file := field.value_from_object(item)) and file.name:
            names.append(file.name)
        if key == "image":
            names += [entry["name"] for entry in getattr(item, "image_renditions", {}).values()]
    return names


# Sending back ---------------------------------------------------------------------------------


def submitter(item):
    """Who put `item` in review: the editor of the first entry of its latest stretch in
    review in the history; else whoever changed it last."""
    who = None
    for entry in item.history.select_related("history_user").order_by("-history_date")[:50]:
        if entry.state != State.REVIEW:
            break
        who = entry.history_user or who
    return who or item.updated_by or item.created_by


def send_back(request, item, comment):
    """Send `item`'s pending change, or `item` itself when it is in review (then it goes back
    to draft), back to its author with `comment`; the author hears it by e-mail once this is
    committed. Returns the revision that holds the comment."""
    revision = revision_of(item)
    if revision is None or not revision.has_changes:
        author = submitter(item)
        workflow.apply(request.user, item, workflow.SEND_BACK)
        revision = revision or Revision(item=item)
        revision.author = author
    revision.state = Revision.State.SENT_BACK
    revision.comment = comment
    revision.sent_back_by = request.user
    revision.sent_back_at = timezone.now()
    revision.save()
    tell_the_author(request, item, revision)  # queued with the comment, in one transaction
    return revision


def tell_the_author(request, item, revision):
    """E-mail the author that their change or item came back, with the comment (queued in the
    outbox with the stored comment)."""
    author = revision.author
    if author is None or not author.email:
        logger.warning("Nobody to tell that %s %s was sent back", item._meta.model_name, item.pk)
        return
    link = request.build_absolute_uri(workflow.admin_url(item))
    context = {
        "item": item,
        "revision": revision,
        "kind": item._meta.verbose_name,
        "by": name_of(revision.sent_back_by),
        "admin_url": link,
    }
    queue_mail(message("emails/revision_sent_back.txt", context, [author.email]))


def tell_replaced(request, item, revision):
    """E-mail `revision`'s author that another editor's change to `item` took its place while
    it waited, with what it held: queued in the outbox in this transaction, so their words
    are not lost with the revision."""
    author = revision.author
    if author is None or not author.email:
        logger.warning(
            "Nobody to tell that a change to %s %s was replaced", item._meta.model_name, item.pk
        )
        return
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "by": name_of(request.user),
        "written": written(item, revision),
        "admin_url": request.build_absolute_uri(workflow.admin_url(item)),
    }
    queue_mail(message("emails/revision_replaced.txt", context, [author.email]))


def written(item, revision):
    """(label, text) of each field `revision` changes, as its author wrote it: linked items
    by name, rich text without its tags."""
    rows = []
    for key, values in ((revision.data or {}).get("form") or {}).items():
        try:
            field = item._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        ids = [value for value in values if value.isdigit()]
        if field is not None and field.is_relation and ids:
            texts = [
                str(linked) for linked in field.related_model._default_manager.filter(pk__in=ids)
            ]
        else:
            texts = [diffs.rich_text_as_text(value) for value in values]
        label = capfirst(field.verbose_name) if field is not None else key
        rows.append((label, ", ".join(text for text in texts if text)))
    return rows


def admin_revision_url(item, view="revision"):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk])


FILTER = "revision"  # the list filter's parameter (revisions_admin.RevisionFilter)
