"""Full-text search that understands Dutch: the query language, the query, ranking, snippets.

- Each searchable model keeps a stored, weighted `search_vector` (title A; summary, themes,
  target groups, tags, organisation B; body C) with a GIN index, and the ids of its themes,
  target groups and tags in arrays (links.LINK_ARRAYS), kept current by index.py.
- Words become lexemes in one place, the SQL function `catalogue_lexemes` (migration 0002 of
  this app), for the index and for the query alike: accents folded, Dutch stems, and the
  protected words of the lexicon kept apart (lexicon.py).
- `SearchRequest` turns what a visitor typed (web-search syntax) into a tsquery written only
  from lexemes PostgreSQL produced, never from the raw text. A word finds its inflections,
  and the compounds it begins through both its stem and its plain form (telefoon → telefon,
  yet "telefooncirkel" starts with "telefoon"); a whole-word match ranks above a compound.
  Synonyms widen a word; English words are searched as their Dutch ones (off /en/ only those
  no Dutch text uses); a word that matches nothing is corrected to the closest word of the
  published vocabulary.
"""

import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .fields import RichTextField
from .lexicon import Lexicon, plain, vocabulary_lexemes
from .models import SearchForm, SearchWord

# ts_rank weights for D, C, B, A: a title match outweighs any number of body matches.
RANK_WEIGHTS = [0.01, 0.05, 0.3, 1.0]
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# The searchable models and their weighted fields, filled by index.register:
# model -> {"A": [paths], "B": [...], "C": [...]}
REGISTRY = {}
# model -> the fields a result's snippet comes from, in order (filled by index.register)
SNIPPETS = {}


class Lexemes(SearchQuery):
    """A tsquery written from lexemes the index function made: cast, never parsed again
    (to_tsquery would stem the stems once more)."""

    template = "(%(expressions)s)::tsquery"


def quote(lexeme):
    """A lexeme quoted for a tsquery."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# Reading what a visitor typed ------------------------------------------------------------------

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")
OR_WORDS = {"or", "of", "|"}


@dataclass
class Term:
    words: list  # the words as typed (lower-cased), more than one for a phrase
    negated: bool = False
    phrase: bool = False
    synonyms: list = field(default_factory=list)  # Word lists that mean the same (lexicon)
    correction: str = ""  # the vocabulary word used instead, when the word matched nothing

    @property
    def text(self):
        return " ".join(self.words)


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


@dataclass
class Word:
    """A word as the index sees it: its lexeme (None for a stop word), the protected
    families it is the start of (typing "armoe" reaches "armoede"), and for a protected word
    the forms of its family."""

    plain: str
    lexeme: str | None
    reach: list = field(default_factory=list)
    forms: list = field(default_factory=list)  # of its family, for a protected word

    def prefixes(self):
        """The lexeme prefixes a single word matches: its inflections and the compounds it
        begins. A protected word: its family, and the compounds of its forms (those of the
        long forms are indexed with the family, the others as ordinary words)."""
        prefixes = [self.lexeme]
        if self.lexeme.startswith("§"):
            prefixes += self.forms
        else:
            if self.plain != self.lexeme and WORD.fullmatch(self.plain):
                prefixes.append(self.plain)
            prefixes += ["§" + family + "§" for family in self.reach]
        return prefixes

    def query(self):
        """The tsquery text of a single word."""
        return " | ".join(f"{quote(prefix)}:*" for prefix in self.prefixes())


# For each word: its lexeme, the protected families it begins, and for a word that matches
# nothing, the nearest vocabulary words (trigrams), of which the closest by edit distance that
# does match published text. A stale vocabulary can thus never lead a visitor to a word that
# only drafts or archived items contain. A word the vocabulary holds as typed is taken to
# match without asking the catalogue (whose answer costs a full index scan for a common word).
ANALYSIS_SQL = """
    WITH w AS (
        SELECT ord, unaccent(word) AS plain, fix
        FROM unnest(%(words)s::text[], %(fix)s::boolean[]) WITH ORDINALITY AS t(word, fix, ord)
    ), lexeme AS (
        SELECT DISTINCT word, lexeme FROM catalogue_lexemes(ARRAY(SELECT plain FROM w))
    )
    SELECT w.plain, l.lexeme, r.reach, c.word, c.plain, c.lexeme
    FROM w LEFT JOIN lexeme l ON l.word = w.plain
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(DISTINCT f.family), '{{}}') AS reach FROM {forms} f
        WHERE f.head = left(w.plain, 3) AND starts_with(f.form, w.plain)
          AND f.form <> w.plain AND l.lexeme NOT LIKE '§%%'
          AND (ts_lexize('dutch_stem', f.form))[1] IS DISTINCT FROM l.lexeme
    ) r
    LEFT JOIN LATERAL (
        SELECT near.word, near.plain, nl.lexeme FROM (
            SELECT v.word, v.plain, similarity(v.plain, w.plain) AS likeness, v.documents,
                   levenshtein(v.plain, w.plain) AS distance
            FROM {vocabulary} v
            WHERE w.fix AND l.lexeme IS NOT NULL AND %(correct)s
              AND NOT EXISTS (SELECT FROM {vocabulary} k WHERE k.plain = w.plain)
              AND NOT ({typed_matches})
              AND v.plain %% w.plain
            ORDER BY likeness DESC, v.documents DESC, v.plain
            LIMIT 10
        ) near
        CROSS JOIN LATERAL (
            SELECT lexeme FROM catalogue_lexemes(ARRAY[near.plain])
        ) nl
        WHERE nl.lexeme IS NOT NULL AND ({near_matches})
        ORDER BY near.distance, near.likeness DESC, near.documents DESC, near.plain
        LIMIT 1
    ) c ON true
    ORDER BY w.ord
