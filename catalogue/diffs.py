"""What changed in a text, word by word, for editors: the history and the comparison of a
pending revision with the published version both show their changes through here.

Whole texts, never cut: an edit in the middle of a long description must show. Rich text is
compared as the text a reader sees, one paragraph (or list item, heading, quote) per line, so
blocks do not run together and a change of markup alone is no change of words.

`field_changes` compares two versions of an item field by field; the include
templates/admin/includes/field_changes.html shows its result, styled by static/css/diff.css.
"""

import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from html import unescape
from typing import NamedTuple

from diff_match_patch import diff_match_patch
from django.contrib.admin.utils import display_for_value
from django.db import models
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .fields import RichTextField
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
# When the diffs running now must be done (time.time()), set by `time_limit`.
_deadline = ContextVar("diff_deadline", default=None)


def rich_text_as_text(html):
    """Rich text as plain text with one block per line ("• " before a list item)."""
    text = LIST_ITEM.sub("• ", BLOCK_END.sub("\n", sanitise(html or "")))
    lines = (" ".join(line.split()) for line in unescape(strip_tags(text)).split("\n"))
    return "\n".join(line for line in lines if line)


@contextmanager
def time_limit(seconds):
    """All word diffs made inside share `seconds`: a page of many long rewrites stays quick.
    Once the time is up a diff is coarser (longer stretches removed and added), never wrong."""
    token = _deadline.set(time.time() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def word_diff(old, new):
    """`old` against `new` as HTML: removed words in <del>, added words in <ins>, the rest as
    it was; line breaks stay line breaks (shown with CSS `white-space: pre-line`)."""
    old_tokens, new_tokens = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    codes = {}

    def encode(tokens):
        # diff-match-patch compares characters: each distinct word gets a character of its
        # own (from the private-use area up), as its "line mode" does with lines.
        return "".join(
            chr(codes.setdefault(word_of(token), PRIVATE_USE + len(codes))) for token in tokens
        )

    deadline = time.time() + _matcher.Diff_Timeout
    shared = _deadline.get()
    diffs = _matcher.diff_main(
        encode(old_tokens),
        encode(new_tokens),
        False,
        deadline if shared is None else min(deadline, shared),
    )
    _matcher.diff_cleanupSemantic(diffs)
    parts, at_old, at_new = [], 0, 0
    for operation, chars in diffs:
        # Words kept or added as the new text has them, removed ones as the old text had them.
        if operation == -1:
            words, at_old = old_tokens[at_old : at_old + len(chars)], at_old + len(chars)
        else:
            words = new_tokens[at_new : at_new + len(chars)]
            at_new += len(chars)
            if operation == 0:
                at_old += len(chars)
        parts.append((format_html(TAGS[operation], "".join(words)),))
    return format_html_join("", "{}", parts)


def word_of(token):
    """What a token is compared by: not the spaces after a word, so "Pan" at the end of a
    title is the same word as the "Pan " in the middle of a longer one."""
    return token if token == "\n" else token.strip() or " "


class FieldChange(NamedTuple):
    """One field's change between two versions of an item."""

    label: str  # the field's name, as the form shows it
    old: str  # the whole old value as a reader sees it; "" when empty
    new: str
    diff: SafeString  # what changed, as HTML (see field_changes)
    kind: str  # "text" (words), "list" (names added and removed) or "value" (old → new)


def field_changes(model, old, new):
    """What changed from one version of a `model` item to another, field by field in the
    model's order: [FieldChange], the unchanged fields left out.

    `old` and `new` map field names to values; a name only one of them has is not compared.
    A value is what the field stores (rich text as HTML, the related object for a foreign
    key), the names of the linked objects for a to-many field, or one line of text per row
    for a reverse relation whose rows are part of the item (a case's quotes).
    """
    forward = [f.name for f in (*model._meta.concrete_fields, *model._meta.many_to_many)]
    names = [name for name in forward if name in old and name in new]
    names += [name for name in new if name in old and name not in forward]
    result = []
    for name in names:
        if old[name] == new[name]:
            continue
        field = model._meta.get_field(name)
        change = field_change(field, old[name], new[name])
        if change is not None:
            result.append(change)
    return result


def field_change(field, old, new):
    """One field's FieldChange, or None if nothing a reader sees changed (the order of a
    list of names, an empty value stored another way)."""
    kind = kind_of(field)
    label = capfirst(
        field.related_model._meta.verbose_name_plural if is_part(field) else field.verbose_name
    )
    if kind == "list":
        old_names, new_names = names_of(field, old), names_of(field, new)
        if set(old_names) == set(new_names):
            return None
        return FieldChange(
            label,
            ", ".join(old_names),
            ", ".join(new_names),
            list_diff(old_names, new_names),
            kind,
        )
    old_text, new_text = as_text(field, old), as_text(field, new)
    if old_text == new_text and not isinstance(field, RichTextField):
        return None  # nothing a reader would see (no text for an empty one)
    if kind == "value":
        diff = format_html(
            "{} → {}",
            format_html("<del>{}</del>", old_text) if old_text else _("(empty)"),
            format_html("<ins>{}</ins>", new_text) if new_text else _("(empty)"),
        )
    elif old_text == new_text:  # rich text: bold, a heading, a link; the same words
        diff = format_html(
            '<span class="diff-note">{}</span>', _("Only the layout changed, not the words.")
        )
    else:
        diff = word_diff(old_text, new_text)
    return FieldChange(label, old_text, new_text, diff, kind)


def is_part(field):
    """Whether `field` is a reverse relation: rows of their own that belong to the item."""
    return field.auto_created and field.one_to_many


def kind_of(field):
    """How a field's change is best shown: see FieldChange.kind."""
    if is_part(field):
        return "text"
    if field.many_to_many or getattr(field, "base_field", None) is not None:
        return "list"  # links, or a list of choices
    if field.choices or isinstance(field, models.URLField | models.EmailField | models.SlugField):
        return "value"
    if isinstance(field, models.TextField | models.CharField):
        return "text"
    return "value"


def names_of(field, value):
    """A list of links or choices as the sorted names an editor knows."""
    if field.many_to_many:
        return sorted(str(name) for name in value or ())
    labels = dict(getattr(field, "base_field", field).flatchoices)
    return sorted(str(labels.get(item, item)) for item in value or ())


def list_diff(old, new):
    """The names added and those removed, each group on a line of its own and said in words
    (not only marked)."""
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    lines = []
    if added:
        lines.append((_("Added:"), format_html_join(", ", "<ins>{}</ins>", ((n,) for n in added))))
    if removed:
        lines.append(
            (_("Removed:"), format_html_join(", ", "<del>{}</del>", ((n,) for n in removed)))
        )
    return format_html_join("\n", '<span class="diff-label">{}</span> {}', lines)


def as_text(field, value):
    """A stored value as an editor reads it, whole; "" for nothing."""
    if is_part(field):  # one line per row
        return "\n".join(value or ())
    if value is None or value == "":
        return ""
    if isinstance(field, RichTextField):
        return rich_text_as_text(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(display_for_value(value, ""))
