"""Initiatives: what residents run in their neighbourhood, and what belongs only to them
(submissions through the site, messages relayed to the initiators)."""

from urllib.parse import urlencode

from django.contrib.postgres.indexes import GistIndex
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from catalogue.addresses import cached_reverse
from catalogue.fields import ChoiceArrayField, RichTextField
from catalogue.history import CatalogueHistory
from catalogue.images import Illustrated, image_has_alt_check
from catalogue.links import LINK_ARRAYS, through_ends
from catalogue.models import (
    SUBMITTED_SOURCE,
    Publishable,
    SubmitterDetails,
    admin_order_index,
    links_index,
    open_items_index,
    published_state_check,
    search_index,
)
from catalogue.verification import Verifiable, VerifiableQuerySet, due_index
from places import geo
from places.geo import earth_point
from places.models import LATITUDE, LONGITUDE, District, Municipality, Neighbourhood, Postcode
from themes.models import TargetGroup, Theme


class TaggedInitiative(TaggedItemBase):
    content_object = models.ForeignKey("Initiative", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged initiative")
        verbose_name_plural = _("tagged initiatives")
        # The newest initiatives with a tag, for "similar initiatives" (similar_to).
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_initiative_newest")]


class InitiativeQuerySet(VerifiableQuerySet):
    def with_related(self):
        """Everything an initiative's page, the API and exports show, in a fixed number of
        queries."""
        return self.for_cards().prefetch_related("target_groups", "tags")

    def for_cards(self):
        return self.select_related("municipality", "district").prefetch_related("themes")

    def for_links(self):
        """What a short list of links shows (title, place, distance): the rows are sorted
        whole before the few are taken, so the long text and the search columns stay out."""
        return (
            self.select_related("municipality")
            .without_search_index()
            .defer("description", "image_renditions")
        )

    def in_publication(self, publication):
        """Those a published case study of `publication` describes, each once. The cases are
        reached through this model's reverse relation "cases" and their one gate, so this app
        never imports them (its layer is below theirs)."""
        cases = self.model._meta.get_field("cases").related_model.objects.published()
        described = cases.filter(publication=publication, initiatives=OuterRef("pk"))
        return self.filter(Exists(described))

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

    def nearby(self, initiative, origin=None, radius_km=25, limit=5):
        """The nearest other initiatives around `origin` (the place the visitor searched
        around), else around `initiative`'s own point; nearest first.

        Ordered by distance alone, so the GiST index hands back the nearest rows and stops
        after `limit`; any second sort key makes PostgreSQL fetch and sort every initiative
        within the radius (thousands in a city).
        """
        if origin is None:
            if initiative.latitude is None or not initiative.has_fixed_place:
                return self.none()
            origin = initiative
        return (
            self.near(origin, radius_km)
            .exclude(pk=initiative.pk)
            .order_by(geo.nearest_first(origin))[:limit]
        )

    def similar_to(self, initiative, limit=5):
        """Others sharing the most themes, target groups and tags with `initiative` (each
        shared theme weighs 3, target group 2, tag 1), then the most similar title.

        Only the newest SIMILAR_CANDIDATES initiatives behind each of its themes, groups and
        tags are weighed: a theme can have tens of thousands, and a detail page must not
        score them all.
        """
        score = sum(
            (self._shared(initiative, relation) * weight for relation, weight in SIMILARITY),
            Value(0),
        )
        # Every candidate shares a link, so none scores 0: no filter on the score, which
        # PostgreSQL would compute a second time for each.
        return (
            self.filter(pk__in=self._candidates(initiative))
            .exclude(pk=initiative.pk)
            .annotate(score=score, likeness=TrigramSimilarity("title", initiative.title))
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


# What makes initiatives alike: a shared link through each relation, and its weight.
SIMILARITY = [("themes", 3), ("target_groups", 2), ("tags", 1)]
# How many of the newest initiatives behind each shared link are weighed for "similar".
SIMILAR_CANDIDATES = 100


# Where a visiting address opens on a map (Initiative.map_url).
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"

# Who "residents in a vulnerable position" are, in plain words: said wherever people choose it.
VULNERABLE_EXAMPLES = _(
    "For example people with little money, a disability or psychological problems."
)

# Areas of work (Initiative.scope) that are not a place: such initiatives have no distance to
# anyone, and a search around a place lists them apart.
WITHOUT_FIXED_PLACE = ("landelijk", "online")


class Initiative(Publishable, Illustrated, Verifiable):
    class Scope(models.TextChoices):
        NEIGHBOURHOOD = "buurt", _("Neighbourhood")
        DISTRICT = "wijk", _("District")
        MUNICIPALITY = "gemeente", _("Municipality")
        REGION = "regio", _("Region")
        NATIONAL = "landelijk", _("Nationwide")
        ONLINE = "online", _("Online")

    WITHOUT_FIXED_PLACE = WITHOUT_FIXED_PLACE

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
        SUBMITTED = SUBMITTED_SOURCE, _("Submitted by a resident")
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
    address = models.CharField(
        _("visiting address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Street and house number of the place residents can go to, such as a community "
            "centre. The page shows it with a link to a map. Never a private home address "
            "without permission."
        ),
    )
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
    schedule = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_(
            "Days and times, in a few words. For example: werkdagen van 10 tot 16 uur; elke "
            "eerste dinsdag van de maand om 19.30 uur."
        ),
    )
    cost = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_(
            "What taking part costs, in a few words. For example: gratis; een maaltijd kost 3 "
            "euro; betaal wat je kunt. Leave empty if you do not know."
        ),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITORS
    )

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
            admin_order_index("initiative"),
            due_index("initiative"),
            open_items_index("initiative"),
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
            # The national picture (overview.py) counts every published initiative per
            # municipality: this holds all that it reads, under a twentieth of the table's size, so
            # PostgreSQL reads only this (the GiST index above took three times as long).
            models.Index(
                fields=["municipality", "status", "vulnerable"],
                include=["theme_ids"],
                condition=Q(state="published"),
                name="initiative_overview",
            ),
            # Around a place, the page lists and counts these apart: a few percent of all.
            models.Index(
                fields=["state", "-published_at"],
                condition=Q(scope__in=list(WITHOUT_FIXED_PLACE)),
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
        return cached_reverse("initiatives:detail", self.slug)

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

    @property
    def has_fixed_place(self):
        return self.scope not in self.WITHOUT_FIXED_PLACE

    @property
    def is_finished(self):
        return self.status == self.Status.FINISHED

    @property
    def visiting_address(self):
        """The street address a resident can go to: only where the initiative has a fixed
        place (an online or nationwide initiative's office is not where it happens)."""
        return self.address if self.has_fixed_place else ""

    @property
    def map_url(self):
        """OpenStreetMap searching for the visiting address: a plain link, so the page loads
        nothing of theirs. The address, not the point, because the point is often only the
        middle of the postcode."""
        if not self.visiting_address:
            return ""
        place = self.municipality.name if self.municipality else self.postcode
        query = ", ".join(part for part in (self.visiting_address, place) if part)
        return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': query})}"

    @property
    def help_wanted_labels(self):
        return [self.Help(value).label for value in self.help_wanted]

    @property
    def accessibility_labels(self):
        return [self.Access(value).label for value in self.accessibility]


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
