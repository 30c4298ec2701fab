"""Editors' rich text: one allow-list, applied when text is saved and again when it is shown."""

import re
from html import unescape

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html):
    """Return HTML with only the allowed tags and attributes; links get rel=noopener."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Where one block of rich text ends and the next begins: a space, so words do not run together.
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h2|h3|h4|blockquote|ul|ol)>", re.IGNORECASE)


def plain_text(html):
    """Rich text as one line of plain text, for meta descriptions and structured data."""
    return " ".join(unescape(strip_tags(BLOCK_END.sub(" ", html or ""))).split())
