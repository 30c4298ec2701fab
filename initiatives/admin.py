"""Editors' admin for the catalogue core."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_import import InitiativeImportExportMixin
from .history_admin import HistoryAdmin
from .images import CatalogueImageField
from .locking import LockingAdmin
from .models import (
    District,
    Initiative,
    InitiativeContact,
    InitiativeSubmission,
    Municipality,
    Neighbourhood,
    Postcode,
    Province,
    TargetGroup,
    Theme,
)
from .workflow_admin import (
    VerificationAdminMixin,
    VerificationFilter,
    WorkflowAdminMixin,
    mark_verified,
)


class ImagePreviewInput(AdminFileWidget):
    """The image upload, with the current image's thumbnail above it (from the row)."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        instance = getattr(value, "instance", None)
        thumbnail = instance.renditions().get("thumbnail") if instance and value else None
        if not thumbnail:
            return html
        return format_html(
            '<p><img src="{}" width="{}" height="{}" alt="{}"></p>{}',
            thumbnail.url,
            thumbnail.width,
            thumbnail.height,
            instance.image_alt,
            html,
        )


class PublishableAdmin(WorkflowAdminMixin, HistoryAdmin, LockingAdmin, admin.ModelAdmin):
    """Shared by initiatives, cases and publications: workflow, slug and bookkeeping; history
    and restore (HistoryAdmin), no lost updates (LockingAdmin)."""

    prepopulated_fields = {"slug": ("title",)}
    list_filter = ["state"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by", "updated_by"]
    autocomplete_fields = ["themes", "target_groups"]
    date_hierarchy = "published_at"
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CatalogueImageField):
            kwargs["widget"] = ImagePreviewInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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


class SubmitterInline(admin.StackedInline):
    """Who submitted an item through the site: read-only, for the editors' eyes only."""

    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("Submitted through the site by")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "id"]

    def has_view_permission(self, request, obj=None):
        """Whoever may see the item sees who submitted it: no permission of its own needed."""
        opts = self.parent_model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("view", "change")
        )


class InitiativeSubmissionInline(SubmitterInline):
    model = InitiativeSubmission
    fields = ["name", "email", "phone", "is_initiator", "submitted_at"]


@admin.register(InitiativeContact)
class InitiativeContactAdmin(admin.ModelAdmin):
    """The log of relayed messages: when, to which initiative; never the message itself."""

    list_display = ["initiative", "sent_at"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__title"]
    date_hierarchy = "sent_at"
    readonly_fields = ["initiative", "sent_at", "address_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(InitiativeImportExportMixin, VerificationAdminMixin, PublishableAdmin):
    list_display = [
        "title",
        "municipality",
        "state",
        "status",
        "vulnerable",
        "verification",
        "updated_at",
    ]
    list_filter = [
        "state",
        VerificationFilter,
        "status",
        "vulnerable",
        "scope",
        "source",
        "themes",
        "target_groups",
    ]
    actions = [*PublishableAdmin.actions, mark_verified]
    list_select_related = ["municipality"]
    search_fields = ["title", "slug", "summary", "organisation", "municipality__name"]
    inlines = [InitiativeSubmissionInline]
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
