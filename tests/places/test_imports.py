"""Importing regions and postcodes: the national tables load and reload without changes,
parents come from the database or earlier rows, and a bad file changes nothing."""

import pytest

from places import imports as place_imports
from places.models import Municipality, Neighbourhood, Postcode, Province
from tests.commands import refused, run, write_csv
from tests.factories import ProvinceFactory

pytestmark = pytest.mark.django_db


def test_national_regions_load_and_reload_without_changes(shared_data):
    path = shared_data / "regions_nl_2025.csv"

    output = run("import_regions", path)

    assert Province.objects.count() == 12
    assert Municipality.objects.count() == 342
    assert "354 created, 0 updated, 0 unchanged" in output
    utrecht = Municipality.objects.select_related("province").get(code="GM0344")
    assert (utrecht.name, utrecht.province.code) == ("Utrecht", "PV26")
    assert utrecht.latitude == pytest.approx(52.09, abs=0.05)

    again = run("import_regions", path)

    assert "0 created, 0 updated, 354 unchanged" in again
    assert Municipality.objects.count() == 342


def test_national_postcodes_load_and_reload_without_changes(shared_data):
    path = shared_data / "postcodes_pc4_nl.csv"

    output = run("import_postcodes", path)

    assert Postcode.objects.count() == 4064
    assert "4064 created, 0 updated, 0 unchanged" in output
    assert Postcode.objects.get(postcode="1011").latitude == pytest.approx(52.371)
    assert "0 created, 0 updated, 4064 unchanged" in run("import_postcodes", path)


def test_regions_take_parents_from_the_database_and_from_earlier_rows(tmp_path):
    ProvinceFactory(code="PV26", name="Utrecht")
    path = write_csv(
        tmp_path,
        [
            {"code": "GM0344", "name": "Utrecht", "parent_code": "PV26"},
            {"code": "WK034401", "name": "West", "parent_code": "GM0344"},
            {"code": "BU0344AB01", "name": "Lombok", "parent_code": "wk034401"},
        ],
        columns=place_imports.RegionImport.columns,
    )

    output = run("import_regions", path)

    assert "3 created" in output
    neighbourhood = Neighbourhood.objects.select_related("district__municipality").get()
    assert neighbourhood.code == "BU0344AB01"
    assert neighbourhood.district.municipality.code == "GM0344"


def test_regions_update_what_changed_only(tmp_path, shared_data):
    run("import_regions", shared_data / "regions_nl_2025.csv")
    path = write_csv(
        tmp_path,
        [
            {"code": "GM0344", "name": "Utrecht (stad)", "parent_code": "PV26"},
            {"code": "GM0363", "name": "Amsterdam", "parent_code": "PV27"},
        ],
        columns=place_imports.RegionImport.columns,
    )

    output = run("import_regions", path)

    assert "0 created, 2 updated, 0 unchanged" in output  # Amsterdam loses its point
    assert Municipality.objects.get(code="GM0344").name == "Utrecht (stad)"
    assert Municipality.objects.get(code="GM0363").latitude is None


def test_bad_region_rows_are_all_reported_and_nothing_is_saved(tmp_path):
    path = write_csv(
        tmp_path,
        [
            {"code": "PV26", "name": "Utrecht", "latitude": "52.1", "longitude": "5.1"},
            {"code": "GM0344", "name": "Utrecht", "parent_code": "PV99"},
            {"code": "XX01", "name": "Nowhere"},
            {
                "code": "GM0363",
                "name": "Amsterdam",
                "parent_code": "PV26",
                "latitude": "520",
                "longitude": "4.9",
            },
            {"code": "GM0518", "name": "", "parent_code": "PV26"},
            {"code": "PV26", "name": "Utrecht again"},
        ],
        columns=place_imports.RegionImport.columns,
    )

    message = refused("import_regions", path)

    assert "row 3, column parent_code: unknown province “PV99”" in message
    assert "row 4, column code: unknown kind of region “XX01”" in message
    assert "row 5, column latitude: Ensure this value is less than or equal to 90." in message
    assert "row 6, column name: This field cannot be blank." in message
    assert "row 7, column code: “PV26” is already in row 2" in message
    assert "fix 5 problems" in message
    assert not Province.objects.exists()


def test_bad_postcode_rows_are_reported_and_nothing_is_saved(tmp_path):
    path = write_csv(
        tmp_path,
        [
            {"postcode": "3511", "latitude": "52.09", "longitude": "5.12"},
            {"postcode": "0123", "latitude": "52.0", "longitude": "5.0"},
            {"postcode": "3512", "latitude": "52,09", "longitude": "5.12"},
            {"postcode": "3513", "latitude": "", "longitude": ""},
        ],
        columns=place_imports.PostcodeImport.columns,
    )

    message = refused("import_postcodes", path)

    assert "row 3, column postcode: “0123” is not a postcode such as 3511 or 3511 AB" in message
    assert "row 4, column latitude: “52,09” is not a number" in message
    assert "row 5, column latitude: a latitude and longitude are required" in message
    assert not Postcode.objects.exists()


def test_six_character_postcodes_are_imported_without_the_space(tmp_path):
    path = write_csv(
        tmp_path,
        [
            {"postcode": "3511 ab", "latitude": "52.0907", "longitude": "5.1214"},
            {"postcode": "3511", "latitude": "52.09", "longitude": "5.12"},
        ],
        columns=place_imports.PostcodeImport.columns,
    )
    run("import_postcodes", path)
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"3511AB", "3511"}
