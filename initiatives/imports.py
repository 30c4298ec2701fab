"""The CSV import of initiatives (DESIGN.md "Data in and out"): matched by slug, all rows or
none, on the catalogue's import engine."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from catalogue import history, index
from catalogue.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CsvImport,
    add_validation_problems,
)
from catalogue.links import through_ends
from catalogue.models import State
from catalogue.richtext import sanitise
from places import geo
from places.imports import parse_point
from places.models import District, Municipality, Postcode
from themes.models import TargetGroup, Theme

from .models import Initiative, TaggedInitiative

# --- Initiatives ------------------------------------------------------------------------------


YES = {"ja", "j", "yes", "y", "true", "1"}
NO = {"nee", "n", "no", "false", "0", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
# Model fields whose CSV column has another name.
COLUMN_FOR_FIELD = {"scope": "werkgebied", "slug": "title"}


def slug_for(title):
    """The slug an initiative gets from its title (as unique_slug makes it), its import key."""
    max_length = Initiative._meta.get_field("slug").max_length
    return slugify(title)[: max_length - 6].strip("-")


class Vocabulary:
    """Themes or target groups by slug or name, case-insensitively, loaded once."""

    def __init__(self, model):
        self.label = str(model._meta.verbose_name)
        self.ids = {}
        for pk, slug, name in model.objects.values_list("pk", "slug", "name"):
            self.ids.setdefault(name.lower(), pk)
            self.ids[slug.lower()] = pk  # a slug wins over another term's name

    def get(self, term):
        return self.ids.get(term.lower())


@dataclass
class PlannedInitiative:
    row: int
    slug: str
    values: dict
    themes: set
    target_groups: set
    tags: dict  # lower-case name -> name as written

    def links(self, key):
        """What a relation should hold, comparable with what the database holds."""
        return set(self.tags) if key == "tags" else getattr(self, key)


class InitiativeImport(CsvImport):
    """Initiatives matched by slug: new ones are created, changed ones updated, others left.

    New initiatives are inserted with bulk_create, changed ones saved one by one with save(),
    and links (themes, target groups, tags) rewritten with one delete and insert per batch.
    """

    columns = (
        "title",
        "summary",
        "description",
        "themes",
        "target_groups",
        "tags",
        "municipality",
        "district",
        "postcode",
        "latitude",
        "longitude",
        "start_year",
        "status",
        "organisation",
        "website",
    )
    optional_columns = (
        "email",
        "state",
        "werkgebied",
        "vulnerable",
        "help_wanted",
        "last_verified",
    )
    ignored_columns = ("url", "updated_at")  # written by /initiatieven/export.csv

    def __init__(self, file, *, may_publish=True, **options):
        super().__init__(file, **options)
        # Without the publish permission (an admin upload by a Redacteur), no row may publish,
        # unpublish or archive; the command is run by someone who may do anything.
        self.may_publish = may_publish

    def load_lookups(self):
        self.themes = Vocabulary(Theme)
        self.target_groups = Vocabulary(TargetGroup)
        municipalities = list(Municipality.objects.only("id", "code", "name"))
        self.municipalities_by_id = {m.pk: m for m in municipalities}
        self.municipalities_by_code = {m.code: m for m in municipalities}
        self.municipalities_by_name = defaultdict(list)
        for municipality in municipalities:
            self.municipalities_by_name[municipality.name.lower()].append(municipality)
        self.districts = {d.code: d for d in District.objects.only("id", "code", "municipality_id")}
        self.tag_ids = {name.lower(): pk for pk, name in Tag.objects.values_list("pk", "name")}
        self.rows_by_slug = {}

    def validate(self, row, record):
        before = self.problems.count

        def problem(column, reason):
            self.problems.add(row, column, reason)

        slug = self.check_title(row, record["title"], problem)
        municipality, district = self.place(record, problem)
        values = {
            "title": record["title"],
            "summary": record["summary"],
            "description": sanitise(record["description"]),
            "municipality": municipality,
            "district": district,
            "postcode": self.postcode(record["postcode"], problem),
            "organisation": record["organisation"],
            "website": self.website(record["website"]),
            "start_year": self.year(record["start_year"], problem),
            "status": self.choice(
                record["status"], Initiative.Status, Initiative.Status.ACTIVE, "status", problem
            ),
        }
        values["latitude"], values["longitude"] = parse_point(row, record, self.problems)
        values.update(self.optional_values(record, problem))
        themes = self.terms(record["themes"], self.themes, "themes", problem)
        if not themes and "themes" not in self.problems.columns_in(row):
            problem("themes", _("at least one theme is required"))
        target_groups = self.terms(
            record["target_groups"], self.target_groups, "target_groups", problem
        )
        tags = self.tag_names(record["tags"], problem)

        instance = Initiative(slug=slug, source=Initiative.Source.IMPORT, **values)
        try:
            # Places were resolved from the lookups, so their per-row existence queries are
            # skipped; the slug is the match key and the database enforces the constraints,
            # so neither uniqueness nor constraints cost a query per row here.
            instance.full_clean(
                exclude=["municipality", "district", "neighbourhood"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            add_validation_problems(row, error, self.problems, COLUMN_FOR_FIELD)
        if self.problems.count > before:
            return None
        return PlannedInitiative(row, slug, values, themes, target_groups, tags)

    def check_title(self, row, title, problem):
        if not title:
            problem("title", _("a title is required"))
            return ""
        slug = slug_for(title)
        if not slug:
            problem("title", _("the title needs at least one letter or digit"))
        elif slug in self.rows_by_slug:
            problem(
                "title",
                _(
                    "gives the same web address (“%(slug)s”) as the title in row %(row)s; "
                    "rows are matched by it, so titles must differ"
                )
                % {"slug": slug, "row": self.rows_by_slug[slug]},
            )
        else:
            self.rows_by_slug[slug] = row
        return slug

    def place(self, record, problem):
        municipality = None
        reference = record["municipality"]
        if reference:
            municipality = self.municipalities_by_code.get(reference.upper())
            if municipality is None:
                matches = self.municipalities_by_name.get(reference.lower(), [])
                if len(matches) == 1:
                    municipality = matches[0]
                elif matches:
                    problem(
                        "municipality",
                        _(
                            "“%(name)s” is the name of several municipalities; use the CBS code "
                            "(%(codes)s)"
                        )
                        % {"name": reference, "codes": ", ".join(m.code for m in matches)},
                    )
                else:
                    problem(
                        "municipality",
                        _(
                            "unknown municipality “%s”; use a CBS code such as GM0344 or the "
                            "exact name"
                        )
                        % reference,
                    )
        district = None
        if record["district"]:
            district = self.districts.get(record["district"].upper())
            if district is None:
                problem(
                    "district",
                    _("unknown district “%s”; use its CBS code, such as WK034401")
                    % record["district"],
                )
            elif municipality is not None and district.municipality_id != municipality.pk:
                other = self.municipalities_by_id[district.municipality_id]
                problem(
                    "district",
                    _(
                        "district %(district)s lies in %(other)s (%(other_code)s), not in "
                        "%(municipality)s (%(code)s)"
                    )
                    % {
                        "district": district.code,
                        "other": other.name,
                        "other_code": other.code,
                        "municipality": municipality.name,
                        "code": municipality.code,
                    },
                )
            elif municipality is None and not reference:
                municipality = self.municipalities_by_id[district.municipality_id]
        return municipality, district

    def postcode(self, text, problem):
        if not text:
            return ""
        match = geo.POSTCODE.fullmatch(text)
        if match is None:
            problem("postcode", _("“%s” is not a postcode such as 3511 or 3511 AB") % text)
            return ""
        digits, letters = match.groups()
        return f"{digits} {letters.upper()}" if letters else digits

    def website(self, text):
        """Spreadsheets often hold "www.example.org"; links need a scheme, so assume https."""
        if text and "://" not in text:
            return f"https://{text}"
        return text

    def year(self, text, problem):
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{1,4}", text):
            problem("start_year", _("“%s” is not a year such as 2019") % text)
            return None
        return int(text)

    def choice(self, text, choices, default, column, problem):
        value = text.lower()
        if not value:
            return default
        if value not in choices.values:
            problem(
                column,
                _("“%(value)s” is not allowed; use one of: %(allowed)s")
                % {"value": text, "allowed": ", ".join(choices.values)},
            )
            return default
        return value

    def optional_values(self, record, problem):
        """Values of the optional columns the file has; absent ones keep the model default."""
        values = {}
        if "email" in record:
            values["email"] = record["email"]
        if "state" in record:
            values["state"] = self.choice(record["state"], State, State.DRAFT, "state", problem)
        if "werkgebied" in record:
            values["scope"] = self.choice(
                record["werkgebied"],
                Initiative.Scope,
                Initiative.Scope.NEIGHBOURHOOD,
                "werkgebied",
                problem,
            )
        if "vulnerable" in record:
            text = record["vulnerable"].lower()
            if text not in YES | NO:
                problem(
                    "vulnerable",
                    _("“%s” is not yes or no; use ja or nee (or 1 or 0), or leave it empty")
                    % record["vulnerable"],
                )
            values["vulnerable"] = text in YES
        if "help_wanted" in record:
            wanted = {term.lower() for term in split_list(record["help_wanted"])}
            for term in sorted(wanted - set(Initiative.Help.values)):
                problem(
                    "help_wanted",
                    _("“%(value)s” is not a kind of help; use %(allowed)s")
                    % {"value": term, "allowed": ", ".join(Initiative.Help.values)},
                )
            values["help_wanted"] = [v for v in Initiative.Help.values if v in wanted]
        if "last_verified" in record:
            values["last_verified"] = self.date(record["last_verified"], problem)
        return values

    def date(self, text, problem):
        if not text:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        problem(
            "last_verified",
            _("“%s” is not a date; write it as YYYY-MM-DD or DD-MM-YYYY") % text,
        )
        return None

    def terms(self, text, vocabulary, column, problem):
        ids = set()
        for term in split_list(text):
            pk = vocabulary.get(term)
            if pk is None:
                problem(
                    column,
                    _("unknown %(kind)s “%(term)s”; use the slug or name of an existing one")
                    % {"kind": vocabulary.label, "term": term},
                )
            else:
                ids.add(pk)
        return ids

    def tag_names(self, text, problem):
        max_length = Tag._meta.get_field("name").max_length
        names = {}
        for name in split_list(text):
            if len(name) > max_length:
                problem(
                    "tags",
                    _("tag “%(tag)s…” is longer than %(max)s characters")
                    % {"tag": name[:20], "max": max_length},
                )
            names.setdefault(name.lower(), name)
        return names

    def write(self, batch):
        """Decide what each row does, and do it unless this is a dry run.

        A dry run (the admin's preview) writes nothing: rolled back anyway, its writes cost
        most of its time and kept what they wrote locked until it ended.
        """
        self.fill_points_from_postcodes(batch)
        existing = {
            initiative.slug: initiative
            for initiative in Initiative.objects.filter(slug__in=[p.slug for p in batch])
        }
        ids = [initiative.pk for initiative in existing.values()]
        current = {
            "themes": links("themes", ids),
            "target_groups": links("target_groups", ids),
            "tags": tag_names_by_initiative(ids),
        }
        created, updated = [], []
        kind = Initiative._meta.verbose_name_plural
        for planned in batch:
            instance = existing.get(planned.slug)
            if not self.may_publish and changes_publication(instance, planned.values):
                self.problems.add(planned.row, "state", MAY_NOT_PUBLISH)
                continue
            if instance is None:
                instance = self.new_initiative(planned)
                created.append((instance, planned))
                self.report.add(kind, CREATED, planned.row, instance)
                continue
            stale = [key for key in current if current[key][instance.pk] != planned.links(key)]
            was_published = instance.is_published
            changed = apply_values(instance, planned.values)
            if not changed and not stale:
                # Not saved, so updated_at keeps telling when it really changed.
                self.report.add(kind, UNCHANGED, planned.row, instance)
                continue
            if was_published and not self.may_publish:
                # What visitors read changes only through an eindredacteur (revisions.py).
                self.problems.add(planned.row, None, MAY_NOT_CHANGE_PUBLISHED)
                continue
            columns = [COLUMN_FOR_FIELD.get(name, name) for name in changed] + stale
            self.report.add(kind, UPDATED, planned.row, instance, columns)
            updated.append((instance, planned, stale))
        if not self.report.dry_run:
            self.save(created, updated)

    def save(self, created, updated):
        """Write the new initiatives, the changed ones and the links that changed."""
        new_links = {key: {} for key in ("themes", "target_groups", "tags")}
        for instance, planned, stale in updated:
            history.pause(instance)  # recorded below, once its links are rewritten too
            instance.save()
            for key in stale:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        Initiative.objects.bulk_create([instance for instance, _planned in created])
        for instance, planned in created:
            for key in new_links:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        for relation, new in new_links.items():
            relink(relation, new)
        history.record_many(Initiative, [instance for instance, _planned in created], created=True)
        history.record_many(Initiative, [instance for instance, *_rest in updated], created=False)
        # bulk_create and relink bypass the signals that keep search current: index here.
        touched = {instance.pk for instance, _planned in created}
        touched.update(pk for new in new_links.values() for pk in new)
        index.update_search_index(Initiative, sorted(touched))

    def fill_points_from_postcodes(self, batch):
        """Rows without a point get their postcode's centre, as in the admin (one query)."""
        pointless = [
            planned.values
            for planned in batch
            if planned.values["latitude"] is None
            and planned.values["postcode"]
            and planned.values.get("scope") not in Initiative.WITHOUT_FIXED_PLACE
        ]
        points = Postcode.objects.points_for(values["postcode"] for values in pointless)
        for values in pointless:
            if values["postcode"] in points:
                values["latitude"], values["longitude"] = points[values["postcode"]]

    def new_initiative(self, planned):
        """An unsaved initiative with what Publishable.save() would add, ready for bulk_create.

        bulk_create still runs the fields' pre_save (timestamps, rich-text sanitising), but not
        save() or signals; updates of existing initiatives do go through save().
        """
        instance = Initiative(slug=planned.slug, source=Initiative.Source.IMPORT, **planned.values)
        if instance.state == State.PUBLISHED:
            instance.published_at = timezone.now()
        return instance

    def link_ids(self, key, planned):
        if key == "tags":
            return {self.tag_id(lower, name) for lower, name in planned.tags.items()}
        return getattr(planned, key)

    def tag_id(self, lower, name):
        """The id of a tag, created on first use (Tag.save makes its slug unique)."""
        if lower not in self.tag_ids:
            self.tag_ids[lower] = Tag.objects.create(name=name).pk
        return self.tag_ids[lower]


PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}
MAY_NOT_PUBLISH = gettext_lazy(
    "you may not publish, unpublish or archive initiatives; use the state draft or review, "
    "or leave the state as it is"
)

