"""CSV imports of CBS regions and postcode areas (upserted by code), on the catalogue's
all-or-nothing import engine."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalogue.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CsvImport,
    add_validation_problems,
    parse_number,
)

from . import geo
from .models import District, Municipality, Neighbourhood, PlacePage, Postcode, Province


def parse_point(row, record, problems):
    """Latitude and longitude from their columns: both or neither; (None, None) on a problem."""
    point = {}
    for column in ("latitude", "longitude"):
        text = record[column]
        if text:
            try:
                point[column] = parse_number(text)
            except ValueError as error:
                problems.add(row, column, str(error))
                return None, None
    if len(point) == 1:
        missing = "longitude" if "latitude" in point else "latitude"
        problems.add(row, missing, _("give both latitude and longitude, or neither"))
        return None, None
    return point.get("latitude"), point.get("longitude")


# --- Regions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of the CBS division: how its codes look and which level is its parent."""

    prefix: str
    model: type
    pattern: str
    example: str
    parent_field: str | None = None
    parent_prefix: str | None = None

    @property
    def name(self):
        return str(self.model._meta.verbose_name)


LEVELS = {
    level.prefix: level
    for level in (
        Level("PV", Province, r"PV[0-9]{2}", "PV26"),
        Level("GM", Municipality, r"GM[0-9]{4}", "GM0344", "province", "PV"),
        Level("WK", District, r"WK[0-9]{6}", "WK034401", "municipality", "GM"),
        Level("BU", Neighbourhood, r"BU[0-9]{4}[0-9A-Z]{4}", "BU03440100", "district", "WK"),
    )
}


@dataclass(frozen=True)
class PlannedRegion:
    row: int
    level: Level
    code: str
    parent_code: str
    name: str
    latitude: float | None
    longitude: float | None


class RegionImport(CsvImport):
    """CBS regions, upserted by code; a parent comes from the database or an earlier row."""

    columns = ("code", "name", "parent_code", "latitude", "longitude")

    def load_lookups(self):
        # Neighbourhoods are nobody's parent, so their ids are never needed.
        self.ids = {
            prefix: dict(LEVELS[prefix].model.objects.values_list("code", "id"))
            for prefix in ("PV", "GM", "WK")
        }
        self.rows_by_code = {}

    def validate(self, row, record):
        before = self.problems.count
        code = record["code"].upper()
        level = LEVELS.get(code[:2])
        if not code:
            self.problems.add(row, "code", _("a code is required"))
        elif level is None:
            self.problems.add(
                row,
                "code",
                _(
                    "unknown kind of region “%s”: a code starts with PV (province), "
                    "GM (municipality), WK (district) or BU (neighbourhood)"
                )
                % code,
            )
        elif not re.fullmatch(level.pattern, code):
            self.problems.add(
                row,
                "code",
                _("“%(code)s” is not a %(level)s code; they look like %(example)s")
                % {"code": code, "level": level.name, "example": level.example},
            )
        elif code in self.rows_by_code:
            self.problems.add(
                row,
                "code",
                _("“%(code)s” is already in row %(row)s")
                % {"code": code, "row": self.rows_by_code[code]},
            )
        else:
            self.rows_by_code[code] = row
        parent_code = record["parent_code"].upper()
        if level is not None:
            self.check_parent(row, level, parent_code)
        latitude, longitude = parse_point(row, record, self.problems)
        if level is not None:
            instance = level.model(
                code=code, name=record["name"], latitude=latitude, longitude=longitude
            )
            try:
                # The parent is checked above against known codes; the FK check would query.
                instance.clean_fields(exclude=[level.parent_field] if level.parent_field else [])
            except ValidationError as error:
                add_validation_problems(row, error, self.problems)
        if self.problems.count > before:
            return None
        return PlannedRegion(row, level, code, parent_code, record["name"], latitude, longitude)

    def check_parent(self, row, level, parent_code):
        if level.parent_prefix is None:
            if parent_code:
                self.problems.add(
                    row, "parent_code", _("a province has no parent; leave this empty")
                )
            return
        parent = LEVELS[level.parent_prefix]
        if not parent_code:
            self.problems.add(
                row,
                "parent_code",
                _("a %(level)s needs the code of its %(parent)s")
                % {"level": level.name, "parent": parent.name},
            )
        elif not parent_code.startswith(parent.prefix):
            self.problems.add(
                row,
                "parent_code",
                _("the parent of a %(level)s is a %(parent)s, whose code starts with %(prefix)s")
                % {"level": level.name, "parent": parent.name, "prefix": parent.prefix},
            )
        elif parent_code not in self.ids[parent.prefix] and parent_code not in self.rows_by_code:
            self.problems.add(
                row,
                "parent_code",
                _(
                    "unknown %(parent)s “%(code)s”: it is neither in the database nor in an "
                    "earlier row"
                )
                % {"parent": parent.name, "code": parent_code},
            )

    def write(self, batch):
        # Parents first: a municipality may point at a province created in this same batch.
        for prefix, level in LEVELS.items():
            planned = [region for region in batch if region.level is level]
            if planned:
                self.write_level(level, planned, self.ids.get(prefix))

    def write_level(self, level, planned, ids):
        model = level.model
        parent_attname = f"{level.parent_field}_id" if level.parent_field else None
        has_page = issubclass(model, PlacePage)
        fields = ["name", "latitude", "longitude"] + ([parent_attname] if parent_attname else [])
        fields += ["slug"] if has_page else []
        existing = {
            row["code"]: row
            for row in model.objects.filter(code__in=[p.code for p in planned]).values(
                "code", *fields
            )
        }
        parent_ids = self.ids[level.parent_prefix] if level.parent_prefix else {}
        changed = []
        for region in planned:
            values = {
                "name": region.name,
                "latitude": region.latitude,
                "longitude": region.longitude,
            }
            if parent_attname:
                values[parent_attname] = parent_ids[region.parent_code]
            if has_page:  # bulk_create skips PlacePage.save(), which makes the slug
                values["slug"] = PlacePage.slug_for(region.name, region.code)
            current = existing.get(region.code)
            if current is None:
                outcome = CREATED
            elif any(current[name] != value for name, value in values.items()):
                outcome = UPDATED
            else:
                outcome = UNCHANGED
            self.report.add(model._meta.verbose_name_plural, outcome)
            if outcome != UNCHANGED:
                changed.append(model(code=region.code, **values))
        written = model.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[name.removesuffix("_id") for name in fields],
        )
        if ids is not None:
            ids.update((region.code, region.pk) for region in written)


