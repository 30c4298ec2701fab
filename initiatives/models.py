"""The catalogue core: publishing workflow, taxonomy, places and initiatives."""

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVectorField, TrigramSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from . import geo
from .fields import ChoiceArrayField, RichTextField
from .geo import earth_point
from .history import CatalogueHistory
from .images import Illustrated, image_has_alt_check
from .search import LINK_ARRAYS
from .slugs import unique_slug

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one gate between the catalogue and the public: only published items pass."""
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        """What `user` may open at an item's public address: the published items, and every
        item for staff who may view this kind, so they can preview it before it goes out."""
        opts = self.model._meta
        perms = (f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change"))
        if user.is_staff and any(user.has_perm(perm) for perm in perms):
            return self
        return self.published()

    def search(self, query):
        """Items matching a SearchQuery, annotated with their relevance as `rank`."""
        from .search import rank

        return self.filter(search_vector=query).annotate(rank=rank(query))

    def for_cards(self):
        """Everything a result card shows (kinds add what theirs show)."""
        return self

    def without_search_index(self):
        """Leave out the search vector and link arrays: large, and read only by PostgreSQL."""
        return self.defer("search_vector", *LINK_ARRAYS.values())

    def linked_to(self, relation, slugs):
        """Items linked to any of `slugs` through the to-many `relation` ("themes", "tags", …).

        Read from the items' own link arrays (search.LINK_ARRAYS), so PostgreSQL combines it
        with a search or another filter in one bitmap of the items' GIN indexes.
        """
        related = self.model._meta.get_field(relation).related_model
        ids = ArraySubquery(related.objects.filter(slug__in=slugs).values("pk"))
        return self.filter(**{f"{LINK_ARRAYS[relation]}__overlap": ids})


def through_ends(model, relation):
    """The through model of `model`'s to-many `relation` and the names of its two ends."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    if isinstance(field, TaggableManager):  # taggit's through models name their ends so
        return through, "content_object", "tag"
    return through, field.m2m_field_name(), field.m2m_reverse_field_name()