MAY_NOT_CHANGE_PUBLISHED = gettext_lazy(
    "this initiative is published, and an import may not change it: change it in its form, "
    "where an eindredacteur reviews your change before it goes online; or leave this row out"
)


def changes_publication(instance, values):
    """Whether a row publishes, unpublishes or archives (`instance` None: a new initiative)."""
    if "state" not in values:
        return False
    if instance is None:
        return values["state"] in PUBLIC_STATES
    return values["state"] != instance.state and bool(
        PUBLIC_STATES & {values["state"], instance.state}
    )


def split_list(text):
    """The items of a `;`-separated cell, without blanks."""
    return [item.strip() for item in text.split(";") if item.strip()]


def apply_values(instance, values):
    """Set `values` on `instance`; the names of those that differed (related objects by id)."""
    changed = []
    for name, value in values.items():
        field_ = instance._meta.get_field(name)
        current = getattr(instance, field_.attname)
        new = value.pk if field_.is_relation and value is not None else value
        if isinstance(new, list) and isinstance(current, list):
            # Choice lists such as help_wanted: the order an editor ticked them is no change.
            current, new = sorted(current), sorted(new)
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def links(relation, ids):
    """{initiative id: set of linked ids} for the given initiatives, in one query."""
    through, own, other = through_ends(Initiative, relation)
    result = defaultdict(set)
    for pk, other_pk in through.objects.filter(**{f"{own}_id__in": ids}).values_list(
        f"{own}_id", f"{other}_id"
    ):
        result[pk].add(other_pk)
    return result


def tag_names_by_initiative(ids):
    """{initiative id: set of lower-case tag names}, in one query."""
    result = defaultdict(set)
    for pk, name in TaggedInitiative.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        result[pk].add(name.lower())
    return result


def relink(relation, new_links):
    """Replace the links of the given initiatives: one delete and one insert per relation."""
    if not new_links:
        return
    through, own, other = through_ends(Initiative, relation)
    through.objects.filter(**{f"{own}_id__in": list(new_links)}).delete()
    through.objects.bulk_create(
        through(**{f"{own}_id": pk, f"{other}_id": other_pk})
        for pk, other_pks in new_links.items()
        for other_pk in other_pks
    )


def import_initiatives(file, *, dry_run=False, progress=None, **options):
    """Create or update initiatives from a CSV `file` (binary); ImportFailed if any row is wrong.

    `options` are those of InitiativeImport and CsvImport: may_publish, reader, details.
    """
    return InitiativeImport(file, dry_run=dry_run, progress=progress, **options).run()
