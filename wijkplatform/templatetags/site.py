"""Template helpers for the site chrome and editors' rich text."""

from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

from initiatives.richtext import sanitise

register = template.Library()


@register.filter
def rich(html):
    """Editors' HTML, sanitised once more on the way out (defence in depth)."""
    return mark_safe(sanitise(html))  # noqa: S308 -- sanitised by the allow-list above


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """This page in another interface language, keeping the query string."""
    request = context["request"]
    url = translate_url(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url
