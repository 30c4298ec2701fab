from django.urls import path

from . import exports, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    # Before the slug pattern: these are pages, not initiatives.
    path("export.csv", exports.initiative_export, name="export"),
    path("aanmelden/", views.initiative_submit, name="submit"),
    path("aanmelden/bedankt/", views.initiative_submitted, name="submitted"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
    path("<slug:slug>/contact/", views.initiative_contact, name="contact"),
    path("<slug:slug>/contact/verzonden/", views.initiative_contact_sent, name="contact_sent"),
]
