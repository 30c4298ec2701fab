"""Full-text search that understands Dutch: configuration, vectors, query language, snippets.

- `dutch_unaccent` (created by a migration) stems Dutch words and folds accents, so `reunie`
  finds `reünie` and `ouderen` finds `ouder`.
- Each searchable model keeps a stored, weighted `search_vector` (title A; summary, themes,
  target groups, tags, organisation B; body C) with a GIN index, and the ids of its themes,
  target groups and tags in arrays (`LINK_ARRAYS`) with a GIN index of their own, all updated
  by `index.update_search_index` whenever the text or its relations change (see index.py).
- `SearchRequest` turns what a visitor typed (web-search syntax) into a tsquery built only from
  lexemes PostgreSQL produced, never from the raw text; a word that matches nothing is
  corrected to the closest word of the published vocabulary.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

CONFIG = "dutch_unaccent"
# ts_rank weights for D, C, B, A: a title match outweighs any number of body matches.
RANK_WEIGHTS = [0.01, 0.05, 0.3, 1.0]
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Markers ts_headline puts around matches; the text is escaped first, then they become <mark>.
MARK_START, MARK_END = "\x02", "\x03"

# The vocabulary typo correction draws from (catalogue.models.SearchWord; the table keeps the
# name it was made with, in the `initiatives` app).
VOCABULARY_TABLE = "initiatives_searchword"
# The searchable models and their weighted fields, filled by index.register:
# model -> {"A": [paths], "B": [...], "C": [...]}
REGISTRY = {}


# Reading what a visitor typed ------------------------------------------------------------------

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")
OR_WORDS = {"or", "of", "|"}


@dataclass
class Term:
    words: list  # the words as typed (lower-cased), more than one for a phrase
    negated: bool = False
    phrase: bool = False
    stems: list = field(default_factory=list)
    correction: str = ""  # the vocabulary word used instead, when the word matched nothing


def parse(text):
    """Groups of alternatives: [[Term, Term], [Term]] means (a OR b) AND c."""
    groups, join_next = [], False
    for match in TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.lower() in OR_WORDS:
                join_next = bool(groups)
                continue
            negated = bare.startswith("-")
            words = WORD.findall(bare.lower())
            term = Term(words, negated=negated) if words else None
            # "buurt-huis" reads as a phrase, like any word that holds more than one word.
            if term and len(words) > 1:
                term.phrase = True
        else:
            words = WORD.findall(phrase.lower())
            term = Term(words, negated=bool(negated), phrase=len(words) > 1) if words else None
        if term is None or len(groups) >= MAX_TERMS:
            continue
        if join_next and not term.negated:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups


def _lexeme(stem, prefix=True):
    """A quoted tsquery lexeme; stems come from PostgreSQL and hold only word characters."""
    quoted = "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


class SearchRequest:
    """What a visitor typed, understood: the query to run and what to tell them about it."""

    def __init__(self, text, models_=None, correct=True):
        text = (text or "").replace("\x00", "")
        self.truncated = len(text) > MAX_QUERY_LENGTH
        self.text = text[:MAX_QUERY_LENGTH].strip()
        self.models = models_ or list(REGISTRY)
        self.groups = parse(self.text)
        self.correct = correct
        if self.groups:
            self._analyse()

    def _analyse(self):
        """Stem every word, and correct the words that match nothing, in one query."""
        terms = [term for group in self.groups for term in group]
        words = [word for term in terms for word in term.words]
        single = [not term.phrase and not term.negated for term in terms for _ in term.words]

        def matches(stem):  # the stem matches published text of some kind
            return " OR ".join(
                f"EXISTS (SELECT 1 FROM {m._meta.db_table} t WHERE t.state = 'published' AND "
                f"t.search_vector @@ to_tsquery('{CONFIG}', quote_literal({stem}) || ':*'))"
                for m in self.models
            )

        # For a word that matches nothing: the nearest vocabulary words (trigrams), of which
        # the closest by edit distance that does match published text. A stale vocabulary
        # can thus never lead a visitor to a word that only drafts or archived items contain.
        # A word the vocabulary holds as typed is taken to match without asking the
        # catalogue (whose answer costs a full index scan for a common word).
        sql = f"""
            WITH w AS (
                SELECT ord, (ts_lexize('dutch_stem', unaccent(word)))[1] AS stem,
                       unaccent(word) AS plain, fix
                FROM unnest(%s::text[], %s::boolean[]) WITH ORDINALITY AS t(word, fix, ord)
            )
            SELECT w.ord, w.stem, c.word, c.stem
            FROM w LEFT JOIN LATERAL (
                SELECT near.word, near.stem FROM (
                    SELECT v.word, v.plain, (ts_lexize('dutch_stem', v.plain))[1] AS stem,
                           similarity(v.plain, w.plain) AS likeness, v.documents,
                           levenshtein(v.plain, w.plain) AS distance
                    FROM {VOCABULARY_TABLE} v
                    WHERE w.fix AND w.stem IS NOT NULL AND %s
                      AND NOT EXISTS (SELECT FROM {VOCABULARY_TABLE} k WHERE k.plain = w.plain)
                      AND NOT ({matches("w.stem")})
                      AND v.plain %% w.plain
                    ORDER BY likeness DESC, v.documents DESC, v.plain
                    LIMIT 10
                ) near
                WHERE near.stem IS NOT NULL AND ({matches("near.stem")})
                ORDER BY near.distance, near.likeness DESC, near.documents DESC, near.plain
                LIMIT 1
            ) c ON true
            ORDER BY w.ord
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [words, single, self.correct])
            rows = cursor.fetchall()
        position = 0
        for term in terms:
            for _word in term.words:
                _ord, stem, correction, correction_stem = rows[position]
                position += 1
                if correction and correction_stem:
                    term.correction, stem = correction, correction_stem
                if stem:  # stop words have none
                    term.stems.append(stem)

    def _term_query(self, term):
        if term.phrase:
            query = SearchQuery(" ".join(term.words), search_type="phrase", config=CONFIG)
        else:
            query = SearchQuery(_lexeme(term.stems[0]), search_type="raw", config=CONFIG)
        return ~query if term.negated else query

    @cached_property
    def query(self):
        """The SearchQuery to run, or None when nothing searchable is left."""
        combined = None
        positive = False
        for group in self.groups:
            alternatives = [term for term in group if term.stems]
            if not alternatives:
                continue
            positive = positive or any(not term.negated for term in alternatives)
            part = None
            for term in alternatives:
                query = self._term_query(term)
                part = query if part is None else part | query
            combined = part if combined is None else combined & part
        return combined if positive else None

    @property
    def corrections(self):
        return [
            (" ".join(term.words), term.correction)
            for group in self.groups
            for term in group
            if term.correction
        ]

    @property
    def corrected_text(self):
        text = self.text
        for original, correction in self.corrections:
            text = re.sub(rf"(?i)\b{re.escape(original)}\b", correction, text, count=1)
        return text

    @property
    def message(self):
        """Why nothing could be searched, in plain words; empty when the search ran."""
        if self.text and self.query is None:
            if any(not term.negated for group in self.groups for term in group):
                return _(
                    "These words are too common to search for. Add a word that says more, "
                    "for example a theme or a place."
                )
            if self.groups:
                return _("Add at least one word to search for, not only words to leave out.")
            return _("Type one or more words to search for.")
        return ""


