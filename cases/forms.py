"""Public form: a professional proposes a publication for the Kennisplein."""

import datetime

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.forms import PublicForm, SubmitterFields, not_in_the_future, plain_text_to_html
from catalogue.models import State
from themes.models import Theme
from themes.widgets import ExplainedCheckboxes

from .models import Publication, PublicationSubmission


class PublicationSubmissionForm(SubmitterFields, PublicForm, forms.ModelForm):
    authors = forms.CharField(
        label=_("Authors"),
        max_length=500,
        help_text=_("For example: Jansen, P. and De Vries, A."),
        error_messages={"required": _("Give the authors.")},
    )
    external_url = forms.URLField(
        label=_("Link to the publication"),
        assume_scheme="https",
        help_text=_("Where people can read or download it, for example https://www.movisie.nl/…"),
        error_messages={"required": _("Give the link to the publication.")},
    )
    summary_text = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is it about, and what can people in neighbourhoods learn from it?"),
        error_messages={"required": _("Write a short summary.")},
    )

    field_order = [
        "title",
        "authors",
        "year_of_issue",
        "organisation",
        "publication_type",
        "external_url",
        "summary_text",
        "themes",
        "submitter_name",
        "submitter_email",
        "submitter_phone",
    ]

    class Meta:
        model = Publication
        fields = [
            "title",
            "year_of_issue",
            "organisation",
            "publication_type",
            "external_url",
            "themes",
        ]
        widgets = {"themes": ExplainedCheckboxes}
        labels = {
            "title": _("Title"),
            "year_of_issue": _("Year of publication"),
            "organisation": _("Publisher"),
            "publication_type": _("Kind of publication"),
            "themes": _("Themes"),
        }
        help_texts = {
            "year_of_issue": _("For example 2022"),
            "organisation": _("The organisation that published it."),
            "themes": _(
                "Choose what it is about. For the Kennisplein it should fit at least one "
                "pillar of social quality."
            ),
        }
        error_messages = {
            "title": {"required": _("Give the title.")},
            "year_of_issue": {"required": _("Give the year of publication.")},
            "publication_type": {"required": _("Choose the kind of publication.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.by_category()
        self.fields["publication_type"].choices = [
            ("", _("Choose a kind")),
            *Publication.Type.choices,
        ]
        self.fields["year_of_issue"].validators.append(not_in_the_future)

    @transaction.atomic
    def save(self):
        """A draft, marked as submitted; the editors check it against the Kennisplein's
        criteria and add the authors as they should appear."""
        publication = super().save(commit=False)
        publication.summary = plain_text_to_html(self.cleaned_data["summary_text"])
        publication.publication_date = datetime.date.today()
        publication.state = State.DRAFT
        publication.source = Publication.Source.SUBMITTED
        publication.save()
        self.save_m2m()
        PublicationSubmission.objects.create(
            publication=publication, authors=self.cleaned_data["authors"], **self.submitter()
        )
        return publication
