"""Citing a publication or a case study: the APA 7 text on the page (authors as the page shows
them), and BibTeX and RIS files that reference managers read back as written."""

import dataclasses
import re

import pytest
from django.core.management import call_command

from cases import citations
from cases.citations import Person, Work
from tests.factories import AuthorFactory, CaseFactory, PublicationFactory

URL = "https://wijkplatform.nl/publicaties/wij-in-de-wijk-3/"
KAMP = Person(initials="J.", infix="van de", surname="Kamp")
KEERS = Person(initials="T.", surname="Keers")
VRIES = Person(initials="S.", infix="de", surname="Vries")


def work(**fields):
    return Work(
        **{
            "key": "wij-in-de-wijk-3",
            "kind": citations.BOOK,
            "title": "Casusbundel Wij in de Wijk 3",
            "year": 2021,
            "url": URL,
            "publisher": "Movisie",
            **fields,
        }
    )


# --- APA 7 --------------------------------------------------------------------------------------


def test_an_author_with_a_prefix_is_cited_as_the_page_shows_them():
    apa = citations.apa(work(authors=(KAMP,)))
    assert apa.text == f"van de Kamp J. (2021). Casusbundel Wij in de Wijk 3. Movisie. {URL}"
    assert str(apa.html) == (
        f"van de Kamp J. (2021). <i>Casusbundel Wij in de Wijk 3</i>. Movisie. {URL}"
    )


def test_several_authors_keep_their_order_with_an_ampersand_before_the_last():
    assert citations.apa(work(authors=(KEERS, KAMP, VRIES))).text.startswith(
        "Keers T., van de Kamp J., & de Vries S. (2021). "
    )
    assert citations.apa(work(authors=(KEERS, KAMP))).text.startswith(
        "Keers T., & van de Kamp J. (2021). "
    )


def test_more_than_twenty_authors_are_the_first_nineteen_an_ellipsis_and_the_last():
    people = tuple(Person(initials="A.", surname=f"Auteur{n}") for n in range(1, 23))
    names = citations.apa(work(authors=people)).text.split(" (2021)")[0]
    assert names == (", ".join(f"Auteur{n} A." for n in range(1, 20)) + ", . . . Auteur22 A.")


def test_without_authors_the_organisation_is_the_author_and_not_named_twice():
    apa = citations.apa(work(group_author="Movisie"))
    assert apa.text == f"Movisie. (2021). Casusbundel Wij in de Wijk 3. {URL}"


def test_without_authors_or_organisation_the_title_comes_first():
    apa = citations.apa(work(publisher=""))
    assert apa.text == f"Casusbundel Wij in de Wijk 3. (2021). {URL}"
    assert str(apa.html).startswith("<i>Casusbundel Wij in de Wijk 3</i>. (2021).")


def test_a_subtitle_follows_a_colon_and_a_podcast_says_what_it_is():
    apa = citations.apa(
        work(kind=citations.AUDIO, title="Van eigen kring", subtitle="naar de buurt")
    )
    assert (
        str(apa.html) == f"<i>Van eigen kring: naar de buurt</i> [Podcast]. (2021). Movisie. {URL}"
    )


def test_a_title_ending_in_a_question_mark_gets_no_full_stop():
    apa = citations.apa(work(title="Wat werkt in de wijk?", authors=(KEERS,)))
    assert "<i>Wat werkt in de wijk?</i> Movisie." in str(apa.html)


def test_a_chapter_cites_its_publication_and_chapter_number():
    chapter = work(
        kind=citations.CHAPTER,
        title="Wijkcoöperatie in Enschede-Oost",
        container="Casusbundel Wij in de Wijk 3",
        chapter="Hoofdstuk 11",
        authors=(KAMP,),
    )
    assert str(citations.apa(chapter).html) == (
        "van de Kamp J. (2021). Wijkcoöperatie in Enschede-Oost. "
        f"In: <i>Casusbundel Wij in de Wijk 3</i> (hoofdstuk 11). Movisie. {URL}"
    )
    assert "(Inleiding)." in citations.apa(dataclasses.replace(chapter, chapter="Inleiding")).text


def test_what_the_editors_typed_is_escaped_in_the_html():
    apa = citations.apa(work(title='<script>alert("x")</script> & co', authors=(KEERS,)))
    assert "<script>" not in str(apa.html)
    assert "<i>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</i>" in str(apa.html)


def test_no_year_is_cited_as_no_date():
    assert "Keers T. (z.d.)." in citations.apa(work(year=None, authors=(KEERS,))).text


# --- BibTeX -------------------------------------------------------------------------------------


def braces_balance(text):
    depth = 0
    for char in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    return depth == 0