class Publishable(models.Model):
    """Workflow, slug and bookkeeping shared by initiatives, cases and publications."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Part of the web address. Filled in from the title; keep it stable."),
    )
    state = models.CharField(
        _("publishing state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Kept current by search.update_search_index (see signals.py); never edited by hand.
    search_vector = SearchVectorField(null=True, editable=False)
    theme_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    target_group_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    tag_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.state == State.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.state == State.PUBLISHED


def search_index(name):
    return GinIndex(fields=["search_vector"], name=f"{name}_search_gin")


def links_index(name):
    return GinIndex(fields=list(LINK_ARRAYS.values()), name=f"{name}_links_gin")


def published_state_check(name):
    """A published item always has its publication moment."""
    return models.CheckConstraint(
        condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{name}_published_has_date",
    )


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Theme(Taxonomy):
    """One taxonomy for every content type; each category is a facet of its own."""

    class Category(models.TextChoices):
        CONNECTION = "verbinding", _("Connection")
        PILLAR = "pijler", _("Pillar of social quality")
        ISSUE = "vraagstuk", _("Social issue")
        METHOD = "werkwijze", _("Way of working")

    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="theme_not_own_parent"
            ),
        ]

    def get_absolute_url(self):
        return reverse("theme_detail", args=[self.slug])

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Themes have at most two levels.")})
        if self.parent_id and self.parent.category != self.category:
            raise ValidationError({"parent": _("A sub-theme belongs to its parent's category.")})


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Place(models.Model):
    """A CBS region: the code is the identity, the point is where 'near me' measures from."""

    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LATITUDE)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LONGITUDE)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


def place_constraints(name, code_regex):
    return [
        models.CheckConstraint(condition=Q(code__regex=code_regex), name=f"{name}_code_format"),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{name}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{name}_longitude_range",
        ),
    ]


class Province(Place):
    class Meta(Place.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = place_constraints("province", r"^PV[0-9]{2}$")


class PlaceQuerySet(models.QuerySet):
    """What a place page counts: the published items that point at a place through one of its
    reverse relations ("initiatives", "cases"), named so this app never imports the others."""

    def _published(self, relation):
        rel = self.model._meta.get_field(relation)
        items = rel.related_model.objects.published()
        return items.filter(**{rel.field.name: OuterRef("pk")}), rel.field.name

    def with_published_counts(self, *relations):
        """Each place with `<relation>_count`: one subquery per relation, so one query in all."""
        counts = {}
        for relation in relations:
            items, field = self._published(relation)
            counted = items.order_by().values(field).annotate(n=Count("pk")).values("n")
            counts[f"{relation}_count"] = Coalesce(Subquery(counted), 0)
        return self.annotate(**counts)

    def with_published(self, *relations):
        """Only the places with something published through any of `relations`."""
        having = Q()
        for relation in relations:
            having |= Exists(self._published(relation)[0])
        return self.filter(having)


class PlacePage(Place):
    """A place with a public page: its address follows its name (`/gemeenten/utrecht/`)."""

    slug = models.SlugField(_("slug"), max_length=110, editable=False)

    objects = PlaceQuerySet.as_manager()

    class Meta(Place.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.slug = self.slug_for(self.name, self.code)
        super().save(*args, **kwargs)

    @staticmethod
    def slug_for(name, code):
        return slugify(name) or code.lower()

    def theme_counts(self):
        """The themes of the published initiatives here, each with its `initiative_count`,
        most used first (the filter before the count makes it count only those)."""
        return (
            Theme.objects.filter(initiatives__in=self.initiatives.published())
            .annotate(initiative_count=Count("initiatives"))
            .order_by("-initiative_count", "name")
        )


class Municipality(PlacePage):
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )

    class Meta(Place.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = place_constraints("municipality", r"^GM[0-9]{4}$") + [
            models.UniqueConstraint(fields=["slug"], name="municipality_slug_unique")
        ]

    def get_absolute_url(self):
        return reverse("places:municipality", args=[self.slug])


class District(PlacePage):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="districts",
    )

    class Meta(Place.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = place_constraints("district", r"^WK[0-9]{6}$") + [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="district_slug_unique_in_municipality"
            )
        ]

    def get_absolute_url(self):
        return reverse("places:district", args=[self.municipality.slug, self.slug])


class Neighbourhood(Place):
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
    )

    class Meta(Place.Meta):
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        # Buurt codes are text: some carry letters (BU0363AD03).
        constraints = place_constraints("neighbourhood", r"^BU[0-9]{4}[0-9A-Z]{4}$")


class SearchWord(models.Model):
    """A word of the published text, for typo correction; rebuilt by search.refresh_vocabulary."""

    plain = models.CharField(max_length=40, primary_key=True)  # lower case, accents folded
    word = models.CharField(max_length=40)  # as written, for showing
    documents = models.PositiveIntegerField()

    class Meta:
        indexes = [
            GinIndex(OpClass("plain", name="gin_trgm_ops"), name="searchword_plain_trgm"),
        ]

    def __str__(self):
        return self.word


class CatalogueVersion(models.Model):
    """One number that changes with every change to the public catalogue; cache keys carry
    it, so every process and server sees a change at once without explicit invalidation."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0].version  # the row comes with the migration

    @classmethod
    def bump(cls):
        cls.objects.filter(pk=1).update(version=models.F("version") + 1)


