"""E-mail to the editors about new submissions. Plain text from templates, in Dutch (the
site's language) whatever page was used."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

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


def render_mail(template, context):
    """(subject, body) from `template`: its first line is the subject, the rest the body."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(template, context)
    subject, _, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"  # a header has one line


def notify_editors(request, item, template, **context):
    """Tell the editors that `item` was submitted, with a link to its page in the admin."""
    recipients = editor_addresses()
    if not recipients:
        logger.warning("Nobody to tell about submitted %s %s", item._meta.model_name, item.pk)
        return
    meta = item._meta
    context.update(item=item, admin_url=request.build_absolute_uri(admin_url(item)))
    subject, body = render_mail(template, context)
    try:
        send_mail(subject, body, None, recipients)
    except (OSError, SMTPException):  # the item is saved and waits in the admin all the same
        logger.exception("Could not tell the editors about %s %s", meta.model_name, item.pk)