def test_bibtex_names_take_the_prefix_as_the_von_part_and_keep_the_order():
    entry = citations.bibtex(work(kind=citations.REPORT, authors=(KEERS, KAMP, VRIES)))
    assert entry.startswith("@techreport{wij-in-de-wijk-3,\n")
    assert "  author = {Keers, T. and van de Kamp, J. and de Vries, S.},\n" in entry
    assert "  title = {{Casusbundel Wij in de Wijk 3}},\n" in entry
    assert "  institution = {Movisie},\n" in entry
    assert "  year = {2021},\n" in entry
    assert entry.endswith(f"  url = {{{URL}}}\n}}\n")


def test_bibtex_escapes_special_characters_and_writes_accents_the_latex_way():
    entry = citations.bibtex(
        work(
            title="Geld & zorg: 100% samen_werken #1 {echt} ~ ^ \\ $",
            authors=(Person(initials="Ç.", surname="Çelik"), Person(initials="B.", surname="Groß")),
            publisher="Coöperatie Één",
        )
    )
    assert (
        r"  title = {{Geld \& zorg: 100\% samen\_werken \#1 \{echt\} \textasciitilde{} "
        r"\textasciicircum{} \textbackslash{} \$}}," in entry
    )
    assert r"  author = {{\c{C}}elik, {\c{C}}. and Gro{\ss}, B.}," in entry
    assert r"  publisher = {Co{\"{o}}peratie {\'{E}}{\'{e}}n}," in entry
    assert braces_balance(entry)
    assert entry.isascii()


def test_a_group_author_is_braced_so_bibtex_reads_one_name():
    entry = citations.bibtex(work(group_author="Movisie and Partners"))
    assert "  author = {{Movisie and Partners}},\n" in entry


def test_a_chapter_is_an_incollection_with_its_book_and_number():
    entry = citations.bibtex(
        work(kind=citations.CHAPTER, title="Wijkvaders", container="Wij in de Wijk 3",
             chapter="Hoofdstuk 5", authors=(KAMP,))
    )  # fmt: skip
    assert entry.startswith("@incollection{")
    assert "  booktitle = {{Wij in de Wijk 3}},\n  chapter = {5},\n" in entry


def test_a_line_break_in_a_value_stays_inside_it():
    entry = citations.bibtex(work(title="Eerste regel\n@misc{inbraak,"))
    assert "\n@misc" not in entry
    assert entry.count("\n@") == 0 and entry.startswith("@book{")


# --- RIS ----------------------------------------------------------------------------------------


def test_ris_has_one_tag_a_line_and_ends_the_record():
    record = citations.ris(work(kind=citations.REPORT, authors=(KAMP, KEERS)))
    assert record == (
        "TY  - RPRT\r\n"
        "AU  - van de Kamp, J.\r\n"
        "AU  - Keers, T.\r\n"
        "TI  - Casusbundel Wij in de Wijk 3\r\n"
        "PY  - 2021\r\n"
        "PB  - Movisie\r\n"
        f"UR  - {URL}\r\n"
        "ER  - \r\n"
    )


def test_ris_values_cannot_start_a_tag_of_their_own():
    record = citations.ris(work(title="Titel\r\nER  - \nTY  - JOUR", publisher="Wijk\u2028werk"))
    lines = record.split("\r\n")
    assert [line[:2] for line in lines if line] == ["TY", "TI", "PY", "PB", "UR", "ER"]
    assert "TI  - Titel ER - TY - JOUR" in lines
    assert "PB  - Wijk werk" in lines


def test_ris_of_a_chapter_names_its_book():
    record = citations.ris(
        work(kind=citations.CHAPTER, title="Wijkvaders", container="Wij in de Wijk 3",
             chapter="5")
    )  # fmt: skip
    assert record.startswith("TY  - CHAP\r\n")
    assert "T2  - Wij in de Wijk 3\r\nSE  - hoofdstuk 5\r\n" in record


# --- From the catalogue: pages and downloads --------------------------------------------------


@pytest.fixture
def publication(db):
    authors = [
        AuthorFactory(surname="Kamp", infix="van de", initials="J."),
        AuthorFactory(surname="Vries", infix="de", initials="S."),
    ]
    return PublicationFactory(
        title="Casusbundel Wij in de Wijk 3",
        slug="casusbundel-wij-in-de-wijk-3",
        organisation="Movisie",
        year_of_issue=2021,
        publication_type="onderzoeksrapport",
        authors=authors,
    )


def citation_html(html):
    return re.search(r'<p class="citation__text" id="citation-text">(.*?)</p>', html)[1]


def test_the_publication_page_cites_it_with_its_canonical_address(client, publication):
    html = client.get("/en/publicaties/casusbundel-wij-in-de-wijk-3/").text
    assert "Cite this publication" in html
    # The title is Dutch on an English page, and says so; the address is the Dutch one.
    assert citation_html(html) == (
        'van de Kamp J., &amp; de Vries S. (2021). <i lang="nl">Casusbundel Wij in de Wijk 3</i>.'
        " Movisie. http://testserver/publicaties/casusbundel-wij-in-de-wijk-3/"
    )
    assert 'href="/en/publicaties/casusbundel-wij-in-de-wijk-3/citeer.bib"' in html
    assert 'href="/en/publicaties/casusbundel-wij-in-de-wijk-3/citeer.ris"' in html


