"""The search lexicon in the admin ("Zoekwoorden"): editors add protected words and synonyms;
saving one changes search at once, and the vectors it touches are written anew in the
background (lexicon.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .lexicon import WORD, plain
from .messages_admin import MessagesAdmin
from .models import SearchTerm


class SearchTermForm(forms.ModelForm):
    class Meta:
        model = SearchTerm
        fields = ["kind", "words", "english"]

    def clean_words(self):
        words = [word.strip() for word in self.cleaned_data["words"] if word.strip()]
        if not words:
            raise forms.ValidationError(_("Fill in at least one word."))
        return words

    def clean(self):
        cleaned = super().clean()
        kind, words = cleaned.get("kind"), cleaned.get("words") or []
        if kind != SearchTerm.Kind.PROTECTED:
            return cleaned
        for word in words:
            if not WORD.fullmatch(plain(word)):
                self.add_error(
                    "words",
                    _("“%(word)s” is more than one word. A protected word is one word.")
                    % {"word": word},
                )
        others = SearchTerm.objects.filter(kind=SearchTerm.Kind.PROTECTED)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        taken = {plain(word): entry for entry in others for word in entry.words}
        for word in words:
            if plain(word) in taken:
                self.add_error(
                    "words",
                    _("“%(word)s” is already a form of the protected word “%(entry)s”.")
                    % {"word": word, "entry": taken[plain(word)]},
                )
        return cleaned


@admin.register(SearchTerm)
class SearchTermAdmin(MessagesAdmin):
    form = SearchTermForm
    list_display = ["__str__", "kind", "english_words", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["words"]  # shows the search box; searched by get_search_results
    fieldsets = [
        (
            None,
            {
                "fields": ["kind", "words", "english"],
                "description": _(
                    "A protected word keeps its meaning in search: “ouderen” (older people) "
                    "then no longer finds “ouders” (parents), although the two share a stem. "
                    "List all its forms. Synonyms find each other: a search for one word "
                    "also finds the others. English words are used on the English site. "
                    "The names of themes and target groups are protected without an entry. "
                    "A change works at once for new searches; pages that hold the words are "
                    "brought up to date in the background, in a few minutes at most."
                ),
            },
        )
    ]

    @admin.display(description=_("English words"))
    def english_words(self, entry):
        return ", ".join(entry.english)

    def get_search_results(self, request, queryset, search_term):
        """Search the words and English words (arrays, so not by the default lookups)."""
        if not search_term:
            return queryset, False
        needle = plain(search_term)
        matching = [
            entry.pk
            for entry in queryset
            if any(needle in plain(word) for word in [*entry.words, *entry.english])
        ]
        return queryset.filter(pk__in=matching), False
