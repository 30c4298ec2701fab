"""Publications and case studies in schema.org terms."""

from django.utils import timezone

from catalogue.richtext import plain_text
from catalogue.structured_data import (
    CONTENT_LANGUAGE,
    CONTEXT,
    EDITORS,
    absolute,
    compact,
    identity,
    image,
    keywords,
    place,
)


def person(author):
    """An author as libraries know them: initials as given name, prefix with the surname."""
    family_name = " ".join(part for part in (author.infix, author.surname) if part)
    return {
        "@type": "Person",
        "name": f"{author.initials} {family_name}",
        "givenName": author.initials,
        "familyName": family_name,
    }


def authors(publication):
    """A publication's authors in order; from `with_related()`'s `author_list` when loaded."""
    entries = getattr(publication, "author_list", None)
    if entries is None:
        entries = publication.publicationauthor_set.select_related("author")
    return [person(entry.author) for entry in entries]


def modified(item):
    return timezone.localtime(item.updated_at).isoformat(timespec="seconds")


def publication_data(request, publication):
    """A publication as a schema.org Report, with its authors in order, publisher and series.

    It was published when the work was issued (`year_of_issue`), not when it came to this site.
    """
    series = None
    if publication.series:
        series = {"@type": "CreativeWorkSeries", "name": publication.series}
    publisher = None
    if publication.organisation:
        publisher = {"@type": "Organization", "name": publication.organisation}
    return compact(
        {
            "@context": CONTEXT,
            "@type": "Report",
            **identity(request, publication),
            "name": publication.title,
            "headline": publication.title,
            "alternativeHeadline": publication.subtitle,
            "description": plain_text(publication.summary),
            "genre": str(publication.get_publication_type_display()),
            "author": authors(publication),
            "datePublished": str(publication.year_of_issue),
            "dateModified": modified(publication),
            "copyrightYear": publication.year_of_issue,
            "publisher": publisher,
            "isPartOf": series,
            "position": publication.series_number if series else None,
            "image": image(request, publication),
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(publication),
        }
    )


def case_data(request, case, *, publication=None, initiatives=()):
    """A case study as a schema.org Article of its year, by the authors of the publication it
    appeared in (else by the site's editors).

    `publication` and `initiatives` are the published ones the page shows; unpublished ones
    are never named.
    """
    source = None
    if publication is not None:
        source = compact(
            {
                "@type": "Report",
                "name": publication.title,
                "headline": publication.title,
                "url": absolute(request, publication),
                "position": case.chapter,
            }
        )
    about = [
        {"@type": "Project", "name": initiative.title, "url": absolute(request, initiative)}
        for initiative in initiatives
    ]
    return compact(
        {
            "@context": CONTEXT,
            "@type": "Article",
            **identity(request, case),
            "headline": case.title,
            "description": case.summary,
            "author": (authors(publication) if publication is not None else None) or EDITORS,
            "datePublished": str(case.year) if case.year else None,
            "dateModified": modified(case),
            "isBasedOn": source,
            "about": about,
            "contentLocation": place(case.municipality),
            "image": image(request, case),
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(case),
        }
    )