"""
# A typed word matches when its lexeme, its plain form or a family it begins does.
TYPED_QUERY = """quote_literal(l.lexeme) || ':* | ' || quote_literal(w.plain) || ':*'
    || (SELECT coalesce(string_agg(' | ' || quote_literal('§' || f || '§') || ':*', ''), '')
        FROM unnest(r.reach) f)"""


class SearchRequest:
    """What a visitor typed, understood: the query to run and what to tell them about it."""

    def __init__(self, text, models_=None, correct=True, language=None):
        text = (text or "").replace("\x00", "")
        self.truncated = len(text) > MAX_QUERY_LENGTH
        self.text = text[:MAX_QUERY_LENGTH].strip()
        self.models = models_ or list(REGISTRY)
        self.correct = correct
        self.english = (language or get_language() or "nl").startswith("en")
        self.translations = []  # (English, Dutch) searched instead
        self.searched_text = self.text
        self.words = {}  # word as typed (and "→word": its correction) -> Word
        self.groups = []
        if self.text:
            lexicon = Lexicon.current()
            searched = self.text
            # Off /en/ too, an English word no Dutch text uses is searched as its Dutch one:
            # the map, feed, export and alerts of an English page (addresses without /en/,
            # and the alerts' worker) must find what the page found.
            searched, self.translations = lexicon.to_dutch(self.text, only_foreign=not self.english)
            self.searched_text = searched
            self.groups = parse(searched)
            if self.groups:
                self._analyse(lexicon)
                self._add_synonyms(lexicon)

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    def _analyse(self, lexicon):
        """Find every word's lexeme, and correct the words that match nothing, in one query."""
        words, fix = [], []
        for term in self.terms:
            for word in term.words:
                words.append(word)
                fix.append(not term.phrase and not term.negated)

        def matches(tsquery):  # the query matches published text of some kind
            return " OR ".join(
                f"EXISTS (SELECT 1 FROM {m._meta.db_table} t WHERE t.state = 'published' AND "
                f"t.search_vector @@ ({tsquery})::tsquery)"
                for m in self.models
            )

        sql = ANALYSIS_SQL.format(
            forms=SearchForm._meta.db_table,
            vocabulary=SearchWord._meta.db_table,
            typed_matches=matches(TYPED_QUERY),
            near_matches=matches("quote_literal(nl.lexeme) || ':*'"),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, {"words": words, "fix": fix, "correct": self.correct})
            rows = cursor.fetchall()
        for typed, row in zip(words, rows, strict=True):
            word_plain, lexeme, reach, correction, fixed_plain, fixed = row
            self.words[typed] = Word(word_plain, lexeme, sorted(reach), lexicon.forms_of(lexeme))
            if correction and fixed:
                self.words[f"→{typed}"] = Word(fixed_plain, fixed)
                for term in self.terms:
                    if term.words == [typed] and not term.negated and not term.phrase:
                        term.correction = correction

    def _add_synonyms(self, lexicon):
        """Each term's synonyms, found by the lexemes of its words (so an inflection finds
        them too); a word with synonyms is a word we know, so it is never corrected."""
        for term in self.terms:
            own = [self.words[word] for word in term.words]
            members = lexicon.synonyms_of([(word.plain, word.lexeme) for word in own])
            term.synonyms = [
                [Word(word, lexeme, forms=lexicon.forms_of(lexeme)) for word, lexeme in member]
                for member in members
            ]
            if term.synonyms:
                term.correction = ""

    def _alternatives(self, term):
        """The Words of each word list `term` searches: its own words (as corrected, if they
        were), then each synonym's."""
        yield [self.words.get(f"→{word}" if term.correction else word) for word in term.words]
        yield from term.synonyms

    @staticmethod
    def _words_query(found):
        """A single word with its inflections and compounds; or a phrase: exact lexemes,
        next to each other (a stop word leaves a gap)."""
        if len(found) == 1:
            return found[0].query() if found[0] and found[0].lexeme else None
        parts, gap = [], 1
        for word in found:
            if not word or not word.lexeme:
                gap += 1
                continue
            if parts:
                parts.append("<->" if gap == 1 else f"<{gap}>")
            parts.append(quote(word.lexeme))
            gap = 1
        return " ".join(parts) or None

    def _term_query(self, term):
        alternatives = [self._words_query(found) for found in self._alternatives(term)]
        alternatives = [f"({part})" for part in alternatives if part]
        if not alternatives:
            return None
        query = " | ".join(alternatives)
        return f"!({query})" if term.negated else f"({query})"

    @cached_property
    def tsquery(self):
        """The tsquery text to run, or None when nothing searchable is left."""
        parts, positive = [], False
        for group in self.groups:
            alternatives = [(term, self._term_query(term)) for term in group]
            alternatives = [(term, query) for term, query in alternatives if query]
            if not alternatives:
                continue
            positive = positive or any(not term.negated for term, _query in alternatives)
            parts.append("(" + " | ".join(query for _term, query in alternatives) + ")")
        return " & ".join(parts) if positive else None

    @cached_property
    def query(self):
        """The query to filter by, or None when nothing searchable is left."""
        return Lexemes(self.tsquery) if self.tsquery else None

    def _positive_words(self):
        """(Word, in a phrase) of every word searched for, not left out."""
        for term in self.terms:
            if not term.negated:
                for found in self._alternatives(term):
                    for word in found:
                        if word and word.lexeme:
                            yield word, len(found) > 1

    @cached_property
    def whole_words(self):
        """The exact lexemes of the single words searched for: a match ranks higher."""
        lexemes = [
            quote(word.lexeme) for word, in_phrase in self._positive_words() if not in_phrase
        ]
        return " | ".join(dict.fromkeys(lexemes))

    def rank(self):
        """Relevance: the query's rank, plus the rank of the whole words among it, so a
        whole word ranks above a compound that begins with it."""
        score = SearchRank(F("search_vector"), self.query, weights=RANK_WEIGHTS)
        if self.whole_words:
            whole = Lexemes(self.whole_words)
            score = score + SearchRank(F("search_vector"), whole, weights=RANK_WEIGHTS)
        return score

    def patterns(self):
        """(lexeme, is_prefix) that a word of a snippet must match to be marked."""
        result = []
        for word, in_phrase in self._positive_words():
            if in_phrase:
                result.append((word.lexeme, False))
            else:
                result += [(prefix, True) for prefix in word.prefixes()]
        return result

    @property
    def corrections(self):
        return [(term.text, term.correction) for term in self.terms if term.correction]

    @property
    def corrected_text(self):
        text = self.searched_text
        for original, correction in self.corrections:
            text = re.sub(rf"(?i)\b{re.escape(original)}\b", correction, text, count=1)
        return text

    @property
    def message(self):
        """Why nothing could be searched, in plain words; empty when the search ran."""
        if self.text and self.query is None:
            if any(not term.negated for term in self.terms):
                return _(
                    "These words are too common to search for. Add a word that says more, "
                    "for example a theme or a place."
                )
            if self.groups:
                return _("Add at least one word to search for, not only words to leave out.")
            return _("Type one or more words to search for.")
        return ""


