"""Public pages of the initiatives catalogue, and its public forms."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from catalogue import protection
from catalogue.views import catalogue_list, render_item, submission_form
from places import geo
from places.forms import searched_place, searched_place_query

from .contact import relay_to_initiator
from .filters import InitiativeFilterSet
from .forms import ContactForm, InitiativeSubmissionForm
from .models import Initiative


def initiative_list(request):
    return catalogue_list(
        request,
        InitiativeFilterSet,
        Initiative.objects.published(),
        "initiatives/initiative_list.html",
        card="includes/initiative_card.html",
        empty=_("No initiatives match these filters. Remove a filter to see more."),
        feed_url=reverse("feeds:initiatives"),
        csv_url=reverse("initiatives:export"),
        extra=around_a_place,
    )


# How many initiatives without a fixed place the block below distance results shows: a few,
# newest first. Ten made a resident on a phone scroll past ten more cards to the next page,
# and took a sixth of the page's time to render (the costliest page in `make bench`).
ELSEWHERE_SHOWN = 5


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
    # The results' pages measure "Nearby" from the same place.
    added = {"chips": [chip, *context["chips"]], "detail_query": searched_place_query(request.GET)}
    if context["page_obj"].number == 1:
        elsewhere = filterset.elsewhere()
        added["elsewhere"] = elsewhere.for_cards()[:ELSEWHERE_SHOWN]
        added["elsewhere_count"] = elsewhere.count()
    return added


def initiative_detail(request, slug):
    """An initiative's page. Reached from a search around a place (`?bij=3511 AB`, which the
    canonical address leaves out), it measures distances from that place."""
    origin = searched_place(request.GET)
    initiatives = (
        Initiative.objects.visible_to(request.user).with_related().select_related("neighbourhood")
    )
    if origin:
        initiatives = initiatives.annotate(distance_km=geo.distance_km(origin))
    initiative = get_object_or_404(initiatives, slug=slug)
    cases = initiative.cases.published().select_related("publication")
    published = Initiative.objects.published()
    return render_item(
        request,
        "initiatives/initiative_detail.html",
        initiative,
        {
            "initiative": initiative,
            "cases": cases,
            "origin": origin,
            "detail_query": searched_place_query(request.GET) if origin else "",
            "nearby": published.nearby(initiative, origin).for_links(),
            "similar": published.similar_to(initiative).for_links(),
        },
    )


@protection.limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_submit(request):
    """Anyone proposes an initiative; it waits as a draft for the editors, who get an e-mail.
    A link may fill in the place, target groups and themes ahead (a white spot's "Propose
    one": `?gemeente=GM0344&doelgroep=mantelzorgers`)."""
    suggested = request.GET if request.method != "POST" else {}
    return submission_form(
        request,
        InitiativeSubmissionForm,
        kind="initiative",
        template="initiatives/initiative_submit.html",
        done="initiatives:submitted",
        email="emails/initiative_submitted.txt",
        initial=InitiativeSubmissionForm.suggested(suggested),
    )


@require_safe
def initiative_submitted(request):
    return render(request, "initiatives/initiative_submitted.html")


CONTACT_TEMPLATE = "initiatives/initiative_contact.html"


def contactable(slug):
    """A published initiative with an address to relay to; others have no contact form."""
    return get_object_or_404(Initiative.objects.published().exclude(email=""), slug=slug)


@protection.limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_contact(request, slug):
    """A resident writes to the initiator; the message goes out through the outbox, which
    keeps it only until it is delivered."""
    initiative = contactable(slug)
    form = ContactForm()
    if request.method == "POST":
        screened = protection.screen(
            request,
            ContactForm,
            scope="contact",
            template=CONTACT_TEMPLATE,
            done=reverse("initiatives:contact_sent", args=[initiative.slug]),
            context={"initiative": initiative},
        )
        if screened:
            return screened
        form = ContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            relay_to_initiator(
                request,
                initiative,
                name=data["name"],
                email=data["email"],
                message_text=data["message"],
            )
            return redirect("initiatives:contact_sent", initiative.slug)
    return render(request, CONTACT_TEMPLATE, {"form": form, "initiative": initiative})


@require_safe
def initiative_contact_sent(request, slug):
    initiative = contactable(slug)
    return render(request, "initiatives/initiative_contact_sent.html", {"initiative": initiative})
