"""Spam protection for the public forms: a honeypot field and a per-address rate limit.

The rate limit counts POSTs in the database (models.FormPosts), not in a cache: without Redis
each worker's cache is its own, and a visitor whose posts were spread over the workers got
three times the limit through.
"""

import datetime
import math
import time

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .client_ip import client_network
from .models import FormPosts

# A name a bot fills in gladly and a browser never autofills (autocomplete is off).
HONEYPOT = "homepage"


class HoneypotMixin(forms.Form):
    """Adds the honeypot: hidden from people and screen readers (see includes/honeypot.html);
    anything typed into it marks the POST as a bot's."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def limit_body(max_bytes):
    """A view decorator: a request with a larger body gets 413 before it is read
    (wijkplatform.middleware.RequestBodyLimitMiddleware reads `max_body_bytes`)."""

    def decorate(view):
        view.max_body_bytes = max_bytes
        return view

    return decorate


def caught_in_honeypot(request):
    """True when the honeypot was filled in: the view then pretends success and does nothing."""
    return bool(request.POST.get(HONEYPOT, "").strip())


def hashed_address(request):
    """The visitor's address, keyed with the secret key: countable and loggable, not readable.

    Behind trusted proxies, the address the nearest of them saw, and an IPv6 address by its /64
    (client_ip.py), so residents behind one proxy each have their own limit.
    """
    address = client_network(request)
    return salted_hmac("wijkplatform.protection.address", address, algorithm="sha256").hexdigest()


def minutes_to_wait(request, scope):
    """Count this POST against the visitor's limit for `scope` (one per form).

    Returns None while within the limit, else the whole minutes until the window ends.
    """
    window = settings.FORM_RATE_WINDOW_SECONDS
    now = time.time()
    started = int(now // window) * window
    window_start = datetime.datetime.fromtimestamp(started, tz=datetime.UTC)
    count = FormPosts.objects.count_one(
        form=scope, address=hashed_address(request), window_start=window_start
    )
    if count == 1:  # a new window for this visitor: the counts of windows that ended can go
        FormPosts.objects.filter(window_start__lt=window_start).delete()
    if count <= settings.FORM_RATE_LIMIT:
        return None
    return max(1, math.ceil((started + window - now) / 60))


def initial_from_post(form_class, data, **kwargs):
    """An unbound form showing what was posted: the page refusing a POST keeps the input
    without showing validation errors for a form nobody checked."""
    form = form_class(**kwargs)
    form.initial = {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if name != HONEYPOT
    }
    return form


def too_many_requests(request, template, context, minutes):
    """The form page again, with its input and a message saying when to try again: HTTP 429."""
    response = render(request, template, {**context, "rate_limited_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def screen(request, form_class, *, scope, template, done, context=None):
    """What every public form does with a POST before reading it: past the rate limit, a 429
    that keeps what was typed; caught in the honeypot, the thank-you page (`done`, a URL or
    URL name) as if it worked, keeping nothing. Returns that response, or None to go on."""
    if minutes := minutes_to_wait(request, scope):
        form = initial_from_post(form_class, request.POST)
        return too_many_requests(request, template, {**(context or {}), "form": form}, minutes)
    if caught_in_honeypot(request):
        return redirect(done)
    return None
