"""The contact relay: a resident's message goes to an initiative's address, which no page
shows; a reply goes straight to the resident."""

from django.core.mail import EmailMessage

from catalogue.notifications import render_mail


def relay_to_initiator(request, initiative, *, name, email, message):
    """Send a resident's message to the initiative's address, which the resident never sees;
    a reply goes straight to the resident."""
    subject, body = render_mail(
        "emails/contact_message.txt",
        {
            "initiative": initiative,
            "name": name,
            "email": email,
            "message": message,
            "page_url": request.build_absolute_uri(initiative.get_absolute_url()),
        },
    )
    EmailMessage(subject, body, to=[initiative.email], reply_to=[email]).send()
