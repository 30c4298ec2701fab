"""What changed in a text, word by word, for editors: the history and the comparison of a
pending revision with the published version both show their changes through here.

Whole texts, never cut: an edit in the middle of a long description must show. Rich text is
compared as the text a reader sees, one paragraph (or list item, heading, quote) per line, so
blocks do not run together and a change of markup alone is no change of words.
"""

import re
from html import unescape

from diff_match_patch import diff_match_patch
from django.utils.html import format_html, format_html_join, strip_tags

from .richtext import sanitise

# Where a block of rich text ends: a line break in the text.
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h2|h3|h4|blockquote)>", re.IGNORECASE)
LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
# A word with the spaces after it, or a line break: the units a change is made of.
TOKEN = re.compile(r"\n|[^\S\n]+|[^\s]+[^\S\n]*")

PRIVATE_USE = 0xE000
TAGS = {-1: "<del>{}</del>", 0: "{}", 1: "<ins>{}</ins>"}

_matcher = diff_match_patch()
_matcher.Diff_Timeout = 1  # seconds; a diff of two whole books would otherwise take long


def rich_text_as_text(html):
    """Rich text as plain text with one block per line ("• " before a list item)."""
    text = LIST_ITEM.sub("• ", BLOCK_END.sub("\n", sanitise(html or "")))
    lines = (" ".join(line.split()) for line in unescape(strip_tags(text)).split("\n"))
    return "\n".join(line for line in lines if line)


def word_diff(old, new):
    """`old` against `new` as HTML: removed words in <del>, added words in <ins>, the rest as
    it was; line breaks stay line breaks (shown with CSS `white-space: pre-line`)."""
    codes = {}

    def encode(text):
        # diff-match-patch compares characters: each distinct word gets a character of its
        # own (from the private-use area up), as its "line mode" does with lines.
        return "".join(
            chr(codes.setdefault(token, PRIVATE_USE + len(codes)))
            for token in TOKEN.findall(text or "")
        )

    diffs = _matcher.diff_main(encode(old), encode(new), False)
    _matcher.diff_cleanupSemantic(diffs)
    words = {chr(code): token for token, code in codes.items()}
    return format_html_join(
        "",
        "{}",
        (
            (format_html(TAGS[operation], "".join(words[char] for char in chars)),)
            for operation, chars in diffs
        ),
    )
