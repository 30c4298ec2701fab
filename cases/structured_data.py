"""Publications and case studies in schema.org terms."""

from django.utils import timezone

from catalogue.richtext import plain_text
from catalogue.structured_data import CONTENT_LANGUAGE, CONTEXT, absolute, compact, keywords, place


def person(author):
    """An author as libraries know them: initials as given name, prefix with the surname."""
    family_name = " ".join(part for part in (author.infix, author.surname) if part)
    return {
        "@type": "Person",
        "name": f"{author.initials} {family_name}",
        "givenName": author.initials,
        "familyName": family_name,
    }


def publication_data(request, publication):
    """A publication as a schema.org Report, with its authors in order, publisher and series.

    Expects a publication from `Publication.objects.with_related()` (its `author_list`).
    """
    authors = getattr(publication, "author_list", None)
    if authors is None:
        authors = publication.publicationauthor_set.select_related("author")
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
            "@id": absolute(request, publication),
            "url": absolute(request, publication),
            "name": publication.title,
            "alternativeHeadline": publication.subtitle,
            "description": plain_text(publication.summary),
            "genre": str(publication.get_publication_type_display()),
            "author": [person(entry.author) for entry in authors],
            "datePublished": publication.publication_date.isoformat(),
            "copyrightYear": publication.year_of_issue,
            "publisher": publisher,
            "isPartOf": series,
            "position": publication.series_number if series else None,
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(publication),
        }
    )


def case_data(request, case, *, publication=None, initiatives=()):
    """A case study as a schema.org Article, based on the publication it appeared in.

    `publication` and `initiatives` are the published ones the page shows; unpublished ones
    are never named.
    """
    source = None
    if publication is not None:
        source = compact(
            {
                "@type": "Report",
                "name": publication.title,
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
            "@id": absolute(request, case),
            "url": absolute(request, case),
            "headline": case.title,
            "description": case.summary,
            "datePublished": timezone.localdate(case.published_at).isoformat()
            if case.published_at
            else None,
            "dateModified": timezone.localtime(case.updated_at).isoformat(timespec="seconds"),
            "isBasedOn": source,
            "about": about,
            "contentLocation": place(case.municipality),
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(case),
        }
    )
