from django.contrib import admin

from catalogue.messages_admin import MessagesAdmin
from catalogue.pickers import PickerFieldsMixin, PickerSearchMixin

from .models import TargetGroup, Theme


class TaxonomyAdmin(PickerSearchMixin, PickerFieldsMixin, MessagesAdmin):
    """Searched by name (or slug) only: a description that mentions another theme ("bonding is
    the base for bridging") made "Bridg" list Bonding first in the pickers."""

    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(TaxonomyAdmin):
    list_display = ["name", "category", "parent", "position"]  # the slug is on the form
    list_filter = ["category"]
    list_editable = ["position"]
    autocomplete_fields = ["parent"]


@admin.register(TargetGroup)
class TargetGroupAdmin(TaxonomyAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
