"""Editors' admin for the catalogue core."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .history_admin import HistoryAdmin
from .locking import LockingAdmin
from .models import (
    District,
    Initiative,
    Municipality,
    Neighbourhood,
    Postcode,
    Province,
    TargetGroup,
    Theme,
)

# Django 6's default; without it, a warning (an error in the tests) on every form with a link.
URL_FIELD = {"assume_scheme": "https"}


class PublishableAdmin(HistoryAdmin, LockingAdmin, admin.ModelAdmin):
    """Shared by initiatives, cases and publications: workflow, slug and bookkeeping; history
    and restore (HistoryAdmin), no lost updates (LockingAdmin)."""

    prepopulated_fields = {"slug": ("title",)}
    list_filter = ["state"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by", "updated_by"]
    autocomplete_fields = ["themes", "target_groups"]
    date_hierarchy = "published_at"
    save_on_top = True
    formfield_overrides = {models.URLField: URL_FIELD}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "parent", "position"]
    list_filter = ["category"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["parent"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}


class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "latitude", "longitude"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(PlaceAdmin):
    pass


@admin.register(Municipality)
class MunicipalityAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(District)
class DistrictAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "municipality"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "district"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "latitude", "longitude"]
    search_fields = ["postcode"]


class PinMapInput(forms.NumberInput):
    """The longitude field, with a map under its row (admin_map.js) on which editors click or
    drag the pin to fill latitude and longitude; without JavaScript, a plain number field."""

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css"]}
        js = ["vendor/leaflet/leaflet.js", "js/admin_map.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-pin-map": "",
                "data-tiles": settings.MAP_TILE_URL,
                "data-attribution": settings.MAP_ATTRIBUTION,
                "data-marker-icon": static("vendor/leaflet/images/marker-icon.png"),
                "data-marker-icon-2x": static("vendor/leaflet/images/marker-icon-2x.png"),
                "data-marker-shadow": static("vendor/leaflet/images/marker-shadow.png"),
                "data-label": gettext("Map for placing the pin"),
                "data-help": gettext(
                    "Click on the map to place the pin, or drag it. Typing in the fields moves it."
                ),
                "data-clear": gettext("Remove the pin"),
                "data-pin": gettext("The initiative’s place"),
            }
        )
        return context


@admin.register(Initiative)
class InitiativeAdmin(PublishableAdmin):
    list_display = ["title", "municipality", "state", "status", "vulnerable", "updated_at"]
    list_filter = ["state", "status", "vulnerable", "scope", "source", "themes", "target_groups"]
    list_select_related = ["municipality"]
    search_fields = ["title", "slug", "summary", "organisation", "municipality__name"]
    autocomplete_fields = [
        *PublishableAdmin.autocomplete_fields,
        "municipality",
        "district",
        "neighbourhood",
    ]

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "state"]}),
        (
            _("Themes and target groups"),
            {"fields": ["themes", "target_groups", "tags", "vulnerable"]},
        ),
        (
            _("Place"),
            {
                "fields": [
                    "scope",
                    "municipality",
                    "district",
                    "neighbourhood",
                    "address",
                    "postcode",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Details"),
            {
                "fields": [
                    "organisation",
                    "website",
                    "email",
                    "start_year",
                    "status",
                    "help_wanted",
                    "accessibility",
                    "languages",
                    "image",
                    "image_alt",
                ]
            },
        ),
        (
            _("Bookkeeping"),
            {
                "fields": [
                    "source",
                    "last_verified",
                    "published_at",
                    "created_at",
                    "updated_at",
                    "created_by",
                    "updated_by",
                ]
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = PinMapInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)
