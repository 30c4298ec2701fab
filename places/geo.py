"""Distances in SQL: PostgreSQL's `cube` and `earthdistance`, with a GiST index behind them.

A point becomes `ll_to_earth(latitude, longitude)`, a position on a sphere. A radius search
first asks the index for the points inside a box around the origin (`earth_box … @> …`), then
keeps those within the exact great-circle distance. `earthdistance` uses a sphere of radius
6,378,168 m; we scale its answers to the mean earth radius (6,371,008.8 m), so distances equal
the haversine formula's.
"""

import dataclasses
import math
import re

from django.db import models
from django.db.models import Func, Value
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The mean earth radius (IUGG), in metres: what the haversine formula usually takes.
EARTH_RADIUS_M = 6_371_008.8
# The sphere radius `earthdistance` works with (its `earth()` function), in metres.
EARTHDISTANCE_RADIUS_M = 6_378_168.0
# Metres in `earthdistance` units per real metre.
SCALE = EARTHDISTANCE_RADIUS_M / EARTH_RADIUS_M


# `ll_to_earth` as our own function with every name schema-qualified. The extension's own
# names its types and functions unqualified, so an index on it cannot be rebuilt by
# pg_restore, which runs with an empty search_path. Plain SQL and immutable, so PostgreSQL
# still inlines it and matches the index.
EARTH_POINT_FUNCTION = """
CREATE OR REPLACE FUNCTION wijk_ll_to_earth(latitude float8, longitude float8)
RETURNS {earth}.earth LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT {cube}.cube({cube}.cube({cube}.cube(
        {earth}.earth() * cos(radians(latitude)) * cos(radians(longitude))),
        {earth}.earth() * cos(radians(latitude)) * sin(radians(longitude))),
        {earth}.earth() * sin(radians(latitude)))::{earth}.earth
$$
"""


def create_earth_point_function(apps, schema_editor):
    """Migration step: (re)create `wijk_ll_to_earth` in the extensions' schemas."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extname, extnamespace::regnamespace::text FROM pg_extension"
            " WHERE extname IN ('cube', 'earthdistance')"
        )
        schemas = dict(cursor.fetchall())
    schema_editor.execute(
        EARTH_POINT_FUNCTION.format(cube=schemas["cube"], earth=schemas["earthdistance"])
    )


class LlToEarth(Func):
    """A latitude and longitude as a point on the sphere (PostgreSQL's `earth` type)."""

    function = "wijk_ll_to_earth"  # see EARTH_POINT_FUNCTION
    output_field = models.Field()  # only ever used inside the functions below


class EarthDistance(Func):
    """Great-circle distance between two `earth` points, in `earthdistance` metres."""

    function = "earth_distance"
    output_field = models.FloatField()


class EarthBox(Func):
    """A box that holds every point within a radius (in `earthdistance` metres)."""

    function = "earth_box"
    output_field = models.Field()


class CubeContains(Func):
    """`box @> point`: the test the GiST index answers."""

    arg_joiner = " @> "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class CubeDistance(Func):
    """`a <-> b`: straight-line distance, in the same order as the great circle; a GiST index
    returns the nearest points first (a k-nearest-neighbour scan)."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = models.FloatField()


def earth_point(latitude="latitude", longitude="longitude"):
    """The indexed expression for a model's point (field names) or for a fixed point (floats)."""
    wrap = (lambda v: Value(float(v))) if isinstance(latitude, int | float) else models.F
    return LlToEarth(wrap(latitude), wrap(longitude))


def distance_km(origin):
    """The distance in km from `origin` (anything with latitude/longitude) to each row."""
    metres = EarthDistance(earth_point(), earth_point(origin.latitude, origin.longitude))
    return metres / Value(SCALE * 1000.0)


def within(origin, radius_km):
    """True for rows within `radius_km` of `origin`, answered by the GiST index first."""
    box = EarthBox(
        earth_point(origin.latitude, origin.longitude), Value(radius_km * 1000.0 * SCALE)
    )
    return CubeContains(box, earth_point())


def haversine_km(a, b):
    """The great-circle distance in km between two things with latitude and longitude, in
    Python: for a handful of places already in memory (SQL does it for rows)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    half_lat = (lat2 - lat1) / 2
    half_lon = math.radians(b.longitude - a.longitude) / 2
    h = math.sin(half_lat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_lon) ** 2
    return 2 * EARTH_RADIUS_M / 1000 * math.asin(math.sqrt(h))


def nearest_first(origin):
    """An ordering that lets the GiST index hand back the nearest rows first."""
    return CubeDistance(earth_point(), earth_point(origin.latitude, origin.longitude)).asc()


# --- Where to search around ---------------------------------------------------------------

# A place page without initiatives of its own, and a white spot in its wijkbeeld, point to
# what lies around it, this far.
NEARBY_KM = 25
# A generous box around the European Netherlands, the Wadden islands included:
# (south, north) latitude and (west, east) longitude.
NETHERLANDS = ((50.7, 53.7), (3.2, 7.3))
# A Dutch postcode: four digits, then optionally (after a space or not) two letters.
POSTCODE = re.compile(r"([1-9][0-9]{3})\s*([A-Za-z]{2})?")
COORDINATES = re.compile(r"(-?[0-9]{1,3}(?:\.[0-9]+)?) *, *(-?[0-9]{1,3}(?:\.[0-9]+)?)")
MAX_PLACE_LENGTH = 200


@dataclasses.dataclass(frozen=True)
class Origin:
    """The point a visitor searches around, and how the page names it ("3511 AB"); when the
    place is a municipality, also its CBS code."""

    latitude: float
    longitude: float
    label: str
    municipality: str = ""


def in_netherlands(latitude, longitude):
    (south, north), (west, east) = NETHERLANDS
    return south <= latitude <= north and west <= longitude <= east


def format_km(value):
    """A distance as people say it, in the active language: "1,2 km", "12 km", "5 km"."""
    rounded = round(value) if value >= 10 else max(round(value, 1), 0.1)
    return _("%(number)s km") % {
        "number": number_format(rounded, 0 if rounded == int(rounded) else 1)
    }
