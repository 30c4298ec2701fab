"""A facet's options, rendered in Python, and what an option means beside it.

A list page shows hundreds of options (the municipality select alone has 342). Rendered by a
template loop they took about a third of the page's time, more than all its SQL; built here
they take a few milliseconds. The markup is that of includes/facet.html around them.

An option with an explanation (a theme, a target group) carries it beside its label, as its
checkbox's description, so screen readers read it with the option; on a phone it is folded
under a small button (a <details>), on a wider screen simply shown (site.css)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .content import content_lang

register = template.Library()


def _text(value):
    # The standard library's escape, which Django's own calls, without Django's per-call check
    # for lazy strings: over hundreds of options that check cost more than the escaping.
    return escape(str(value))


def _label(option, lang):
    """The option's name, in a span saying its language when that is not the page's."""
    return f"<span{lang}>{_text(option.label)}</span>" if lang else _text(option.label)


def explanation_html(option_id, name, explanation, url, lang):
    """What an option means, in a <details> after its label; its text has the id
    `<option_id>-hint`, which the option's input names in aria-describedby. `url`: a page
    that says more. Every value is escaped here."""
    name = {"name": f"<span{lang}>{_text(name)}</span>" if lang else _text(name)}
    more = (
        f' <a href="{_text(url)}">{_text(_("Read more"))}<span class="visually-hidden"> '
        # Translators: follows "Read more", for screen readers only.
        f"{_text(_('about %(name)s')) % name}</span></a>"
        if url
        else ""
    )
    return (
        f'<details class="explain"><summary><span class="visually-hidden">'
        f"{_text(_('Explanation of %(name)s')) % name}</span></summary>"
        f'<p class="explain__text"><span id="{_text(option_id)}-hint"{lang}>'
        f"{_text(explanation)}</span>{more}</p></details>"
    )


@register.simple_tag
def explanation(option_id, name, explanation, url=""):
    """explanation_html for a form's option (includes/form_field.html)."""
    html = explanation_html(option_id, name, explanation, url, content_lang())
    return mark_safe(html)  # noqa: S308 -- every value in it is escaped


def _checkbox(param, option, lang):
    value = _text(option.value)
    option_id = f"f-{param}-{value}"
    # Translators: after a number beside a filter option, for screen readers: "(1 result)".
    results = ngettext("result", "results", option.count)
    checked = " checked" if option.selected else ""
    described = f' aria-describedby="{option_id}-hint"' if option.explanation else ""
    explained = (
        explanation_html(option_id, option.label, option.explanation, option.url, lang)
        if option.explanation
        else ""
    )
    return (
        f'<li><input type="checkbox" name="{param}" value="{value}" id="{option_id}"'
        f'{checked}{described}><label for="{option_id}">{_label(option, lang)} <span class="count">'
        f'({option.count:d}<span class="visually-hidden"> {_text(results)}</span>)</span></label>'
        f"{explained}</li>"
    )


def _option(option, lang):
    selected = " selected" if option.selected else ""
    also = f' data-also="{_text(option.also)}"' if option.also else ""
    return (
        f'<option value="{_text(option.value)}"{selected}{also}{lang}>'
        f"{_text(option.label)} ({option.count:d})</option>"
    )


@register.simple_tag
def facet_options(facet):
    """The checkboxes (as list items) or the select options of `facet`, with their counts."""
    lang = content_lang() if facet.content else ""
    if facet.multiple:
        param = _text(facet.param)
        rows = [_checkbox(param, option, lang) for option in facet.options]
    else:
        rows = [_option(option, lang) for option in facet.options]
    return mark_safe("\n".join(rows))  # noqa: S308 -- every value in them is escaped
