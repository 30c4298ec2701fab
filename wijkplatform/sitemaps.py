"""The sitemap: every public page a search engine should know, in Dutch and in English.

One section per kind, listed by the index at /sitemap.xml; a section of more than 10,000
addresses is split into pages. Catalogue items pass the `.published()` gate.
Each address names its other language and the default (Dutch) as hreflang alternates.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from catalogue import kinds
from initiatives.overview import current_overview
from places.models import District, Municipality
from themes.models import Theme


class BilingualSitemap(Sitemap):
    """Each page in every language (Django sets the language around `location`), with its
    alternates: nl, en and x-default (the Dutch address)."""

    i18n = True
    alternates = True
    x_default = True
    # Addresses a page (Django's default is the protocol's most, 50,000): with three alternates
    # each, such a page took 9.5 s and 18 MB at 100,000 initiatives.
    limit = 10_000


class InLanguages:
    """(item, language) for every item of `queryset` and every language, as Django's sitemap
    pages them, but counted and sliced in the database: Django's own list loaded every item
    to count them, and the index of 50,000 initiatives took 1.5 s instead of 0.07 s."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, list(languages)

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, part):
        start, stop, _step = part.indices(self.count())
        first, per_item = start // len(self.languages), len(self.languages)
        items = self.queryset[first : -(-stop // per_item)]
        pairs = [(item, language) for item in items for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item]


class CatalogueSitemap(BilingualSitemap):
    """The published items of one catalogue model, last modified when last saved."""

    model = None

    def _items(self):
        return InLanguages(self.items(), self._languages())

    def items(self):
        # Ordered by key, so a page of the sitemap keeps its addresses when items are added.
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate instead of loading every item (Django's default)."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ThemeSitemap(BilingualSitemap):
    def items(self):
        return Theme.objects.only("slug").order_by("pk")


class PlaceSitemap(BilingualSitemap):
    """Municipalities or districts with a published initiative or case: an empty place's page
    is there for residents, not for search engines."""

    queryset = None

    def items(self):
        return self.queryset.with_published("initiatives", "cases").order_by("pk")


class MunicipalitySitemap(PlaceSitemap):
    queryset = Municipality.objects.only("slug")


class DistrictSitemap(PlaceSitemap):
    queryset = District.objects.select_related("municipality").only("slug", "municipality__slug")


class ProvinceOverviewSitemap(BilingualSitemap):
    """The overview of each province with a published initiative (/inzicht/<province>/); an
    empty one says noindex, as an empty place page does."""

    def items(self):
        return [
            province.slug for province in current_overview().provinces if province.figures.count
        ]

    def location(self, item):
        return reverse("insight:province", args=[item])


class PageSitemap(BilingualSitemap):
    """The fixed pages: home, the lists, the themes index and the pages about the site."""

    def items(self):
        return [
            "home",
            *(kind.list_url for kind in kinds.all_kinds()),
            "themes:index",
            "places:index",
            "insight:index",
            "about",
            "accessibility",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


# Section names appear in the addresses: /sitemap-initiatieven.xml and so on.
SITEMAPS = {
    "paginas": PageSitemap,
    "themas": ThemeSitemap,
    # One section per kind (catalogue.kinds): /sitemap-initiatieven.xml and so on.
    **{
        kind.path: type(f"{kind.model.__name__}Sitemap", (CatalogueSitemap,), {"model": kind.model})
        for kind in kinds.all_kinds()
    },
    "gemeenten": MunicipalitySitemap,
    "wijken": DistrictSitemap,
    "inzicht": ProvinceOverviewSitemap,
}
