"""The admin's pickers (autocomplete fields, Django's select2): they pick what the editor typed.

Two halves: the admins whose forms have pickers give them js/admin_pickers.js (Enter waits for
the matches of what was typed; a chip's × removes it on the first click), and the admins that
pickers search list the names that start with what was typed first, since Enter takes the
first match the list shows.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import Case, IntegerField, Value, When

# After Django's own autocomplete.js, which sets up the pickers this script improves: naming it
# here too keeps the order when the form's media are merged.
PICKER_MEDIA = forms.Media(js=["admin/js/autocomplete.js", "js/admin_pickers.js"])


class Picker(AutocompleteSelect):
    @property
    def media(self):
        return super().media + PICKER_MEDIA


class MultiplePicker(AutocompleteSelectMultiple):
    @property
    def media(self):
        return super().media + PICKER_MEDIA


class PickerFieldsMixin:
    """For a ModelAdmin or inline: its autocomplete_fields are our pickers."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = Picker(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = MultiplePicker(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def is_picker_request(request):
    """A picker's search (the admin's autocomplete view), not a change list's."""
    return getattr(request.resolver_match, "url_name", None) == "autocomplete"


class PickerSearchMixin:
    """For the ModelAdmin of what pickers choose from: in a picker's list, the item named
    exactly what was typed comes first, then the names starting with it, then those with a word
    starting with it, then the rest; the change list keeps its own order."""

    picker_name = "name"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term or not is_picker_request(request):
            return queryset, may_have_duplicates
        name = self.picker_name
        rank = Case(
            When(**{f"{name}__iexact": term}, then=Value(0)),
            When(**{f"{name}__istartswith": term}, then=Value(1)),
            When(**{f"{name}__icontains": f" {term}"}, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        ordering = queryset.query.order_by or self.model._meta.ordering
        # annotate, not alias: a search that needs DISTINCT may only order by what it selects.
        queryset = queryset.annotate(picker_rank=rank).order_by("picker_rank", *ordering, "pk")
        return queryset, may_have_duplicates
