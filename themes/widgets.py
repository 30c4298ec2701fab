"""Choosing themes and target groups in a public form: each option with what it means."""

from django import forms


class ExplainedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes of themes or target groups, each described (aria-describedby) by its
    explanation, which includes/form_field.html shows beside it with a link to its page."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        item = getattr(value, "instance", None)
        if item is not None and item.explanation and "id" in option["attrs"]:
            page = getattr(item, "get_absolute_url", None)
            option["explanation"] = item.explanation
            option["url"] = page() if page else ""
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option
