"""How to cite a publication or a case study: APA 7 text for the page, BibTeX and RIS files for
reference managers, all from one description of the work (`Work`).

The formatters are pure functions of a Work; `publication_work` and `case_work` make one from
what a page has already loaded (no queries beyond it). Decisions, where APA leaves room or
Dutch practice differs:

- Authors appear as the publication's page shows them, prefix first and without a comma
  ("van de Kamp J."), in the order of the work, joined the APA way ("A., B., & C."; more than
  20: the first 19, ". . .", the last). BibTeX and RIS get the parts they need to sort
  ("van de Kamp, J.": the prefix is BibTeX's "von" part).
- No authors: the organisation is the group author (APA 7, 9.11), and then not named again as
  publisher (9.24). Neither: the title takes the author's place (9.12).
- The URL is where the work lives: the publisher's page when the work is only there (an
  external link and no file of ours), else its page on this site, at its Dutch (canonical)
  address.
- A case study cites the publication it appeared in and its chapter, by that publication's
  authors and year ("In: *Casusbundel Wij in de Wijk 3* (hoofdstuk 2)"). Without a (published)
  publication it is a page of this site, by the site (as its schema.org description says), of
  its own year, else the year it was published here.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.templatetags.content import content_lang

REPORT = "report"
BOOK = "book"
CHAPTER = "chapter"
WEBPAGE = "webpage"
AUDIO = "audio"
VIDEO = "video"
OTHER = "other"

# What kind of work each publication type is, for the entry types of BibTeX and RIS.
PUBLICATION_KINDS = {
    "onderzoeksrapport": REPORT,
    "beleidsdocument": REPORT,
    "factsheet": REPORT,
    "casusbundel": BOOK,
    "handreiking": BOOK,
    "essay": BOOK,
    "podcast": AUDIO,
    "video": VIDEO,
    "artikel": OTHER,
}
# APA's description in square brackets after the title, for works that are not text.
DESCRIPTIONS = {AUDIO: "Podcast", VIDEO: "Video"}
# APA lists up to this many authors; of more, the first 19, an ellipsis and the last.
MOST_AUTHORS = 20


@dataclass(frozen=True)
class Person:
    initials: str
    surname: str
    infix: str = ""

    @property
    def as_shown(self):
        """As the publication's page shows an author: "van de Kamp J."."""
        return " ".join(part for part in (self.infix, self.surname, self.initials) if part)

    @property
    def family_name(self):
        return " ".join(part for part in (self.infix, self.surname) if part)


@dataclass(frozen=True)
class Work:
    key: str  # the item's slug: the BibTeX key and the downloaded file's name
    kind: str
    title: str
    year: int | None
    url: str
    authors: tuple[Person, ...] = ()
    group_author: str = ""  # an organisation as the author, when no person is named
    subtitle: str = ""
    publisher: str = ""
    container: str = ""  # the publication a case study appeared in
    chapter: str = ""


def person(author):
    """A catalogue Author (or anything with initials, surname and infix) as a Person."""
    return Person(initials=author.initials, surname=author.surname, infix=author.infix)


def publication_work(publication, page_url):
    """A publication as a Work; `page_url` is its page's absolute (canonical) address."""
    authors = tuple(person(author) for author in authors_of(publication))
    lives_elsewhere = publication.external_url and not publication.file
    return Work(
        key=publication.slug,
        kind=PUBLICATION_KINDS.get(publication.publication_type, OTHER),
        title=publication.title,
        subtitle=publication.subtitle,
        year=publication.year_of_issue,
        url=publication.external_url if lives_elsewhere else page_url,
        authors=authors,
        group_author="" if authors else publication.organisation,
        publisher=publication.organisation,
    )


def case_work(case, publication, page_url, *, site):
    """A case study as a Work. `publication` is the published one it appeared in, or None;
    then the case is a page of `site` (the site's name)."""
    if publication is None:
        year = case.year or (case.published_at.year if case.published_at else None)
        return Work(
            key=case.slug,
            kind=WEBPAGE,
            title=case.title,
            year=year,
            url=page_url,
            group_author=site,
            publisher=site,
        )
    authors = tuple(person(author) for author in authors_of(publication))
    return Work(
        key=case.slug,
        kind=CHAPTER,
        title=case.title,
        year=publication.year_of_issue,
        url=page_url,
        authors=authors,
        group_author="" if authors else publication.organisation,
        publisher=publication.organisation,
        container=publication.title,
        chapter=case.chapter,
    )


