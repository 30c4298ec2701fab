"""The publishing workflow in one place: which state changes exist and who may make them.

Initiatives, cases and publications share it. Editors (the Redacteur group) write and
submit for review; only those with `<app>.publish_<model>` (the Eindredacteur group) make an
item public, take it offline or archive it. The admin asks this module, never the other way
round, so a rule holds for the change form, the list actions and every crafted request alike.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import permission
from .models import Revision, State


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button and the list action
    done: str  # "Published: 3 initiatives."
    sources: frozenset
    target: str
    needs_publish: bool  # False: changing the item is enough

    def allowed_from(self, state):
        return state in self.sources


SUBMIT = Transition(
    "submit",
    _("Submit for review"),
    _("Submitted for review: %(items)s."),
    frozenset({State.DRAFT}),
    State.REVIEW,
    needs_publish=False,
)
PUBLISH = Transition(
    "publish",
    _("Publish"),
    _("Published: %(items)s."),
    frozenset({State.DRAFT, State.REVIEW, State.ARCHIVED}),
    State.PUBLISHED,
    needs_publish=True,
)
UNPUBLISH = Transition(
    "unpublish",
    _("Unpublish"),
    _("Taken offline, back to draft: %(items)s."),
    frozenset({State.PUBLISHED}),
    State.DRAFT,
    needs_publish=True,
)
ARCHIVE = Transition(
    "archive",
    _("Archive"),
    _("Archived: %(items)s."),
    frozenset({State.DRAFT, State.REVIEW, State.PUBLISHED}),
    State.ARCHIVED,
    needs_publish=True,
)
TRANSITIONS = {transition.name: transition for transition in (SUBMIT, PUBLISH, UNPUBLISH, ARCHIVE)}
# Not a button nor a list action: it takes a comment for the author (revisions.send_back).
SEND_BACK = Transition(
    "send_back",
    _("Send back"),
    _("Sent back to draft: %(items)s."),
    frozenset({State.REVIEW}),
    State.DRAFT,
    needs_publish=True,
)

# What an editor without the publish permission may put in the state field, and the states
# from which they may do so: once an item is public or archived, its state is not theirs to set.
EDITOR_STATES = (State.DRAFT, State.REVIEW)


def can_publish(user, model):
    """May `user` publish, unpublish and archive items of `model`?"""
    return user.has_perm(permission(model, "publish"))


def may(user, model, transition):
    if transition.needs_publish:
        return can_publish(user, model)
    return user.has_perm(permission(model, "change")) or user.has_perm(permission(model, "add"))


def available(user, model, state):
    """The transitions `user` may make from `state`, in the order the buttons show them."""
    return [t for t in TRANSITIONS.values() if t.allowed_from(state) and may(user, model, t)]


def settable_states(user, model, state):
    """The states `user` may choose in the state field of an item now in `state` (None for a
    new item); an empty list means the field is not theirs to change."""
    if can_publish(user, model):
        return list(State)
    if state is None or state in EDITOR_STATES:
        return [State(value) for value in EDITOR_STATES]
    return []


def check(user, obj, transition, state=None):
    """Refuse a transition `user` may not make, or one that does not start from the item's
    state (`state`: the stored one, when `obj` already holds edits)."""
    if not may(user, type(obj), transition):
        raise PermissionDenied
    if not transition.allowed_from(obj.state if state is None else state):
        raise PermissionDenied


def apply(user, obj, transition):
    """Move one item along `transition` and save it the ordinary way, so history, search
    index and catalogue version follow (publishing sets `published_at` in the model)."""
    check(user, obj, transition)
    obj.state = transition.target
    obj.updated_by = user
    obj.save()
    settle_comment(obj)


def settle_comment(obj):
    """An item sent back to draft with a comment is answered once it is in review again (or
    published): the comment leaves its author's queue."""
    if obj.state in (State.REVIEW, State.PUBLISHED):
        Revision.objects.of(obj).filter(data__isnull=True).delete()


def apply_to_each(user, items, transition):
    """`transition` on each item that allows it; returns (changed, skipped), `skipped` as
    (item, reason) pairs, so the editor hears what was left alone and why."""
    if not may(user, items.model, transition):
        raise PermissionDenied
    changed, skipped = [], []
    for obj in items:
        if obj.state == transition.target:
            reason = _("the state is already “%(state)s”") % {"state": obj.get_state_display()}
            skipped.append((obj, reason))
        elif not transition.allowed_from(obj.state):
            skipped.append(
                (obj, _("not possible from “%(state)s”") % {"state": obj.get_state_display()})
            )
        elif transition.target == State.PUBLISHED and (missing := obj.missing_to_publish()):
            skipped.append((obj, missing))
        else:
            apply(user, obj, transition)
            changed.append(obj)
    return changed, skipped


def admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
