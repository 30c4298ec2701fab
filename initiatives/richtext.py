"""Editors' rich text: one allow-list, applied when text is saved and again when it is shown."""

import nh3

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i",
                "blockquote"}
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
