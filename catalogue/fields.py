"""Model fields the catalogue needs beyond Django's own."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.postgres.fields import ArrayField
from django.db import models

from .editor import RichTextEditor
from .richtext import sanitise


class RichTextField(models.TextField):
    """Text with a little HTML, sanitised every time it is saved; edited in a small editor."""

    def pre_save(self, model_instance, add):
        value = sanitise(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin asks for its plain textarea for every TextField: rich text gets the editor
        # there too. A form that names another widget (a public plain-text form) keeps it.
        widget = kwargs.get("widget")
        if widget in (None, AdminTextareaWidget) or isinstance(widget, AdminTextareaWidget):
            kwargs["widget"] = RichTextEditor
        return super().formfield(**kwargs)


class ChoiceArrayField(ArrayField):
    """A list of choices, edited as checkboxes instead of a comma-separated text box."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield: it would force its comma-separated SimpleArrayField.
        return super(ArrayField, self).formfield(**defaults)
