"""Site-wide pages: home and search read every kind (catalogue.kinds); the pages about the
site; robots.txt; the answers to a bad request and a failed CSRF check."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views import defaults
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from catalogue import kinds
from catalogue.pagination import first_rows
from catalogue.search import SearchRequest, attach_snippets
from places.forms import PlaceForm
from themes.models import Theme

SEARCH_ITEMS = 5


def home(request):
    context = {"themes": Theme.objects.filter(parent__isnull=True), "where": PlaceForm()}
    for kind in kinds.all_kinds():
        if kind.home_items:
            context[kind.key] = kind.model.objects.published().for_cards()[: kind.home_items]
    return render(request, "home.html", context)


def search(request):
    """Site-wide search for what (`q`) and where (`bij`, `straal`): the best results of each
    kind, each narrowed to the place as its list can be, with counts and links to each list.
    A place alone opens the list that searches around a place. A place that is not
    understood is named beside its field, and the words are searched everywhere."""
    what = {key: request.GET[key] for key in ("q", "letterlijk") if request.GET.get(key)}
    where = PlaceForm(request.GET)
    place = where.place
    understood = SearchRequest(what.get("q"), correct=not what.get("letterlijk"))
    if place and not what.get("q"):
        near = next((kind for kind in kinds.all_kinds() if kind.near_list), None)
        if near:
            return redirect(list_address(near, near.filterset.place_parameters(place)))
    groups = []
    if understood.query is not None:
        for kind in kinds.all_kinds():
            narrowed = kind.filterset.place_parameters(place) if place else None
            query = {**what, **(narrowed or {})}
            filterset = kind.filterset(query, queryset=kind.model.objects.published())
            filterset.search = understood  # understood once, run on every kind
            results = first_rows(filterset.qs.for_cards(), SEARCH_ITEMS)
            groups.append(
                {
                    "label": kind.label,
                    # Counted (or taken from the cache) only when there are more to show; a
                    # broad search is not counted beyond its newest matches (search.broad_limit).
                    "count": filterset.count() if len(results) == SEARCH_ITEMS else len(results),
                    "broad": filterset.broad,
                    "limit": filterset.broad_limit,
                    "results": attach_snippets(results, understood),
                    "url": list_address(kind, query),
                    "card": f"includes/{kind.name}_card.html",
                    "name": kind.name,
                    "place_label": filterset.place_label,
                    "placeless": place is not None and narrowed is None,
                }
            )
    context = {"search": understood, "where": where, "place": place, "groups": groups}
    return render(request, "search.html", context)


def list_address(kind, query):
    """The address of a kind's list with `query`, leaving out empty parameters."""
    params = urlencode({key: value for key, value in query.items() if value})
    return f"{reverse(kind.list_url)}?{params}" if params else reverse(kind.list_url)


class SitePage(TemplateView):
    """A page about the site (about, accessibility, privacy): long plain-language text, so one
    template per language, `pages/<page>.<language>.html`, rather than paragraphs of msgids."""

    page = None

    def get_template_names(self):
        return [f"pages/{self.page}.{get_language()}.html", f"pages/{self.page}.nl.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.CONTACT_EMAIL, **kwargs)


# The API is not for readers; exports come in endless combinations of parameters and hold
# nothing the lists and detail pages do not. Search pages stay open: they say noindex, and a
# crawler only reads that on a page it may fetch. The admin is left out: its pages say noindex
# themselves, and its address (DJANGO_ADMIN_URL) need not be advertised.
ROBOTS_DISALLOW = ["/api/", "/*export.csv"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """handler400: our page, but plain text for a host we do not serve: the page's links and
    metadata are built from the host, which is what is wrong (a scanner, a probe by the
    server's own address)."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest("Bad Request\n", content_type="text/plain; charset=utf-8")
    return defaults.bad_request(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form that came back without its token (an old page, cookies
    blocked), in the site's layout and language, saying what to do. Django's own page is
    English with an inline style that the Content Security Policy blocks."""
    return render(request, "csrf_failure.html", status=403)
