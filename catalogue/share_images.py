"""The picture a shared link shows (Open Graph `og:image`, schema.org `image`): an item's own
image, else the default of its kind; a page that is no item shows the site's.

The defaults are ours: made once by `manage.py make_share_images` (devtools) and kept in
`static/img/share/`. Their alt text is the text they show, which is Dutch in every language.
"""

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils import translation

from . import kinds

SIZE = (1200, 630)  # what Facebook, LinkedIn and others show without cropping
FOLDER = "img/share"
SITE = "wijkplatform"
SITE_CAPTION = "Platform voor buurtontwikkeling"


@dataclass(frozen=True)
class ShareImage:
    url: str  # relative to the site
    width: int
    height: int
    alt: str


def alt_text(caption):
    return f"Wijkplatform: {caption}"


def kind_caption(kind):
    """A kind's name on its default image: Dutch, like the catalogue."""
    with translation.override("nl"):
        return str(kind.label)


def defaults():
    """{file name in static/: caption} of every default image: the site's and each kind's."""
    return {
        f"{FOLDER}/{SITE}.png": SITE_CAPTION,
        **{f"{FOLDER}/{kind.path}.png": kind_caption(kind) for kind in kinds.all_kinds()},
    }


def share_image(item=None):
    """The item's large rendition, else its kind's default; the site's without an item."""
    if item is None:
        return ShareImage(static(f"{FOLDER}/{SITE}.png"), *SIZE, alt_text(SITE_CAPTION))
    rendition = item.renditions().get("large")
    if rendition is not None:
        return ShareImage(rendition.url, rendition.width, rendition.height, item.image_alt)
    kind = kinds.kind_of(type(item))
    return ShareImage(static(f"{FOLDER}/{kind.path}.png"), *SIZE, alt_text(kind_caption(kind)))
