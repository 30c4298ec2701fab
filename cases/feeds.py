"""Atom feeds of the case and publication lists, on the same FilterSets as the pages (see
initiatives.feeds)."""

from django.utils.translation import gettext as _

from catalogue.feeds import CatalogueFeed, xml_text

from .filters import CaseFilterSet, PublicationFilterSet
from .models import Case, Publication


class CaseFeed(CatalogueFeed):
    filterset_class = CaseFilterSet
    model = Case
    list_url_name = "cases:list"

    def kind(self):
        return _("Case studies")


class PublicationFeed(CatalogueFeed):
    filterset_class = PublicationFilterSet
    model = Publication
    list_url_name = "cases:publication_list"

    def kind(self):
        return _("Publications")

    def item_description(self, item):
        # Its summary is rich text, sanitised when saved: HTML, as Atom carries it.
        return xml_text(item.summary)
