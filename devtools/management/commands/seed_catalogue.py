"""Fill a benchmark database with a large, realistic catalogue.

    DATABASE_URL=postgres://wijk@/wijk_bench?host=$PWD/.pg/run \\
        .venv/bin/python manage.py seed_catalogue --initiatives 100000 --cases 10000

For benchmarks of search, distance search and load, not for the demo: the items are
generated (deterministically from `--seed`), not real. The national regions and postcodes
are imported first with the project's own idempotent import commands, and the taxonomy
fixture is loaded when there are no themes yet.

Speed: the big tables (initiatives, cases, their many-to-many and tag links, quotes) are
written with PostgreSQL COPY in batches, inside one transaction, so a failed run leaves
nothing behind. COPY skips `Model.save()` and `pre_save()`: ids are reserved from the
table's sequence, timestamps and slugs are set here, and the generated rich text is already
what the sanitiser would make of it. Columns this command does not fill get their field
default, so a field added later with a default does not break it. In the same transaction
it then fills the search index (`catalogue.index.update_search_index`: vectors and link
arrays); after the commit it compacts and analyses the tables.

Safety: it refuses a database that already holds more than a few hundred initiatives
(a second run by accident) unless `--append`, and the development database `wijkplatform`
unless `--force`.
"""

import io
import math
import random
import resource
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify
from psycopg import sql
from taggit.models import Tag

from cases.models import (
    Author,
    Case,
    CaseMediaLink,
    CaseQuote,
    Publication,
    PublicationAuthor,
)
from catalogue.index import update_search_index
from catalogue.models import State
from initiatives.models import Initiative
from places.models import Municipality, Postcode
from themes.models import TargetGroup, Theme

from . import _catalogue_text as words

DATA_DIR = settings.BASE_DIR.parent / "shared" / "data"
PROTECTED_DATABASE = "wijkplatform"
MAX_EXISTING_INITIATIVES = 300
SPREAD_DAYS = 3 * 365  # published_at is spread over the last three years
RADIUS_KM = 5.0  # initiatives lie within this distance of their municipality's point
KM_PER_DEGREE = 111.2

# Themes that are more common than others in the sector; all others weigh 1.
THEME_WEIGHTS = {
    "bonding": 4,
    "bridging": 3,
    "zelforganisatie": 4,
    "eenzaamheid": 4,
    "sociale-cohesie": 3,
    "vrijwillige-inzet": 3,
    "armoede": 2,
    "participatie": 2,
    "taal": 2,
}


class Weighted:
    """A fixed set of values to draw from with fixed weights."""

    def __init__(self, pairs):
        pairs = list(pairs)
        self.values = [value for value, _ in pairs]
        self.cum_weights = list(accumulate_weights(weight for _, weight in pairs))

    def pick(self, rng):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


