"""What a browser sends back from an admin change form, for tests that post to the admin."""

from django.db.models.fields.files import FieldFile


def change_form_data(response):
    """The data of an admin change form as it was shown: the main form and every inline
    formset (with its management form), files left out."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == [] or isinstance(value, FieldFile):
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [getattr(v, "pk", v) for v in value]
            data[field.html_name] = value
    return data
