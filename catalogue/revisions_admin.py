"""Revisions in the admin: a redacteur's save of a published item becomes a change waiting for
review; the form shows that change and editing goes on in it; an eindredacteur compares it
with the published version, previews, publishes or sends it back with a comment (an item in
review too). What a revision is and keeps: revisions.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminErrorList
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, resolve
from django.utils import formats, timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from simple_history.models import to_historic

from . import history, revisions, workflow
from .locking import name_of
from .models import CatalogueVersion, Revision, State
from .revisions import REPLACED_FIELD, REVISION_FIELD


class RevisionForm(forms.ModelForm):
    """A change form that notices a change saved for review after it was opened: saving over
    it unseen would drop the other editor's change (as VersionForm does for the item)."""

    revision_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set when the form was refused for a change saved for review after it was opened: saved
    # again, the form's own version goes live without that change, which goes back to its
    # author (save_related).
    revision_replaced = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[REVISION_FIELD] = revisions.token(revisions.revision_of(self.instance))

    def unlisted_hidden_fields(self):
        """Written before the fieldsets with the item's version (catalogue/locking.py), not in a
        fieldset, where Django would give the hidden field a label."""
        inherited = getattr(super(), "unlisted_hidden_fields", list)()
        return [*inherited, self[REVISION_FIELD], self[REPLACED_FIELD]]

    def clean(self):
        cleaned = super().clean()
        opened = self.data.get(self.add_prefix(REVISION_FIELD))
        if self.instance.pk is None or opened is None:  # not a form we rendered
            return cleaned
        revision = revisions.revision_of(self.instance)
        current = revisions.token(revision)
        if current != opened:
            self.data = self.data.copy()  # the refused form carries the token of now
            self.data[self.add_prefix(REVISION_FIELD)] = current
            self.data[self.add_prefix(REPLACED_FIELD)] = current if revision else ""
            if revision is None:
                raise ValidationError(
                    _(
                        "The change that waited for review was published or withdrawn after "
                        "you opened this form. Your changes have not been saved yet: save "
                        "again to store them."
                    )
                )
            raise ValidationError(
                _(
                    "%(who)s saved a change for review on %(when)s, after you opened this "
                    "form. Your changes have not been saved yet. Open the item again to see "
                    "their change, or save again to replace it with yours."
                )
                % {
                    "who": name_of(revision.author) if revision.author else _("someone"),
                    "when": formats.date_format(
                        timezone.localtime(revision.updated_at), "DATETIME_FORMAT"
                    ),
                }
            )
        return cleaned


def bound_to(form_class, revision):
    """`form_class` whose forms, made without data, show the published version with
    `revision`'s changes on top, read in the language they were typed in."""

    class BoundToRevision(form_class):
        def __init__(self, data=None, files=None, **kwargs):
            language = revision.data.get("language")
            if data is None:
                with override(language):
                    data = revisions.overlay_form(form_class(**kwargs), revision)
                data = MultiValueDict(data)
                files = MultiValueDict(revisions.stashed_files(revision))
            super().__init__(data, files, **kwargs)
            # Dates and numbers read as they were typed; the version check locks the row
            # for a moment, also when the form is only opened.
            with override(language), transaction.atomic():
                self.full_clean()

    BoundToRevision.__name__ = form_class.__name__
    return BoundToRevision


def with_stashed_files(form_class, revision):
    """`form_class` whose forms keep the revision's uploads unless the editor sends a new
    file or clears it: a browser cannot send back a file it was shown."""

    class WithStashedFiles(form_class):
        def __init__(self, data=None, files=None, **kwargs):
            if data is not None:
                cleared = {key for key in revision.data.get("files", {}) if f"{key}-clear" in data}
                files = MultiValueDict(revisions.stashed_files(revision, files, cleared))
            super().__init__(data, files, **kwargs)

    WithStashedFiles.__name__ = form_class.__name__
    return WithStashedFiles


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the author"),
        help_text=gettext_lazy(
            "Say what should change. The author sees this on the item and by e-mail."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=5000,
        error_messages={"required": gettext_lazy("Write what the author should change.")},
    )


