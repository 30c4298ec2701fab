"""The "last verified" check in the admin of a Verifiable kind: a list filter, a list action,
a change-form button, and the column that flags an item due for a check."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .verification import DUE_ORDER

VERIFY_BUTTON = "_verify"
# The list filter's parameter, and its value for what the admin home's queue "Due for a check"
# counts (queues.py links to it).
VERIFIED = "verified"
DUE = "overdue"


class VerificationFilter(admin.SimpleListFilter):
    """Which items need a check that they still are as described."""

    title = _("verification")
    parameter_name = VERIFIED

    def lookups(self, request, model_admin):
        months = settings.VERIFY_AFTER_MONTHS
        return [
            (
                DUE,
                ngettext(
                    "Due for a check: published, not checked in the last month or never",
                    "Due for a check: published, not checked in %(months)d months or never",
                    months,
                )
                % {"months": months},
            ),
            ("never", _("Never verified")),
            ("current", _("Up to date")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":  # DUE
                return queryset.due_for_a_check()
            case "never":
                return queryset.never_verified()
            case "current":
                return queryset.verified_recently()
        return queryset


@admin.action(description=_("Mark as verified today"), permissions=["change"])
def mark_verified(modeladmin, request, queryset):
    for item in queryset:
        item.mark_verified(request.user)
    count = len(queryset)
    modeladmin.message_user(
        request,
        _("Marked as verified today: %(items)s.")
        % {"items": f"{count} {model_ngettext(modeladmin.opts, count)}"},
        messages.SUCCESS,
    )


class VerificationAdminMixin:
    """For the admin of a Verifiable kind: the "Verification" filter, list action, change-form
    button and column; the due items open oldest check first, as on the admin home."""

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

    def get_ordering(self, request):
        """A column the editor clicks still sorts the list (the `o` parameter wins)."""
        if request.GET.get(VERIFIED) == DUE:
            return DUE_ORDER
        return super().get_ordering(request)

    @admin.display(description=_("Checked"), ordering="last_verified")
    def verification(self, obj):
        """The date of the last check, marked when the item is due for a check."""
        if obj.last_verified is None:
            date = _("never")
        else:
            date = date_format(obj.last_verified, "SHORT_DATE_FORMAT")
        if obj.is_due_for_a_check:
            return format_html(
                '<span class="due">{} <small>{}</small></span>', date, _("check due")
            )
        return date
