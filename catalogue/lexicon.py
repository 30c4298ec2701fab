"""The search lexicon: words that keep their meaning, words that find each other, and the
English words for Dutch ones. Editors keep it in the admin ("Zoekwoorden"); the taxonomy's
one-word names are protected without an entry.

- **Protected words** act in the index itself. The SQL function `catalogue_lexemes` (made by
  migration 0002) writes every form of a protected word as its family's lexeme `§family§`
  and a compound that begins with one as `§family§rest`, where the stemmer would have written
  `ouder` for both "ouderen" and "ouders". No prefix of an ordinary word reaches them, and
  a family's prefix `§family§:*` finds its compounds and nothing of another family. Changing
  them changes the index: the vectors that hold the words are written anew in the background.
- **Synonyms** and **English words** act on the query (search.SearchRequest), read per
  search: changing them needs no rebuild.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.signals import post_delete, post_save

from . import background
from .models import CatalogueVersion, PendingReindex, SearchForm, SearchTerm

# Models whose one-word names are protected words of their own (themes registers its two).
NAME_MODELS = []


def protect_names(model):
    """Protect the one-word names of `model` (a taxonomy), and follow their changes."""
    NAME_MODELS.append(model)
    uid = f"lexicon-{model._meta.label}"
    post_save.connect(lexicon_changed, sender=model, dispatch_uid=uid)
    post_delete.connect(lexicon_changed, sender=model, dispatch_uid=uid)


@functools.lru_cache(maxsize=20_000)  # snippets ask it for every word of a page
def plain(text):
    """Lower case without accents, as the index sees words (PostgreSQL's unaccent, for the
    letters Dutch uses)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


WORD = re.compile(r"\w+")


def inflections(word):
    """The other number of a one-word Dutch name, where a regular ending says it: ouderen →
    oudere, mantelzorgers → mantelzorger, eenzaamheid → eenzaamheden. Irregular forms
    (kinderen → kind) come from an entry that lists them."""
    if word.endswith("eren"):
        return [word[:-1]]  # jongeren → jongere
    if word.endswith("ers"):
        return [word[:-1]]  # vrijwilligers → vrijwilliger
    if word.endswith("heid"):
        return [word[:-4] + "heden"]
    if word.endswith("ie"):
        return [word + "s"]
    return []


def _families():
    """Every protected family as a list of forms, its first form naming it: the entries'
    families, then the taxonomy's one-word names that no entry already holds."""
    families = []
    taken = set()
    for words in SearchTerm.objects.filter(kind=SearchTerm.Kind.PROTECTED).values_list(
        "words", flat=True
    ):
        forms = [plain(word) for word in words if WORD.fullmatch(plain(word))]
        forms = [form for form in dict.fromkeys(forms) if form not in taken]
        if forms:
            families.append(forms)
            taken.update(forms)
    for model in NAME_MODELS:
        for name in model._default_manager.values_list("name", flat=True):
            word = plain(name)
            if WORD.fullmatch(word) and word not in taken:
                forms = [word] + [form for form in inflections(word) if form not in taken]
                families.append(forms)
                taken.update(forms)
    return families


def rebuild_forms():
    """Write the table of protected forms anew; return the forms whose family changed (or
    that came or went): the words whose vectors are now out of date."""
    before = dict(SearchForm.objects.values_list("form", "family"))
    after = {form: forms[0] for forms in _families() for form in forms}
    changed = {form for form in before.keys() | after.keys() if before.get(form) != after.get(form)}
    if changed:  # the old families too: vectors hold them as `§family§`
        changed |= {before[form] for form in changed if form in before}
        SearchForm.objects.all().delete()
        SearchForm.objects.bulk_create(
            SearchForm(form=form, family=family) for form, family in after.items()
        )
    return changed


def refresh():
    """The protected forms follow the entries and the taxonomy; the vectors holding a form
    that changed are written down to be written anew. True when there are any."""
    changed = rebuild_forms()
    if changed:
        PendingReindex.objects.create(words=sorted(changed))
    return bool(changed)


def lexicon_changed(**kwargs):
    """An entry or a taxonomy name changed: protected forms follow at once, the vectors that
    hold the changed words in the background, and cached counts and pages expire."""
    if refresh():
        background.run_after_commit(reindex_pending)
    CatalogueVersion.bump()


def reindex_pending():
    from .index import reindex_pending  # index imports search, which imports this module

    reindex_pending()


post_save.connect(lexicon_changed, sender=SearchTerm, dispatch_uid="lexicon-entry")
post_delete.connect(lexicon_changed, sender=SearchTerm, dispatch_uid="lexicon-entry")


# The query side -------------------------------------------------------------------------------


