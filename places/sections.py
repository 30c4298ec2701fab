"""The registry of place sections: what other apps add to a place page.

A place page (a municipality or a district) shows what this app knows: its name, counts, map
and newest items. Apps above it (initiatives: the wijkbeeld, its figures) add a section of
their own by registering it from their AppConfig.ready(), as content kinds register with
catalogue.kinds. This app then renders every registered section without importing the app
that made it: the layers stay `initiatives → places`, never the other way.
"""

from collections.abc import Callable
from dataclasses import dataclass

_SECTIONS = {}


@dataclass(frozen=True)
class Section:
    name: str  # its key, and the id of its element on the page ("wijkbeeld")
    template: str  # rendered with the page's context, the section's own under `section`
    # (request, place) -> the section's context (a dict), or None to leave it out for this
    # place: called for every page, so it must run a fixed number of queries. A `link` in it
    # is the text of a link to the section beneath the page's lead.
    context: Callable
    order: int = 0  # where it comes among the sections
    stylesheet: str = ""  # a static file the page links in its head when it shows the section


def register(section):
    """Add a section (from its app's AppConfig.ready())."""
    _SECTIONS[section.name] = section


def for_place(request, place):
    """The sections this place shows, in order: each its `name`, `template`, `stylesheet`
    and context."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda section: section.order):
        context = section.context(request, place)
        if context is not None:
            shown.append(
                {
                    "name": section.name,
                    "template": section.template,
                    "stylesheet": section.stylesheet,
                    **context,
                }
            )
    return shown
