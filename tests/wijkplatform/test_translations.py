"""The Dutch catalogue is complete and the compiled file matches it, and the interface speaks
to its reader in one voice."""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"
# The formal "u"/"uw" (also "U", "Uw"): the site says "je" and "jouw", as its texts and
# explanations do. A string that must say "u" would be named here, by msgid, with the reason;
# there is none. Django's own admin texts ("Weet u zeker…") come from Django's catalogue.
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
FORMAL_ALLOWED = {}


def test_every_string_has_a_dutch_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [entry.msgid for entry in po if not entry.translated() or entry.fuzzy]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    po = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural)
        for e in polib.pofile(str(LOCALE / "django.po"))
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural)
        for e in polib.mofile(str(LOCALE / "django.mo"))
    }
    mo.pop((None, ""), None)
    assert po == mo, "run `make messages` to compile locale/nl"


def test_dutch_is_used_by_default():
    with translation.override("nl"):
        assert translation.gettext("Initiatives") == "Initiatieven"


def test_no_dutch_string_addresses_the_reader_with_u():
    po = polib.pofile(str(LOCALE / "django.po"))
    formal = {
        entry.msgid: text
        for entry in po
        if entry.msgid not in FORMAL_ALLOWED
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if FORMAL.search(text)
    }
    assert formal == {}


def test_no_dutch_page_addresses_the_reader_with_u():
    """The long texts written in Dutch itself (about, accessibility, privacy)."""
    pages = sorted(Path(settings.BASE_DIR, "templates").rglob("*.nl.html"))
    assert pages
    formal = {
        f"{page.name}:{number}": line.strip()
        for page in pages
        for number, line in enumerate(page.read_text().splitlines(), 1)
        if FORMAL.search(re.sub(r"<[^>]*>|{[%{].*?[%}]}", " ", line))
    }
    assert formal == {}
