"""The registry of content kinds: what each kind (initiatives, cases, publications) brings to
the site-wide pages.

Each content app registers its kinds from its own AppConfig.ready(). The home page, /zoeken/,
the theme pages, the sitemap and the API and feed addresses iterate this registry, so they
name no kind, and registering also keeps the kind's search index current (index.register).
"""

from dataclasses import dataclass

from . import index

_KINDS = {}


@dataclass(frozen=True)
class Kind:
    model: type
    name: str  # singular, in code: "initiative" (its card is includes/<name>_card.html)
    key: str  # plural, in code: "initiatives" (the home and theme pages' context names)
    label: str  # plural, for people: "Initiatives" (a lazy translation)
    path: str  # plural, in addresses: "initiatieven" (sitemap section, API and feed)
    filterset: type
    list_url: str  # the URL name of its list page
    search_fields: dict  # weight ("A", "B", "C") -> fields or relation paths ("themes__name")
    snippet_fields: tuple = ()  # the texts a result's snippet comes from, the first that has one
    home_items: int = 3  # how many the home page shows; 0: none
    on_theme_pages: bool = False
    near_list: bool = False  # a search for a place alone (no words) opens its list, around it
    api: object = None  # the JSON list view, at /api/v1/<path>/
    feed: object = None  # the Atom feed view, at /feeds/<path>/
    describe: object = None  # (request, item, **related) -> its schema.org description
    order: int = 0  # where the kind comes on the site-wide pages


def register(kind):
    """Add a kind (from its app's AppConfig.ready()) and keep its search index current."""
    _KINDS[kind.model] = kind
    index.register(kind.model, snippets=kind.snippet_fields, **kind.search_fields)


def all_kinds():
    """Every registered kind, in the order the site-wide pages show them."""
    return sorted(_KINDS.values(), key=lambda kind: kind.order)


def kind_of(model):
    return _KINDS[model]


def by_path(path):
    """The kind whose addresses use `path` ("initiatieven"), or None."""
    return next((kind for kind in _KINDS.values() if kind.path == path), None)
