"""Case and publication pages show what a reader needs, and never a contact e-mail."""

import datetime

import pytest
from django.core.management import call_command

from cases.models import CaseQuote
from tests.factories import AuthorFactory, CaseFactory, InitiativeFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_publication_page_shows_every_field_of_wij_in_de_wijk_3(client):
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)
    html = client.get("/publicaties/casusbundel-wij-in-de-wijk-3/").content.decode()
    for text in [
        "Casusbundel Wij in de Wijk 3",
        "Cadat-Lampe M., Dermaux J., Doornink N., Engbersen R., Jansen J., van de Kamp J., "
        "Keers T., von Meyenfeldt L., Repetur L., de Vries S.",
        "Movisie",
        "Onderzoeksrapport",
        "Wij in de Wijk 3",
        "2021",
        "31 maart 2022",
        "Judith Jansen",
        "Kennisplein artikel",
    ]:
        assert text in html, text


def test_authors_are_listed_in_their_order_as_surname_and_initials(client):
    authors = [
        AuthorFactory(surname="Vries", infix="de", initials="S."),
        AuthorFactory(surname="Cadat-Lampe", initials="M."),
    ]
    publication = PublicationFactory(authors=authors)
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "de Vries S., Cadat-Lampe M." in html


def test_publication_contact_email_is_never_shown(client):
    publication = PublicationFactory(contact_name="Judith", contact_email="judith@example.org")
    assert "judith@example.org" not in client.get(publication.get_absolute_url()).content.decode()


def test_case_page_shows_its_sections_quotes_publication_and_initiatives(client):
    publication = PublicationFactory(
        title="Wij in de Wijk 3", publication_date=datetime.date.today()
    )
    initiative = InitiativeFactory(title="Buurtkamer")
    case = CaseFactory(
        title="De Buurtkamer in Overvecht",
        aim="<p>Mensen uit hun isolement halen.</p>",
        lessons="<p>Begin klein.</p>",
        publication=publication,
        chapter="Hoofdstuk 2",
        initiatives=[initiative],
    )
    CaseQuote.objects.create(case=case, text="Hier voel ik me thuis.", speaker="Fatima")
    html = client.get(case.get_absolute_url()).content.decode()
    expected = [
        "Doel",
        "Mensen uit hun isolement halen.",
        "Begin klein.",
        "Hier voel ik me thuis.",
        "Fatima",
        "Wij in de Wijk 3",
        "Hoofdstuk 2",
        "Buurtkamer",
    ]
    for text in expected:
        assert text in html, text


def test_initiative_page_never_shows_the_contact_email(client):
    initiative = InitiativeFactory(
        email="initiatiefnemer@example.org", website="https://example.org"
    )
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "initiatiefnemer@example.org" not in html
    assert "https://example.org" in html


def test_rich_text_is_sanitised_again_when_shown(client):
    from initiatives.models import Initiative

    initiative = InitiativeFactory()
    # Bypass save(): text that reached the database some other way is still made safe.
    Initiative.objects.filter(pk=initiative.pk).update(description="<p>Hoi</p><script>x()</script>")
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "<p>Hoi</p>" in html and "<script>x()" not in html


def test_pages_speak_dutch_and_english_under_en(client):
    assert "Initiatieven" in client.get("/initiatieven/").content.decode()
    html = client.get("/en/initiatieven/").content.decode()
    assert "<h1>Initiatives</h1>" in html
    assert 'href="/initiatieven/"' in html  # the language switch keeps the page


def test_language_switch_keeps_the_query(client):
    html = client.get("/initiatieven/?thema=bonding").content.decode()
    assert 'href="/en/initiatieven/?thema=bonding"' in html


def test_not_found_page_is_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
