from django.urls import path

from . import exports, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export.csv", exports.initiative_export, name="export"),  # before the slug pattern
    path("<slug:slug>/", views.initiative_detail, name="detail"),
]
