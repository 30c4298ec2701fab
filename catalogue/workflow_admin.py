"""The publishing workflow in the admin: list actions, buttons on the change form, the state
field an editor may set, a preview link. The rules themselves live in workflow.py."""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import workflow
from .models import State

BUTTON_PREFIX = "_workflow_"  # a change-form button `_workflow_publish` makes that transition
TITLES_NAMED = 10  # a message names at most this many skipped items


def transition_action(transition):
    """A list action for `transition`, offered only to those who may make it."""

    def action(modeladmin, request, queryset):
        changed, skipped = workflow.apply_to_each(request.user, queryset, transition)
        modeladmin.report(request, transition.done, changed, skipped)

    action.__name__ = transition.name
    needed = "publish" if transition.needs_publish else "change"
    return admin.action(description=transition.label, permissions=[needed])(action)


class WorkflowAdminMixin:
    """For PublishableAdmin: who may set which state, by form, button or list action."""

    actions = [transition_action(t) for t in workflow.TRANSITIONS.values()]

    def has_publish_permission(self, request, obj=None):
        return workflow.can_publish(request.user, self.model)

    def report(self, request, done, changed, skipped):
        """Say how many items changed, and which were left alone and why."""
        if changed:
            count = len(changed)
            items = f"{count} {model_ngettext(self.opts, count)}"
            self.message_user(request, done % {"items": items}, messages.SUCCESS)
        reasons = {}
        for obj, reason in skipped:
            reasons.setdefault(str(reason), []).append(obj)
        for reason, objs in reasons.items():
            titles = ", ".join(f"“{obj}”" for obj in objs[:TITLES_NAMED])
            if len(objs) > TITLES_NAMED:
                titles += " …"
            text = ngettext(
                "Left alone, %(count)d item: %(titles)s (%(reason)s).",
                "Left alone, %(count)d items: %(titles)s (%(reason)s).",
                len(objs),
            )
            self.message_user(
                request,
                text % {"count": len(objs), "titles": titles, "reason": reason},
                messages.WARNING,
            )

    # The change form ---------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # An editor who may not publish cannot change a published or archived item's state
        # (so editing it never takes it offline), but can still correct its text.
        if not workflow.settable_states(request.user, self.model, obj.state if obj else None):
            fields.append("state")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("state")
        if field is not None:
            allowed = workflow.settable_states(request.user, self.model, obj.state if obj else None)
            field.choices = [(state.value, state.label) for state in allowed]
            field.error_messages["invalid_choice"] = _(
                "You may not give an item this state. Submit it for review: an "
                "eindredacteur publishes it."
            )
        return form

    def submit_buttons(self, request, obj, state):
        """Extra buttons under the form, as (name, label); `state` is the stored one."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        return [
            (BUTTON_PREFIX + t.name, t.label)
            for t in workflow.available(request.user, self.model, state or State.DRAFT)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        # The form may already hold the editor's unsaved choice; the buttons follow the stored.
        stored = form.initial.get("state", obj.state) if obj and obj.pk else None
        context["extra_submit_buttons"] = self.submit_buttons(request, obj, stored)
        if obj and obj.pk and not obj.is_published:
            context["preview_url"] = obj.get_absolute_url()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        """Only a published item is "on the site"; the others get a Preview link instead."""
        return obj.get_absolute_url() if obj.is_published else None

    def requested_transition(self, request):
        for name in request.POST:
            if name.startswith(BUTTON_PREFIX):
                return workflow.TRANSITIONS.get(name.removeprefix(BUTTON_PREFIX))
        return None

    def save_model(self, request, obj, form, change):
        transition = self.requested_transition(request)
        if transition:
            # Checked against the stored state, not what the form holds: a crafted request
            # cannot "submit" a published item back to review, nor publish without the right.
            stored = form.initial.get("state", obj.state) if change else State.DRAFT
            workflow.check(request.user, obj, transition, state=stored)
            obj.state = transition.target
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        self.report_button(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self.report_button(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def report_button(self, request, obj):
        if transition := self.requested_transition(request):
            self.report(request, transition.done, [obj], [])
