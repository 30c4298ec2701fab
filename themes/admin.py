from django.contrib import admin

from catalogue.pickers import PickerFieldsMixin, PickerSearchMixin

from .models import TargetGroup, Theme


class TaxonomyAdmin(PickerSearchMixin, PickerFieldsMixin, admin.ModelAdmin):
    """Searched by name (or slug) only: a description that mentions another theme ("bonding is
    the base for bridging") made "Bridg" list Bonding first in the pickers."""

    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "category", "parent", "position"]
    list_filter = ["category"]
    list_editable = ["position"]
    autocomplete_fields = ["parent"]


@admin.register(TargetGroup)
class TargetGroupAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
