"""Editors' rich text keeps only a small set of tags: on save, again when shown, and when it
comes from Word or Google Docs. The admin's editor offers exactly that set."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django_prose_editor.config import allowlist_from_extensions

from cases.models import Case, Publication
from catalogue.editor import RichTextEditor
from catalogue.fields import RichTextField
from catalogue.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    EDITOR_EXTENSIONS,
    sanitise,
)
from initiatives.models import Initiative
from tests.admin_forms import change_form_data
from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory, ThemeFactory

# What the editor itself produces: every allowed tag once. It must come through unchanged.
EDITOR_HTML = (
    "<h2>Aanpak</h2><h3>Wie</h3><h4>Wanneer</h4>"
    "<p><strong>Buren</strong> koken <em>samen</em>.<br>Elke week.</p>"
    '<p>Zie <a href="https://example.org/koken" title="De site" rel="noopener noreferrer">'
    'de site</a> of <a href="mailto:info@example.org" rel="noopener noreferrer">mail</a>.</p>'
    "<ul><li><p>Soep</p></li><li><p>Brood</p></li></ul>"
    '<ol start="3"><li><p>Drie</p></li></ol>'
    "<blockquote><p>Het werkt.</p></blockquote>"
)

# A paste from Word (Office 365, Windows): the clipboard's whole document, with its
# conditional comments, mso- styles, <o:p>, <font>, list bullets in "supportLists" blocks
# and empty spacer paragraphs.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15"><title>Buurtkeuken</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>
</w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-family:"Calibri",sans-serif;}
@list l0:level1 {mso-level-number-format:bullet;} --></style></head>
<body lang=NL style='tab-interval:35.4pt;word-wrap:break-word'>
<!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><span style='mso-fareast-font-family:"Times New Roman"'>
Buurtkeuken<o:p></o:p></span></h1>
<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span
style='font-size:12.0pt;mso-bidi-font-family:Calibri'>Elke dinsdag</span></b><span
style='font-size:12.0pt'> koken buren <i>samen</i> in het
buurthuis.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Soep<o:p></o:p></p>
<p class=MsoNormal><font face=Arial color="#1F3864">Meer op <a
href="https://example.org/keuken" style='mso-hyperlink:x'>onze site</a>.</font><o:p></o:p></p>
<p class=MsoNormal>&nbsp;</p>
<!--EndFragment-->
</body></html>"""
WORD_CLEAN = (
    "<h2>Buurtkeuken</h2>"
    "<p><strong>Elke dinsdag</strong> koken buren <em>samen</em> in het\nbuurthuis.</p>"
    "<p>Soep</p>"
    '<p>Meer op <a href="https://example.org/keuken" rel="noopener noreferrer">onze site</a>'
    ".</p>"
)

# A paste from Google Docs: everything inside <b style="font-weight:normal" id="docs-…">,
# bold and italic as span styles, <br> between blocks.
GOOGLE_DOCS_HTML = (
    '<meta charset="utf-8"><b style="font-weight:normal;" '
    'id="docs-internal-guid-5c1e2a3b-7fff-4d1e-9a2b-0123456789ab">'
    '<h2 dir="ltr" style="line-height:1.38;margin-top:18pt;margin-bottom:6pt;">'
    '<span style="font-size:16pt;font-family:Arial,sans-serif;color:#000000;'
    "background-color:transparent;font-weight:400;font-style:normal;font-variant:normal;"
    'text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;">'
    "Aanpak</span></h2>"
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">'
    '<span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;'
    'font-weight:700;font-style:normal;">Buren</span>'
    '<span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;'
    'font-weight:400;font-style:normal;"> helpen buren, </span>'
    '<span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:400;'
    'font-style:italic;">elke week</span>'
    '<span style="font-size:11pt;font-weight:400;">. Zie </span>'
    '<a href="https://example.org/" style="text-decoration:none;">'
    '<span style="font-size:11pt;color:#1155cc;text-decoration:underline;">de site</span></a>'
    "</p><br>"
    '<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;">'
    '<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1">'
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" '
    'role="presentation"><span style="font-size:11pt;font-weight:400;">Koken</span></p></li>'
    '<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1">'
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" '
    'role="presentation"><span style="font-size:11pt;font-weight:400;">Klussen</span></p>'
    "</li></ul>"
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">'
    '<span style="font-size:11pt;font-weight:400;"> </span></p>'
    '</b><br class="Apple-interchange-newline">'
)
GOOGLE_DOCS_CLEAN = (
    "<h2>Aanpak</h2>"
    "<p><strong>Buren</strong> helpen buren, <em>elke week</em>. Zie "
    '<a href="https://example.org/" rel="noopener noreferrer">de site</a></p>'
    "<ul><li><p>Koken</p></li><li><p>Klussen</p></li></ul>"
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover="alert(2)">Klik</p>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">a</a>',
    '<a href="jav&#x09;ascript:alert(1)">a</a>',
    '<a href=" javascript:alert(1)">a</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="https://example.org" target="_blank" onfocus="alert(1)" autofocus>a</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    '<p style="background:url(javascript:alert(1))">Stijl</p>',
    '<div style="position:fixed;inset:0">Overlay</div>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)</script>-->",
    '<p><a href="https://example.org" rel="opener">a</a></p>',
    '<h2 id="x" class="big">Kop</h2>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    '<p>"><script>alert(1)</script></p>',
    # Unclosed: what follows them is read as ordinary HTML, and cleaned as such.
    "<style><script>alert(1)</script>",
    "<xmp><img src=x onerror=alert(1)>",
    "<plaintext><script>alert(1)</script>",
    "<title><svg onload=alert(1)>",
    "<noembed><script>alert(1)",
    "<script><script>alert(1)",
    "<iframe><a href=javascript:alert(1)>a</a>",
    "<textarea></textarea><script>alert(1)</script>",
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
]


