"""Public pages for case studies and publications, the publications' files, and how to cite
either."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from catalogue.protection import limit_body
from catalogue.structured_data import EDITORS, canonical
from catalogue.views import catalogue_list, render_item, submission_form
from initiatives.models import Initiative

from . import citations, documents
from .filters import CaseFilterSet, PublicationFilterSet
from .forms import PublicationSubmissionForm
from .models import Case, Publication

logger = logging.getLogger(__name__)

# How many of a publication's initiatives its page lists; the link to the list shows them all.
INITIATIVES_SHOWN = 12


def case_list(request):
    return catalogue_list(
        request,
        CaseFilterSet,
        Case.objects.published(),
        "cases/case_list.html",
        card="includes/case_card.html",
        empty=_("No case studies match these filters. Remove a filter to see more."),
        feed_url=reverse("feeds:cases"),
        csv_url=reverse("cases:export"),
    )


def case_detail(request, slug):
    case = get_object_or_404(
        Case.objects.visible_to(request.user)
        .with_related()
        .with_publication_authors()
        .select_related("district")
        .prefetch_related("quotes", "media_links"),
        slug=slug,
    )
    publication = case.source
    initiatives = case.initiatives.published().select_related("municipality")
    return render_item(
        request,
        "cases/case_detail.html",
        case,
        {
            "case": case,
            "publication": publication,
            "initiatives": initiatives,
            "citation": citations.apa(case_work(request, case)),
        },
    )


def case_work(request, case):
    """A case study as citations describe it (citations.case_work)."""
    return citations.case_work(case, case.source, canonical(request, case), site=EDITORS["name"])


@require_safe
def case_citation(request, slug, style):
    """A case study's citation as a BibTeX or RIS file."""
    case = get_object_or_404(
        Case.objects.visible_to(request.user)
        .select_related("publication")
        .with_publication_authors(),
        slug=slug,
    )
    return citation_file(case, case_work(request, case), style)


def publication_list(request):
    return catalogue_list(
        request,
        PublicationFilterSet,
        Publication.objects.published(),
        "cases/publication_list.html",
        card="includes/publication_card.html",
        empty=_("No publications match these filters. Remove a filter to see more."),
        feed_url=reverse("feeds:publications"),
    )


def publication_detail(request, slug):
    """A publication: its file or the publisher's page, its case studies, the initiatives they
    describe (on a map, and as the list filtered on it), and how to cite it."""
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).with_related(), slug=slug
    )
    cases = publication.cases.published().for_cards().order_by("chapter", "title")
    initiatives = Initiative.objects.published().in_publication(publication)
    shown = list(initiatives.select_related("municipality").order_by("title")[:INITIATIVES_SHOWN])
    query = urlencode({"publicatie": publication.slug})
    return render_item(
        request,
        "cases/publication_detail.html",
        publication,
        {
            "publication": publication,
            "cases": cases,
            "initiatives": shown,
            "initiatives_count": (
                initiatives.count() if len(shown) == INITIATIVES_SHOWN else len(shown)
            ),
            "initiatives_url": f"{reverse('initiatives:list')}?{query}",
            "map_url": f"{reverse('api:initiatives_geojson')}?{query}",
            "citation": citations.apa(publication_work(request, publication)),
        },
    )


def publication_work(request, publication):
    return citations.publication_work(publication, canonical(request, publication))


@require_safe
def publication_citation(request, slug, style):
    """A publication's citation as a BibTeX or RIS file."""
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).with_related(), slug=slug
    )
    return citation_file(publication, publication_work(request, publication), style)


def citation_file(item, work, style):
    """`work` written in `style` (citations.FORMATS), as a file to save."""
    write, content_type, extension = citations.FORMATS[style]
    response = HttpResponse(write(work), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.{extension}"'
    return unpublished_not_kept(item, response)


@require_safe
def publication_download(request, slug):
    """The publication's PDF, from our own address rather than the media folder's: only a
    published publication's file is handed out (and a draft's to the staff previewing it),
    always as a download named after the publication, never shown in the browser."""
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).exclude(file=""), slug=slug
    )
    try:
        file = publication.file.open("rb")
    except OSError:
        logger.error("The file of publication %s is missing: %s", slug, publication.file.name)
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=publication.download_name,
        content_type=documents.CONTENT_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return unpublished_not_kept(publication, response)


def unpublished_not_kept(item, response):
    """What staff get of an unpublished item is never cached nor indexed (as its page)."""
    if not item.is_published:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@limit_body(settings.PUBLIC_FORM_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def publication_submit(request):
    """A professional proposes a publication; it waits as a draft for the editors' check."""
    return submission_form(
        request,
        PublicationSubmissionForm,
        kind="publication",
        template="cases/publication_submit.html",
        done="cases:publication_submitted",
        email="emails/publication_submitted.txt",
    )


@require_safe
def publication_submitted(request):
    return render(request, "cases/publication_submitted.html")
