"""Catalogue content is written in Dutch, whatever the interface language: on a page in
another language the elements that hold it say so, so screen readers pronounce it as Dutch
(WCAG 3.1.2, Language of Parts)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def content_lang():
    """` lang="nl"` in the start tag of an element holding editors' text (`<h1{% content_lang
    %}>`) on a page in another language; nothing on a Dutch page, whose <html> says it."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')  # noqa: S308 -- our own setting


@register.filter
def in_content_lang(text):
    """Editors' text among words of the interface (`{{ title|in_content_lang }}`, also inside
    blocktranslate): in a <span> with the content's lang on a page in another language."""
    lang = content_lang()
    return format_html("<span{}>{}</span>", lang, text) if lang else text
