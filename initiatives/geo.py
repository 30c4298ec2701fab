"""Distances in SQL: PostgreSQL's `cube` and `earthdistance`, with a GiST index behind them.

A point becomes `ll_to_earth(latitude, longitude)`, a position on a sphere. A radius search
first asks the index for the points inside a box around the origin (`earth_box … @> …`), then
keeps those within the exact great-circle distance. `earthdistance` uses a sphere of radius
6,378,168 m; we scale its answers to the mean earth radius (6,371,008.8 m), so distances equal
the haversine formula's.
"""

from django.db import models
from django.db.models import Func, Value

# The mean earth radius (IUGG), in metres: what the haversine formula usually takes.
EARTH_RADIUS_M = 6_371_008.8
# The sphere radius `earthdistance` works with (its `earth()` function), in metres.
EARTHDISTANCE_RADIUS_M = 6_378_168.0
# Metres in `earthdistance` units per real metre.
SCALE = EARTHDISTANCE_RADIUS_M / EARTH_RADIUS_M


class LlToEarth(Func):
    """A latitude and longitude as a point on the sphere (PostgreSQL's `earth` type)."""

    function = "ll_to_earth"
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


def nearest_first(origin):
    """An ordering that lets the GiST index hand back the nearest rows first."""
    return CubeDistance(earth_point(), earth_point(origin.latitude, origin.longitude)).asc()
