"""CBS regions (province → municipality → district → neighbourhood) and postcode areas:
where an item is, and where a visitor searches around."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from catalogue.addresses import cached_reverse
from catalogue.lexicon import plain

from . import geo

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


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
        db_table = "initiatives_province"  # made by `initiatives`, before this app existed
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = place_constraints("province", r"^PV[0-9]{2}$")

    @property
    def slug(self):
        """Its part of an address (`/inzicht/fryslan/`), made from its name as a municipality's
        is, but not stored: there are twelve, found among all of them by it."""
        return PlacePage.slug_for(self.name, self.code)


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

    def nearest(self, origin):
        """The places with a point, the nearest centre to `origin` first."""
        located = self.filter(latitude__isnull=False, longitude__isnull=False)
        return located.order_by(geo.nearest_first(origin))

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
        initiatives = self.initiatives.published()
        themes = initiatives.model._meta.get_field("themes").related_model  # no import upward
        return (
            themes.objects.filter(initiatives__in=initiatives)
            .annotate(initiative_count=Count("initiatives"))
            .order_by("-initiative_count", "name")
        )


# What people call a municipality whose official (CBS) name they never use, by its code: a
# resident types "Den Haag", not "'s-Gravenhage".
EVERYDAY_NAMES = {
    "GM0518": ["Den Haag"],
    "GM0796": ["Den Bosch"],
}


class Municipality(PlacePage):
    everyday_names = EVERYDAY_NAMES  # read by the place filter's options (catalogue.facets)

    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )

    class Meta(Place.Meta):
        db_table = "initiatives_municipality"  # made by `initiatives`, before this app existed
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = place_constraints("municipality", r"^GM[0-9]{4}$") + [
            models.UniqueConstraint(fields=["slug"], name="municipality_slug_unique")
        ]

    def get_absolute_url(self):
        return cached_reverse("places:municipality", self.slug)

    @classmethod
    def code_called(cls, text):
        """The code of the municipality people call `text` (any case or accents), if any."""
        wanted = plain(" ".join(text.split()))
        for code, names in EVERYDAY_NAMES.items():
            if wanted in (plain(name) for name in names):
                return code
        return None


class District(PlacePage):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="districts",
    )

    class Meta(Place.Meta):
        db_table = "initiatives_district"  # made by `initiatives`, before this app existed
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = place_constraints("district", r"^WK[0-9]{6}$") + [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="district_slug_unique_in_municipality"
            )
        ]

    def get_absolute_url(self):
        return cached_reverse("places:district", self.municipality.slug, self.slug)


class Neighbourhood(Place):
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
    )

    class Meta(Place.Meta):
        db_table = "initiatives_neighbourhood"  # made by `initiatives`, before this app existed
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        # Buurt codes are text: some carry letters (BU0363AD03).
        constraints = place_constraints("neighbourhood", r"^BU[0-9]{4}[0-9A-Z]{4}$")


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
        db_table = "initiatives_postcode"  # made by `initiatives`, before this app existed
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