class RevisionFilter(admin.SimpleListFilter):
    """The items with a change waiting for review, or sent back: what the admin home's queues
    link to."""

    title = gettext_lazy("change for review")
    parameter_name = revisions.FILTER

    def lookups(self, request, model_admin):
        return [
            ("pending", _("A change waits for review")),
            ("sent_back", _("Sent back")),
            ("sent_back_to_me", _("Sent back to me")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "pending":
                which = {"state": Revision.State.PENDING}
            case "sent_back":
                which = {"state": Revision.State.SENT_BACK}
            case "sent_back_to_me":
                which = {"state": Revision.State.SENT_BACK, "author": request.user}
            case _:
                return queryset
        waiting = Revision.objects.filter(
            content_type__app_label=queryset.model._meta.app_label,
            content_type__model=queryset.model._meta.model_name,
            object_id=OuterRef("pk"),
            **which,
        )
        return queryset.filter(Exists(waiting))


class RevisionAdminMixin:
    """For PublishableAdmin: saving a published item without the publish permission keeps
    the change apart (a revision); the comparison, preview, publish and send-back pages."""

    # Keeping a change apart -------------------------------------------------------------------

    def open_revision(self, request, obj):
        """`obj`'s revision, once per request."""
        if obj is None or obj.pk is None:
            return None
        cache = request.__dict__.setdefault("_open_revisions", {})
        key = (self.model, obj.pk)
        if key not in cache:
            cache[key] = revisions.revision_of(obj)
        return cache[key]

    def pending_change(self, request, obj):
        revision = self.open_revision(request, obj)
        return revision if revision is not None and revision.has_changes else None

    def saves_as_revision(self, request, obj):
        """Whether saving `obj` keeps the change apart: a published item, saved by someone who
        may not publish."""
        if obj is None or obj.pk is None or workflow.can_publish(request.user, self.model):
            return False
        stored = self.model._default_manager.filter(pk=obj.pk).values_list("state", flat=True)
        return stored.first() == State.PUBLISHED

    def live_fields(self, request):
        """Fields a save changes at once even when the rest waits for review: bookkeeping
        that is no change of content (a kind's admin adds them)."""
        return []

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A change waiting for review changes content, never the workflow state: that stays
        # with the buttons and list actions, so the form is the same for everyone.
        if self.pending_change(request, obj) is not None and "state" not in fields:
            fields.append("state")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (RevisionForm, form), {})
        form_class = super().get_form(request, obj, change, **kwargs)
        revision = self.pending_change(request, obj)
        if revision is None or to_historic(obj) is not None:  # a restore shows that version
            return form_class
        if self.binds_revision(request):
            return bound_to(form_class, revision)
        return with_stashed_files(form_class, revision)

    def binds_revision(self, request):
        """Whether the forms of this request show the pending change (rather than what the
        editor sent): on opening the change form, and on the revision's own pages."""
        return request.method in ("GET", "HEAD") or getattr(request, "binds_revision", False)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        revision = self.pending_change(request, obj)
        if revision is not None and self.binds_revision(request):
            formset_class = inline.get_formset(request, obj)
            shown = formset_class(
                instance=kwargs["instance"], prefix=prefix, queryset=kwargs["queryset"]
            )
            kwargs.update(
                data=MultiValueDict(revisions.overlay_formset(shown, revision)),
                files=None,
                save_as_new=False,
            )
        return kwargs

    def save_model(self, request, obj, form, change):
        if not (change and self.saves_as_revision(request, obj)):
            return super().save_model(request, obj, form, change)
        # Kept apart: nothing of the item is saved here. The links and parts neither: the
        # change form saves them in save_related, the restore view by calling save_m2m.
        request.revision_save = {"obj": obj, "form": form, "save_m2m": form.save_m2m}
        form.save_m2m = lambda: None
        if to_historic(obj) is not None:  # a restore: every field comes back, no parts
            self.keep_apart(request, obj, form, (), every_field=True)
        return None

    def save_related(self, request, form, formsets, change):
        pending = getattr(request, "revision_save", None)
        if pending is not None:
            self.keep_apart(request, pending["obj"], form, formsets)
            return
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if (revision := self.pending_change(request, obj)) is not None:
            if self.replaces_unseen(request, form, revision):
                # Saved again over a change the form never held: that change did not go live,
                # so it goes back to its author, kept, with word of what happened.
                comment = _(
                    "%(who)s saved their own version of this item while your change waited "
                    "for review, so your change was not published. It is kept here: compare it "
                    "with what is published now, and save it again if it is still needed."
                ) % {"who": name_of(request.user)}
                revisions.send_back(request, obj, comment)
            else:
                # The form held the pending change (bound to it on opening): saved, and done.
                revision.delete()
        workflow.settle_comment(obj)

    @staticmethod
    def replaces_unseen(request, form, revision):
        """Whether this save goes over someone else's `revision`, which the form never held:
        it was refused once for it (REPLACED_FIELD) and is now saved again on purpose."""
        return (
            revision is not None
            and revision.author_id != request.user.pk
            and form.cleaned_data.get(REPLACED_FIELD) == revisions.token(revision)
        )

    def keep_apart(self, request, obj, form, formsets, every_field=False):
        """Store the change as the item's revision; a form that changes nothing is saved as
        ever (what the admin itself set, such as a check's date, is kept)."""
        had = self.pending_change(request, obj)
        changes = (
            every_field
            or revisions.changed_fields(form)
            or any(formset.has_changed() for formset in formsets)
        )
        if not changes and had is None:
            pending = request.revision_save
            request.revision_save = None
            form.save_m2m = pending["save_m2m"]
            super().save_model(request, obj, form, True)
            super().save_related(request, form, formsets, True)
            workflow.settle_comment(obj)
            return
        item = self.model._default_manager.get(pk=obj.pk)
        if live := self.live_fields(request):
            self.save_live(request, item, obj, live)
        if self.replaces_unseen(request, form, had):
            revisions.tell_replaced(request, item, had)  # its words, before they are overwritten
        revision = revisions.store(item, request.user, form, formsets, every_field=every_field)
        request.revision_save["revision"] = revision
        request._open_revisions[(self.model, obj.pk)] = revision

    def save_live(self, request, item, obj, names):
        """Save `names` of `obj` on the stored `item` at once, with an entry in its history."""
        for name in names:
            setattr(item, name, getattr(obj, name))
        item.updated_by = request.user
        history.pause(item)
        item.save()
        history.record(item)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "revision_save", None) is not None:
            return []  # the formsets were not saved: nothing to tell yet
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "revision_save", None) is not None:
            return None  # nothing changed yet: the history gets its entry when it is published
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        pending = getattr(request, "revision_save", None)
        if pending is None:
            return super().response_change(request, obj)
        if pending.get("revision") is not None:
            self.message_user(
                request,
                _(
                    "Your change to “%(item)s” waits for review by an eindredacteur. Visitors "
                    "see the published version until it is published."
                )
                % {"item": obj},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "Your change to “%(item)s” no longer differs from the published version: "
                    "nothing waits for review."
                )
                % {"item": obj},
                messages.INFO,
            )
        if "_continue" in request.POST or to_historic(obj) is not None:
            return HttpResponseRedirect(workflow.admin_url(obj))
        return self.response_post_save_change(request, obj)

    # The change form's banner -----------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            revision = self.open_revision(request, obj)
            may_publish = workflow.can_publish(request.user, self.model)
            banner = {
                "revision": revision,
                "may_publish": may_publish,
                "compare_url": revisions.admin_revision_url(obj),
                "preview_url": revisions.admin_revision_url(obj, "revision_preview"),
                "saves_as_revision": revision is None and self.saves_as_revision(request, obj),
            }
            if revision or banner["saves_as_revision"]:
                context["revision_banner"] = banner
            if may_publish and obj.state == State.REVIEW:  # an object tool, beside "History"
                context["send_back_url"] = revisions.admin_revision_url(obj, "send_back")
            if revision is not None and revision.has_changes and obj.is_published:
                context["preview_url"] = banner["preview_url"]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The revision's pages ---------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revision/",
                wrap(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            path(
                "<path:object_id>/revision/preview/",
                wrap(self.revision_preview_view),
                name="{}_{}_revision_preview".format(*info),
            ),
            path(
                "<path:object_id>/revision/publish/",
                wrap(self.publish_revision_view),
                name="{}_{}_revision_publish".format(*info),
            ),
            path(
                "<path:object_id>/send-back/",
                wrap(self.send_back_view),
                name="{}_{}_send_back".format(*info),
            ),
            *super().get_urls(),
        ]

    def item_or_404(self, request, object_id, permission="view"):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("This item does not exist (any more)."))
        allowed = {
            "view": self.has_view_or_change_permission,
            "publish": self.has_publish_permission,
        }[permission]
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def revision_forms(self, request, obj):
        """The change form and its inline formsets, bound to the pending change of `obj`."""
        request.binds_revision = True
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))
        form = form_class(instance=obj)
        formsets, _inlines = self._create_formsets(request, obj, change=True)
        return form, formsets

    def no_pending_change(self, request, obj):
        self.message_user(
            request,
            _("No change of “%(item)s” waits for review (any more).") % {"item": obj},
            messages.INFO,
        )
        return HttpResponseRedirect(workflow.admin_url(obj))

    def revision_view(self, request, object_id):
        """The pending change compared with the published version, field by field; for those
        who may publish, with the buttons to publish it or send it back."""
        obj = self.item_or_404(request, object_id)
        revision = self.pending_change(request, obj)
        if revision is None:
            return self.no_pending_change(request, obj)
        published = self.get_object(request, unquote(object_id))
        with transaction.atomic():  # the forms' version check locks the row for a moment
            form, formsets = self.revision_forms(request, obj)
            valid = form.is_valid() and all_valid(formsets)
        may_publish = self.has_publish_permission(request, obj)
        changed_since = published.updated_at > revision.based_on if revision.based_on else False
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change to “%(item)s”") % {"item": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": published,
            "revision": revision,
            "changes": revisions.compare(published, form, formsets, revision) if valid else [],
            "errors": AdminErrorList(form, formsets) if not valid else [],
            "may_publish": may_publish,
            "changed_since": changed_since,
            "send_back_form": SendBackForm(),
            "revision_version": revisions.token(revision),
            "change_url": workflow.admin_url(obj),
            "preview_url": revisions.admin_revision_url(obj, "revision_preview"),
            "publish_url": revisions.admin_revision_url(obj, "revision_publish"),
            "send_back_url": revisions.admin_revision_url(obj, "send_back"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalogue/revision.html", context)

    def revision_preview_view(self, request, object_id):
        """The item's public page with the pending change, under a banner; nothing of it is
        saved, and nothing rendered from it reaches a cache (CatalogueVersion.aside)."""
        obj = self.item_or_404(request, object_id)
        revision = self.pending_change(request, obj)
        if revision is None:
            return self.no_pending_change(request, obj)
        with transaction.atomic():
            form, formsets = self.revision_forms(request, obj)
            if not (form.is_valid() and all_valid(formsets)):
                transaction.set_rollback(True)
                return HttpResponseRedirect(revisions.admin_revision_url(obj))
            with CatalogueVersion.aside():
                item = form.save()
                for formset in formsets:
                    formset.save()
                written = revisions.written_files(item, revision)
                response = self.render_public_page(request, item)
            transaction.set_rollback(True)
        if written:  # kept while the preview may be open; deleted with the revision
            earlier = revision.data.get("scratch", [])
            revision.data["scratch"] = written
            Revision.objects.filter(pk=revision.pk).update(data=revision.data)
            if earlier:
                transaction.on_commit(lambda: revisions.delete_files(earlier))
        return response

    def render_public_page(self, request, item):
        match = resolve(item.get_absolute_url().split("?")[0])
        request.revision_preview = {
            "edit_url": workflow.admin_url(item),
            "compare_url": revisions.admin_revision_url(item),
        }
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        return response

    def publish_revision_view(self, request, object_id):
        """Publish the pending change: saved through the change form as the publisher, so it
        is validated, recorded in the history and indexed as any save."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        with transaction.atomic():
            obj = self.item_or_404(request, object_id, "publish")
            revision = self.pending_change(request, obj)
            if revision is None:
                return self.no_pending_change(request, obj)
            compare_url = revisions.admin_revision_url(obj)
            if request.POST.get(REVISION_FIELD) != revisions.token(revision):
                self.message_user(
                    request,
                    _(
                        "The change was saved again after you opened the comparison. Check "
                        "it once more before you publish it."
                    ),
                    messages.WARNING,
                )
                return HttpResponseRedirect(compare_url)
            if not obj.is_published:
                self.message_user(
                    request,
                    _(
                        "“%(item)s” is not published now. Open it and save it to take over "
                        "the change."
                    )
                    % {"item": obj},
                    messages.WARNING,
                )
                return HttpResponseRedirect(compare_url)
            form, formsets = self.revision_forms(request, obj)
            if not (form.is_valid() and all_valid(formsets)):
                self.message_user(
                    request,
                    _(
                        "The change cannot be published as it is: open the item, correct "
                        "what the form points out, and save."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(compare_url)
            item = self.save_form(request, form, change=True)
            item._change_reason = history.publish_reason(revision.author, request.user)
            self.save_model(request, item, form, True)
            self.save_related(request, form, formsets, True)
            message = self.construct_change_message(request, form, formsets, False)
            self.log_change(request, item, message)
        author = revision.author
        self.message_user(
            request,
            _("The change to “%(item)s” by %(author)s is published.")
            % {"item": item, "author": name_of(author) if author else _("someone")},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(workflow.admin_url(item))

    def send_back_view(self, request, object_id):
        """Send a pending change, or an item in review, back to its author with a comment."""
        obj = self.item_or_404(request, object_id, "publish")
        revision = self.pending_change(request, obj)
        if revision is None and obj.state != State.REVIEW:
            self.message_user(
                request,
                _("Only an item in review, or a change that waits for review, can be sent back."),
                messages.WARNING,
            )
            return HttpResponseRedirect(workflow.admin_url(obj))
        form = SendBackForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            with transaction.atomic():
                sent = revisions.send_back(request, obj, form.cleaned_data["comment"])
            author = sent.author
            self.message_user(
                request,
                _("“%(item)s” is sent back to %(author)s with your comment.")
                % {"item": obj, "author": name_of(author) if author else _("its author")},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(workflow.admin_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send “%(item)s” back") % {"item": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "revision": revision,
            "form": form,
            "change_url": workflow.admin_url(obj),
            "compare_url": revisions.admin_revision_url(obj) if revision else None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalogue/send_back.html", context)

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), RevisionFilter]