def test_a_work_only_at_the_publisher_is_cited_at_its_address(client, publication):
    publication.external_url = "https://www.movisie.nl/publicatie/wij-wijk-3"
    publication.save()
    html = client.get(publication.get_absolute_url()).text
    assert citation_html(html).endswith(" Movisie. https://www.movisie.nl/publicatie/wij-wijk-3")


def test_on_an_english_page_a_cases_titles_say_they_are_dutch(client, publication):
    case = CaseFactory(title="De Buurtkamer", publication=publication, chapter="2")
    html = client.get(f"/en{case.get_absolute_url()}").text
    assert citation_html(html).startswith(
        'van de Kamp J., &amp; de Vries S. (2021). <span lang="nl">De Buurtkamer</span>. '
        'In: <i lang="nl">Casusbundel Wij in de Wijk 3</i> (chapter 2). Movisie. '
    )


def test_the_case_page_cites_its_publication_and_chapter(client, publication):
    case = CaseFactory(
        title="Wijkcoöperatie in Enschede-Oost",
        slug="wijkcooperatie-in-enschede-oost",
        publication=publication,
        chapter="Hoofdstuk 11",
    )
    html = client.get(case.get_absolute_url()).text
    assert '<h2 id="citation-heading">Citeer deze casus</h2>' in html
    assert citation_html(html) == (
        "van de Kamp J., &amp; de Vries S. (2021). Wijkcoöperatie in Enschede-Oost. "
        "In: <i>Casusbundel Wij in de Wijk 3</i> (hoofdstuk 11). Movisie. "
        "http://testserver/casussen/wijkcooperatie-in-enschede-oost/"
    )


def test_a_case_whose_publication_is_not_published_cites_the_platform(client, publication):
    publication.state = "draft"
    publication.save()
    case = CaseFactory(title="Buurtkamer", slug="buurtkamer", publication=publication, year=2023)
    html = client.get(case.get_absolute_url()).text
    assert citation_html(html) == (
        "Wijkplatform. (2023). <i>Buurtkamer</i>. http://testserver/casussen/buurtkamer/"
    )
    assert "Casusbundel" not in html


def test_the_downloads_are_files_of_their_format(client, publication):
    response = client.get("/publicaties/casusbundel-wij-in-de-wijk-3/citeer.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="casusbundel-wij-in-de-wijk-3.bib"'
    )
    assert "author = {van de Kamp, J. and de Vries, S.}" in response.text
    response = client.get("/publicaties/casusbundel-wij-in-de-wijk-3/citeer.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="casusbundel-wij-in-de-wijk-3.ris"'
    )
    assert response.content.decode().startswith("TY  - RPRT\r\nAU  - van de Kamp, J.\r\n")


def test_a_cases_downloads_cite_its_chapter(client, publication):
    case = CaseFactory(slug="wijkvaders", publication=publication, chapter="Hoofdstuk 5")
    bib = client.get("/casussen/wijkvaders/citeer.bib")
    assert bib["Content-Disposition"] == 'attachment; filename="wijkvaders.bib"'
    assert "booktitle = {{Casusbundel Wij in de Wijk 3}}" in bib.text
    ris = client.get(f"{case.get_absolute_url()}citeer.ris").content.decode()
    assert "TY  - CHAP\r\n" in ris


@pytest.mark.parametrize("extension", ["bib", "ris"])
def test_an_unpublished_items_citation_is_not_found(client, publication, extension):
    publication.state = "draft"
    publication.save()
    CaseFactory(slug="concept", draft=True)
    assert client.get(f"/publicaties/{publication.slug}/citeer.{extension}").status_code == 404
    assert client.get(f"/casussen/concept/citeer.{extension}").status_code == 404


def test_the_demo_publication_and_case_are_cited_in_full(client, db):
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)
    html = client.get("/publicaties/casusbundel-wij-in-de-wijk-3/").text
    assert citation_html(html) == (
        "Cadat-Lampe M., Dermaux J., Doornink N., Engbersen R., Jansen J., van de Kamp J., "
        "Keers T., von Meyenfeldt L., Repetur L., &amp; de Vries S. (2021). "
        "<i>Casusbundel Wij in de Wijk 3</i>. Movisie. "
        "http://testserver/publicaties/casusbundel-wij-in-de-wijk-3/"
    )
    html = client.get("/casussen/wijkvaders-in-rotterdam-zuid/").text
    assert "In: <i>Casusbundel Wij in de Wijk 3</i> (hoofdstuk 5). Movisie." in citation_html(html)


def test_staff_previewing_a_draft_see_its_citation_and_may_download_it(admin_client, publication):
    publication.state = "draft"
    publication.save()
    assert "Citeer deze publicatie" in admin_client.get(publication.get_absolute_url()).text
    response = admin_client.get(f"{publication.get_absolute_url()}citeer.bib")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
