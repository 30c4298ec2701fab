"""Public forms: residents propose an initiative or send its initiator a message."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.forms import PublicForm, SubmitterFields, not_in_the_future, plain_text_to_html
from catalogue.models import State
from places import geo
from themes.models import Theme
from themes.widgets import ExplainedCheckboxes

from .models import VULNERABLE_EXAMPLES, Initiative, InitiativeSubmission

YES_NO = [("ja", _("Yes")), ("nee", _("No, I am telling you about someone else's initiative"))]


class InitiativeSubmissionForm(SubmitterFields, PublicForm, forms.ModelForm):
    story = forms.CharField(
        label=_("Tell more about it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What do you do, for whom, and how can people join? Write it as you would tell "
            "a neighbour."
        ),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.onzebuurt.nl"),
    )
    is_initiator = forms.ChoiceField(
        label=_("Are you one of the initiators?"), choices=YES_NO, widget=forms.RadioSelect
    )

    field_order = [
        "title",
        "summary",
        "story",
        "themes",
        "target_groups",
        "vulnerable",
        "municipality",
        "address",
        "postcode",
        "organisation",
        "website",
        "email",
        "start_year",
        "help_wanted",
        "submitter_name",
        "submitter_email",
        "submitter_phone",
        "is_initiator",
    ]

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "themes",
            "target_groups",
            "vulnerable",
            "municipality",
            "address",
            "postcode",
            "organisation",
            "website",
            "email",
            "start_year",
            "help_wanted",
        ]
        # An initiator often gives their own place and address: the browser may fill them in
        # (address-line1: street-address is for a textarea of several lines).
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "themes": ExplainedCheckboxes,
            "target_groups": ExplainedCheckboxes,
            "municipality": forms.Select(attrs={"autocomplete": "address-level2"}),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {
            "title": _("Name of the initiative"),
            "summary": _("In short: what do you do?"),
            "themes": _("What is it about?"),
            "target_groups": _("For whom is it?"),
            "vulnerable": _("Yes, it is also for residents in a vulnerable position"),
            "municipality": _("Municipality"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "organisation": _("Who organises it?"),
            "email": _("E-mail address for questions from residents"),
            "start_year": _("Since which year?"),
            "help_wanted": _("Are you looking for help?"),
        }
        help_texts = {
            "summary": _("One or two sentences, at most 300 characters. We show this in lists."),
            "themes": _("Choose one or more themes."),
            "target_groups": _("Choose one or more groups. Choose none if it is for everyone."),
            "vulnerable": VULNERABLE_EXAMPLES,
            "municipality": _("Where does it happen? Leave empty if it only happens online."),
            "address": _("Street and house number, if there is a fixed place."),
            "postcode": _("For example 3511 AB"),
            "organisation": _("A group, association or organisation. We show this on the site."),
            "email": _(
                "Residents can send a message to this address through a form on the site. "
                "We never show the address itself."
            ),
            "start_year": _("For example 2021"),
            "help_wanted": _("Tick what you could use. We show it on the site."),
        }
        error_messages = {
            "themes": {"required": _("Choose at least one theme.")},
            "title": {"required": _("Give the name of the initiative.")},
            "summary": {"required": _("Say in short what the initiative does.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.by_category()
        self.fields["municipality"].empty_label = _("Choose a municipality")
        self.fields["start_year"].validators.append(not_in_the_future)
        self.fields["submitter_name"].error_messages["required"] = _("Give your name.")
        self.fields["submitter_email"].error_messages["required"] = _(
            "Give your e-mail address, so we can ask you a question if needed."
        )
        self.fields["is_initiator"].error_messages["required"] = _(
            "Say whether you are one of the initiators."
        )

    def clean_postcode(self):
        """'3511ab' and '3511 AB' alike become '3511 AB'; a postcode is four digits and two
        letters (the letters may be left out)."""
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        match = geo.POSTCODE.fullmatch(text)
        if not match:
            raise forms.ValidationError(_("Enter a postcode like 3511 AB."))
        return f"{match[1]} {match[2].upper()}" if match[2] else match[1]

    @transaction.atomic
    def save(self):
        """A draft, marked as submitted, with who submitted it kept apart for the editors."""
        initiative = super().save(commit=False)
        initiative.description = plain_text_to_html(self.cleaned_data["story"])
        initiative.state = State.DRAFT
        initiative.source = Initiative.Source.SUBMITTED
        initiative.save()
        self.save_m2m()
        InitiativeSubmission.objects.create(
            initiative=initiative,
            is_initiator=self.cleaned_data["is_initiator"] == "ja",
            **self.submitter(),
        )
        return initiative


class ContactForm(PublicForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The initiator answers you at this address."),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 3000 characters."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give your name.")
        self.fields["email"].error_messages["required"] = _(
            "Give your e-mail address, so the initiator can answer you."
        )
        self.fields["message"].error_messages["required"] = _("Write your message.")