def rank(query):
    return SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS)


def _snippet_source(model):
    """The summary and body text of `model`, tags stripped, for headlines."""
    columns = [p for w in ("B", "C") for p in REGISTRY[model].get(w, []) if "__" not in p]
    parts = []
    for column in columns:
        parts += [
            Func(
                Coalesce(F(column), Value("")),
                Value("<[^>]*>"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
                output_field=models.TextField(),
            ),
            Value(" "),
        ]
    text = Concat(*parts, output_field=models.TextField())
    # Editors' text could hold the marker characters; drop them so every <mark> is ours.
    return Func(text, Value(MARK_START + MARK_END), Value(""), function="translate")


def attach_snippets(items, query):
    """Give each item a `snippet`: its text around the matches, escaped, matches in <mark>."""
    items = list(items)
    if not items or query is None:
        return items
    model = type(items[0])
    headlines = dict(
        model._default_manager.filter(pk__in=[item.pk for item in items])
        .annotate(
            headline=SearchHeadline(
                _snippet_source(model),
                query,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "headline")
    )
    for item in items:
        headline = headlines.get(item.pk) or ""
        # A match in a theme or tag name leaves the text unmarked: show the summary instead.
        item.snippet = highlight(headline) if MARK_START in headline else None
    return items


def highlight(text):
    """Escape a ts_headline result, then turn its markers into <mark>: safe whatever the text."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308
