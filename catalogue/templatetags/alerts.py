"""The e-mail alert page of a list (alerts.py)."""

from django import template
from django.urls import reverse

from catalogue import kinds

register = template.Library()


@register.simple_tag
def alert_url(filterset):
    """The alert page for the list `filterset` belongs to (without the query)."""
    kind = kinds.kind_of(filterset.queryset.model)
    return reverse("alerts:subscribe", args=[kind.path])