def import_regions(file, *, dry_run=False, progress=None):
    """Upsert CBS regions from a CSV `file` (binary); ImportFailed if any row is wrong."""
    return RegionImport(file, dry_run=dry_run, progress=progress).run()


# --- Postcodes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPostcode:
    row: int
    postcode: str
    latitude: float
    longitude: float


class PostcodeImport(CsvImport):
    """Postcode areas with their centre, upserted by postcode: four digits (PC4) or six
    characters (PC6, `3511 AB` or `3511AB`, stored as `3511AB`)."""

    columns = ("postcode", "latitude", "longitude")

    def load_lookups(self):
        self.rows_by_postcode = {}

    def validate(self, row, record):
        before = self.problems.count
        match = geo.POSTCODE.fullmatch(record["postcode"])
        postcode = "".join(part.upper() for part in match.groups("")) if match else None
        if match is None:
            self.problems.add(
                row,
                "postcode",
                _("“%s” is not a postcode such as 3511 or 3511 AB") % record["postcode"],
            )
        elif postcode in self.rows_by_postcode:
            self.problems.add(
                row,
                "postcode",
                _("%(postcode)s is already in row %(row)s")
                % {"postcode": postcode, "row": self.rows_by_postcode[postcode]},
            )
        else:
            self.rows_by_postcode[postcode] = row
        latitude, longitude = parse_point(row, record, self.problems)
        if self.problems.count == before:
            if latitude is None:
                self.problems.add(row, "latitude", _("a latitude and longitude are required"))
            else:
                instance = Postcode(postcode=postcode, latitude=latitude, longitude=longitude)
                try:
                    instance.clean_fields()
                except ValidationError as error:
                    add_validation_problems(row, error, self.problems)
        if self.problems.count > before:
            return None
        return PlannedPostcode(row, postcode, latitude, longitude)

    def write(self, batch):
        existing = {
            postcode: (latitude, longitude)
            for postcode, latitude, longitude in Postcode.objects.filter(
                postcode__in=[p.postcode for p in batch]
            ).values_list("postcode", "latitude", "longitude")
        }
        changed = []
        for planned in batch:
            current = existing.get(planned.postcode)
            if current is None:
                outcome = CREATED
            elif current != (planned.latitude, planned.longitude):
                outcome = UPDATED
            else:
                outcome = UNCHANGED
            self.report.add(Postcode._meta.verbose_name_plural, outcome)
            if outcome != UNCHANGED:
                changed.append(
                    Postcode(
                        postcode=planned.postcode,
                        latitude=planned.latitude,
                        longitude=planned.longitude,
                    )
                )
        Postcode.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["latitude", "longitude"],
        )


def import_postcodes(file, *, dry_run=False, progress=None):
    """Upsert postcode centres from a CSV `file` (binary); ImportFailed if any row is wrong."""
    return PostcodeImport(file, dry_run=dry_run, progress=progress).run()
