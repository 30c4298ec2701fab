"""The addresses of the e-mail alerts, under /meldingen/ (alert_views.py)."""

from django.urls import path

from . import alert_views

app_name = "alerts"
urlpatterns = [
    path("aangevraagd/", alert_views.requested, name="requested"),
    path("bevestigen/<slug:token>/", alert_views.confirm, name="confirm"),
    path("afmelden/<slug:token>/", alert_views.unsubscribe, name="unsubscribe"),
    # A list's kind by its address ("initiatieven"), with that list's query.
    path("<slug:kind>/", alert_views.subscribe, name="subscribe"),
]
