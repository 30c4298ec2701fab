"""The publishing workflow in one place: which state changes exist and who may make them.

Initiatives, cases and publications share it. Editors (the Redacteur group) write and
submit for review; only those with `<app>.publish_<model>` (the Eindredacteur group) make an
item public, take it offline or archive it. The admin asks this module, never the other way
round, so a rule holds for the change form, the list actions and every crafted request alike.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .access import may_view, permission
from .models import SUBMITTED_SOURCE, Publishable, Revision, State


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
        else:
            apply(user, obj, transition)
            changed.append(obj)
    return changed, skipped


# The admin home -------------------------------------------------------------------------

DASHBOARD_ROWS = 15  # per list; the counts link to the full, filtered lists


@dataclass
class Waiting:
    """One kind of item on the admin home: how many wait, and a link to the filtered list."""

    model: type
    count: int
    list_url: str

    @property
    def kind(self):
        return self.model._meta.verbose_name_plural


def admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model, **filters):
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{urlencode(filters)}"


def _newest(items, order):
    """The newest of `items`, each with its admin link and kind: one query."""
    rows = list(items.select_related("updated_by").order_by(order)[:DASHBOARD_ROWS])
    for row in rows:
        row.admin_url = admin_url(row)
        row.kind = row._meta.verbose_name
    return rows


# The `source` of an item that came in through one of the public forms.


def waiting_for_review(user):
    """What is in review, newest first, of every kind of publishable item `user` may see in
    the admin: two queries per kind. The kinds come from the app registry, so this app
    imports none of the others."""
    kinds, rows = [], []
    for model in apps.get_models():
        if issubclass(model, Publishable) and may_view(user, model):
            in_review = model.objects.filter(state=State.REVIEW)
            rows += _newest(in_review, "-updated_at")
            url = changelist_url(model, state__exact=State.REVIEW)
            kinds.append(Waiting(model, in_review.count(), url))
    rows.sort(key=lambda row: row.updated_at, reverse=True)
    return {"items": rows[:DASHBOARD_ROWS], "kinds": kinds}


def submitted_through_the_site(user):
    """What residents and professionals proposed through the site's forms (items whose
    `source` is "aangemeld") that is not yet published, nor archived (turned down), newest
    first: two queries per kind that has a source."""
    kinds, rows = [], []
    for model in apps.get_models():
        if not issubclass(model, Publishable) or not may_view(user, model):
            continue
        if "source" not in {field.name for field in model._meta.fields}:
            continue
        submitted = model.objects.filter(
            source=SUBMITTED_SOURCE, state__in=[State.DRAFT, State.REVIEW]
        )
        rows += _newest(submitted, "-created_at")
        url = changelist_url(model, source__exact=SUBMITTED_SOURCE, state__in="draft,review")
        kinds.append(Waiting(model, submitted.count(), url))
    rows.sort(key=lambda row: row.created_at, reverse=True)
    return {"items": rows[:DASHBOARD_ROWS], "kinds": kinds} if kinds else None