def authors_of(publication):
    """Its authors in order: from `with_related()`'s `author_list` when loaded."""
    entries = getattr(publication, "author_list", None)
    if entries is None:
        entries = publication.publicationauthor_set.select_related("author")
    return [entry.author for entry in entries]


# APA 7 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    italic: bool = False
    content: bool = False  # editors' words (a title), in the catalogue's language


@dataclass(frozen=True)
class Apa:
    """An APA reference as runs of text, some in italics."""

    runs: tuple[Run, ...]

    @property
    def text(self):
        return "".join(run.text for run in self.runs)

    @property
    def html(self):
        """The titles in italics; on a page in another language, the titles say they are
        Dutch (as `{% content_lang %}` does), so screen readers pronounce them so."""
        lang = content_lang()
        parts = []
        for run in self.runs:
            attribute = lang if run.content else ""
            if run.italic:
                parts.append(f"<i{attribute}>{escape(run.text)}</i>")
            elif attribute:
                parts.append(f"<span{attribute}>{escape(run.text)}</span>")
            else:
                parts.append(escape(run.text))
        return mark_safe("".join(parts))  # every run escaped just above

    def __str__(self):
        return self.text


def full_stop(text):
    """What ends `text` as an element of a reference: a full stop, unless it ends in one
    already (initials) or in a question or exclamation mark."""
    return "" if text.rstrip().endswith((".", "?", "!")) else "."


def sentence(text):
    text = text.strip()
    return text + full_stop(text)


def apa_names(people):
    """ "A., B., & C." the APA way; more than MOST_AUTHORS: the first 19, ". . .", the last."""
    names = [p.as_shown for p in people]
    if len(names) > MOST_AUTHORS:
        return ", ".join(names[: MOST_AUTHORS - 1]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def chapter_label(chapter):
    """ "Hoofdstuk 2", "H2" or "2" as "hoofdstuk 2" (in the reader's language); anything else
    as the editors wrote it."""
    found = re.fullmatch(r"(?:hoofdstuk|chapter|h|ch)?\.?\s*(\d+[a-z]?)", chapter.strip(), re.I)
    if found:
        return _("chapter %(number)s") % {"number": found[1]}
    return chapter.strip()


def apa(work):
    """The APA 7 reference of `work`."""
    runs = []
    title = work.title + (f": {work.subtitle}" if work.subtitle else "")
    standalone = work.kind != CHAPTER  # its own title in italics; a chapter's is plain
    description = DESCRIPTIONS.get(work.kind)
    if work.authors:
        author = apa_names(work.authors)
    elif work.group_author:
        author = work.group_author
    else:
        author = None
    year = str(work.year) if work.year else _("n.d.")
    if author:
        runs.append(Run(f"{sentence(author)} ({year}). "))
    runs.append(Run(title, italic=standalone, content=True))
    if description:
        runs.append(Run(f" [{description}]."))
    else:
        runs.append(Run(full_stop(title)))
    if not author:
        runs.append(Run(f" ({year})."))
    if work.kind == CHAPTER:
        runs.append(Run(" In: "))
        runs.append(Run(work.container, italic=True, content=True))
        runs.append(Run(f" ({chapter_label(work.chapter)})." if work.chapter else "."))
    if work.publisher and work.publisher != author:
        runs.append(Run(f" {sentence(work.publisher)}"))
    if work.url:
        runs.append(Run(f" {work.url}"))
    return Apa(tuple(run for run in runs if run.text))


# BibTeX ----------------------------------------------------------------------------------

BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Letters and signs with a LaTeX name of their own; accented letters are composed below.
BIBTEX_LETTERS = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "–": "--",
    "—": "---",
    "\u00a0": "~",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
}
BIBTEX_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}


