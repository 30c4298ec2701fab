"""The sitemap: every public page a search engine should know, in Dutch and in English.

One section per kind, listed by the index at /sitemap.xml; Django splits a section into pages
of 50,000 addresses when it grows that large. Catalogue items pass the `.published()` gate.
Each address names its other language and the default (Dutch) as hreflang alternates.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from catalogue import kinds
from places.models import District, Municipality
from themes.models import Theme


class BilingualSitemap(Sitemap):
    """Each page in every language (Django sets the language around `location`), with its
    alternates: nl, en and x-default (the Dutch address)."""

    i18n = True
    alternates = True
    x_default = True


class CatalogueSitemap(BilingualSitemap):
    """The published items of one catalogue model, last modified when last saved."""

    model = None

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


class PageSitemap(BilingualSitemap):
    """The fixed pages: home, the lists, the themes index and the pages about the site."""

    def items(self):
        return [
            "home",
            *(kind.list_url for kind in kinds.all_kinds()),
            "themes:index",
            "places:index",
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
}
