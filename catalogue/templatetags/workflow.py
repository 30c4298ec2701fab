"""The admin home's lists of what waits for the editors (templates/admin/index.html)."""

from django import template

from catalogue import revisions, workflow

register = template.Library()


@register.inclusion_tag("admin/editors_dashboard.html", takes_context=True)
def editors_dashboard(context):
    user = context["request"].user
    return {
        "review": workflow.waiting_for_review(user),
        "submitted": workflow.submitted_through_the_site(user),
        "pending_changes": revisions.pending_changes(user),
        "sent_back": revisions.sent_back_to(user),
    }
