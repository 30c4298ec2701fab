"""The one taxonomy every kind of content shares: themes (in four categories) and target
groups."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from catalogue.addresses import cached_reverse


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    explanation = models.CharField(
        _("explanation in plain words"),
        max_length=200,
        blank=True,
        help_text=_(
            "One short sentence in everyday words. Shown beside the choice in the filters and "
            "the form for proposing an initiative."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ThemeQuerySet(models.QuerySet):
    def by_category(self):
        """In the order of the categories (as the filters show them), then the editors' order."""
        order = Case(*(When(category=c, then=i) for i, c in enumerate(Theme.Category)))
        return self.order_by(order, "position", "name")


class Theme(Taxonomy):
    """One taxonomy for every content type; each category is a facet of its own."""

    class Category(models.TextChoices):
        CONNECTION = "verbinding", _("Connection")
        PILLAR = "pijler", _("Pillar of social quality")
        ISSUE = "vraagstuk", _("Social issue")
        METHOD = "werkwijze", _("Way of working")

        @property
        def plain_label(self):
            """The category in everyday words: the main label where people choose a theme,
            with `label`, the term publications use, beside it."""
            return PLAIN_CATEGORY_LABELS[self.value]

    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = ThemeQuerySet.as_manager()

    class Meta(Taxonomy.Meta):
        db_table = "initiatives_theme"  # made by `initiatives`, before this app existed
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="theme_not_own_parent"
            ),
        ]

    def get_absolute_url(self):
        return cached_reverse("themes:detail", self.slug)

    @property
    def category_choice(self):
        """The category as its choice, with `label` and `plain_label`."""
        return self.Category(self.category)

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Themes have at most two levels.")})
        if self.parent_id and self.parent.category != self.category:
            raise ValidationError({"parent": _("A sub-theme belongs to its parent's category.")})


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        db_table = "initiatives_targetgroup"  # made by `initiatives`, before this app existed
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


PLAIN_CATEGORY_LABELS = {
    Theme.Category.CONNECTION: _("How people come together"),
    Theme.Category.PILLAR: _("What it brings"),
    Theme.Category.ISSUE: _("What it is about"),
    Theme.Category.METHOD: _("Who does it and how"),
}
