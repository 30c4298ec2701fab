"""Public pages of the initiatives catalogue, and its public forms."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import protection
from .facets import active_filters
from .filters import InitiativeFilterSet
from .forms import ContactForm, InitiativeSubmissionForm
from .models import Initiative, InitiativeContact
from .notifications import notify_editors, relay_to_initiator
from .pagination import KeysFirstPaginator
from .search import attach_snippets

logger = logging.getLogger(__name__)


def catalogue_list(request, filterset_class, queryset, template, extra=None, **context):
    """A filtered, faceted, paginated list page; shared by every catalogue list.

    `extra(request, filterset, context)` returns what one list adds to the context.

    An htmx request (a filter changed, or typing in the search box) gets just the list part,
    rendered by the same include the page uses; history restores get the whole page.
    """
    filterset = filterset_class(request.GET, queryset=queryset)
    facets = filterset.facets()
    paginator = KeysFirstPaginator(filterset.qs.for_cards(), settings.LIST_PAGE_SIZE)
    paginator.count = filterset.total  # counted with the facets, in the same query
    page = paginator.get_page(request.GET.get("page"))  # a bad page number falls back
    context.update(
        filter=filterset,
        search=filterset.search,
        facets=facets,
        chips=active_filters(request, facets),
        page_obj=page,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        results=attach_snippets(page.object_list, filterset.search.query),
    )
    if extra:
        context.update(extra(request, filterset, context))
    if request.htmx and not request.htmx.history_restore_request:
        template = "includes/list_layout.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def initiative_list(request):
    return catalogue_list(
        request,
        InitiativeFilterSet,
        Initiative.objects.published(),
        "initiatives/initiative_list.html",
        card="includes/initiative_card.html",
        empty=_("No initiatives match these filters. Remove a filter to see more."),
        feed_url=reverse("feed_initiatives"),
        csv_url=reverse("initiatives:export"),
        extra=around_a_place,
    )


# How many initiatives without a fixed place the block below distance results shows.
ELSEWHERE_SHOWN = 10


def around_a_place(request, filterset, context):
    """Around a place: a chip to stop searching there, and on the first page the matches
    that have no fixed place, shown apart from the distance results."""
    origin = filterset.origin
    if not origin:
        return {}
    query = request.GET.copy()
    for name in ("bij", "straal", "page"):
        query.pop(name, None)
    if query.get("sort") == "afstand":
        query.pop("sort")
    chip = {
        "legend": _("Near"),
        "label": filterset.place_label,
        "url": f"?{query.urlencode()}",
    }
    added = {"chips": [chip, *context["chips"]]}
    if context["page_obj"].number == 1:
        elsewhere = filterset.elsewhere()
        added["elsewhere"] = elsewhere.for_cards()[:ELSEWHERE_SHOWN]
        added["elsewhere_count"] = elsewhere.count()
    return added


def render_item(request, template, item, context):
    """An item's public page. Only staff reach an unpublished one (`visible_to`): they see
    it as it will be published, under a banner, and the page is never cached nor indexed."""
    preview = None
    if not item.is_published:
        opts = item._meta
        preview = {
            "state": item.get_state_display(),
            "edit_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]),
        }
    response = render(request, template, {**context, "preview": preview})
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).with_related().select_related("neighbourhood"),
        slug=slug,
    )
    cases = initiative.cases.published().select_related("publication")
    published = Initiative.objects.published()
    return render_item(
        request,
        "initiatives/initiative_detail.html",
        initiative,
        {
            "initiative": initiative,
            "cases": cases,
            "nearby": published.nearby(initiative).select_related("municipality"),
            "similar": published.similar_to(initiative).select_related("municipality"),
        },
    )


def submission_form(request, form_class, *, kind, template, done, email):
    """A public proposal form, shared by initiatives and publications: rate limit (the input
    kept), honeypot (looks like success, keeps nothing), save as a draft and tell the editors.
    `done` is the URL name of the thank-you page, `email` the editors' e-mail template."""
    form = form_class()
    if request.method == "POST":
        if minutes := protection.minutes_to_wait(request, kind):
            form = protection.initial_from_post(form_class, request.POST)
            return protection.too_many_requests(request, template, {"form": form}, minutes)
        if protection.caught_in_honeypot(request):
            return redirect(done)
        form = form_class(request.POST)
        if form.is_valid():
            notify_editors(request, form.save(), email)
            return redirect(done)
    return render(request, template, {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def initiative_submit(request):
    """Anyone proposes an initiative; it waits as a draft for the editors, who get an e-mail."""
    return submission_form(
        request,
        InitiativeSubmissionForm,
        kind="initiative",
        template="initiatives/initiative_submit.html",
        done="initiatives:submitted",
        email="emails/initiative_submitted.txt",
    )


@require_safe
def initiative_submitted(request):
    return render(request, "initiatives/initiative_submitted.html")


CONTACT_TEMPLATE = "initiatives/initiative_contact.html"


def contactable(slug):
    """A published initiative with an address to relay to; others have no contact form."""
    return get_object_or_404(Initiative.objects.published().exclude(email=""), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def initiative_contact(request, slug):
    """A resident writes to the initiator; the message goes out by e-mail and is not kept."""
    initiative = contactable(slug)
    form = ContactForm()
    if request.method == "POST":
        if minutes := protection.minutes_to_wait(request, "contact"):
            form = protection.initial_from_post(ContactForm, request.POST)
            context = {"form": form, "initiative": initiative}
            return protection.too_many_requests(request, CONTACT_TEMPLATE, context, minutes)
        if protection.caught_in_honeypot(request):
            return redirect("initiatives:contact_sent", initiative.slug)
        form = ContactForm(request.POST)
        if form.is_valid() and relay(request, initiative, form):
            return redirect("initiatives:contact_sent", initiative.slug)
    return render(request, CONTACT_TEMPLATE, {"form": form, "initiative": initiative})


def relay(request, initiative, form):
    """Send the message and log that it was sent; a mail server that fails is an error on the
    form (the message stays in it), not a lost message."""
    try:
        data = form.cleaned_data
        relay_to_initiator(
            request, initiative, name=data["name"], email=data["email"], message=data["message"]
        )
    except (OSError, SMTPException):
        logger.exception("Could not relay a message to initiative %s", initiative.pk)
        form.add_error(None, _("We could not send your message just now. Please try again later."))
        return False
    InitiativeContact.objects.create(
        initiative=initiative, address_hash=protection.hashed_address(request)
    )
    return True


@require_safe
def initiative_contact_sent(request, slug):
    initiative = contactable(slug)
    return render(request, "initiatives/initiative_contact_sent.html", {"initiative": initiative})
