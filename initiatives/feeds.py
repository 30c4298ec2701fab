"""The Atom feed of the initiatives list: follow a search."""

from django.utils.translation import gettext as _

from catalogue.feeds import CatalogueFeed

from .filters import InitiativeFilterSet
from .models import Initiative


class InitiativeFeed(CatalogueFeed):
    filterset_class = InitiativeFilterSet
    model = Initiative
    list_url_name = "initiatives:list"

    def kind(self):
        return _("Initiatives")
