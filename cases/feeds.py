"""Atom feed of the case list, on the same FilterSet as the page (see initiatives.feeds)."""

from django.utils.translation import gettext as _

from catalogue.feeds import CatalogueFeed

from .filters import CaseFilterSet
from .models import Case


class CaseFeed(CatalogueFeed):
    filterset_class = CaseFilterSet
    model = Case
    list_url_name = "cases:list"

    def kind(self):
        return _("Case studies")
