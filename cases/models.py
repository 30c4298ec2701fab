"""Publications (the Kennisplein library) and the case studies that appeared in them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from catalogue.addresses import cached_reverse
from catalogue.fields import ChoiceArrayField, RichTextField
from catalogue.history import CatalogueHistory
from catalogue.images import Illustrated, image_has_alt_check
from catalogue.models import (
    SUBMITTED_SOURCE,
    Publishable,
    PublishableQuerySet,
    SubmitterDetails,
    links_index,
    open_items_index,
    published_state_check,
    search_index,
)
from initiatives.models import Initiative
from places.models import District, Municipality
from themes.models import TargetGroup, Theme

from . import documents

YEAR = [MinValueValidator(1900), MaxValueValidator(2100)]


class Author(models.Model):
    """A person who wrote a publication, shown as the publication page does: "van de Kamp J."."""

    initials = models.CharField(_("initials"), max_length=20, help_text=_("For example: J."))
    infix = models.CharField(
        _("surname prefix"), max_length=20, blank=True, help_text=_("For example: van de")
    )
    surname = models.CharField(_("surname"), max_length=100)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["surname", "initials"]
        constraints = [
            models.UniqueConstraint(
                fields=["surname", "infix", "initials"], name="author_unique_name"
            )
        ]

    def __str__(self):
        return self.citation_name

    @property
    def citation_name(self):
        """'Achternaam I.' with the prefix in front, as the publication page shows it."""
        return " ".join(part for part in (self.infix, self.surname, self.initials) if part)


class TaggedPublication(TaggedItemBase):
    content_object = models.ForeignKey("Publication", on_delete=models.CASCADE)


class TaggedCase(TaggedItemBase):
    content_object = models.ForeignKey("Case", on_delete=models.CASCADE)


class PublicationQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.prefetch_related(
            "themes",
            "target_groups",
            "tags",
            models.Prefetch(
                "publicationauthor_set",
                queryset=PublicationAuthor.objects.select_related("author"),
                to_attr="author_list",
            ),
        )


class Publication(Publishable, Illustrated):
    class Type(models.TextChoices):
        RESEARCH_REPORT = "onderzoeksrapport", _("Research report")
        CASE_COLLECTION = "casusbundel", _("Case collection")
        GUIDE = "handreiking", _("Guide")
        ESSAY = "essay", _("Essay")
        POLICY = "beleidsdocument", _("Policy document")
        FACTSHEET = "factsheet", _("Factsheet")
        ARTICLE = "artikel", _("Article")
        PODCAST = "podcast", _("Podcast")
        VIDEO = "video", _("Video")

    class Source(models.TextChoices):
        EDITORS = "redactie", _("Editors")
        SUBMITTED = SUBMITTED_SOURCE, _("Submitted by a professional")

    class Criterion(models.TextChoices):
        """What the Kennisplein asks of a publication before it is listed."""

        COMPLETE = "compleet", _("Complete: title, authors, year, link and summary are right")
        NEIGHBOURHOODS = "buurten-wijken", _("About neighbourhoods and districts")
        COLLECTIVE = "collectief", _("About collective provisions")
        PILLAR = (
            "pijler",
            _(
                "Fits at least one pillar of social quality: socio-economic security, social "
                "cohesion, social inclusion or social empowerment"
            ),
        )

    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    publication_date = models.DateField(
        _("publication date"), help_text=_("When it appeared on the platform.")
    )
    year_of_issue = models.PositiveSmallIntegerField(
        _("year of issue"), validators=YEAR, help_text=_("When the work itself was issued.")
    )
    authors = models.ManyToManyField(
        Author, through="PublicationAuthor", verbose_name=_("authors"), related_name="publications"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    publication_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    series = models.CharField(_("series"), max_length=200, blank=True)
    series_number = models.CharField(_("number in series"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Never shown on the site.")
    )
    is_kennisplein_article = models.BooleanField(_("Kennisplein article"), default=False)
    summary = RichTextField(_("summary"), blank=True)
    file = documents.PdfFileField(
        _("file (PDF)"),
        upload_to=documents.file_name,
        blank=True,
        help_text=_(
            "The publication itself, as a PDF. Visitors download it from the publication's "
            "page once it is published."
        ),
    )
    # Kept with the file (save), so the page names the size without touching the file. A
    # replaced file stays in storage: the history can bring an older version back with it.
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, editable=False)
    external_url = models.URLField(_("external link"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="publications", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="publications", blank=True
    )
    tags = TaggableManager(_("tags"), through=TaggedPublication, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITORS
    )
    kennisplein_criteria = ChoiceArrayField(
        models.CharField(max_length=15, choices=Criterion.choices),
        verbose_name=_("Kennisplein criteria met"),
        default=list,
        blank=True,
        help_text=_("Tick what the publication meets. It fits the Kennisplein when all four are."),
    )

    objects = PublicationQuerySet.as_manager()
    history = CatalogueHistory(
        m2m_fields=["themes", "target_groups", "tags"], parts=["publicationauthor"]
    )

    # /publicaties/aanmelden/ is the submission form, not a publication.
    RESERVED_SLUGS = {"aanmelden"}

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        # Who may make an item public (see the Eindredacteur group); editors may not.
        permissions = [
            ("publish_publication", _("Can publish, unpublish and archive publications"))
        ]
        ordering = ["-publication_date", "title"]
        constraints = [published_state_check("publication"), image_has_alt_check("publication")]
        indexes = [search_index("publication"), links_index("publication")]

    def get_absolute_url(self):
        return cached_reverse("cases:publication_detail", self.slug)

    def get_download_url(self):
        return reverse("cases:publication_download", args=[self.slug])

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "file" in update_fields:
            self.file_size = self._stored_file_size()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "file_size"}
        super().save(*args, **kwargs)

    def _stored_file_size(self):
        """The file's size in bytes (a new upload's, or the stored file's); None without one."""
        if not self.file:
            return None
        try:
            return self.file.size
        except OSError:  # the stored file is gone: the download answers 404
            return None

    @property
    def file_megabytes(self):
        return documents.megabytes(self.file_size) if self.file_size is not None else None

    @property
    def download_name(self):
        """The name a downloaded file gets: the publication's address, not the upload's."""
        return f"{self.slug}.pdf"

    @property
    def meets_kennisplein_criteria(self):
        return set(self.kennisplein_criteria) >= set(self.Criterion.values)

    @property
    def series_label(self):
        return " ".join(part for part in (self.series, self.series_number) if part)


