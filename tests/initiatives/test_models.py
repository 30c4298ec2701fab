"""Initiative rules: constraints in the database, validation in clean(), stable slugs."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalogue.models import State
from initiatives.models import Initiative
from places.models import Postcode
from tests.factories import DistrictFactory, InitiativeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_title_and_kept_when_the_title_changes():
    initiative = Initiative.objects.create(title="Buurtkamer De Linde", summary="Koffie")
    assert initiative.slug == "buurtkamer-de-linde"
    initiative.title = "Buurtkamer De Eik"
    initiative.save()
    assert initiative.slug == "buurtkamer-de-linde"


def test_slugs_stay_unique_for_equal_titles():
    first = Initiative.objects.create(title="Taalcafé", summary="Praten")
    second = Initiative.objects.create(title="Taalcafé", summary="Praten")
    assert (first.slug, second.slug) == ("taalcafe", "taalcafe-2")


def test_publishing_sets_the_publication_moment():
    initiative = InitiativeFactory(draft=True)
    assert initiative.published_at is None
    initiative.state = State.PUBLISHED
    initiative.save()
    assert initiative.published_at is not None


def test_database_refuses_a_published_item_without_a_date():
    initiative = InitiativeFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(state=State.PUBLISHED)


def test_database_refuses_half_a_point():
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(latitude=52.1, longitude=None)


def test_district_must_lie_in_the_initiatives_municipality():
    initiative = InitiativeFactory(district=DistrictFactory())
    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "district" in error.value.message_dict


def test_summary_is_at_most_300_characters():
    initiative = InitiativeFactory.build(summary="x" * 301, municipality=None)
    with pytest.raises(ValidationError) as error:
        initiative.full_clean(exclude=["themes"])
    assert "summary" in error.value.message_dict


def test_description_is_sanitised_on_save():
    initiative = InitiativeFactory(
        description='<p onclick="x()">Hoi<script>alert(1)</script> <a href="javascript:x">a</a></p>'
    )
    initiative.refresh_from_db()
    assert "script" not in initiative.description
    assert "onclick" not in initiative.description
    assert "javascript" not in initiative.description
    assert "<p>Hoi" in initiative.description


def test_published_is_the_only_gate():
    visible = InitiativeFactory()
    for trait in ("draft", "review", "archived"):
        InitiativeFactory(**{trait: True})
    assert list(Initiative.objects.published()) == [visible]


def test_an_editor_who_leaves_the_point_empty_gets_the_postcodes_centre():
    Postcode.objects.create(postcode="3511", latitude=52.0907, longitude=5.1214)
    initiative = InitiativeFactory.build(
        postcode="3511 AB", municipality=MunicipalityFactory(), latitude=None, longitude=None
    )
    initiative.full_clean(exclude=["slug", "themes"])
    assert (initiative.latitude, initiative.longitude) == (52.0907, 5.1214)

    initiative.latitude, initiative.longitude = 52.2, 5.2  # a pin set by hand stays
    initiative.full_clean(exclude=["slug", "themes"])
    assert initiative.latitude == 52.2
