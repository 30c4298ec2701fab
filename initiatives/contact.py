"""The contact relay: a resident's message goes to an initiative's address, which no page
shows; a reply goes straight to the resident. Queued in the outbox with the record of the
contact, in one transaction: the resident's message is never lost to a mail server."""

from django.db import transaction

from catalogue import protection
from catalogue.outbox import message, queue_mail

from .models import InitiativeContact


def relay_to_initiator(request, initiative, *, name, email, message_text):
    """Queue the message for the initiative, a confirmation for the resident, and the notice
    the resident gets should the message prove undeliverable; count the contact."""
    context = {
        "initiative": initiative,
        "name": name,
        "email": email,
        "message": message_text,
        "page_url": request.build_absolute_uri(initiative.get_absolute_url()),
    }
    with transaction.atomic():
        InitiativeContact.objects.create(
            initiative=initiative, address_hash=protection.hashed_address(request)
        )
        queue_mail(
            message("emails/contact_message.txt", context, [initiative.email], reply_to=[email]),
            notice=message("emails/contact_undeliverable.txt", context, [email]),
        )
        queue_mail(message("emails/contact_received.txt", context, [email]))
