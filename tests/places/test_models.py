"""Region rules in the database: CBS codes have their shape and are unique."""

import pytest
from django.db import IntegrityError, transaction

from places.models import Municipality, Neighbourhood
from tests.factories import DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_malformed_cbs_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(code="GM34")


def test_buurt_codes_may_contain_letters():

    district = DistrictFactory(code="WK036300")
    Neighbourhood.objects.create(code="BU0363AD03", name="Buurt", district=district)


def test_municipality_code_is_unique():
    MunicipalityFactory(code="GM0344")
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(code="GM0344")
    assert Municipality.objects.filter(code="GM0344").count() == 1
