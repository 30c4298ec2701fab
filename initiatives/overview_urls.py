from django.urls import path

from . import overview_views

app_name = "insight"
urlpatterns = [
    path("", overview_views.national, name="index"),
    path("<slug:slug>/", overview_views.province, name="province"),
]