def accumulate_weights(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


SCOPES = Weighted([("buurt", 45), ("wijk", 25), ("gemeente", 20), ("regio", 10)])
OTHER_STATES = [State.DRAFT, State.REVIEW, State.ARCHIVED]
HELP_CHANCE = [("vrijwilligers", 0.45), ("ruimte", 0.15), ("geld", 0.2), ("expertise", 0.15)]
ACCESS_CHANCE = [("rolstoeltoegankelijk", 0.4), ("prikkelarm", 0.15)]
SOURCES = Weighted([("redactie", 50), ("import", 35), ("aangemeld", 15)])
QUALITY = Weighted(
    [
        ("niet-beoordeeld", 20),
        ("beschreven", 50),
        ("goed-beschreven", 20),
        ("goed-onderbouwd", 8),
        ("effectief", 2),
    ]
)
PUBLICATION_TYPES = Weighted(
    [
        ("casusbundel", 15),
        ("onderzoeksrapport", 10),
        ("handreiking", 10),
        ("essay", 3),
        ("factsheet", 5),
        ("artikel", 5),
        ("podcast", 1),
        ("video", 1),
    ]
)
CASE_SOURCE_TYPES = {"casusbundel", "onderzoeksrapport", "handreiking"}
POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"  # PostNL does not use F, I, O, Q, U, Y; skip S
GRID = (0.05, 0.08)  # degrees latitude, longitude: cells of about 5.5 by 5.5 km


class Command(BaseCommand):
    help = (
        "Generate a large, realistic catalogue (initiatives, cases, publications) for "
        "benchmarks. Refuses a database with more than a few hundred initiatives unless "
        "--append, and the development database 'wijkplatform' unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=100_000)
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--publications", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same catalogue")
        parser.add_argument(
            "--regions",
            type=Path,
            default=DATA_DIR / "regions_nl_2025.csv",
            help="CBS regions CSV for import_regions (default: the national 2025 division)",
        )
        parser.add_argument(
            "--postcodes",
            type=Path,
            default=DATA_DIR / "postcodes_pc4_nl.csv",
            help="PC4 postcodes CSV for import_postcodes",
        )
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a database that already has many initiatives",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=f"allow seeding the development database '{PROTECTED_DATABASE}'",
        )

    def handle(self, *args, **options):
        for name in ("initiatives", "cases", "publications"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.check_target(options)
        self.rng = random.Random(options["seed"])
        self.batch_size = options["batch_size"]
        self.verbose = options["verbosity"] >= 1
        started = time.monotonic()

        with self.phase("reference data (regions, postcodes, taxonomy)"):
            self.load_reference_data(options["regions"], options["postcodes"])
        self.prepare()
        self.text = words.DutchText(self.rng, {slug: name for _, slug, name in self.themes})

        with transaction.atomic():
            with self.phase("tags, authors, publications"):
                self.create_tags()
                self.create_publications(options["publications"])
            with self.phase(f"{options['initiatives']:,} initiatives"):
                self.create_initiatives(options["initiatives"])
            with self.phase(f"{options['cases']:,} cases"):
                self.create_cases(options["cases"])
            # In the same transaction, so whatever the search module schedules for the
            # commit (its vocabulary refresh) runs once, not once per model.
            with self.phase("search index"):
                self.update_search_index()
            self.say("commit (foreign-key checks, on-commit work such as the vocabulary) …")
            commit_started = time.monotonic()
        self.say(f"commit: {time.monotonic() - commit_started:.1f} s")
        with self.phase("VACUUM, ANALYZE"):
            self.vacuum_analyze()

        self.report_sizes()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s; peak memory of this process "
                f"{peak:.0f} MB."
            )
        )

    # --- safety ----------------------------------------------------------------------------

    def check_target(self, options):
        name = connection.settings_dict["NAME"]
        if name == PROTECTED_DATABASE and not options["force"]:
            raise CommandError(
                f"This is the development database '{name}'; seed a separate database, e.g. "
                "DATABASE_URL=postgres://wijk@/wijk_bench?host=$PWD/.pg/run, or give --force."
            )
        existing = Initiative.objects.count()
        if existing > MAX_EXISTING_INITIATIVES and not options["append"]:
            raise CommandError(
                f"Database '{name}' already has {existing:,} initiatives; it was seeded "
                "before. Give --append to add more anyway."
            )

    @contextmanager
    def phase(self, name):
        started = time.monotonic()
        self.say(f"{name} …")
        yield
        self.say(f"{name}: {time.monotonic() - started:.1f} s")

    def say(self, message):
        if self.verbose:
            self.stdout.write(message)
            self.stdout.flush()

    # --- reference data --------------------------------------------------------------------

    def load_reference_data(self, regions, postcodes):
        output = {"stdout": self.stdout if self.verbose else io.StringIO()}
        for command, path in (("import_regions", regions), ("import_postcodes", postcodes)):
            if not path.is_file():
                raise CommandError(f"{path} does not exist (see --{command[7:]}).")
            call_command(command, str(path), **output)
        if not Theme.objects.exists():
            call_command("loaddata", "taxonomy", verbosity=int(self.verbose), **output)

    def prepare(self):
        """Read what the generated items refer to: taxonomy, municipalities, postcodes."""
        self.themes = list(Theme.objects.values_list("id", "slug", "name"))
        self.target_group_ids = list(TargetGroup.objects.values_list("id", flat=True))
        if not self.themes:
            raise CommandError("There are no themes; load the taxonomy fixture first.")
        self.theme_slug = {pk: slug for pk, slug, _ in self.themes}
        self.theme_weights = [THEME_WEIGHTS.get(slug, 1) for _, slug, _ in self.themes]

        self.postcode_grid = {}
        for code, lat, lon in Postcode.objects.values_list("postcode", "latitude", "longitude"):
            self.postcode_grid.setdefault(grid_cell(lat, lon), []).append((code, lat, lon))

        self.municipalities = list(
            Municipality.objects.filter(latitude__isnull=False, longitude__isnull=False)
            .order_by("code")
            .values_list("id", "name", "latitude", "longitude")
        )
        if not self.municipalities:
            raise CommandError("There are no municipalities with a point; check --regions.")
        # Bigger places weigh more. The number of PC4 areas whose nearest municipality point
        # (within 5 km) is this one's is a fair stand-in for the number of inhabitants.
        points = {}
        for index, (_, _, lat, lon) in enumerate(self.municipalities):
            points.setdefault(grid_cell(lat, lon), []).append(index)
        weights = [1] * len(self.municipalities)
        for areas in self.postcode_grid.values():
            for _, lat, lon in areas:
                row, col = grid_cell(lat, lon)
                near = [
                    (distance_km(lat, lon, *self.municipalities[index][2:]), index)
                    for r in (row - 1, row, row + 1)
                    for c in (col - 1, col, col + 1)
                    for index in points.get((r, c), ())
                ]
                if near and min(near)[0] <= RADIUS_KM:
                    weights[min(near)[1]] += 1
        self.municipality_choice = Weighted(zip(self.municipalities, weights, strict=True))
        self.municipality_size = {
            municipality[0]: weight
            for municipality, weight in zip(self.municipalities, weights, strict=True)
        }
        self.say(
            f"  {len(self.themes)} themes, {len(self.target_group_ids)} target groups, "
            f"{len(self.municipalities)} municipalities, "
            f"{sum(map(len, self.postcode_grid.values())):,} postcodes"
        )

    def postcodes_near(self, lat, lon, km):
        row, col = grid_cell(lat, lon)
        found = []
        for r in (row - 1, row, row + 1):
            for c in (col - 1, col, col + 1):
                for item in self.postcode_grid.get((r, c), ()):
                    distance = distance_km(lat, lon, item[1], item[2])
                    if distance <= km:
                        found.append((distance, item[0]))
        return found

    def nearest_postcode(self, lat, lon):
        near = self.postcodes_near(lat, lon, 8.0)
        if not near:
            return ""
        letters = "".join(self.rng.choices(POSTCODE_LETTERS, k=2))
        return f"{min(near)[1]} {letters}"

    # --- small tables through the ORM ------------------------------------------------------

    def create_tags(self):
        self.tag_ids = []
        for name in words.TAGS:
            slug = slugify(name) or "tag"
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
            self.tag_ids.append(tag.pk)

    def create_publications(self, count):
        rng = self.rng
        authors = []
        for _ in range(25):
            surname, infix = rng.choice(words.SURNAMES)
            initials = "".join(f"{letter}." for letter in rng.sample("ABCDEGHIJKLMNPRSTW", 2))
            initials = initials[: rng.choice((2, 4))]  # "J." or "J.A."
            author, _ = Author.objects.get_or_create(
                surname=surname, infix=infix, initials=initials
            )
            authors.append(author)
        series_numbers = {}
        taken = existing_slugs(Publication)
        self.publication_ids, self.case_publication_ids = [], []
        for number in range(1, count + 1):
            kind = PUBLICATION_TYPES.pick(rng)
            topic = rng.choice(words.PUBLICATION_TOPICS)
            title = f"{words.capitalise(kind)}: {topic}"
            issued = self.moment(rng.random())
            published = rng.random() < 0.95
            series = rng.choice(words.PUBLICATION_SERIES) if rng.random() < 0.4 else ""
            if series:
                series_numbers[series] = series_numbers.get(series, 0) + 1
            theme_ids = self.pick_themes()
            publication = Publication(
                title=title,
                slug=unique(f"{slugify(title)[:200]}-{number}", taken),
                subtitle=(
                    f"Lessen uit {rng.randint(4, 30)} initiatieven" if rng.random() < 0.5 else ""
                ),
                state=State.PUBLISHED if published else rng.choice(OTHER_STATES),
                published_at=issued if published else None,
                publication_date=issued.date(),
                year_of_issue=issued.year - rng.choice((0, 0, 1)),
                organisation=rng.choice(words.PUBLICATION_ORGANISATIONS),
                publication_type=kind,
                series=series,
                series_number=str(series_numbers.get(series, "")) if series else "",
                contact_name=self.text.person(),
                contact_email=f"kennis{number}@example.org",
                is_kennisplein_article=rng.random() < 0.3,
                summary=self.text.about_themes(
                    self.text.slots(
                        title=title,
                        kind="het initiatief",
                        municipality_name=None,
                        year=issued.year,
                    ),
                    [self.theme_slug[pk] for pk in theme_ids],
                ),
                external_url=f"https://kennis.example.org/publicaties/{number}",
            )
            publication.save()
            publication.themes.set(theme_ids)
            publication.target_groups.set(self.pick_target_groups())
            for position, author in enumerate(rng.sample(authors, rng.randint(1, 3))):
                PublicationAuthor.objects.create(
                    publication=publication, author=author, position=position
                )
            self.publication_ids.append(publication.pk)
            if kind in CASE_SOURCE_TYPES:
                self.case_publication_ids.append(publication.pk)
        if not self.case_publication_ids:
            self.case_publication_ids = self.publication_ids
        self.say(f"  {len(self.tag_ids)} tags, {len(authors)} authors, {count} publications")

    # --- initiatives -----------------------------------------------------------------------

    def create_initiatives(self, count):
        table = CopyTable(Initiative)
        themes = CopyTable.through(Initiative, "themes")
        target_groups = CopyTable.through(Initiative, "target_groups")
        tags = CopyTable.through(Initiative, "tags")
        taken = existing_slugs(Initiative)
        self.published_initiatives = []  # what cases may describe: (id, title, municipality …)
        started = time.monotonic()
        for done in range(0, count, self.batch_size):
            ids = reserve_ids(Initiative, min(self.batch_size, count - done))
            rows, theme_links, group_links, tag_links = [], [], [], []
            for pk in ids:
                row, theme_ids, group_ids, tag_ids = self.initiative(pk, taken)
                rows.append(row)
                theme_links.extend((pk, theme) for theme in theme_ids)
                group_links.extend((pk, group) for group in group_ids)
                tag_links.extend((pk, tag) for tag in tag_ids)
            table.write(rows)
            themes.write(theme_links)
            target_groups.write(group_links)
            tags.write(tag_links)
            self.say(
                f"  initiatives {done + len(ids):,} / {count:,} "
                f"({time.monotonic() - started:.1f} s)"
            )
        if not self.published_initiatives:
            self.published_initiatives = self.existing_initiatives()

    def initiative(self, pk, taken):
        rng = self.rng
        if rng.random() < 0.03:
            scope = rng.choice(("landelijk", "online"))
            municipality = None
            municipality_id = lat = lon = None
            postcode = address = ""
        else:
            scope = SCOPES.pick(rng)
            municipality = self.municipality_choice.pick(rng)
            municipality_id = municipality[0]
            lat, lon = self.point_near(municipality[2], municipality[3])
            postcode = self.nearest_postcode(lat, lon) if rng.random() < 0.8 else ""
            address = (
                f"{rng.choice(words.STREETS)} {rng.randint(1, 180)}" if rng.random() < 0.6 else ""
            )
        place_name = municipality[1] if municipality else None
        kind, title = self.text.title(place_name)
        slug = unique(f"{slugify(title)[:200]}-{pk}", taken)
        theme_ids = self.pick_themes()
        theme_slugs = [self.theme_slug[theme] for theme in theme_ids]

        published = rng.random() < 0.95
        state = State.PUBLISHED if published else rng.choice(OTHER_STATES)
        moment = self.moment(rng.random())
        created_at = moment - timedelta(days=rng.random() * 30)
        published_at = moment if state in (State.PUBLISHED, State.ARCHIVED) else None
        updated_at = moment + (self.end - moment) * rng.random() ** 3
        slots = self.text.slots(
            title=title,
            kind=kind,
            municipality_name=place_name,
            year=rng.randint(2005, created_at.year),
        )
        organisation = self.text.organisation(place_name) if rng.random() < 0.85 else ""
        row = {
            "id": pk,
            "title": title,
            "slug": slug,
            "state": state,
            "published_at": published_at,
            "created_at": created_at,
            "updated_at": updated_at,
            "summary": self.text.summary(slots, theme_slugs),
            "description": self.text.description(slots, theme_slugs),
            "vulnerable": rng.random() < 0.4,
            "scope": scope,
            "municipality_id": municipality_id,
            "address": address,
            "postcode": postcode,
            "latitude": lat,
            "longitude": lon,
            "organisation": organisation,
            "website": f"https://{slug[:50].strip('-')}.example.org/" if rng.random() < 0.5 else "",
            "email": f"{slug[:50].strip('-')}@example.org" if rng.random() < 0.7 else "",
            "start_year": slots["jaar"],
            "status": "afgerond" if rng.random() < 0.15 else "actief",
            "help_wanted": [value for value, chance in HELP_CHANCE if rng.random() < chance],
            "accessibility": [value for value, chance in ACCESS_CHANCE if rng.random() < chance],
            "languages": rng.choice(words.LANGUAGES) if rng.random() < 0.3 else "",
            "source": SOURCES.pick(rng),
            "last_verified": (
                (updated_at + (self.end - updated_at) * rng.random()).date()
                if rng.random() < 0.6
                else None
            ),
        }
        group_ids = self.pick_target_groups()
        if state == State.PUBLISHED:
            self.published_initiatives.append(
                (pk, title, municipality_id, place_name, tuple(theme_ids), tuple(group_ids), scope)
            )
        return row, theme_ids, group_ids, rng.sample(self.tag_ids, rng.choice((0, 1, 1, 2, 3)))

    def existing_initiatives(self):
        """Published initiatives already in the database, for a run that adds only cases."""
        rows = []
        for item in (
            Initiative.objects.published()
            .select_related("municipality")
            .prefetch_related("themes", "target_groups")
        ):
            municipality = item.municipality
            rows.append(
                (
                    item.pk,
                    item.title,
                    item.municipality_id,
                    municipality.name if municipality else None,
                    tuple(theme.pk for theme in item.themes.all()),
                    tuple(group.pk for group in item.target_groups.all()),
                    item.scope,
                )
            )
        return rows

    # --- cases -----------------------------------------------------------------------------

    def create_cases(self, count):
        if count and not self.published_initiatives:
            raise CommandError("Cases describe initiatives, and there are no published ones.")
        table = CopyTable(Case)
        links = CopyTable.through(Case, "initiatives")
        themes = CopyTable.through(Case, "themes")
        target_groups = CopyTable.through(Case, "target_groups")
        tags = CopyTable.through(Case, "tags")
        quotes = CopyTable(CaseQuote, with_pk=False)
        media = CopyTable(CaseMediaLink, with_pk=False)
        taken = existing_slugs(Case)
        started = time.monotonic()
        for done in range(0, count, self.batch_size):
            ids = reserve_ids(Case, min(self.batch_size, count - done))
            batch = {
                key: [] for key in ("rows", "links", "themes", "groups", "tags", "quotes", "media")
            }
            for pk in ids:
                self.case(pk, taken, batch)
            table.write(batch["rows"])
            links.write(batch["links"])
            themes.write(batch["themes"])
            target_groups.write(batch["groups"])
            tags.write(batch["tags"])
            quotes.write(batch["quotes"])
            media.write(batch["media"])
            self.say(
                f"  cases {done + len(ids):,} / {count:,} ({time.monotonic() - started:.1f} s)"
            )

    def case(self, pk, taken, batch):
        rng = self.rng
        described = rng.sample(self.published_initiatives, rng.choice((1, 1, 1, 2)))
        _, first_title, municipality_id, place_name, _, _, scope = described[0]
        theme_ids = sorted({theme for item in described for theme in item[4]})
        group_ids = sorted({group for item in described for group in item[5]})
        theme_slugs = [self.theme_slug[theme] for theme in theme_ids]
        title = f"{first_title} in {place_name}" if place_name else f"{first_title} ({scope})"
        slots = self.text.slots(
            title=first_title,
            kind=self.text.kind_of(first_title),
            municipality_name=place_name,
            year=rng.randint(2005, self.end.year - 1),
        )

        published = rng.random() < 0.95
        state = State.PUBLISHED if published else rng.choice(OTHER_STATES)
        moment = self.moment(rng.random())
        row = {
            "id": pk,
            "title": title,
            "slug": unique(f"{slugify(title)[:200]}-{pk}", taken),
            "state": state,
            "published_at": moment if state in (State.PUBLISHED, State.ARCHIVED) else None,
            "created_at": moment - timedelta(days=rng.random() * 60),
            "updated_at": moment + (self.end - moment) * rng.random() ** 3,
            "summary": self.text.summary(slots, theme_slugs),
            "publication_id": rng.choice(self.case_publication_ids),
            "chapter": f"Hoofdstuk {rng.randint(1, 12)}",
            "municipality_id": municipality_id,
            "area_type": self.area_type(municipality_id, scope),
            "year": rng.randint(2018, self.end.year),
            "quality_level": QUALITY.pick(rng),
        }
        for name in Case.SECTIONS:
            row[name] = self.text.case_section(name, slots, theme_slugs)
        batch["rows"].append(row)
        batch["links"].extend((pk, item[0]) for item in described)
        batch["themes"].extend((pk, theme) for theme in theme_ids)
        batch["groups"].extend((pk, group) for group in group_ids)
        batch["tags"].extend((pk, tag) for tag in rng.sample(self.tag_ids, rng.randint(0, 3)))
        for position in range(rng.randint(1, 3)):
            text, speaker, role = self.text.quote()
            batch["quotes"].append(
                {
                    "case_id": pk,
                    "text": text,
                    "speaker": speaker,
                    "role": role,
                    "position": position,
                }
            )
        if rng.random() < 0.3:
            kind = rng.choice(("film", "podcast"))
            batch["media"].append(
                {
                    "case_id": pk,
                    "title": f"{words.capitalise(kind)}: {first_title}",
                    "url": f"https://media.example.org/{kind}/{pk}",
                    "kind": kind,
                    "position": 0,
                }
            )

    def area_type(self, municipality_id, scope):
        if scope == "online":
            return "online"
        if municipality_id is None:
            return ""
        size = self.municipality_size[municipality_id]
        if size >= 15:
            return "stad"
        return self.rng.choice(("stad", "dorp", "dorp", "platteland"))

    # --- after the insert ------------------------------------------------------------------

    def update_search_index(self):
        for model in (Initiative, Case, Publication):
            started = time.monotonic()
            update_search_index(model)
            self.say(f"  {model._meta.verbose_name_plural}: {time.monotonic() - started:.1f} s")

    def vacuum_analyze(self):
        """Leave the tables as a benchmark expects them: statistics current, no dead rows.

        Filling the search vectors updates every row just written, which leaves half of each
        table dead; VACUUM FULL rewrites those tables (and their indexes, flushing GIN
        pending lists) compactly. The other tables only need statistics.
        """
        rewritten = {model._meta.db_table for model in (Initiative, Case, Publication)}
        with connection.cursor() as cursor:
            for table in self.seeded_tables():
                command = "VACUUM (FULL, ANALYZE) {}" if table in rewritten else "ANALYZE {}"
                cursor.execute(sql.SQL(command).format(sql.Identifier(table)))

    def seeded_tables(self):
        tables = [Tag._meta.db_table, Municipality._meta.db_table, Postcode._meta.db_table]
        for model in (Initiative, Case, Publication):
            tables.append(model._meta.db_table)
            for field in model._meta.many_to_many:
                tables.append(field.remote_field.through._meta.db_table)
        tables += [CaseQuote._meta.db_table, CaseMediaLink._meta.db_table]
        return tables

    def report_sizes(self):
        with connection.cursor() as cursor:
            for table in self.seeded_tables():
                cursor.execute(
                    sql.SQL(
                        "SELECT pg_size_pretty(pg_total_relation_size({})), count(*) FROM {}"
                    ).format(sql.Literal(table), sql.Identifier(table))
                )
                size, rows = cursor.fetchone()
                self.say(f"  {table:40} {rows:>10,} rows {size:>10}")

    # --- helpers ---------------------------------------------------------------------------

    @property
    def end(self):
        """Dates are spread over the three years before today's midnight (UTC)."""
        if not hasattr(self, "_end"):
            now = datetime.now(UTC)
            self._end = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return self._end

    def moment(self, fraction):
        """A moment `fraction` of the way back from the end of the spread."""
        return self.end - timedelta(days=SPREAD_DAYS * fraction)

    def point_near(self, lat, lon):
        """A point uniformly spread over a disc of RADIUS_KM around (lat, lon)."""
        distance = RADIUS_KM * math.sqrt(self.rng.random())
        angle = self.rng.random() * 2 * math.pi
        dlat = distance * math.cos(angle) / KM_PER_DEGREE
        dlon = distance * math.sin(angle) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
        return round(lat + dlat, 6), round(lon + dlon, 6)

    def pick_themes(self):
        wanted = self.rng.choice((1, 2, 2, 3))
        chosen = set()
        ids = [pk for pk, _, _ in self.themes]
        while len(chosen) < min(wanted, len(ids)):
            chosen.add(self.rng.choices(ids, weights=self.theme_weights)[0])
        return sorted(chosen)

    def pick_target_groups(self):
        count = min(self.rng.choice((0, 1, 1, 2)), len(self.target_group_ids))
        return sorted(self.rng.sample(self.target_group_ids, count))


