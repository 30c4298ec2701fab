"""What the initiatives' maps (templates/includes/map.html, static/js/map.js) need from the server:
the texts in the visitor's language and the tile settings."""

import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


# Plural sentences go to the script in both forms, for one and for more: Dutch and English need
# no others. `%(count)s`-style names stay in the text for the script to fill in.
ONE_AND_MORE = (1, 2)


def texts():
    """The map's sentences in the page's language."""
    return {
        "loading": gettext("Loading the map…"),
        "failed": gettext("The map could not be loaded. The list shows every result."),
        "empty": gettext("No initiatives match, so the map is empty."),
        "all": [
            ngettext(
                "The initiative is on the map.", "All %(total)s initiatives are on the map.", n
            )
            for n in ONE_AND_MORE
        ],
        "some": [
            ngettext(
                "%(shown)s of %(total)s initiatives is on the map; the rest have no fixed place.",
                "%(shown)s of %(total)s initiatives are on the map; the rest have no fixed place.",
                n,
            )
            for n in ONE_AND_MORE
        ],
        "none": [
            ngettext(
                "This initiative has no fixed place, so the map is empty.",
                "None of these %(total)s initiatives has a fixed place, so the map is empty.",
                n,
            )
            for n in ONE_AND_MORE
        ],
        "truncated": gettext(
            "The map shows %(shown)s of the %(total)s initiatives with a fixed place. "
            "Choose a place or another filter to see them all."
        ),
        "cluster": [
            ngettext("%(count)s initiative", "%(count)s initiatives", n) for n in ONE_AND_MORE
        ],
        "zoomIn": gettext("Zoom in"),
        "zoomOut": gettext("Zoom out"),
        "close": gettext("Close"),
    }


def symbol_texts():
    """The sentences of the map of municipalities (/inzicht/), in the page's language."""
    return {
        "count": [
            ngettext("%(count)s initiative", "%(count)s initiatives", n) for n in ONE_AND_MORE
        ],
        "most": gettext("most made: %(kind)s"),
        "tie": gettext("equally often: %(kinds)s"),
        "noKind": gettext("no kind of connection named"),
        "shown": [
            ngettext(
                "%(count)s municipality with initiatives is on the map.",
                "%(count)s municipalities with initiatives are on the map.",
                n,
            )
            for n in ONE_AND_MORE
        ],
        "nothing": gettext("No municipality here has initiatives yet, so the map is empty."),
    }


@register.simple_tag
def map_config(symbols=False):
    """The tile layer, its credit (none without tiles) and the texts, as a map include uses them;
    with `symbols`, also those of the map of municipalities.

    The credit is the operator's HTML from the settings, so it is rendered as it is.
    """
    tiles = settings.MAP_TILE_URL
    return {
        "tiles": tiles,
        "attribution": mark_safe(settings.MAP_ATTRIBUTION) if tiles else "",  # noqa: S308
        "texts": json.dumps(texts(), ensure_ascii=False),
        "symbol_texts": json.dumps(symbol_texts(), ensure_ascii=False) if symbols else "",
    }