class TagCollector(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser's parser would see them."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_in(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def test_what_the_editor_makes_comes_through_unchanged():
    assert sanitise(EDITOR_HTML) == EDITOR_HTML


def test_the_editor_offers_exactly_what_the_allow_list_keeps():
    editor = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert editor["tags"] == ALLOWED_TAGS
    assert editor["url_schemes"] == ALLOWED_URL_SCHEMES
    assert "h1" not in editor["tags"]  # pages have their own title


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_leave_only_allowed_tags_attributes_and_links(payload):
    clean = sanitise(payload)
    for tag, attributes in tags_in(clean):
        assert tag in ALLOWED_TAGS, clean
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert attributes.keys() <= allowed, clean
        if "href" in attributes:
            assert urlsplit(attributes["href"]).scheme in ALLOWED_URL_SCHEMES, clean
        if tag == "a":
            assert attributes["rel"] == "noopener noreferrer", clean
    assert sanitise(clean) == clean  # shown again, it stays the same


@pytest.mark.parametrize(
    "payload, clean",
    [
        ('<p onclick="alert(1)">Hoi<script>alert(2)</script></p>', "<p>Hoi</p>"),
        ('<a href="javascript:alert(1)">klik</a>', '<a rel="noopener noreferrer">klik</a>'),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<p style="color:red" class="x">Rood</p>', "<p>Rood</p>"),
        ("<p>5 &lt; 6 &amp; 7 &gt; 2</p>", "<p>5 &lt; 6 &amp; 7 &gt; 2</p>"),
    ],
)
def test_xss_payloads_become_harmless_text(payload, clean):
    assert sanitise(payload) == clean


@pytest.mark.parametrize(
    "html, clean",
    [
        ("<h1>Titel</h1><p>Tekst</p>", "<h2>Titel</h2><p>Tekst</p>"),
        ("<h5>Klein</h5><h6>Kleiner</h6>", "<h4>Klein</h4><h4>Kleiner</h4>"),
        ("<p><b>vet</b> en <i>schuin</i></p>", "<p><strong>vet</strong> en <em>schuin</em></p>"),
        ("<p>a<br><br></p><br><p>&nbsp;</p><p> </p><p>b</p>", "<p>a</p><p>b</p>"),
        ("<ul><li><p>&nbsp;</p></li></ul><p><strong> </strong>c</p>", "<p>c</p>"),
        ("Gewone tekst\nop twee regels", "Gewone tekst\nop twee regels"),
        (
            '<a href="https://example.org" title="">a</a>',
            '<a href="https://example.org" rel="noopener noreferrer">a</a>',
        ),
        ("", ""),
    ],
)
def test_headings_tags_and_empty_blocks_are_tidied(html, clean):
    assert sanitise(html) == clean


def test_a_paste_from_word_becomes_clean_html():
    assert sanitise(WORD_HTML) == WORD_CLEAN
    assert sanitise(WORD_CLEAN) == WORD_CLEAN


def test_a_paste_from_google_docs_becomes_clean_html_without_turning_all_bold():
    assert sanitise(GOOGLE_DOCS_HTML) == GOOGLE_DOCS_CLEAN
    assert sanitise(GOOGLE_DOCS_CLEAN) == GOOGLE_DOCS_CLEAN


@pytest.mark.django_db
def test_every_rich_text_field_is_sanitised_on_save():
    initiative = InitiativeFactory(description=WORD_HTML)
    case = CaseFactory(**{name: GOOGLE_DOCS_HTML for name in Case.SECTIONS})
    publication = PublicationFactory(summary='<p onclick="x()">Samenvatting</p>')
    initiative.refresh_from_db()
    case.refresh_from_db()
    publication.refresh_from_db()
    assert initiative.description == WORD_CLEAN
    assert {getattr(case, name) for name in Case.SECTIONS} == {GOOGLE_DOCS_CLEAN}
    assert publication.summary == "<p>Samenvatting</p>"


# The parser reads what follows these as plain text up to their end tag, or to the end of the
# text when there is none (template and xml: as their content, which is dropped).
RAW_TEXT_ELEMENTS = [
    "style",
    "textarea",
    "xmp",
    "noscript",
    "script",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "title",
    "template",
    "xml",
]
AFTER = "<p>Daarna <strong>komen</strong> nog woorden.</p><ul><li><p>Laatste punt</p></li></ul>"


@pytest.mark.django_db
@pytest.mark.parametrize("closed", [False, True], ids=["unclosed", "closed"])
@pytest.mark.parametrize("tag", RAW_TEXT_ELEMENTS)
def test_no_word_after_a_raw_text_element_is_lost_on_save(tag, closed):
    element = f"<{tag}>inhoud</{tag}>" if closed else f"<{tag}>"
    initiative = InitiativeFactory(description=f"<p>Eerst dit.</p>{element}{AFTER}")
    initiative.refresh_from_db()
    assert initiative.description.startswith("<p>Eerst dit.</p>")
    assert initiative.description.endswith(AFTER)


@pytest.mark.parametrize(
    "html, clean",
    [
        ("<template><template>a</template><p>Na</p>", "<p>Na</p>"),
        ("<STYLE>p{}</Style ><p>Na</p><style><p>Laatste</p>", "<p>Na</p><p>Laatste</p>"),
        ("<p>a</p><style/><p>Na</p>", "<p>a</p><p>Na</p>"),
        ("<xmp><b>Vet</b></xmp><plaintext>Na</plaintext>", "<strong>Vet</strong>Na"),
    ],
)
def test_raw_text_elements_are_read_the_way_that_keeps_the_words(html, clean):
    assert sanitise(html) == clean


UNSAFE = '<p onclick="x()">Veilig</p><script>alert(1)</script><a href="javascript:x()">a</a>'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory, model, field",
    [
        (InitiativeFactory, Initiative, "description"),
        (PublicationFactory, Publication, "summary"),
        *((CaseFactory, Case, name) for name in Case.SECTIONS),
    ],
)
def test_pages_sanitise_again_what_reached_the_database_unsanitised(client, factory, model, field):
    item = factory()
    # update() skips save(): HTML that reached the database some other way is still made safe.
    model.objects.filter(pk=item.pk).update(**{field: UNSAFE})
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<p>Veilig</p>" in html
    assert "alert(1)" not in html and 'onclick="x()"' not in html
    assert "javascript:x()" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Initiative, Case, Publication])
