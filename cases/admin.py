"""Editors' admin for publications, authors and case studies."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.admin import PublishableAdmin, SubmitterInline
from catalogue.messages_admin import MessagesAdmin
from catalogue.pickers import PickerFieldsMixin, PickerSearchMixin

from .models import (
    Author,
    Case,
    CaseMediaLink,
    CaseQuote,
    Publication,
    PublicationAuthor,
    PublicationSubmission,
)


@admin.register(Author)
class AuthorAdmin(PickerSearchMixin, MessagesAdmin):
    list_display = ["cited_as", "surname", "infix", "initials"]
    search_fields = ["surname", "initials"]
    picker_name = "surname"

    @admin.display(description=_("Cited as"), ordering="surname")
    def cited_as(self, author):
        return author.citation_name


class PublicationAuthorInline(PickerFieldsMixin, admin.TabularInline):
    model = PublicationAuthor
    autocomplete_fields = ["author"]
    extra = 1
    fields = ["position", "author"]


class StoredFile:
    """A stored file as the upload widget names it, at an address of our choosing."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PublicationFileInput(AdminFileWidget):
    """The PDF upload. The current file links to the publication's download address: the
    media folder does not serve publications' files (docs/deploy.md), and that address
    serves staff a draft's file too."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and instance is not None and instance.slug:
            context["widget"]["value"] = StoredFile(value.name, instance.get_download_url())
        return context


class PublicationSubmissionInline(SubmitterInline):
    model = PublicationSubmission
    fields = ["authors", "name", "email", "phone", "submitted_at"]


@admin.register(Publication)
class PublicationAdmin(PublishableAdmin):
    list_display = ["title", "publishing_state", "kind", "meets_criteria", "changed"]
    list_filter = ["state", "source", "publication_type", "is_kennisplein_article", "themes"]
    inlines = [PublicationSubmissionInline, PublicationAuthorInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "summary", "state"]}),
        (
            _("Kennisplein check"),
            {
                "fields": ["source", "kennisplein_criteria"],
                "description": _(
                    "A publication belongs on the Kennisplein when it meets all four criteria."
                ),
            },
        ),
        (
            _("About the work"),
            {
                "fields": [
                    "publication_type",
                    "organisation",
                    ("series", "series_number"),
                    "year_of_issue",
                    "publication_date",
                    "is_kennisplein_article",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email"]}),
        (_("Files and links"), {"fields": ["file", "external_url", "image", "image_alt"]}),
        (_("Themes and target groups"), {"fields": ["themes", "target_groups", "tags"]}),
        (
            _("Bookkeeping"),
            {"fields": ["published_at", "created_at", "updated_at", "created_by", "updated_by"]},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"  # Django 6's default; without it, a warning
        if db_field.name == "file":
            kwargs["widget"] = PublicationFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        """Its pages take a PDF besides an image: a larger body than other pages
        (wijkplatform.middleware.RequestBodyLimitMiddleware reads `max_body_bytes`)."""
        urls = super().get_urls()
        for pattern in urls:
            pattern.callback.max_body_bytes = settings.PUBLICATION_REQUEST_MAX_BYTES
        return urls

    @admin.display(description=_("Type"), ordering="publication_type")
    def kind(self, publication):
        return publication.get_publication_type_display()

    @admin.display(boolean=True, description=_("Kennisplein"))
    def meets_criteria(self, publication):
        """Whether it meets all four criteria of the Kennisplein."""
        return publication.meets_kennisplein_criteria


class CaseQuoteInline(admin.StackedInline):
    model = CaseQuote
    extra = 0


class CaseMediaLinkInline(admin.TabularInline):
    model = CaseMediaLink
    extra = 0
    formfield_overrides = PublishableAdmin.formfield_overrides


@admin.register(Case)
class CaseAdmin(PublishableAdmin):
    list_display = ["title", "publishing_state", "municipality", "quality", "changed"]
    list_filter = ["state", "quality_level", "area_type", "themes", "target_groups"]
    list_select_related = ["municipality"]
    autocomplete_fields = [
        *PublishableAdmin.autocomplete_fields,
        "initiatives",
        "publication",
        "municipality",
        "district",
    ]
    inlines = [CaseQuoteInline, CaseMediaLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "state"]}),
        (_("The story"), {"fields": Case.SECTIONS}),
        (
            _("Source and context"),
            {
                "fields": [
                    "publication",
                    "chapter",
                    "initiatives",
                    "municipality",
                    "district",
                    "area_type",
                    "year",
                    "quality_level",
                ]
            },
        ),
        (_("Themes and target groups"), {"fields": ["themes", "target_groups", "tags"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Bookkeeping"),
            {"fields": ["published_at", "created_at", "updated_at", "created_by", "updated_by"]},
        ),
    ]

    @admin.display(description=_("Quality"), ordering="quality_level")
    def quality(self, case):
        return case.get_quality_level_display()
