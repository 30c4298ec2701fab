"""The queues on the admin home: what waits for the editors, each with its count and, per kind,
a link to the admin list that shows exactly the items counted.

A queue is a function of the user that returns a `Queue`, or None when the user may see none
of its kinds; `@queue` puts it on the home, in the order of registration (here: the order of
this module). `gather` reads a queue's first rows and its counts in two queries, whatever the
number of items or kinds. The kinds come from the app registry, so this app imports none of
the others.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Count, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import revisions
from .access import may_view
from .models import SUBMITTED_SOURCE, Publishable, Revision, State
from .verification import DUE_ORDER, Verifiable, months_since
from .verification_admin import DUE, VERIFIED
from .workflow import admin_url, can_publish

QUEUE_ROWS = 15  # a queue shows its first rows; the links lead to all of them


@dataclass
class Part:
    """One kind's share of a queue: its items, and the admin list that shows exactly those.
    `items` are of the kind `model`, or of a model that points to one (gather's `link`)."""

    model: type
    items: QuerySet
    list_url: str
    count: int = 0

    @property
    def kind(self):
        return self.model._meta.verbose_name_plural


@dataclass
class Row:
    """One item of a queue: its title links to `url`; `cells` fill the queue's own columns."""

    title: str
    url: str
    kind: str
    cells: list


@dataclass
class Queue:
    """What templates/admin/_queue.html shows of one queue."""

    key: str  # the id of its block on the page
    title: str
    explanation: str
    columns: list  # the headings after "Title" and "Kind"
    empty: str  # said when nothing waits
    parts: list
    rows: list

    @property
    def count(self):
        return sum(part.count for part in self.parts)


QUEUES = []


def queue(function):
    """Put the queue `function(user)` on the admin home."""
    QUEUES.append(function)
    return function


def queues_for(user):
    return [found for function in QUEUES if (found := function(user)) is not None]


def kinds(user, base=Publishable):
    """The kinds of publishable item (subclasses of `base`) that `user` may see in the admin."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and issubclass(model, base) and may_view(user, model)
    ]


def changelist_url(model, **filters):
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{urlencode(filters)}"


def item_link(part, item):
    """The change form of an item of the queue: where its title leads."""
    return admin_url(part.model(pk=item["pk"]))


def gather(parts, fields, order, cells, *, title="title", link=item_link):
    """Count each part's items, and return the first QUEUE_ROWS items of all parts in `order`
    as Rows: `cells(item)` makes a row's own columns from the item's `fields` (a dict), the
    `title` field names it and `link(part, item)` is where it leads. One query for the rows
    (each part's first rows, UNION ALL) and one for the counts, whatever their number.
    """
    if not parts:
        return []
    counts = [
        part.items.order_by().annotate(part=Value(index)).values("part").annotate(n=Count("pk"))
        for index, part in enumerate(parts)
    ]
    for count in counts[0].union(*counts[1:], all=True):
        parts[count["part"]].count = count["n"]
    firsts = [
        part.items.annotate(part=Value(index))
        .order_by(*order)
        .values("pk", title, "part", *fields)[:QUEUE_ROWS]
        for index, part in enumerate(parts)
    ]
    items = firsts[0]  # union() of one queryset is that queryset, sliced already
    if len(firsts) > 1:
        items = items.union(*firsts[1:], all=True).order_by(*order)[:QUEUE_ROWS]
    rows = []
    for item in items:
        part = parts[item["part"]]
        rows.append(Row(item[title], link(part, item), part.model._meta.verbose_name, cells(item)))
    return rows


def moment(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def day(value):
    return date_format(timezone.localdate(value), "SHORT_DATE_FORMAT")


# The queues, in the order the home shows them ----------------------------------------------


@queue
def waiting_for_review(user):
    """Items in review, last changed first."""
    parts = [
        Part(
            model,
            model.objects.filter(state=State.REVIEW),
            changelist_url(model, state__exact=State.REVIEW),
        )
        for model in kinds(user)
    ]
    if not parts:
        return None

    def cells(item):
        name = " ".join(
            filter(None, [item["updated_by__first_name"], item["updated_by__last_name"]])
        )
        return [moment(item["updated_at"]), name or item["updated_by__username"] or "—"]

    fields = [
        "updated_at",
        "updated_by__first_name",
        "updated_by__last_name",
        "updated_by__username",
    ]
    return Queue(
        "waiting-for-review",
        _("Waiting for review"),
        _("An editor finished these. An eindredacteur reads them and publishes them."),
        [_("Last changed"), _("By")],
        _("Nothing waits for review."),
        parts,
        gather(parts, fields, ["-updated_at"], cells),
    )


def name(item, prefix):
    """A person's name from an item's `<prefix>first_name`, `…last_name`, `…username`."""
    full = " ".join(filter(None, [item[f"{prefix}first_name"], item[f"{prefix}last_name"]]))
    return full or item[f"{prefix}username"] or "—"


@queue
def pending_changes(user):
    """Changes to published items that wait for review (revisions.py), last saved first; for
    those who may publish them. A title leads to the comparison with the published version."""
    parts = [
        Part(
            model,
            model.objects.filter(revisions__state=Revision.State.PENDING),
            changelist_url(model, **{revisions.FILTER: "pending"}),
        )
        for model in kinds(user)
        if can_publish(user, model)
    ]
    if not parts:
        return None

    def cells(item):
        return [moment(item["revisions__updated_at"]), name(item, "revisions__author__")]

    def compare(part, item):
        return revisions.admin_revision_url(part.model(pk=item["pk"]))

    fields = [
        "revisions__updated_at",
        "revisions__author__first_name",
        "revisions__author__last_name",
        "revisions__author__username",
    ]
    return Queue(
        "pending-changes",
        _("Pending changes to published items"),
        _(
            "An editor changed these published items. Visitors see the published version "
            "until you publish the change."
        ),
        [_("Saved"), _("By")],
        _("No change waits for review."),
        parts,
        gather(parts, fields, ["-revisions__updated_at"], cells, link=compare),
    )


@queue
def sent_back_to_me(user):
    """What an eindredacteur sent back to `user` with a comment (revisions.py), last sent
    back first."""
    parts = [
        Part(
            model,
            model.objects.filter(revisions__state=Revision.State.SENT_BACK, revisions__author=user),
            changelist_url(model, **{revisions.FILTER: "sent_back_to_me"}),
        )
        for model in kinds(user)
    ]
    if not parts:
        return None

    def cells(item):
        comment = Truncator(item["revisions__comment"]).words(30)
        by = name(item, "revisions__sent_back_by__")
        return [comment, f"{by}, {moment(item['revisions__sent_back_at'])}"]

    fields = [
        "revisions__comment",
        "revisions__sent_back_at",
        "revisions__sent_back_by__first_name",
        "revisions__sent_back_by__last_name",
        "revisions__sent_back_by__username",
    ]
    return Queue(
        "sent-back-to-me",
        _("Sent back to me"),
        _("An eindredacteur sent these back to you with a comment. Adjust them and save."),
        [_("Comment"), _("Sent back by")],
        _("Nothing was sent back to you."),
        parts,
        gather(parts, fields, ["-revisions__sent_back_at"], cells),
    )


@queue
def submitted_through_the_site(user):
    """What residents and professionals proposed through the site's forms (items whose `source`
    is "aangemeld"), not yet published nor archived (turned down), newest first."""
    open_states = [State.DRAFT, State.REVIEW]
    parts = [
        Part(
            model,
            model.objects.filter(source=SUBMITTED_SOURCE, state__in=open_states),
            changelist_url(model, source__exact=SUBMITTED_SOURCE, state__in=",".join(open_states)),
        )
        for model in kinds(user)
        if "source" in {model_field.name for model_field in model._meta.fields}
    ]
    if not parts:
        return None

    def cells(item):
        return [State(item["state"]).label, moment(item["created_at"])]

    return Queue(
        "submitted-by-residents",
        _("Submitted through the site"),
        _("Residents and professionals proposed these on the site. They are not published yet."),
        [_("State"), _("Submitted on")],
        _("No new submissions."),
        parts,
        gather(parts, ["state", "created_at"], ["-created_at"], cells),
    )


@queue
def due_for_a_check(user):
    """Published items nobody checked for VERIFY_AFTER_MONTHS months, or ever: never checked
    first (the longest published first), then the oldest check first."""
    parts = [
        Part(
            model,
            model.objects.due_for_a_check(),
            changelist_url(model, state__exact=State.PUBLISHED, **{VERIFIED: DUE}),
        )
        for model in kinds(user, Verifiable)
    ]
    if not parts:
        return None

    def cells(item):
        if item["last_verified"] is None:
            checked = _("Never checked")
        else:
            months = months_since(item["last_verified"])
            checked = ngettext(
                "Last checked %(months)d month ago", "Last checked %(months)d months ago", months
            ) % {"months": months}
        return [checked, day(item["published_at"])]

    months = settings.VERIFY_AFTER_MONTHS
    return Queue(
        "due-for-a-check",
        _("Due for a check"),
        ngettext(
            "These items are on the site. Nobody checked them in the last month, or ever. "
            "See if they are still right.",
            "These items are on the site. Nobody checked them in the last %(months)d months, "
            "or ever. See if they are still right.",
            months,
        )
        % {"months": months},
        [_("Check"), _("Published")],
        _("Nothing is due for a check."),
        parts,
        gather(parts, ["last_verified", "published_at"], DUE_ORDER, cells),
    )
