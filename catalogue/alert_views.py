"""The pages of the e-mail alerts (alerts.py): follow a list's search, confirm, unsubscribe.

No page shows the subscriber's address. Confirming and unsubscribing happen only on a POST:
mail scanners open the links in an e-mail (a GET) before the person does, so a GET shows a
button. The unsubscribe POST needs no CSRF token: mail programs send it by themselves
(RFC 8058's List-Unsubscribe-Post), and the secret in its address is the proof.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from . import alerts, kinds, protection
from .forms import SubscriptionForm
from .models import Subscription

SUBSCRIBE_TEMPLATE = "alerts/subscribe.html"


@protection.limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, kind):
    """Follow the search in the address (the list's own query) by e-mail."""
    kind = kinds.by_path(kind)
    if kind is None:
        raise Http404
    search = alerts.FollowedSearch(kind, request.GET)
    form = SubscriptionForm()
    if request.method == "POST":
        screened = protection.screen(
            request,
            SubscriptionForm,
            scope="alert",
            template=SUBSCRIBE_TEMPLATE,
            done="alerts:requested",
            context={"search": search},
        )
        if screened:
            return screened
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            with transaction.atomic():  # the subscription and its e-mail are stored together
                data = form.cleaned_data
                alerts.subscribe(request, search, email=data["email"], frequency=data["frequency"])
            return redirect("alerts:requested")
    return render(request, SUBSCRIBE_TEMPLATE, {"search": search, "form": form})


@require_safe
def requested(request):
    return render(request, "alerts/requested.html", {"days": settings.ALERT_CONFIRM_DAYS})


@never_cache
@protection.limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation e-mail: a button, which turns the e-mails on."""
    subscription = alerts.confirmable(token)
    if subscription is None:
        return link_gone(request)
    if request.method == "POST":
        with transaction.atomic():
            alerts.confirm(subscription)
        return redirect("alerts:confirm", token)
    search = alerts.FollowedSearch.of(subscription)  # None: its list is no longer on the site
    return render(request, "alerts/confirm.html", {"search": search, "subscription": subscription})


@csrf_exempt
@never_cache
@protection.limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link in every alert: a button; its POST (or the mail program's one-click POST)
    deletes the subscription with its address. Again is no error: it is gone either way."""
    subscription = Subscription.objects.filter(token=token).first()
    search = subscription and alerts.FollowedSearch.of(subscription)
    if request.method == "POST":
        if subscription:
            subscription.delete()
        return render(request, "alerts/unsubscribed.html", {"search": search})
    if subscription is None:
        return link_gone(request)
    return render(
        request, "alerts/unsubscribe.html", {"search": search, "subscription": subscription}
    )


def link_gone(request):
    """A confirm or unsubscribe link that no longer works: say why, and what to do."""
    return render(request, "alerts/link_gone.html", status=404)