class CopyTable:
    """Write rows into a model's table with COPY.

    Rows are dicts keyed by attname; a column missing from a row gets the field's default.
    Made with `through()`, rows are (own id, other id) tuples for a to-many relation.
    """

    def __init__(self, model, *, with_pk=True, attnames=None):
        fields = [
            field
            for field in model._meta.concrete_fields
            if not field.generated
            and (with_pk or not field.primary_key)
            and (attnames is None or field.attname in attnames)
        ]
        self.tuples = attnames is not None
        if self.tuples:  # rows are tuples in the order of `attnames`
            fields.sort(key=lambda field: attnames.index(field.attname))
        else:
            self.attnames = [field.attname for field in fields]
            self.defaults = {
                field.attname: field.get_db_prep_save(field.get_default(), connection)
                for field in fields
            }
        self.statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table),
            sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
        )

    @classmethod
    def through(cls, model, name):
        """The link table of `model`'s to-many field `name` (a ManyToManyField or tags)."""
        field = model._meta.get_field(name)
        through = field.remote_field.through
        if name == "tags":  # taggit's through models name their ends like this
            attnames = ["content_object_id", "tag_id"]
        else:
            attnames = [f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"]
        return cls(through, with_pk=False, attnames=attnames)

    def write(self, rows):
        if not rows:
            return
        with connection.cursor() as cursor, cursor.copy(self.statement) as copy:
            if self.tuples:
                for row in rows:
                    copy.write_row(row)
            else:
                attnames, defaults = self.attnames, self.defaults
                for row in rows:
                    copy.write_row(
                        [row[name] if name in row else defaults[name] for name in attnames]
                    )


def reserve_ids(model, count):
    """`count` fresh primary keys from the table's own sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def existing_slugs(model):
    return set(model._default_manager.values_list("slug", flat=True))


def unique(slug, taken):
    """`slug`, or `slug` with a number added if an earlier run or an editor has it."""
    candidate, n = slug, 0
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def grid_cell(lat, lon):
    return int(math.floor(lat / GRID[0])), int(math.floor(lon / GRID[1]))


def distance_km(lat1, lon1, lat2, lon2):
    """Equirectangular distance: exact enough within a few kilometres."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return KM_PER_DEGREE * math.hypot(lat2 - lat1, x)
