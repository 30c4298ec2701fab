from django.urls import path

from . import exports, views

app_name = "cases"
urlpatterns = [
    path("casussen/", views.case_list, name="list"),
    path("casussen/export.csv", exports.case_export, name="export"),
    path("casussen/<slug:slug>/", views.case_detail, name="detail"),
    path(
        "casussen/<slug:slug>/citeer.bib",
        views.case_citation,
        {"style": "bibtex"},
        name="case_bibtex",
    ),
    path("casussen/<slug:slug>/citeer.ris", views.case_citation, {"style": "ris"}, name="case_ris"),
    path("publicaties/", views.publication_list, name="publication_list"),
    path("publicaties/aanmelden/", views.publication_submit, name="publication_submit"),
    path(
        "publicaties/aanmelden/bedankt/",
        views.publication_submitted,
        name="publication_submitted",
    ),
    path("publicaties/<slug:slug>/", views.publication_detail, name="publication_detail"),
    path(
        "publicaties/<slug:slug>/download/",
        views.publication_download,
        name="publication_download",
    ),
    path(
        "publicaties/<slug:slug>/citeer.bib",
        views.publication_citation,
        {"style": "bibtex"},
        name="publication_bibtex",
    ),
    path(
        "publicaties/<slug:slug>/citeer.ris",
        views.publication_citation,
        {"style": "ris"},
        name="publication_ris",
    ),
]