class PostcodeQuerySet(models.QuerySet):
    def locate(self, digits, letters=""):
        """The most precise known postcode for `digits` (+ `letters`): the PC6, else its PC4."""
        wanted = [digits + letters.upper(), digits] if letters else [digits]
        return self.filter(postcode__in=wanted).order_by("-postcode").first()

    def points_for(self, postcodes):
        """{postcode as written: (latitude, longitude)} of the most precise known match of
        each ("3511 AB" falls back to 3511), in one query."""
        wanted = {}
        for text in postcodes:
            if match := geo.POSTCODE.fullmatch(text):
                digits, letters = match[1], (match[2] or "").upper()
                wanted[text] = [digits + letters, digits] if letters else [digits]
        codes = {code for candidates in wanted.values() for code in candidates}
        known = {
            code: (latitude, longitude)
            for code, latitude, longitude in self.filter(postcode__in=codes).values_list(
                "postcode", "latitude", "longitude"
            )
        }
        found = {}
        for text, candidates in wanted.items():
            best = next((code for code in candidates if code in known), None)
            if best:
                found[text] = known[best]
        return found


class Postcode(models.Model):
    """A postcode area with its centre: four digits (PC4), or with the two letters (PC6,
    stored without the space: `3511AB`)."""

    postcode = models.CharField(_("postcode"), max_length=6, primary_key=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE)

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^[1-9][0-9]{3}([A-Z]{2})?$"),
                name="postcode_format",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="postcode_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="postcode_longitude_range",
            ),
        ]

    def __str__(self):
        return self.postcode