def test_every_rich_text_field_gets_the_editor_in_the_admin(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    rich = [f for f in model._meta.get_fields() if isinstance(f, RichTextField)]
    assert rich
    for field in rich:
        widget = model_admin.formfield_for_dbfield(field, request).widget
        assert isinstance(widget, RichTextEditor), field.name


def test_no_other_model_has_rich_text_without_an_admin_editor():
    rich_models = {
        field.model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField) and not hasattr(model, "instance_type")
    }
    assert rich_models == {Initiative, Case, Publication}  # history copies aside


@pytest.mark.django_db
def test_the_change_form_loads_the_editor_without_an_inline_script(admin_client):
    initiative = InitiativeFactory(description="<p><strong>Hoi</strong></p>")
    html = admin_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    html = html.content.decode()
    assert '<script src="/static/js/rich_text_editor.js" type="module"></script>' in html
    assert 'data-editor-module="/static/django_prose_editor/editor.js"' in html
    assert "importmap" not in html
    # Without JavaScript it is a textarea holding the HTML.
    assert "&lt;p&gt;&lt;strong&gt;Hoi&lt;/strong&gt;&lt;/p&gt;</textarea>" in html


@pytest.mark.django_db
def test_without_javascript_a_word_paste_in_the_textarea_is_saved_clean(admin_client):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url)) | {"description": WORD_HTML}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Initiative.objects.get(pk=initiative.pk).description == WORD_CLEAN


@pytest.mark.django_db
def test_without_javascript_text_after_an_unclosed_style_is_saved_and_shown(admin_client):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    description = "<p>Zo:</p><style>.kop { color: red }\n<p>Elke week koken buren.</p>"
    data = change_form_data(admin_client.get(url)) | {"description": description}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Initiative.objects.get(pk=initiative.pk).description
    assert saved.endswith("<p>Elke week koken buren.</p>")
    assert "<style" not in saved