# Broad searches: rank the best candidates, not every match ------------------------------------


def broad_limit():
    """Above this many matches a search is broad (settings.WIJK_SEARCH_BROAD): counting and
    ranking every match of a common word ("buurt" is in most items) costs more than the
    page, so only the newest so many are ranked, shown and counted, and the page says there
    are more."""
    return settings.WIJK_SEARCH_BROAD


def newest(matches):
    """The ids of the newest `matches` (the last added), one beyond broad_limit(): all of
    them, unless the search is broad. Read backwards along the primary key until there are
    enough, which for a broad search is soon, or from the search's own index when the
    matches are few; by id, the rows read lie together on disk (by publication date they
    were scattered: 64 ms instead of 24 ms for a broad word and a theme at 100,000 items).
    The ranking then puts the title and summary matches first. (Taking the newest title and
    summary matches apart as well cost more than it gained: in most items a broad word is in
    the summary too.)"""
    ids = matches.order_by("-pk").values_list("pk", flat=True)
    return list(ids[: broad_limit() + 1])


def among(queryset, ids):
    """The rows of `queryset` whose ids are in `ids`, sent as one array literal: a thousand
    separate parameters, or a list the driver renders item by item, cost more to send than
    the query took."""
    literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
    return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [literal]))


# Snippets: the sentences that hold a match, from one field --------------------------------------

