"""The admin is ours: its name on every page and in the browser tab, the two-step login
included, and the tags under the site's own word for them."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from bs4 import BeautifulSoup
from taggit.models import Tag

from tests.factories import AuthorFactory, CaseFactory, InitiativeFactory, PublicationFactory
from tests.wijkplatform.test_admin_login import VERIFY, editor, log_in, set_up, two_factor  # noqa: F401

pytestmark = pytest.mark.django_db


def names(response):
    """(the name at the top of the page, the browser tab's title)."""
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one("#site-name").get_text(strip=True), page.title.get_text(strip=True)


def test_every_admin_page_carries_the_sites_name(admin_client):
    for path in ["/admin/", "/admin/initiatives/initiative/", "/admin/initiatives/initiative/add/"]:
        header, title = names(admin_client.get(path))
        assert header == "Wijkplatform beheer", path
        assert title.endswith("| Wijkplatform beheer"), title
        assert "Django" not in title


def test_the_login_pages_carry_the_sites_name(client, two_factor, editor):  # noqa: F811
    header, title = names(client.get("/admin/login/"))
    assert (header, title) == ("Wijkplatform beheer", "Inloggen | Wijkplatform beheer")

    set_up(client, editor)  # the app linked; now a fresh login asks for its code
    client.logout()
    log_in(client)
    header, title = names(client.get(VERIFY))
    assert header == "Wijkplatform beheer"
    assert title.endswith("| Wijkplatform beheer")


def test_the_tags_have_the_sites_word_for_them(admin_client):
    home = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    sections = [caption.get_text(strip=True) for caption in home.select("#content-main caption")]
    assert "Trefwoorden" in sections
    assert not [name for name in sections if "taggit" in name.lower()]


@pytest.mark.parametrize("make", [InitiativeFactory, CaseFactory, PublicationFactory])
def test_the_tag_field_says_in_plain_words_what_it_is_for(admin_client, make):
    obj = make()
    opts = obj._meta
    page = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
    help_text = BeautifulSoup(page.content, "html.parser").select_one("#id_tags_helptext")
    assert help_text.get_text(strip=True) == (
        "Woorden waarmee mensen dit vinden. Zet een komma tussen de woorden, bijvoorbeeld: "
        "koken, ontmoeting, jongeren."
    )


def test_the_list_of_authors_has_dutch_headings(admin_client):
    AuthorFactory()
    page = BeautifulSoup(admin_client.get("/admin/cases/author/").content, "html.parser")
    headings = [th.get_text(strip=True) for th in page.select("#result_list thead th .text")]
    assert headings[1:] == ["Naam zoals vermeld", "Achternaam", "Tussenvoegsel", "Voorletters"]


# What other packages call their parts in English (django-axes, django-otp, django-taggit).
ENGLISH_NAMES = [
    "Axes",
    "Access attempt",
    "Access failure",
    "Access log",
    "Otp_Static",
    "Otp_Totp",
    "Static device",
    "TOTP device",
    "Taggit",
    "Tag",
]
OUTSIDE_LISTS = [
    "axes/accessattempt",
    "axes/accessfailurelog",
    "axes/accesslog",
    "otp_static/staticdevice",
    "otp_totp/totpdevice",
    "taggit/tag",
]


def english_names(text):
    return [name for name in ENGLISH_NAMES if re.search(rf"\b{name}", text, re.IGNORECASE)]


def test_the_admin_home_names_other_packages_parts_in_dutch(admin_client):
    home = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    apps = home.select_one("#content-main")
    names = [cell.get_text(strip=True) for cell in apps.select("caption, th[scope=row]")]
    assert english_names(" | ".join(names)) == []
    for name in [
        "Inlogbeveiliging",
        "Inlogpogingen",
        "Mislukte inlogpogingen",
        "Geslaagde inlogs",
        "Inloggen in twee stappen: apps",
        "Apps voor inlogcodes",
        "Inloggen in twee stappen: herstelcodes",
        "Herstelcodes",
    ]:
        assert name in names


def test_other_packages_lists_are_titled_in_dutch(admin_client):
    tag = Tag.objects.create(name="moestuin")
    for path in [f"/admin/{changelist}/" for changelist in OUTSIDE_LISTS] + [
        f"/admin/taggit/tag/{tag.pk}/change/"
    ]:
        page = BeautifulSoup(admin_client.get(path).content, "html.parser")
        heading, title = page.h1.get_text(strip=True), page.title.get_text(strip=True)
        assert english_names(f"{heading} | {title}") == [], path
    assert heading.lower() == "trefwoord wijzigen"


def test_the_login_security_lists_have_dutch_column_headings(admin_client):
    """django-axes ships no Dutch: its columns said "Attempt Time", "IP Address", "User Agent"."""
    seen = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "rosa"}
    AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessLog.objects.create(**seen)
    for path, expected in [
        ("/admin/axes/accessattempt/", {"Tijdstip", "IP-adres", "Browser", "Gebruikersnaam"}),
        ("/admin/axes/accesslog/", {"Tijdstip", "Uitgelogd om", "IP-adres", "Browser"}),
    ]:
        page = BeautifulSoup(admin_client.get(path).content, "html.parser")
        headings = {th.get_text(strip=True) for th in page.select("#result_list thead th")}
        assert expected <= headings, (path, headings)
        assert not {"Attempt Time", "IP Address", "User Agent", "Logout Time"} & headings, path
