"""Every theme and target group says in one plain line what it means, beside it wherever people
choose it: the filters of every list and the forms that propose an item. Server-rendered, so it
holds without JavaScript; in a browser (folded on a phone, axe): tests/browser/test_plain_words.py.
"""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from themes.models import TargetGroup, Theme

pytestmark = pytest.mark.django_db

EXPLANATIONS = importlib.import_module("themes.migrations.0002_explanation")
LISTS = ["/initiatieven/", "/casussen/", "/publicaties/"]
FORMS = ["/initiatieven/aanmelden/", "/publicaties/aanmelden/"]
BONDING = "Mensen die iets gemeen hebben, zoeken elkaar op en steunen elkaar."
OUDEREN = "Mensen van ongeveer 65 jaar en ouder."


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo catalogue, loaded once: these tests only read."""
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)


def nl(text):
    with translation.override("nl"):
        return translation.gettext(text)


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml_html.fromstring(response.content)


def described_option(tree, name, value):
    """The checkbox `name=value`, and the text and links of what describes it."""
    [box] = tree.xpath(f'//input[@type="checkbox"][@name="{name}"][@value="{value}"]')
    hint_id = box.get("aria-describedby")
    assert hint_id, f"{name}={value} has no description"
    [hint] = tree.xpath(f'//*[@id="{hint_id}"]')
    # Beside the option: in the same list item as its checkbox.
    assert hint.xpath("ancestor::li[1]")[0] is box.xpath("ancestor::li[1]")[0]
    links = [a.get("href") for a in hint.getparent().iter("a")]
    return hint.text_content(), links


@pytest.mark.parametrize("path", LISTS)
def test_each_theme_and_target_group_in_the_filters_says_what_it_means(client, demo, path):
    tree = page(client, path)

    text, links = described_option(tree, "thema", "bonding")
    assert text == BONDING
    assert links == ["/themas/bonding/"]
    text, links = described_option(tree, "doelgroep", "ouderen")
    assert text == OUDEREN
    assert links == []  # target groups have no page of their own
    every_option = tree.xpath('//input[@name="thema" or @name="doelgroep"]')
    assert every_option and all(box.get("aria-describedby") for box in every_option)


def test_the_filters_name_each_category_in_plain_words_with_its_term_beside_it(client, demo):
    tree = page(client, "/initiatieven/")

    legends = [
        " ".join(legend.text_content().split())
        for legend in tree.xpath('//fieldset[starts-with(@id, "filter-thema")]/legend')
    ]
    assert legends == [
        f"{nl('How people come together')} ({nl('Connection').lower()})",
        f"{nl('What it brings')} ({nl('Pillar of social quality').lower()})",
        f"{nl('What it is about')} ({nl('Social issue').lower()})",
        f"{nl('Who does it and how')} ({nl('Way of working').lower()})",
    ]
    assert legends[0] == "Hoe mensen samenkomen (verbinding)"
    [groups] = tree.xpath('//fieldset[@id="filter-doelgroep"]/legend')
    assert " ".join(groups.text_content().split()) == "Voor wie (doelgroep)"


def test_the_vulnerable_position_filter_says_whom_it_means(client, demo):
    tree = page(client, "/initiatieven/")
    text, _links = described_option(tree, "kwetsbaar", "1")
    assert text == nl(
        "For example people with little money, a disability or psychological problems."
    )


@pytest.mark.parametrize("path", FORMS)
def test_each_theme_in_a_proposal_form_says_what_it_means(client, demo, path):
    tree = page(client, path)

    bonding = Theme.objects.get(slug="bonding")
    text, links = described_option(tree, "themes", str(bonding.pk))
    assert text == BONDING
    assert links == ["/themas/bonding/"]
    # The categories in plain words here too.
    first_group = tree.xpath('//fieldset[@class="choices__group"]/legend')[0]
    assert first_group.text_content().startswith("Hoe mensen samenkomen")


def test_the_initiative_form_explains_every_target_group(client, demo):
    tree = page(client, "/initiatieven/aanmelden/")
    ouderen = TargetGroup.objects.get(slug="ouderen")
    text, links = described_option(tree, "target_groups", str(ouderen.pk))
    assert text == OUDEREN
    assert links == []


def test_an_english_page_marks_the_explanations_as_dutch(client, demo):
    tree = page(client, "/en/initiatieven/")
    [box] = tree.xpath('//input[@name="thema"][@value="bonding"]')
    [hint] = tree.xpath(f'//*[@id="{box.get("aria-describedby")}"]')
    assert hint.get("lang") == "nl"
    assert "Explanation of" in hint.xpath("ancestor::details[1]/summary")[0].text_content()


def test_an_option_without_an_explanation_shows_none(client, demo):
    new = Theme.objects.create(name="Nieuw", slug="nieuw", category=Theme.Category.ISSUE)
    tree = page(client, "/initiatieven/aanmelden/")
    [box] = tree.xpath(f'//input[@name="themes"][@value="{new.pk}"]')
    assert box.get("aria-describedby") is None
    assert not box.xpath("ancestor::li[1]//details")


# Where the lines come from ----------------------------------------------------------------


def test_the_taxonomy_fixture_explains_everything_as_the_migration_does(demo):
    """A new database (the fixture) and one that loaded the taxonomy before (the migration)
    end up with the same lines."""
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "taxonomy.json").read_text())
    fixture = {(row["model"], row["fields"]["slug"]): row["fields"]["explanation"] for row in rows}
    migration = {("themes.theme", slug): line for slug, line in EXPLANATIONS.THEMES.items()}
    migration |= {
        ("themes.targetgroup", slug): line for slug, line in EXPLANATIONS.TARGET_GROUPS.items()
    }
    assert fixture == migration
    assert all(0 < len(line) <= 120 for line in fixture.values())


def test_the_migration_fills_the_explanations_and_keeps_an_editors_own(demo):
    """As a database that loaded the taxonomy before there were explanations."""
    Theme.objects.update(explanation="")
    TargetGroup.objects.update(explanation="")
    Theme.objects.filter(slug="taal").update(explanation="Eigen woorden.")
    TargetGroup.objects.create(name="Buren", slug="buren")

    EXPLANATIONS.fill_explanations(apps, None)

    assert Theme.objects.get(slug="bonding").explanation == BONDING
    assert Theme.objects.get(slug="taal").explanation == "Eigen woorden."
    assert TargetGroup.objects.get(slug="ouderen").explanation == OUDEREN
    assert TargetGroup.objects.get(slug="buren").explanation == ""
    assert not Theme.objects.filter(explanation="").exists()


def test_editors_write_the_explanation_in_the_admin(admin_client, demo):
    response = admin_client.get(reverse("admin:themes_theme_add"))
    assert 'name="explanation"' in response.text
    response = admin_client.get(reverse("admin:themes_targetgroup_add"))
    assert 'name="explanation"' in response.text
