"""Editors' admin for the catalogue core."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


class PublishableAdmin(admin.ModelAdmin):
    """Shared by initiatives, cases and publications: workflow, slug and bookkeeping."""

    prepopulated_fields = {"slug": ("title",)}
    list_filter = ["state"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by", "updated_by"]
    autocomplete_fields = ["themes", "target_groups"]
    date_hierarchy = "published_at"
    save_on_top = True

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
