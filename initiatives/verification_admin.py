"""The "last verified" check of initiatives in the admin: a list filter, a list action and a
change-form button, and the column that flags an overdue check."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import verified_since

VERIFY_BUTTON = "_verify"


class VerificationFilter(admin.SimpleListFilter):
    """Which initiatives need a check that they still are as described."""

    title = _("verification")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        months = settings.VERIFY_AFTER_MONTHS
        return [
            (
                "overdue",
                ngettext(
                    "Not verified in the last month, or never",
                    "Not verified in %(months)d months, or never",
                    months,
                )
                % {"months": months},
            ),
            ("never", _("Never verified")),
            ("current", _("Up to date")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return queryset.verification_overdue()
            case "never":
                return queryset.never_verified()
            case "current":
                return queryset.verified_recently()
        return queryset


@admin.action(description=_("Mark as verified today"), permissions=["change"])
def mark_verified(modeladmin, request, queryset):
    for initiative in queryset:
        initiative.mark_verified(request.user)
    count = len(queryset)
    modeladmin.message_user(
        request,
        _("Marked as verified today: %(items)s.")
        % {"items": f"{count} {model_ngettext(modeladmin.opts, count)}"},
        messages.SUCCESS,
    )


class VerificationAdminMixin:
    """For InitiativeAdmin: the "Verification" filter, list action and change-form button."""

    def submit_buttons(self, request, obj, state):
        buttons = super().submit_buttons(request, obj, state)
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            buttons.append((VERIFY_BUTTON, _("Mark as verified today")))
        return buttons

    def save_model(self, request, obj, form, change):
        if change and VERIFY_BUTTON in request.POST:
            obj.last_verified = timezone.localdate()
        super().save_model(request, obj, form, change)

    def live_fields(self, request):
        """A check is no change of content: it counts at once, also when the rest of the
        form waits for review as a change of a published initiative."""
        fields = super().live_fields(request)
        return [*fields, "last_verified"] if VERIFY_BUTTON in request.POST else fields

    def response_change(self, request, obj):
        if VERIFY_BUTTON in request.POST:
            self.message_user(
                request,
                _("“%(item)s” is marked as verified today.") % {"item": obj},
                messages.SUCCESS,
            )
        return super().response_change(request, obj)

    @admin.display(description=_("last verified"), ordering="last_verified")
    def verification(self, obj):
        """The date, flagged when the check is overdue."""
        if obj.last_verified is None:
            return _("never")
        date = date_format(obj.last_verified, "SHORT_DATE_FORMAT")
        if obj.last_verified < verified_since():
            return _("%(date)s (overdue)") % {"date": date}
        return date
