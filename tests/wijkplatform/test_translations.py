"""The Dutch catalogue is complete and the compiled file matches it."""

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


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