class PublicationAuthor(models.Model):
    """An author's place in a publication's author list."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "author"], name="publication_author_once"
            )
        ]

    def __str__(self):
        return str(self.author)


class PublicationSubmission(SubmitterDetails):
    publication = models.OneToOneField(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    authors = models.CharField(
        _("authors as submitted"),
        max_length=500,
        help_text=_("Add them to the author list above as they should appear."),
    )

    class Meta:
        verbose_name = _("submitted by")
        verbose_name_plural = _("submitted by")


class CaseQuerySet(PublishableQuerySet):
    def with_related(self):
        return (
            self.for_cards().select_related("publication").prefetch_related("target_groups", "tags")
        )

    def for_cards(self):
        return self.select_related("municipality").prefetch_related("themes")

    def with_publication_authors(self):
        """Its publication's authors as `publication.author_list`, as the publication's own
        page has them: its citation and description name them."""
        return self.prefetch_related(
            models.Prefetch(
                "publication__publicationauthor_set",
                queryset=PublicationAuthor.objects.select_related("author"),
                to_attr="author_list",
            )
        )

    def in_publication(self, publication):
        return self.filter(publication=publication)


class Case(Publishable, Illustrated):
    """A case study, answering the questions every Wij in de Wijk chapter answers."""

    class AreaType(models.TextChoices):
        CITY = "stad", _("City")
        VILLAGE = "dorp", _("Small town or village")
        RURAL = "platteland", _("Countryside")
        ONLINE = "online", _("Online")

    class Quality(models.TextChoices):
        NOT_ASSESSED = "niet-beoordeeld", _("Not assessed")
        DESCRIBED = "beschreven", _("Described in a case collection")
        WELL_DESCRIBED = "goed-beschreven", _("Well described")
        WELL_FOUNDED = "goed-onderbouwd", _("Well founded")
        EFFECTIVE = "effectief", _("Effective")

    summary = models.CharField(_("summary"), max_length=300)
    initiators = RichTextField(_("initiators and partners"), blank=True)
    aim = RichTextField(_("aim"), blank=True)
    approach = RichTextField(_("approach and activities"), blank=True)
    results = RichTextField(_("results and successes"), blank=True)
    setbacks = RichTextField(_("setbacks and challenges"), blank=True)
    lessons = RichTextField(_("lessons: what works"), blank=True)
    role_of_professionals = RichTextField(
        _("role of the municipality and professionals"), blank=True
    )
    funding = RichTextField(_("funding"), blank=True)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    chapter = models.CharField(_("chapter"), max_length=100, blank=True)
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), related_name="cases", blank=True
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="cases")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="cases", blank=True
    )
    tags = TaggableManager(_("tags"), through=TaggedCase, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    area_type = models.CharField(
        _("type of area"), max_length=10, choices=AreaType.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR)
    quality_level = models.CharField(
        _("quality level"), max_length=20, choices=Quality.choices, default=Quality.NOT_ASSESSED
    )

    objects = CaseQuerySet.as_manager()
    history = CatalogueHistory(
        m2m_fields=["initiatives", "themes", "target_groups", "tags"],
        parts=["quotes", "media_links"],
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Who may make an item public (see the Eindredacteur group); editors may not.
        permissions = [("publish_case", _("Can publish, unpublish and archive cases"))]
        ordering = ["-published_at", "title"]
        constraints = [published_state_check("case"), image_has_alt_check("case")]
        indexes = [search_index("case"), links_index("case"), open_items_index("case")]

    def get_absolute_url(self):
        return cached_reverse("cases:detail", self.slug)

    @property
    def source(self):
        """The publication it appeared in, when that is published: an unpublished one is
        never named."""
        publication = self.publication
        return publication if publication is not None and publication.is_published else None

    SECTIONS = [
        "initiators",
        "aim",
        "approach",
        "results",
        "setbacks",
        "lessons",
        "role_of_professionals",
        "funding",
    ]

    def sections(self):
        """The filled-in chapters, in reading order, as (heading, html)."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTIONS
            if getattr(self, name)
        ]


class CaseQuote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("quote"))
    speaker = models.CharField(_("speaker"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.speaker}: {self.text[:40]}"


class CaseMediaLink(models.Model):
    class Kind(models.TextChoices):
        FILM = "film", _("Film")
        PODCAST = "podcast", _("Podcast")
        OTHER = "anders", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="media_links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FILM)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("media link")
        verbose_name_plural = _("media links")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title