def one_line(text):
    """`text` on one line: line breaks and other control characters as spaces, each run of
    spaces as one; invisible format characters (a soft hyphen) left out."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            kept.append(" ")
        elif category != "Cf":
            kept.append(char)
    return " ".join("".join(kept).split())


def bibtex_text(text):
    """`text` as BibTeX reads it back: its special characters escaped, accented letters as
    LaTeX accents ({\\"{o}}, so any BibTeX sorts and prints them), other characters as UTF-8."""
    out = []
    for char in unicodedata.normalize("NFC", one_line(text)):
        if char in BIBTEX_SPECIAL:
            out.append(BIBTEX_SPECIAL[char])
        elif char in BIBTEX_LETTERS:
            out.append(BIBTEX_LETTERS[char])
        elif ord(char) > 127:
            out.append(_latex_accented(char))
        else:
            out.append(char)
    return "".join(out)


def _latex_accented(char):
    base, *marks = unicodedata.normalize("NFD", char)
    if not marks or not base.isascii() or any(mark not in BIBTEX_ACCENTS for mark in marks):
        return char
    letter = {"i": r"\i", "j": r"\j"}.get(base, base)
    for mark in marks:
        letter = f"\\{BIBTEX_ACCENTS[mark]}{{{letter}}}"
    return f"{{{letter}}}"


def bibtex_url(url):
    """An address as BibTeX's url field takes it: no braces, backslashes or spaces."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(c, c) for c in url)


def bibtex_name(p):
    """ "van de Kamp, J.": BibTeX takes the lower-case prefix as the "von" part."""
    return f"{bibtex_text(p.family_name)}, {bibtex_text(p.initials)}"


def bibtex_fields(work):
    if work.authors:
        author = " and ".join(bibtex_name(p) for p in work.authors)
    elif work.group_author:
        author = f"{{{bibtex_text(work.group_author)}}}"  # braced: a name, not names
    else:
        author = None
    title = work.title + (f": {work.subtitle}" if work.subtitle else "")
    publisher = bibtex_text(work.publisher) if work.publisher else None
    if work.kind == CHAPTER:
        entry = "incollection"
        chapter = chapter_label(work.chapter) if work.chapter else ""
        number = re.search(r"\d+[a-z]?$", chapter)
        fields = {
            "booktitle": f"{{{bibtex_text(work.container)}}}",
            "chapter": number[0] if number else bibtex_text(chapter) or None,
            "publisher": publisher,
        }
    elif work.kind == REPORT and work.publisher:
        entry, fields = "techreport", {"institution": publisher}
    elif work.kind == BOOK:
        entry, fields = "book", {"publisher": publisher}
    else:
        entry, fields = "misc", {"howpublished": publisher}
    return entry, {
        "author": author,
        "title": f"{{{bibtex_text(title)}}}",  # braced: its capitals as written
        **fields,
        "year": str(work.year) if work.year else None,
        "url": bibtex_url(work.url) if work.url else None,
    }


def bibtex(work):
    """The BibTeX entry of `work`."""
    entry, fields = bibtex_fields(work)
    key = re.sub(r"[^A-Za-z0-9_:-]", "", work.key) or "wijkplatform"
    lines = [f"  {name} = {{{value}}}" for name, value in fields.items() if value]
    return f"@{entry}{{{key},\n" + ",\n".join(lines) + "\n}\n"


# RIS -------------------------------------------------------------------------------------

RIS_TYPES = {
    REPORT: "RPRT",
    BOOK: "BOOK",
    CHAPTER: "CHAP",
    WEBPAGE: "ELEC",
    AUDIO: "SOUND",
    VIDEO: "VIDEO",
    OTHER: "GEN",
}


def ris(work):
    """The RIS record of `work`: one tag per line (CRLF, as the format asks), values on one
    line each, so no value can start a tag of its own."""
    tags = [("TY", RIS_TYPES[work.kind])]
    if work.authors:
        tags += [("AU", f"{p.family_name}, {p.initials}") for p in work.authors]
    elif work.group_author:
        tags.append(("AU", work.group_author))
    tags.append(("TI", work.title + (f": {work.subtitle}" if work.subtitle else "")))
    if work.kind == CHAPTER:
        tags.append(("T2", work.container))
        if work.chapter:
            tags.append(("SE", chapter_label(work.chapter)))
    tags += [
        ("PY", str(work.year) if work.year else ""),
        ("PB", work.publisher),
        ("UR", work.url),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags if value]
    return "\r\n".join([*lines, "ER  - ", ""])


# Files to download: style -> (write, content type, extension).
FORMATS = {
    "bibtex": (bibtex, "application/x-bibtex", "bib"),
    "ris": (ris, "application/x-research-info-systems", "ris"),
}