SNIPPET_LENGTH = 240
# A sentence ends at . ! ? or … before a space and a capital, a digit or a quote; a paragraph
# or list item of rich text ends one too.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])|\n+")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


def _sentences(value, rich):
    """The sentences of a field's text; rich text (sanitised HTML) as it reads."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", value))) if rich else value
    return [" ".join(part.split()) for part in SENTENCE_END.split(text) if part and part.strip()]


def _snippet_fields(model):
    """(name, is rich text) of the texts a snippet of `model` comes from."""
    return [
        (name, isinstance(model._meta.get_field(name), RichTextField))
        for name in SNIPPETS.get(model, ())
    ]


def attach_snippets(items, search):
    """Give each item a `snippet`: the sentences of one field that hold the words searched
    for, escaped, the words in <mark>, "…" where text is left out. None when the match was in
    a theme or tag name only (the card shows the summary then)."""
    items = list(items)
    if not items or search is None or search.query is None:
        return items
    fields = _snippet_fields(type(items[0]))
    texts = {
        item.pk: [_sentences(getattr(item, name) or "", rich) for name, rich in fields]
        for item in items
    }
    words = {
        plain(word)
        for per_field in texts.values()
        for sentences in per_field
        for sentence in sentences
        for word in WORD.findall(sentence)
    }
    lexemes = vocabulary_lexemes(words)
    patterns = search.patterns()

    def marked(word):
        lexeme = lexemes.get(plain(word))
        return bool(lexeme) and any(
            lexeme.startswith(pattern) if prefix else lexeme == pattern
            for pattern, prefix in patterns
        )

    for item in items:
        item.snippet = None
        for sentences in texts[item.pk]:
            hits = [i for i, text in enumerate(sentences) if any(map(marked, WORD.findall(text)))]
            if hits:
                item.snippet = _snippet(sentences, hits, marked)
                break
    return items


def _snippet(sentences, hits, marked):
    chosen = [hits[0]]
    if len(hits) > 1 and len(sentences[hits[0]]) + len(sentences[hits[1]]) <= SNIPPET_LENGTH:
        chosen.append(hits[1])
    parts = []
    if chosen[0] > 0:
        parts.append("…")
    for position, index in enumerate(chosen):
        if position and index != chosen[position - 1] + 1:
            parts.append("…")
        parts.append(_mark(_shorten(sentences[index], marked), marked))
    if chosen[-1] < len(sentences) - 1:
        parts.append("…")
    return mark_safe(" ".join(parts))  # noqa: S308 -- every part escaped by _mark


def _shorten(sentence, marked):
    """A sentence longer than a snippet: the words around the first match, with "…"."""
    if len(sentence) <= SNIPPET_LENGTH:
        return sentence
    words = sentence.split(" ")
    first = next((i for i, word in enumerate(words) if any(map(marked, WORD.findall(word)))), 0)
    start = max(0, first - 8)
    kept, length = [], 0
    for word in words[start:]:
        if length + len(word) > SNIPPET_LENGTH:
            break
        kept.append(word)
        length += len(word) + 1
    text = " ".join(kept)
    return ("… " if start else "") + text + (" …" if start + len(kept) < len(words) else "")


def _mark(text, marked):
    """Escape `text`, with its matching words in <mark>."""
    out, position = [], 0
    for match in WORD.finditer(text):
        if marked(match.group()):
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)
