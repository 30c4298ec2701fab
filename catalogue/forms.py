"""What every public form shares: the honeypot, the error summary's links, the submitter's
details (for the editors only) and small cleaning rules; and the e-mail alerts' form."""

import datetime

from django import forms
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .models import Subscription
from .protection import HONEYPOT, HoneypotMixin


class PublicForm(HoneypotMixin, forms.Form):
    """What every public form shares: the honeypot, links from the error summary, and an
    e-mail address refused with an example of one (Django's "Voer een geldig e-mailadres in."
    does not say what is wrong)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _(
                    "This is not an e-mail address. Write it like name@example.nl."
                )

    def error_links(self):
        """(anchor, message) per error, in page order, for the summary at the top: each link
        leads to the field (the first option of a group) that needs fixing."""
        links = [("", error) for error in self.non_field_errors()]
        for field in self:
            if field.name == HONEYPOT:
                continue
            anchor = f"{field.auto_id}_0" if field.use_fieldset else field.auto_id
            links += [(anchor, error) for error in field.errors]
        return links


class SubmitterFields(forms.Form):
    """The submitter's details: for the editors, never shown on the site."""

    submitter_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    submitter_email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Only for questions about what you sent us. We never show it on the site."),
    )
    submitter_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Handy if we have a question."),
    )

    def submitter(self):
        data = self.cleaned_data
        return {
            "name": data["submitter_name"],
            "email": data["submitter_email"],
            "phone": data["submitter_phone"],
        }


def plain_text_to_html(text):
    """Plain text as safe HTML: escaped, blank lines become paragraphs."""
    return linebreaks(text.strip(), autoescape=True) if text.strip() else ""


def not_in_the_future(year):
    if year and year > datetime.date.today().year:
        raise forms.ValidationError(_("That year has not come yet."))


class SubscriptionForm(PublicForm):
    """Follow a search by e-mail (alerts.py): an address and how often, nothing more."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We only use it for these e-mails. We never show it on the site."),
        error_messages={
            "required": _("Give your e-mail address, so we can send you the news."),
            "invalid": _("Enter an e-mail address like name@example.nl."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often do you want an e-mail?"),
        choices=[
            (
                Subscription.Frequency.IMMEDIATELY,
                _("Right away, as soon as something new is added"),
            ),
            (Subscription.Frequency.WEEKLY, _("Once a week, with everything that is new")),
        ],
        initial=Subscription.Frequency.IMMEDIATELY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often you want an e-mail."),
            "invalid_choice": _("Choose how often you want an e-mail."),
        },
    )
