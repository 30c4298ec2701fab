"""The admin's name, its login form (wijkplatform/two_factor.py) and the user list's
invitation action."""

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import two_factor

# On every admin page, in the browser tab and on the two-step login's own pages.
admin.site.site_header = admin.site.site_title = gettext_lazy("Wijkplatform admin")
admin.site.login_form = two_factor.LoginForm

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    actions = ["invite_to_link_an_app"]

    @admin.action(
        description=gettext_lazy("Make an invitation link to link an authenticator app"),
        permissions=["change"],
    )
    def invite_to_link_an_app(self, request, queryset):
        """Shown to the administrator to pass on: there is no mail from the site for it."""
        for user in queryset:
            try:
                path, valid_until = two_factor.invite(user)
            except two_factor.InvitationRefused as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
                continue
            until = formats.date_format(timezone.localtime(valid_until), "DATETIME_FORMAT")
            message = _("Invitation link for %(user)s, for one use until %(until)s: %(link)s") % {
                "user": user.get_username(),
                "until": until,
                "link": request.build_absolute_uri(path),
            }
            self.message_user(request, message, messages.SUCCESS)
