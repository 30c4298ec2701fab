from django.urls import path

from . import views as place_views

app_name = "places"
urlpatterns = [
    path("", place_views.municipality_list, name="index"),
    path("<slug:slug>/", place_views.municipality_detail, name="municipality"),
    path("<slug:municipality_slug>/<slug:slug>/", place_views.district_detail, name="district"),
]
