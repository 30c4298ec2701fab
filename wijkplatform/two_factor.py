"""Two-factor login for the staff: a code from an authenticator app (TOTP) after the password.

The password step is the admin's own login form (so django-axes counts failed attempts). A
staff member who has given the right password but no code yet is logged in, not verified
(django-otp): `TwoFactorRequiredMiddleware` then lets them reach only the pages here and the
logout, so a password alone opens nothing. An app is linked only through a one-time link an
administrator made for that user (`invite`: `manage.py invite_editor` or the user list's
action), never with the password alone: else whoever first knew a password would own the
account's second factor. Linking gives ten recovery codes, each good for one login instead of
a code from the app. Every step up (password, code, linking) gives the session a new key.

`settings.REQUIRE_2FA` turns the requirement on (always in production).
"""

import io
import math
import time
from base64 import b32encode
from datetime import timedelta
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core import checks, signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import demo_accounts

RECOVERY_CODE_COUNT = 10
# Shown once, on the page after linking the app (or asking for new ones); never stored readably.
SESSION_CODES = "wijk_recovery_codes"
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"
# The token of the enrolment link opened in this session (taken out of the address at once).
SESSION_INVITATION = "wijk_invitation"
INVITATION_SALT = "wijkplatform.two_factor.invitation"


def is_staff(user):
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def needs_verification(user):
    """Whether this signed-in user still owes a code before they may do anything."""
    return settings.REQUIRE_2FA and is_staff(user) and not user.is_verified()


def clean_code(code):
    """A code as typed: spaces and hyphens (as printed, or pasted) and case do not matter."""
    return "".join(code.split()).replace("-", "").lower()


