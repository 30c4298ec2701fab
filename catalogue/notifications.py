"""E-mail about new submissions: to the editors, and a confirmation to the sender. Plain
text from templates, in Dutch (the site's language) whatever page was used; sent through
the outbox, in the transaction that stores the submission."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from .outbox import message, queue_mail
from .workflow import admin_url

logger = logging.getLogger(__name__)

# The editors' groups (created by a data migration of the workflow); absent, nobody matches.
EDITOR_GROUPS = ["Redacteur", "Eindredacteur"]


def editor_addresses():
    """WIJK_EDITORS_EMAIL, else the active staff in the editors' groups, else the superusers:
    a submission must reach someone."""
    if settings.EDITORS_EMAIL:
        return list(settings.EDITORS_EMAIL)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    editors = users.filter(is_staff=True, groups__name__in=EDITOR_GROUPS)
    for people in (editors, users.filter(is_superuser=True)):
        addresses = sorted(set(people.values_list("email", flat=True)))
        if addresses:
            return addresses
    return []


def notify_editors(request, item, template, **context):
    """Tell the editors that `item` was submitted, with a link to its page in the admin, and
    confirm to the sender what they sent."""
    context.update(item=item, admin_url=request.build_absolute_uri(admin_url(item)))
    recipients = editor_addresses()
    if recipients:
        queue_mail(message(template, context, recipients))
    else:
        logger.warning("Nobody to tell about submitted %s %s", item._meta.model_name, item.pk)
    submission = getattr(item, "submission", None)
    if submission is not None:
        queue_mail(message("emails/submission_received.txt", context, [submission.email]))
