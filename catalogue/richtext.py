"""Editors' rich text: one allow-list, applied when text is saved and again when it is shown.

The admin's editor (django-prose-editor, see editor.py) offers exactly what the allow-list
keeps: EDITOR_EXTENSIONS and ALLOWED_TAGS must agree (a test checks). Text that does not come
from the editor (a textarea without JavaScript, an import, a paste from Word or Google Docs) is
brought back to the same small set of tags here.
"""

import re
from collections import Counter
from html import unescape

import nh3
from django.utils.html import strip_tags

# What the editor's toolbar offers, in django-prose-editor's terms. Our pages have their own h1,
# so headings start at h2.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    # Without its dialog for the numbering style: the allow-list drops <ol type>.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
}

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
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Tags that mean the same as an allowed one: kept through cleaning, then renamed. An h1 of the
# editor's would compete with the page's own title; h5 and h6 are more depth than we show.
RENAMED_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
RENAMED_TAG = re.compile(r"<(/?)(b|i|h1|h5|h6)>")

# Removed together with everything inside them, not just unwrapped: their text is no content.
DROPPED_WITH_CONTENT = {"script", "style", "title", "xml", "template"}

# The parser reads everything after these as plain text, up to their end tag or, without one,
# to the end: an unclosed <style> would take all the words after it along. Their tags go
# first, so what they hold is read as ordinary HTML and cleaned as such (their content is
# text a browser shows, or a fallback that is no harm to keep).
RAW_TEXT_TAG = re.compile(
    r"</?(?:iframe|noembed|noframes|noscript|plaintext|textarea|xmp)(?=[\s/>])[^>]*>?",
    re.IGNORECASE | re.ASCII,
)
# Tags of the elements dropped with their content; one that no end tag closes is removed, so the
# words after it are not dropped as its content.
DROPPED_TAG = re.compile(
    rf"<(/?)({'|'.join(DROPPED_WITH_CONTENT)})(?=[\s/>])[^>]*>?", re.IGNORECASE | re.ASCII
)

# Word's list bullets ("·" and a run of spaces), shown only to programs without list support.
WORD_LIST_MARKER = re.compile(
    r"<!(?:--)?\[if\s+!supportLists\](?:--)?>.*?<!(?:--)?\[endif\](?:--)?>",
    re.IGNORECASE | re.DOTALL,
)
# Google Docs wraps a whole paste in <b style="font-weight:normal" id="docs-internal-guid-…">:
# bold by tag, not by look. Such a <b> becomes a <span>, which cleaning unwraps; its stray </b>
# is ignored by the HTML parser.
NOT_BOLD_B = re.compile(
    r"<b\b(?=[^>]*(?:docs-internal-guid|font-weight:\s*(?:normal|[1-4]00)\b))[^>]*>",
    re.IGNORECASE,
)
# Google Docs marks bold and italic with a style on a <span> (never nested), not with a tag.
STYLED_SPAN = re.compile(r"<span\b([^>]*)>([^<]*)</span>", re.IGNORECASE)
BOLD_STYLE = re.compile(r"font-weight:\s*(?:bold|[6-9]00)\b", re.IGNORECASE)
ITALIC_STYLE = re.compile(r"font-style:\s*italic\b", re.IGNORECASE)
# Blocks with nothing to read: Word's <p>&nbsp;</p> spacers, a leftover <strong></strong>.
EMPTY_ELEMENT = re.compile(
    r"<(p|h2|h3|h4|ul|ol|li|blockquote|strong|em|a)\b[^>]*>(?:\s|&nbsp;|<br>)*</\1>"
)
BLOCK_TAGS = "p|br|h2|h3|h4|ul|ol|li|blockquote"
# Whitespace next to a block tag shows nowhere (Word puts a line break between its paragraphs).
# Whitespace inside text stays: plain text keeps its line breaks.
SPACE_AROUND_BLOCK = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*")
# Line breaks that end a block, or stand between blocks (Google Docs puts them there).
BREAK_AFTER_BLOCK = re.compile(r"(^|</(?:p|h2|h3|h4|ul|ol|li|blockquote)>)(?:<br>)+")
BREAK_ENDING_BLOCK = re.compile(r"(?:<br>)+(</(?:p|h2|h3|h4|li|blockquote)>|$)")


def sanitise(html):
    """Return HTML with only the allowed tags and attributes; links get rel=noopener.

    Safe to apply twice: sanitising clean HTML gives the same HTML.
    """
    if not html:
        return ""
    html = without_unclosed(RAW_TEXT_TAG.sub("", html))
    html = NOT_BOLD_B.sub("<span>", WORD_LIST_MARKER.sub("", html))
    html = STYLED_SPAN.sub(styled_span_as_tags, html)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS | RENAMED_TAGS.keys(),
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=drop_empty,  # the link dialog leaves title="" when it is not filled in
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # nh3's output is well-formed and has no attributes on these tags, so plain text
    # replacement is exact here.
    html = RENAMED_TAG.sub(lambda m: f"<{m[1]}{RENAMED_TAGS[m[2]]}>", html)
    html = SPACE_AROUND_BLOCK.sub(r"\1", html)
    previous = None
    while previous != html:  # <li><p>&nbsp;</p></li> empties its <li> only once <p> is gone
        html, previous = EMPTY_ELEMENT.sub("", html), html
        html = BREAK_ENDING_BLOCK.sub(r"\1", BREAK_AFTER_BLOCK.sub(r"\1", html))
    return html


def without_unclosed(html):
    """`html` without the start tags of elements dropped with their content that no end tag
    of theirs closes: the parser would read all that follows as their content. Counted as if
    they nested, so a doubt keeps the words."""
    end_tags_after = Counter()
    unclosed = set()
    for tag in reversed(list(DROPPED_TAG.finditer(html))):
        name = tag[2].lower()
        if tag[1]:
            end_tags_after[name] += 1
        elif end_tags_after[name]:
            end_tags_after[name] -= 1
        else:
            unclosed.add(tag.start())
    return DROPPED_TAG.sub(lambda tag: "" if tag.start() in unclosed else tag[0], html)


def drop_empty(tag, attribute, value):
    return value if value.strip() else None


def styled_span_as_tags(match):
    """A <span> whose style says bold or italic as <strong>/<em>; any other span unchanged."""
    attributes, text = match[1], match[2]
    if BOLD_STYLE.search(attributes):
        text = f"<strong>{text}</strong>"
    if ITALIC_STYLE.search(attributes):
        text = f"<em>{text}</em>"
    return text if text != match[2] else match[0]


# Where one block of rich text ends and the next begins: a space, so words do not run together.
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h2|h3|h4|blockquote|ul|ol)>", re.IGNORECASE)


def plain_text(html):
    """Rich text as one line of plain text, for meta descriptions and structured data.
    Sanitised first, so a script's source never turns into text."""
    return " ".join(unescape(strip_tags(BLOCK_END.sub(" ", sanitise(html)))).split())
