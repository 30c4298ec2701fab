"""Site-wide pages: home, themes (a theme page spans initiatives and cases), search, the pages
about the site, and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from cases.filters import CaseFilterSet, PublicationFilterSet
from cases.models import Case, Publication
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Initiative, Theme
from initiatives.pagination import first_rows
from initiatives.search import SearchRequest, attach_snippets

HOME_ITEMS = 6
THEME_ITEMS = 12
SEARCH_ITEMS = 5
SEARCH_KINDS = [
    (_("Initiatives"), InitiativeFilterSet, Initiative, "initiatives:list", "initiative"),
    (_("Case studies"), CaseFilterSet, Case, "cases:list", "case"),
    (_("Publications"), PublicationFilterSet, Publication, "cases:publication_list", "publication"),
]


def home(request):
    return render(
        request,
        "home.html",
        {
            "themes": Theme.objects.filter(parent__isnull=True),
            "initiatives": Initiative.objects.published().for_cards()[:HOME_ITEMS],
            "cases": Case.objects.published().for_cards()[:3],
            "publications": Publication.objects.published().for_cards()[:3],
        },
    )


def theme_list(request):
    themes = Theme.objects.filter(parent__isnull=True)
    groups = [
        (label, [theme for theme in themes if theme.category == value])
        for value, label in Theme.Category.choices
    ]
    return render(request, "themes/theme_list.html", {"groups": groups})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    initiatives = Initiative.objects.published().linked_to("themes", [slug])
    cases = Case.objects.published().linked_to("themes", [slug])
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "initiatives": initiatives.for_cards()[:THEME_ITEMS],
            "initiative_count": initiatives.count(),
            "cases": cases.for_cards()[:THEME_ITEMS],
            "case_count": cases.count(),
        },
    )


def search(request):
    """Site-wide search: the best results of each kind, with counts and links to each list."""
    query = {key: request.GET[key] for key in ("q", "letterlijk") if request.GET.get(key)}
    understood = SearchRequest(query.get("q"), correct=not query.get("letterlijk"))
    groups = []
    if understood.query is not None:
        for label, filterset_class, model, list_url, card in SEARCH_KINDS:
            filterset = filterset_class(query, queryset=model.objects.published())
            filterset.search = understood  # understood once, run on every kind
            results = first_rows(filterset.qs.for_cards(), SEARCH_ITEMS)
            groups.append(
                {
                    "label": label,
                    # Counted (or taken from the cache) only when there are more to show.
                    "count": filterset.count() if len(results) == SEARCH_ITEMS else len(results),
                    "results": attach_snippets(results, understood.query),
                    "url": f"{reverse(list_url)}?{request.GET.urlencode()}",
                    "card": f"includes/{card}_card.html",
                    "name": card,
                }
            )
    return render(request, "search.html", {"search": understood, "groups": groups})


class SitePage(TemplateView):
    """A page about the site (about, accessibility, privacy): long plain-language text, so one
    template per language, `pages/<page>.<language>.html`, rather than paragraphs of msgids."""

    page = None

    def get_template_names(self):
        return [f"pages/{self.page}.{get_language()}.html", f"pages/{self.page}.nl.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.CONTACT_EMAIL, **kwargs)


# The API is not for readers; search results and exports come in endless combinations of
# parameters and hold nothing the lists and detail pages do not. The admin is left out: its
# pages say noindex themselves, and its address (DJANGO_ADMIN_URL) need not be advertised.
ROBOTS_DISALLOW = ["/zoeken/", "/en/zoeken/", "/api/", "/*export.csv"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
