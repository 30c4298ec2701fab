"""Editors' admin for initiatives: the list's key columns, the form with its map pin, the
import, the "last verified" check, submitted-by details and the log of relayed messages."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.admin import PublishableAdmin, SubmitterInline
from catalogue.messages_admin import MessagesAdmin
from catalogue.verification_admin import VerificationAdminMixin, VerificationFilter, mark_verified

from .admin_import import InitiativeImportExportMixin
from .models import Initiative, InitiativeContact, InitiativeSubmission


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


class InitiativeSubmissionInline(SubmitterInline):
    model = InitiativeSubmission
    fields = ["name", "email", "phone", "is_initiator", "submitted_at"]


@admin.register(InitiativeContact)
class InitiativeContactAdmin(MessagesAdmin):
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
    list_display = ["title", "publishing_state", "place", "verification", "changed"]
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
                    "schedule",
                    "cost",
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

    @admin.display(description=_("Place"), ordering="municipality__name")
    def place(self, obj):
        """The municipality; for an initiative without a fixed place, "Online" or "Landelijk"."""
        if obj.municipality:
            return obj.municipality.name
        return None if obj.has_fixed_place else obj.get_scope_display()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = PinMapInput
        elif db_field.name == "themes":
            # The proposal form leaves them to the editors (forms.py); the editor hears it here.
            kwargs["help_text"] = _(
                "At least one. Residents may leave the themes open when they propose an "
                "initiative: you choose them here."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
