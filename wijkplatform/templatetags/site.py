"""Template helpers for the site chrome, editors' rich text and what search engines read."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalogue import structured_data
from catalogue.richtext import plain_text, sanitise
from catalogue.share_images import share_image
from places.geo import format_km

register = template.Library()

# The characters that could end a <script> element or start markup inside it; the same
# escapes Django's json_script uses, so data in the script element stays data.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def distance(item):
    """ "1,2 km" for a result found around a place (it has `distance_km`); else nothing."""
    value = getattr(item, "distance_km", None)
    return "" if value is None else format_km(value)


@register.filter
def rich(html):
    """Editors' HTML, sanitised once more on the way out (defence in depth)."""
    return mark_safe(sanitise(html))  # noqa: S308 -- sanitised by the allow-list above


@register.filter
def plain(html):
    """Editors' HTML as one line of plain text (for meta descriptions); escaped on output."""
    return plain_text(html)


@register.filter
def json_ld(data):
    """A schema.org dict as a <script type="application/ld+json"> element, escaped like
    json_script so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308 -- escaped just above
    )


@register.simple_tag(takes_context=True)
def schema_org(context, obj, **related):
    """The schema.org description of a detail page's object (see structured_data.py)."""
    return json_ld(structured_data.describe(context["request"], obj, **related))


@register.simple_tag
def breadcrumb_trail(*names_and_urls, current):
    """The crumbs a page shows, [(name, url), …]: each (name, url) pair given (a pair without
    a name is left out), then the current page, unlinked."""
    pairs = zip(names_and_urls[::2], names_and_urls[1::2], strict=True)
    return [(name, url) for name, url in pairs if name] + [(current, None)]


@register.simple_tag(takes_context=True)
def breadcrumb_list(context, trail):
    """The breadcrumbs as schema.org's BreadcrumbList, from the same trail the page shows."""
    return json_ld(structured_data.breadcrumb_list(context["request"], trail))


@register.simple_tag(takes_context=True)
def open_graph_image(context, item=None):
    """og:image with its size and alt text: the item's own image or its kind's, else the site's."""
    picture = share_image(item)
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">\n'
        '  <meta property="og:image:alt" content="{}">',
        context["request"].build_absolute_uri(picture.url),
        picture.width,
        picture.height,
        picture.alt,
    )


@register.simple_tag(takes_context=True)
def language_url(context, language, *, query=True, absolute=False):
    """This page in another interface language, keeping the query string unless query=False;
    absolute=True gives the full address (for hreflang alternates)."""
    request = context["request"]
    url = translate_url(request.path, language)
    if query and request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return request.build_absolute_uri(url) if absolute else url


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The full address of this page without its query: filtered lists point to the plain list."""
    request = context["request"]
    return request.build_absolute_uri(request.path)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        text = " ".join(self.nodelist.render(context).split())
        context[self.name] = mark_safe(text)  # noqa: S308 -- already rendered (and escaped)
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render once, use twice.

    base.html captures the title and description blocks so <title>, the meta description and
    the Open Graph tags all say the same, while a page fills each block only once.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
