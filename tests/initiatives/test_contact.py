"""Residents write to an initiator through the site: the message goes out by e-mail through
the outbox, the initiator's address never reaches a page, and the message is kept only until
it is delivered (tests/ops/test_outbox.py sends it through a real worker and mail server)."""

import pytest
from django.urls import reverse

from initiatives.models import InitiativeContact
from tests.factories import InitiativeFactory
from tests.outbox import notices, queued

pytestmark = pytest.mark.django_db

SECRET = "initiatiefnemer-geheim@example.org"
MESSAGE = "Hallo, mag ik volgende week meedoen met koken? Groet, Piet"


@pytest.fixture
def initiative():
    return InitiativeFactory(title="Buurtsoep Lombok", email=SECRET)


def message(**changes):
    data = {
        "name": "Piet de Boer",
        "email": "piet@example.org",
        "message": MESSAGE,
        "homepage": "",
    }
    data.update(changes)
    return data


def contact_url(initiative):
    return reverse("initiatives:contact", args=[initiative.slug])


def test_the_detail_page_links_to_the_form_without_showing_the_address(client, initiative):
    html = client.get(initiative.get_absolute_url()).text
    assert f'href="{contact_url(initiative)}"' in html
    assert SECRET not in html


def test_a_message_is_queued_for_the_initiator_and_replies_go_to_the_sender(
    client, mailoutbox, initiative, settings
):
    response = client.post(contact_url(initiative), message(), REMOTE_ADDR="198.51.100.4")

    sent_url = reverse("initiatives:contact_sent", args=[initiative.slug])
    assert response.status_code == 302
    assert response.url == sent_url
    assert len(mailoutbox) == 0  # nothing waits for the mail server in the request
    mail, confirmation = queued()
    assert mail.to == [SECRET]
    assert mail.reply_to == ["piet@example.org"]
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Buurtsoep Lombok" in mail.subject
    assert MESSAGE in mail.body
    assert "Piet de Boer" in mail.body
    assert confirmation.to == ["piet@example.org"]
    assert "Buurtsoep Lombok" in confirmation.subject
    assert MESSAGE in confirmation.body and SECRET not in confirmation.body


def test_an_undeliverable_message_is_sent_back_to_its_sender(client, initiative):
    client.post(contact_url(initiative), message())

    [notice] = notices()  # what the sender gets if the initiator's server never accepts it
    assert notice.to == ["piet@example.org"]
    assert "Buurtsoep Lombok" in notice.subject
    assert MESSAGE in notice.body and SECRET not in notice.body


def test_the_address_is_in_no_page_of_the_contact_flow(client, initiative):
    pages = [
        client.get(initiative.get_absolute_url()),
        client.get(contact_url(initiative)),
        client.post(contact_url(initiative), message(email="geen-adres")),  # with errors
        client.post(contact_url(initiative), message(), follow=True),  # the confirmation
    ]
    for response in pages:
        assert response.status_code == 200
        assert SECRET not in response.text
    assert "Buurtsoep Lombok" in pages[-1].text
    assert b'content="noindex"' in pages[-1].content


def test_each_message_is_logged_without_its_text_or_sender(client, initiative):
    client.post(contact_url(initiative), message(), REMOTE_ADDR="198.51.100.4")

    [logged] = InitiativeContact.objects.all()
    assert logged.initiative == initiative
    assert logged.sent_at is not None
    assert len(logged.address_hash) == 64 and "198.51.100.4" not in logged.address_hash
    stored = " ".join(str(value) for value in logged.__dict__.values())
    assert "Hallo" not in stored and "piet@example.org" not in stored and "Piet" not in stored


def test_a_message_with_mistakes_comes_back_with_its_text(client, initiative):
    response = client.post(contact_url(initiative), message(email="piet@", name=""))

    assert response.status_code == 200
    html = response.text
    assert 'href="#id_email"' in html and 'href="#id_name"' in html
    assert MESSAGE in html
    assert 'aria-invalid="true"' in html
    # What is wrong with the address, with an example of a right one.
    assert "Dit is geen e-mailadres. Schrijf het zo: naam@voorbeeld.nl." in html
    assert 'value="piet@"' in html
    assert queued() == []
    assert not InitiativeContact.objects.exists()


def test_a_filled_in_honeypot_looks_sent_but_sends_nothing(client, initiative):
    response = client.post(contact_url(initiative), message(homepage="http://spam.example"))

    assert response.status_code == 302
    assert queued() == []
    assert not InitiativeContact.objects.exists()


def test_messages_are_rate_limited_per_address(client, initiative, settings):
    settings.FORM_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(contact_url(initiative), message()).status_code == 302

    response = client.post(contact_url(initiative), message(message="Nog een vraag"))

    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Nog een vraag" in response.text
    assert SECRET not in response.text
    assert [mail.to for mail in queued()].count([SECRET]) == 3
    assert InitiativeContact.objects.count() == 3


def test_an_initiative_without_an_address_has_no_contact_form(client):
    initiative = InitiativeFactory(title="Zonder adres", email="")

    assert contact_url(initiative) not in client.get(initiative.get_absolute_url()).text
    assert client.get(contact_url(initiative)).status_code == 404
    assert client.post(contact_url(initiative), message()).status_code == 404
    sent_url = reverse("initiatives:contact_sent", args=[initiative.slug])
    assert client.get(sent_url).status_code == 404
    assert queued() == []


def test_a_draft_initiative_cannot_be_contacted(client):
    initiative = InitiativeFactory(title="Concept", email=SECRET, draft=True)
    assert client.post(contact_url(initiative), message()).status_code == 404
    assert queued() == []


def test_a_mail_server_that_is_down_costs_the_resident_nothing(client, initiative, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused

    response = client.post(contact_url(initiative), message(), follow=True)

    assert response.status_code == 200
    assert "Je bericht is ontvangen en wordt verstuurd" in response.text
    assert 'class="error-summary"' not in response.text
    assert InitiativeContact.objects.count() == 1
    assert [mail.to for mail in queued()] == [[SECRET], ["piet@example.org"]]
