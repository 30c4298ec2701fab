"""Public forms: residents propose an initiative or send its initiator a message."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.forms import PublicForm, SubmitterFields, not_in_the_future, plain_text_to_html
from catalogue.models import State
from places import geo
from places.models import Municipality
from themes.models import TargetGroup, Theme
from themes.widgets import ExplainedCheckboxes

from .models import VULNERABLE_EXAMPLES, Initiative, InitiativeSubmission

YES_NO = [("ja", _("Yes")), ("nee", _("No, I am telling you about someone else's initiative"))]


class InitiativeSubmissionForm(SubmitterFields, PublicForm, forms.ModelForm):
    """Only what a resident knows, in the order they would tell it: who they are, what it is,
    where, for whom, how people reach it. Themes are suggestions the editors complete."""

    story = forms.CharField(
        label=_("Tell more about it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happens, for whom, and how can people join? Write it as you would tell "
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
        "is_initiator",
        "title",
        "summary",
        "story",
        "organisation",
        "start_year",
        "help_wanted",
        "scope",
        "municipality",
        "address",
        "postcode",
        "target_groups",
        "vulnerable",
        "themes",
        "website",
        "email",
        "submitter_name",
        "submitter_email",
        "submitter_phone",
    ]

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "organisation",
            "start_year",
            "help_wanted",
            "scope",
            "municipality",
            "address",
            "postcode",
            "target_groups",
            "vulnerable",
            "themes",
            "website",
            "email",
        ]
        # An initiator often gives their own place and address: the browser may fill them in
        # (address-line1: street-address is for a textarea of several lines).
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "scope": forms.RadioSelect,
            "themes": ExplainedCheckboxes,
            "target_groups": ExplainedCheckboxes,
            "municipality": forms.Select(attrs={"autocomplete": "address-level2"}),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {
            "title": _("Name of the initiative"),
            "summary": _("In short: what does the initiative do?"),
            "organisation": _("Who organises it?"),
            "start_year": _("Since which year?"),
            "help_wanted": _("Is the initiative looking for help?"),
            "scope": _("Where does it happen?"),
            "municipality": _("Municipality"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "target_groups": _("For whom is it?"),
            "vulnerable": _("Yes, it is also for residents in a vulnerable position"),
            "themes": _("Does one of these themes fit the initiative?"),
            "email": _("E-mail address for questions from residents"),
        }
        help_texts = {
            "summary": _("One or two sentences, at most 300 characters. We show this in lists."),
            "organisation": _("A group, association or organisation. We show this on the site."),
            "start_year": _("For example 2021"),
            "help_wanted": _("Tick what it could use. We show it on the site."),
            "scope": _("Choose what fits best. On the site this is called the area of work."),
            "municipality": _("Leave empty if it happens all over the Netherlands or only online."),
            "address": _("Street and house number, if there is a fixed place."),
            "postcode": _("For example 3511 AB"),
            "target_groups": _("Choose one or more groups. Choose none if it is for everyone."),
            "vulnerable": VULNERABLE_EXAMPLES,
            "themes": _("Not sure? Skip this question: the editors choose the themes."),
            "email": _(
                "Residents can send a message to this address through a form on the site. "
                "We never show the address itself."
            ),
        }
        error_messages = {
            "title": {"required": _("Give the name of the initiative.")},
            "summary": {"required": _("Say in short what the initiative does.")},
        }

    # The areas of work (Initiative.Scope) as a resident would say them.
    SCOPES = [
        (Initiative.Scope.NEIGHBOURHOOD, _("In one neighbourhood")),
        (Initiative.Scope.DISTRICT, _("In a district: a few neighbourhoods together")),
        (Initiative.Scope.MUNICIPALITY, _("In the whole municipality")),
        (Initiative.Scope.REGION, _("In a region: a few municipalities together")),
        (Initiative.Scope.NATIONAL, _("All over the Netherlands")),
        (Initiative.Scope.ONLINE, _("Only online")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Suggestions only: an editor completes the themes before publishing (admin.py).
        self.fields["themes"].required = False
        self.fields["themes"].queryset = Theme.objects.by_category()
        # Left open, it stays the model's default (a neighbourhood); nothing is ticked for them.
        self.fields["scope"].required = False
        self.fields["scope"].initial = None
        self.fields["scope"].choices = self.SCOPES
        self.fields["municipality"].empty_label = _("Choose a municipality")
        self.fields["start_year"].validators.append(not_in_the_future)
        self.fields["submitter_name"].error_messages["required"] = _("Give your name.")
        self.fields["submitter_email"].error_messages["required"] = _(
            "Give your e-mail address, so we can ask you a question if needed."
        )
        self.fields["is_initiator"].error_messages["required"] = _(
            "Say whether you are one of the initiators."
        )

    @staticmethod
    def suggested(query):
        """The form's initial values from a link's query: the municipality (`gemeente`, a CBS
        code), target groups (`doelgroep`) and themes (`thema`) by slug. Values that name
        nothing are left out: a link never makes the form fail."""
        initial = {}
        if code := query.get("gemeente"):
            found = Municipality.objects.filter(code=str(code).upper()).values("pk").first()
            if found:
                initial["municipality"] = found["pk"]
        for param, field, model in [
            ("doelgroep", "target_groups", TargetGroup),
            ("thema", "themes", Theme),
        ]:
            slugs = query.getlist(param) if hasattr(query, "getlist") else []
            if slugs:
                found = model.objects.filter(slug__in=slugs).values_list("pk", flat=True)
                initial[field] = list(found)
        return initial

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
