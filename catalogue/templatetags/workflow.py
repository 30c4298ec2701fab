"""The admin home's queues of what waits for the editors (templates/admin/index.html)."""

from django import template

from catalogue import queues

register = template.Library()


@register.inclusion_tag("admin/editors_dashboard.html", takes_context=True)
def editors_dashboard(context):
    return {"queues": queues.queues_for(context["request"].user)}