def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones; returns them (to show once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(user, code):
    """(device, wait, reused): the linked app or the recovery codes that accept `code` (a used
    recovery code is gone); else None, the seconds a device still refuses to check a code
    after wrong ones (0 if none refused), and whether `code` was a right one used already."""
    code = clean_code(code)
    model = TOTPDevice if code.isdigit() else StaticDevice
    longest, reused = 0, False
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            wait = seconds_to_wait(device)
            longest = max(longest, wait)
            if not wait:
                if device.verify_token(code):
                    return device, 0, False
                reused = reused or used_already(device, code)
    return None, longest, reused


def used_already(device, code):
    """Whether `code` is one `device` (an app) would accept but for having accepted it once
    already: each code of an app works once, so a second login in the same half minute needs
    the next one."""
    if not isinstance(device, TOTPDevice) or not code.isdigit():
        return False
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time()
    for offset in range(-device.tolerance, device.tolerance + 1):
        clock.drift = device.drift + offset
        if clock.t() <= device.last_t and clock.token() == int(code):
            return True
    return False


def seconds_to_wait(device):
    """How long `device` refuses to check a code after wrong ones (django-otp's throttling:
    a second after the first, twice as long after each next one); 0 when it checks now."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    until = (details or {}).get("locked_until")
    if until is None:
        return 60
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def secret_as_text(device):
    """The key in groups of four, for people who type it instead of scanning the QR code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class InvitationRefused(Exception):
    """Why this user cannot be invited to link an app (to tell the administrator)."""


def invite(user):
    """(path, valid until) of a new enrolment link for a member of staff without an app.

    The link names a new unlinked app of theirs, signed: it works for that user only, until
    the app is linked (or reset), for settings.INVITATION_HOURS; an earlier link stops working.
    """
    names = {"user": user.get_username()}
    if not is_staff(user):
        raise InvitationRefused(
            _("%(user)s is not staff and does not log in to the admin.") % names
        )
    if user_has_device(user):
        raise InvitationRefused(
            _(
                "%(user)s has an authenticator app linked already. If they need a new one, "
                "reset their two-step login first."
            )
            % names
        )
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    token = signing.dumps(device.pk, salt=INVITATION_SALT)
    return reverse("two_factor_invitation", args=[token]), device.created_at + _invitation_life()


def _invitation_life():
    return timedelta(hours=settings.INVITATION_HOURS)


def invited_app(request):
    """The app the signed-in user was invited to link by the link opened in this session, or
    None: no link, or one that expired, was used, was replaced or is someone else's."""
    try:
        pk = signing.loads(request.session.get(SESSION_INVITATION, ""), salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return TOTPDevice.objects.filter(
        pk=pk,
        user=request.user,
        confirmed=False,
        created_at__gt=timezone.now() - _invitation_life(),
    ).first()


def _step_up(request, device):
    """Verified by `device`. A new session key too, as Django gives at the password step: a
    key someone saw or planted before this step opens nothing after it."""
    otp_login(request, device)
    request.session.cycle_key()


class LoginForm(AdminAuthenticationForm):
    """The admin's login form (django-axes counts its failures), with two refusals more."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "demo_account": _(
            "This is a demo account. Its password is public, so it cannot log in here."
        ),
    }

    def clean(self):
        # No user has a longer name, and django-axes cannot store one as a failed attempt.
        if len(self.cleaned_data.get("username", "")) > self.username_field.max_length:
            raise self.get_invalid_login_error()
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.ALLOW_DEMO_ACCOUNTS and demo_accounts.is_demo_password(
            self.cleaned_data["password"]
        ):
            raise ValidationError(self.error_messages["demo_account"], code="demo_account")


class CodeInput(forms.TextInput):
    """A refused code is not shown again: the next one is typed at once into an empty field."""

    def format_value(self, value):
        return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=CodeInput,
        error_messages={"required": _("Fill in the code.")},
    )

    def __init__(self, *args, recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        # The only field on its page: after the password, the code is typed at once.
        field.widget.attrs.update(autofocus=True, autocomplete="one-time-code", spellcheck="false")
        if recovery:
            field.label = _("Recovery code")
            field.help_text = _("One of the codes you printed or saved when you set this up.")
            field.widget.attrs.update(autocapitalize="none")
        else:
            field.help_text = _("The 6 digits your authenticator app shows now.")
            field.widget.attrs.update(inputmode="numeric")

    def error_links(self):
        """(anchor, message) per error, for the error summary at the top of the page."""
        return [("id_code", error) for error in self["code"].errors]


def _page(request, template, context):
    """Our pages in the admin's look, without the admin's menu (nothing there is open yet)."""
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": admin.site.site_url,
        "is_nav_sidebar_enabled": False,
        "next": _next_url(request),
        **context,
    }
    return render(request, template, context)


def _next_url(request):
    """Where to go once verified: the admin page first asked for, or the admin home."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("admin:index")


def _go(view_name, next_url):
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")


def _to_login(request):
    return _go("admin:login", reverse("admin:index"))


@never_cache
def invitation(request, token):
    """The enrolment link an administrator passed on. Its token goes into the session and out
    of the address bar (and so out of logs and history); then log in, or on to linking."""
    request.session[SESSION_INVITATION] = token
    if not is_staff(request.user):
        return _go("admin:login", reverse("two_factor_setup"))
    return redirect("two_factor_setup")


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app, with an enrolment link only: scan the QR code (or type the
    key), confirm with a code. Without a working link, say where to get one."""
    user = request.user
    if not is_staff(user):
        return _to_login(request)
    if user_has_device(user):
        # Replacing a linked app needs that app (or a reset by an administrator): a stolen
        # password must not be enough to link the thief's phone.
        if user.is_verified():
            return redirect(_next_url(request))
        return _go("two_factor_verify", _next_url(request))
    device = invited_app(request)
    if device is None:
        return _page(
            request,
            "two_factor/invitation_needed.html",
            {
                "link_opened": SESSION_INVITATION in request.session,
                "title": _("Link an authenticator app"),
            },
        )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        wait = seconds_to_wait(device)
        if not wait and device.verify_token(clean_code(form.cleaned_data["code"])):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            del request.session[SESSION_INVITATION]
            _step_up(request, device)
            request.session[SESSION_CODES] = new_recovery_codes(user)
            return _go("two_factor_recovery_codes", _next_url(request))
        form.add_error("code", _wrong_code_message(wait))
    return _page(
        request,
        "two_factor/setup.html",
        {"form": form, "secret": secret_as_text(device), "title": _("Set up two-step login")},
    )


@never_cache
def qr_code(request):
    """The QR code of the app being linked, as an SVG image from our own address (CSP)."""
    device = invited_app(request) if is_staff(request.user) else None
    if device is None:
        return HttpResponse(status=404)
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        svg, kind="svg", scale=5, border=4, xmldecl=False, svgns=True
    )
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


def _wrong_code_message(wait):
    """What to tell after a refused code; `wait`: the seconds before a code is checked again."""
    if wait:
        return ngettext(
            "Wait %(seconds)d second, then try again. After each wrong code the wait is longer.",
            "Wait %(seconds)d seconds, then try again. After each wrong code the wait is longer.",
            wait,
        ) % {"seconds": wait}
    return _("This code is not right. Check the code and try again.")


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of every login: a code from the app, or one recovery code."""
    user = request.user
    if not is_staff(user):
        return _to_login(request)
    if not user_has_device(user):
        return _go("two_factor_setup", _next_url(request))
    recovery = request.GET.get("herstelcode") == "1"
    form = CodeForm(request.POST or None, recovery=recovery)
    if form.is_valid():
        device, wait, reused = check_code(user, form.cleaned_data["code"])
        if device:
            _step_up(request, device)
            return redirect(_next_url(request))
        if reused:
            form.add_error(
                "code",
                _(
                    "This code was used already. Wait for the next code in your app (at most "
                    "30 seconds) and type that one."
                ),
            )
        else:
            form.add_error("code", _wrong_code_message(wait))
    return _page(
        request,
        "two_factor/verify.html",
        {"form": form, "recovery": recovery, "title": _("Two-step login")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """The new recovery codes, once; a POST replaces them all (the old ones stop working)."""
    user = request.user
    if not is_staff(user) or not user.is_verified():
        return _to_login(request)
    if request.method == "POST":
        request.session[SESSION_CODES] = new_recovery_codes(user)
        return _go("two_factor_recovery_codes", _next_url(request))
    codes = request.session.pop(SESSION_CODES, [])
    return _page(
        request,
        "two_factor/recovery_codes.html",
        {"codes": codes, "title": _("Recovery codes")},
    )


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers after too many wrong passwords: a page, HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = _page(
        request, "two_factor/lockout.html", {"minutes": minutes, "title": _("Too many attempts")}
    )
    response.status_code = 429
    return response


# The pages a signed-in member of staff can reach before giving a code.
OPEN_BEFORE_VERIFICATION = {
    "two_factor_invitation",
    "two_factor_setup",
    "two_factor_qr",
    "two_factor_verify",
    "admin:logout",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """Sends a member of staff who has not given a code yet to the code page (or, without a
    linked app, to set one up): every other page, the admin's included, stays closed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_verification(request.user):
            match = _resolve(request.path_info)
            if match is None or match.view_name not in OPEN_BEFORE_VERIFICATION:
                return self._send_to_second_step(request)
        return self.get_response(request)

    @staticmethod
    def _send_to_second_step(request):
        target = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
        # Back to the page asked for, unless that was the login form itself.
        path = request.get_full_path() if request.method == "GET" else ""
        if not path or path.startswith(reverse("admin:login")):
            path = reverse("admin:index")
        return _go(target, path)


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


def check_two_factor_required(app_configs, **kwargs):
    """`check --deploy` warns when staff could log in with a password alone."""
    if settings.REQUIRE_2FA:
        return []
    return [
        checks.Warning(
            "Staff can log in to the admin with a password alone.",
            hint="Set WIJK_REQUIRE_2FA=1 (the production settings always do).",
            id="wijkplatform.W001",
        )
    ]
