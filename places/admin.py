from django.contrib import admin

from catalogue.pickers import PickerFieldsMixin, PickerSearchMixin

from .models import District, Municipality, Neighbourhood, Postcode, Province


class PlaceAdmin(PickerSearchMixin, PickerFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "code", "latitude", "longitude"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(PlaceAdmin):
    pass


@admin.register(Municipality)
class MunicipalityAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(District)
class DistrictAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "municipality"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(PlaceAdmin):
    list_display = [*PlaceAdmin.list_display, "district"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "latitude", "longitude"]
    search_fields = ["postcode"]