class TaggedInitiative(TaggedItemBase):
    content_object = models.ForeignKey("Initiative", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged initiative")
        verbose_name_plural = _("tagged initiatives")
        # The newest initiatives with a tag, for "similar initiatives" (similar_to).
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_initiative_newest")]


class InitiativeQuerySet(PublishableQuerySet):
    def with_related(self):
        """Everything an initiative's page, the API and exports show, in a fixed number of
        queries."""
        return self.for_cards().prefetch_related("target_groups", "tags")

    def for_cards(self):
        return self.select_related("municipality", "district").prefetch_related("themes")

    def with_fixed_place(self):
        """Initiatives that happen somewhere, with a point to measure from."""
        return self.exclude(scope__in=Initiative.WITHOUT_FIXED_PLACE).filter(latitude__isnull=False)

    def without_fixed_place(self):
        return self.filter(scope__in=Initiative.WITHOUT_FIXED_PLACE)

    def near(self, origin, radius_km):
        """Those with a fixed place within `radius_km` of `origin`, with their `distance_km`.

        The box test lets the GiST index find the candidates; the exact distance decides.
        """
        return (
            self.with_fixed_place()
            .filter(geo.within(origin, radius_km))
            .annotate(distance_km=geo.distance_km(origin))
            .filter(distance_km__lte=radius_km)
        )

    def nearby(self, initiative, radius_km=25, limit=5):
        """The nearest other initiatives around `initiative`'s point, nearest first.

        Ordered by distance alone, so the GiST index hands back the nearest rows and stops
        after `limit`; any second sort key makes PostgreSQL fetch and sort every initiative
        within the radius (thousands in a city: 100 ms instead of under 1).
        """
        if initiative.latitude is None or not initiative.has_fixed_place:
            return self.none()
        return (
            self.near(initiative, radius_km)
            .exclude(pk=initiative.pk)
            .order_by(geo.nearest_first(initiative))[:limit]
        )

    def similar_to(self, initiative, limit=5):
        """Others sharing the most themes, target groups and tags with `initiative` (each
        shared theme weighs 3, target group 2, tag 1), then the most similar title.

        Only the newest SIMILAR_CANDIDATES initiatives behind each of its themes, groups and
        tags are weighed: a theme can have tens of thousands, and a detail page must not
        score them all (seconds at 100,000 initiatives; this takes milliseconds).
        """
        score = sum(
            (self._shared(initiative, relation) * weight for relation, weight in SIMILARITY),
            Value(0),
        )
        return (
            self.filter(pk__in=self._candidates(initiative))
            .exclude(pk=initiative.pk)
            .annotate(score=score, likeness=TrigramSimilarity("title", initiative.title))
            .filter(score__gt=0)
            .order_by("-score", "-likeness", "-published_at")[:limit]
        )

    def _candidates(self, initiative):
        """SQL for the ids of the newest SIMILAR_CANDIDATES initiatives linked to each of
        `initiative`'s themes, target groups and tags (an index per link table serves it)."""
        parts = []
        for relation, _weight in SIMILARITY:
            through, own, other = through_ends(self.model, relation)
            table = through._meta.db_table
            own_column = through._meta.get_field(own).column
            other_column = through._meta.get_field(other).column
            parts.append(
                f"SELECT c.{own_column} FROM {table} mine CROSS JOIN LATERAL ("
                f" SELECT l.{own_column} FROM {table} l"
                f" WHERE l.{other_column} = mine.{other_column}"
                f" ORDER BY l.{own_column} DESC LIMIT %s) c WHERE mine.{own_column} = %s"
            )
        params = [SIMILAR_CANDIDATES, initiative.pk] * len(parts)
        return RawSQL(" UNION ".join(parts), params)

    def _shared(self, initiative, relation):
        """How many of `initiative`'s links through `relation` each row shares, read from
        the rows' own link arrays: no lookup in the link table per candidate."""
        table, array = self.model._meta.db_table, LINK_ARRAYS[relation]
        # The inner subquery does not depend on the row: PostgreSQL reads it once.
        return RawSQL(
            f'(SELECT count(*) FROM unnest("{table}"."{array}") AS linked'
            f" WHERE linked IN (SELECT unnest({array}) FROM {table} WHERE id = %s))",
            [initiative.pk],
            output_field=models.IntegerField(),
        )

    def verification_overdue(self):
        """Not checked in the last VERIFY_AFTER_MONTHS months, or never: the editors' to-do."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=verified_since()))

    def never_verified(self):
        return self.filter(last_verified__isnull=True)

    def verified_recently(self):
        return self.filter(last_verified__gte=verified_since())


def verified_since(today=None):
    """The day VERIFY_AFTER_MONTHS months before `today`: a check on or after it is current.
    (31 March minus a month is the last day of February.)"""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - settings.VERIFY_AFTER_MONTHS
    year, month = divmod(months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


# What makes initiatives alike: a shared link through each relation, and its weight.
SIMILARITY = [("themes", 3), ("target_groups", 2), ("tags", 1)]
# How many of the newest initiatives behind each shared link are weighed for "similar".
SIMILAR_CANDIDATES = 100


class Initiative(Publishable, Illustrated):
    class Scope(models.TextChoices):
        NEIGHBOURHOOD = "buurt", _("Neighbourhood")
        DISTRICT = "wijk", _("District")
        MUNICIPALITY = "gemeente", _("Municipality")
        REGION = "regio", _("Region")
        NATIONAL = "landelijk", _("Nationwide")
        ONLINE = "online", _("Online")

    # Areas of work that are not a place: such initiatives have no distance to anyone.
    WITHOUT_FIXED_PLACE = (Scope.NATIONAL, Scope.ONLINE)

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Active")
        FINISHED = "afgerond", _("Finished")

    class Help(models.TextChoices):
        VOLUNTEERS = "vrijwilligers", _("Volunteers")
        SPACE = "ruimte", _("A place to meet")
        MONEY = "geld", _("Money")
        EXPERTISE = "expertise", _("Expertise")

    class Access(models.TextChoices):
        WHEELCHAIR = "rolstoeltoegankelijk", _("Wheelchair accessible")
        LOW_STIMULUS = "prikkelarm", _("Low-stimulus")

    class Source(models.TextChoices):
        EDITORS = "redactie", _("Editors")
        SUBMITTED = "aangemeld", _("Submitted by a resident")
        IMPORT = "import", _("Import")

    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("At most 300 characters, shown in lists.")
    )
    description = RichTextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="initiatives")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="initiatives", blank=True
    )
    tags = TaggableManager(_("tags"), through=TaggedInitiative, blank=True)
    vulnerable = models.BooleanField(
        _("also for residents in a vulnerable position"), default=False
    )
    scope = models.CharField(
        _("area of work"), max_length=10, choices=Scope.choices, default=Scope.NEIGHBOURHOOD
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LATITUDE)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LONGITUDE)
    organisation = models.CharField(_("organisation or initiator"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Never shown on the site; residents reach the initiator through a form."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("activity status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    help_wanted = ChoiceArrayField(
        models.CharField(max_length=15, choices=Help.choices),
        verbose_name=_("help wanted"),
        default=list,
        blank=True,
    )
    accessibility = ChoiceArrayField(
        models.CharField(max_length=20, choices=Access.choices),
        verbose_name=_("accessibility of the venue"),
        default=list,
        blank=True,
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: Nederlands, Arabisch"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITORS
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()
    history = CatalogueHistory(m2m_fields=["themes", "target_groups", "tags"])

    # /initiatieven/aanmelden/ is the submission form, not an initiative.
    RESERVED_SLUGS = {"aanmelden"}

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        # Who may make an item public (see the Eindredacteur group); editors may not.
        permissions = [("publish_initiative", _("Can publish, unpublish and archive initiatives"))]
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(fields=["state", "-published_at"]),
            search_index("initiative"),
            links_index("initiative"),
            # Radius searches and "nearby" ask this index first (see geo.py). It carries what
            # the filters and facet counts read, so a search around a place reads only it.
            GistIndex(
                earth_point(),
                name="initiative_earth_point",
                include=[
                    "id",
                    "state",
                    "scope",
                    "published_at",
                    "latitude",
                    "longitude",
                    "municipality",
                    "district",
                    "status",
                    "vulnerable",
                    "help_wanted",
                    *LINK_ARRAYS.values(),
                ],
            ),
            # Around a place, the page lists and counts these apart: a few percent of all.
            models.Index(
                fields=["state", "-published_at"],
                condition=Q(scope__in=["landelijk", "online"]),
                name="initiative_without_place",
            ),
        ]
        constraints = [
            published_state_check("initiative"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="initiative_point_complete",
            ),
            image_has_alt_check("initiative"),
        ]

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.slug])

    def fill_point_from_postcode(self):
        """An editor may leave the point empty: the postcode's centre stands in for it."""
        pointless = self.latitude is None and self.longitude is None
        if pointless and self.postcode and self.has_fixed_place:
            point = Postcode.objects.points_for([self.postcode]).get(self.postcode)
            self.latitude, self.longitude = point or (None, None)

    def clean(self):
        self.fill_point_from_postcode()
        errors = self.image_errors()
        if (
            self.district_id
            and self.municipality_id
            and (self.district.municipality_id != self.municipality_id)
        ):
            errors["district"] = _("This district lies in another municipality.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    def mark_verified(self, user):
        """Someone checked that the initiative still is as described: today."""
        self.last_verified = timezone.localdate()
        self.updated_by = user
        self.save()

    @property
    def has_fixed_place(self):
        return self.scope not in self.WITHOUT_FIXED_PLACE

    @property
    def help_wanted_labels(self):
        return [self.Help(value).label for value in self.help_wanted]

    @property
    def accessibility_labels(self):
        return [self.Access(value).label for value in self.accessibility]


class SubmitterDetails(models.Model):
    """Who proposed an item through the site: for the editors only, never on a public page."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class InitiativeSubmission(SubmitterDetails):
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    is_initiator = models.BooleanField(_("is one of the initiators"), default=False)

    class Meta:
        verbose_name = _("submitted by")
        verbose_name_plural = _("submitted by")


class InitiativeContact(models.Model):
    """One message relayed to an initiative's contact address. Neither the message nor the
    sender is kept: only when, and a keyed hash of the sender's internet address."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    address_hash = models.CharField(_("hashed internet address"), max_length=64)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.initiative} ({self.sent_at:%Y-%m-%d %H:%M})"