# Everything a search reads of the lexicon, in one statement: the protected forms, each entry
# with the lexemes of its words (as the index makes them), and the English words that are
# Dutch words of the published text too.
LOAD_SQL = """
    WITH words AS (
        SELECT DISTINCT w FROM catalogue_searchterm t, unnest(t.words) m,
            regexp_split_to_table(lower(unaccent(m)), '[^[:alnum:]]+') w
        WHERE w <> ''
    )
    SELECT
      (SELECT coalesce(json_object_agg(form, family), '{}') FROM catalogue_searchform),
      (SELECT coalesce(json_agg(json_build_array(kind, words, english)), '[]')
       FROM catalogue_searchterm),
      (SELECT coalesce(json_object_agg(word, lexeme), '{}')
       FROM catalogue_lexemes(ARRAY(SELECT w FROM words))),
      (SELECT coalesce(json_agg(v.plain), '[]') FROM initiatives_searchword v
       WHERE v.plain IN (
           SELECT lower(unaccent(e)) FROM catalogue_searchterm t, unnest(t.english) e))
"""


@dataclass
class Lexicon:
    """What a search reads of the lexicon: synonyms, English words → Dutch, and the forms of
    each protected family."""

    # a word's (or phrase's) lexemes, space-separated -> the members of its synonym groups,
    # each a list of (plain word, lexeme)
    synonyms: dict = field(default_factory=dict)
    # (English words, the Dutch word or phrase to search for), longest first
    english: list = field(default_factory=list)
    forms: dict = field(default_factory=dict)  # protected family -> its forms
    # English words that published Dutch text uses too ("sport", "bonding"): kept as typed
    # where the search's language is not known to be English (to_dutch(only_foreign=True)).
    dutch_too: set = field(default_factory=set)

    # (catalogue version, lexicon) last read by this process: see current().
    _read = (None, None)

    @classmethod
    def current(cls):
        """The lexicon, read again only after the catalogue version moved: every change of
        an entry or a taxonomy name bumps it (lexicon_changed), and reading it costs a
        search more than its other queries together (2 ms of SQL, 4 of Python)."""
        version = CatalogueVersion.current()
        read_at, lexicon = cls._read
        if read_at != version:
            lexicon = cls.load()
            cls._read = (version, lexicon)
        return lexicon

    @classmethod
    def forget(cls):
        """For tests: a rolled-back test leaves a version the next one reaches again."""
        cls._read = (None, None)

    @classmethod
    def load(cls):
        """One query: the tables are small."""
        with connection.cursor() as cursor:
            cursor.execute(LOAD_SQL)
            family_of, entries, lexemes, dutch_too = cursor.fetchone()
        lexicon = cls(dutch_too=set(dutch_too))
        for form, family in family_of.items():
            lexicon.forms.setdefault(family, []).append(form)
        for kind, words, english in entries:
            group = [
                [(word, lexemes.get(word)) for word in WORD.findall(plain(member))]
                for member in words
            ]
            group = [member for member in group if member]
            if not group:
                continue
            if kind == SearchTerm.Kind.SYNONYMS:
                for member in group:
                    known = lexicon.synonyms.setdefault(cls.key(member), [])
                    known += [other for other in group if other not in known]
            dutch = " ".join(word for word, _lexeme in group[0])
            for word in english:
                phrase = WORD.findall(plain(word))
                if phrase:
                    lexicon.english.append((phrase, dutch))
        lexicon.english.sort(key=lambda pair: -len(pair[0]))
        return lexicon

    def forms_of(self, lexeme):
        """The forms of the protected family whose lexeme (`§family§`) this is; else none."""
        if lexeme and lexeme.startswith("§") and lexeme.endswith("§"):
            return self.forms.get(lexeme.strip("§"), [])
        return []

    @staticmethod
    def key(member):
        return " ".join(lexeme or "" for _word, lexeme in member)

    def synonyms_of(self, member):
        """The members of the synonym groups of `member` ((plain word, lexeme) pairs), not
        itself: by lexeme, so an inflection ("buurthuizen") finds them too."""
        key = self.key(member)
        return [other for other in self.synonyms.get(key, []) if self.key(other) != key]

    def to_dutch(self, text, only_foreign=False):
        """`text` with the English words and phrases it holds replaced by Dutch ones (a
        Dutch phrase in quotes), and the list of (English, Dutch) replaced. The longest
        English phrase wins; other words stay as typed. `only_foreign`: a single English word
        that is a Dutch word of the catalogue too stays as typed."""
        words = list(WORD.finditer(text))
        out, translated, position, index = [], [], 0, 0
        while index < len(words):
            for phrase, dutch in self.english:
                if only_foreign and len(phrase) == 1 and phrase[0] in self.dutch_too:
                    continue
                found = words[index : index + len(phrase)]
                if [plain(match.group()) for match in found] == phrase:
                    start, end = found[0].start(), found[-1].end()
                    out += [text[position:start], f'"{dutch}"' if " " in dutch else dutch]
                    translated.append((text[start:end], dutch))
                    position, index = end, index + len(phrase)
                    break
            else:
                index += 1
        return "".join(out) + text[position:], translated


def vocabulary_lexemes(words):
    """{word: lexeme} for plain `words`, as the index writes them (None for stop words)."""
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, lexeme FROM catalogue_lexemes(%s::text[])", [list(words)])
        return dict(cursor.fetchall())
