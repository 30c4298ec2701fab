"""The sitemap: every public page a search engine should know, in Dutch (the default language).

One section per kind, listed by the index at /sitemap.xml; Django splits a section into pages
of 50,000 addresses when it grows that large. Catalogue items pass the `.published()` gate.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Publication
from initiatives.models import District, Initiative, Municipality, Theme


class DutchSitemap(Sitemap):
    """Addresses in the default language, whatever language the request came in."""

    def location(self, item):
        with translation.override(settings.LANGUAGE_CODE):
            return self.path(item)

    def path(self, item):
        return item.get_absolute_url()


class CatalogueSitemap(DutchSitemap):
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


class InitiativeSitemap(CatalogueSitemap):
    model = Initiative


class CaseSitemap(CatalogueSitemap):
    model = Case


class PublicationSitemap(CatalogueSitemap):
    model = Publication


class ThemeSitemap(DutchSitemap):
    def items(self):
        return Theme.objects.only("slug").order_by("pk")


class PlaceSitemap(DutchSitemap):
    """Municipalities or districts with a published initiative or case: an empty place's page
    is there for residents, not for search engines."""

    queryset = None

    def items(self):
        return self.queryset.with_published("initiatives", "cases").order_by("pk")


class MunicipalitySitemap(PlaceSitemap):
    queryset = Municipality.objects.only("slug")


class DistrictSitemap(PlaceSitemap):
    queryset = District.objects.select_related("municipality").only("slug", "municipality__slug")


class PageSitemap(DutchSitemap):
    """The fixed pages: home, the lists, the themes index and the pages about the site."""

    def items(self):
        return [
            "home",
            "initiatives:list",
            "cases:list",
            "cases:publication_list",
            "theme_list",
            "places:index",
            "about",
            "accessibility",
            "privacy",
        ]

    def path(self, item):
        return reverse(item)


# Section names appear in the addresses: /sitemap-initiatieven.xml and so on.
SITEMAPS = {
    "paginas": PageSitemap,
    "themas": ThemeSitemap,
    "initiatieven": InitiativeSitemap,
    "casussen": CaseSitemap,
    "publicaties": PublicationSitemap,
    "gemeenten": MunicipalitySitemap,
    "wijken": DistrictSitemap,
}
