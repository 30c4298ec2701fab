"""Catalogue content is written in Dutch: on an English page every text of it sits in an
element with lang="nl" (or inside one), so a screen reader pronounces it as Dutch (WCAG 3.1.2);
a Dutch page carries no lang attributes of its own below <html> but the language switch's."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import models
from taggit.models import Tag

from cases.models import Case, CaseMediaLink, CaseQuote, Publication
from catalogue.richtext import plain_text
from initiatives.models import Initiative
from tests.browser.test_accessibility import DUTCH_PAGES
from themes.models import TargetGroup, Theme

pytestmark = pytest.mark.django_db

# Texts editors write, in Dutch. Names are fine in either language: of places (no field here),
# people (authors, speakers, contact persons) and organisations.
CONTENT_MODELS = [Initiative, Case, Publication, CaseQuote, CaseMediaLink, Theme, TargetGroup, Tag]
NAMES = {"organisation", "contact_name", "speaker", "role"}
NOT_CONTENT = NAMES | {"address", "postcode", "contact_phone", "series_number", "image_alt"}
# Pages of our own English text, which quotes Dutch words where it means to.
OUR_OWN_TEXT = {"about", "accessibility", "privacy"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
NOT_READ = {"head", "script", "style", "template"}


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo catalogue, loaded once: these tests only read."""
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)


def normalised(text):
    return " ".join(text.replace("…", " ").split())


def dutch_texts():
    """Every text of the catalogue's content: editors' words, in Dutch."""
    texts = set()
    for model in CONTENT_MODELS:
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
            and not field.choices
            and field.name not in NOT_CONTENT
        ]
        for values in model.objects.values_list(*fields):
            texts.update(normalised(plain_text(value)) for value in values if value)
    return texts


class TextLanguages(HTMLParser):
    """Each text in the page's body with its language: the nearest lang attribute around it;
    and the lang attributes below <html>."""

    def __init__(self, html):
        super().__init__()
        self.open = []  # (tag, language) of the elements around the current position
        self.texts = []  # (text, language, tag)
        self.lang_attributes = []  # (tag, lang)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if lang is not None and tag != "html":
            self.lang_attributes.append((tag, lang))
        if tag not in VOID:
            inherited = self.open[-1][1] if self.open else None
            self.open.append((tag, inherited if lang is None else lang))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        text = normalised(data)
        if text and self.open and not NOT_READ & {tag for tag, _lang in self.open}:
            self.texts.append((text, self.open[-1][1], self.open[-1][0]))


def words(text):
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


def is_dutch_content(text, dutch):
    """A text of the page that is a content text, part of one (three words or more: a snippet,
    a paragraph of a description), or that holds one of two words or more (a title) among
    other words. An address is no content, even when it has a slug in it."""
    if text in dutch:
        return True
    if text.startswith(("http://", "https://")):
        return False
    pattern = words(text)
    if len(text.split()) >= 3 and any(pattern.search(content) for content in dutch):
        return True
    return any(
        words(content).search(text)
        for content in dutch
        if len(content) < len(text) and " " in content
    )


CATALOGUE_PAGES = [page for page in DUTCH_PAGES if page["name"] not in OUR_OWN_TEXT]


@pytest.mark.parametrize("page", CATALOGUE_PAGES, ids=[page["name"] for page in CATALOGUE_PAGES])
def test_dutch_content_on_english_pages_says_it_is_dutch(client, demo, page):
    dutch = dutch_texts()
    html = client.get(f"/en{page['path']}").content.decode()
    parsed = TextLanguages(html)
    unmarked = sorted(
        {
            f"<{tag}> {text[:80]}"
            for text, language, tag in parsed.texts
            if language != "nl" and is_dutch_content(text, dutch)
        }
    )
    assert not unmarked, f"Dutch content without lang=nl on /en{page['path']}:\n" + "\n".join(
        unmarked
    )


@pytest.mark.parametrize("page", DUTCH_PAGES, ids=[page["name"] for page in DUTCH_PAGES])
def test_dutch_pages_carry_no_stray_lang_attributes(client, demo, page):
    parsed = TextLanguages(client.get(page["path"]).content.decode())
    assert [lang for lang in parsed.lang_attributes if lang != ("a", "en")] == []
