"""What the wijkbeeld's templates (templates/insight/) need: the charts' geometry, their rows
as markup, shares as percentages, and a name in the middle of a sentence.

A chart's repeated parts (its bars, points and table rows) are built here, not by template
loops: five charts of up to a dozen rows took a template some 10 ms to render, a third of a
place page; built here they take well under one (the facets do the same, catalogue/
templatetags/facets.py). The templates keep everything said once per chart. Every value is
escaped here; numbers in SVG attributes are never localised ("12.5", not "12,5").
"""

from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.templatetags.content import content_lang

from .. import charts
from ..insight import WHITE_SPOT_RULE, percent

register = template.Library()


@register.filter
def bar_chart(figures, compared=True):
    return charts.bar_chart(figures, compared)


@register.filter
def trend_line(years):
    return charts.trend_line(years)


@register.filter
def percent_text(share):
    """A share (0–1) as people read it: "62 %" in Dutch, "62%" in English; "<1 %" for a
    share that rounds to nothing but is not nothing."""
    number = percent(share)
    if share and not number:
        number = "<1"
    return _("%(number)s%%") % {"number": number}


@register.filter
def in_sentence(name):
    """A name of a group or theme inside a sentence: "voor mantelzorgers", but "voor
    LHBTIQ+" (a word in capitals stays so)."""
    name = str(name)
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


@register.filter
def described_for(comparison, place):
    """Which places `place` is compared with, in words (insight.Comparison.description)."""
    return comparison.description(place)


@register.simple_tag
def white_spot_rule():
    return WHITE_SPOT_RULE


def _name(figure, lang):
    """A figure's name, in a span saying it is Dutch where it is editors' words on a page in
    another language."""
    name = escape(str(figure.label))
    return f"<span{lang}>{name}</span>" if lang and figure.content else name


@register.simple_tag
def bar_description(chart):
    """Every bar in words, for the chart's <desc>: "Bonding 60 % (landelijk 47 %); …"."""
    lang = content_lang()
    said = [
        (
            _("%(name)s %(share)s (nationwide %(national)s)")
            if chart.compared
            else _("%(name)s %(share)s")
        )
        % {
            "name": _name(bar.figure, lang),
            "share": escape(percent_text(bar.figure.share)),
            "national": escape(percent_text(bar.figure.national_share)),
        }
        for bar in chart.bars
    ]
    return mark_safe("; ".join(said) + ".")  # noqa: S308 -- every part escaped above


@register.simple_tag
def bar_marks(chart):
    """The bars' SVG elements: label lines, track, bar, the national mark, the percentage."""
    lang = content_lang()
    parts = []
    for bar in chart.bars:
        label_lang = lang if bar.figure.content else ""
        parts += [
            f'<text class="chart__label" x="0" y="{y}"{label_lang}>{escape(text)}</text>'
            for y, text in bar.lines
        ]
        parts.append(
            f'<rect class="chart__track" x="0" y="{bar.y}" width="{chart.bar_width}"'
            f' height="{chart.bar_height}"/>'
        )
        if bar.width:
            parts.append(
                f'<rect class="chart__bar" x="0" y="{bar.y}" width="{bar.width}"'
                f' height="{chart.bar_height}"/>'
            )
        line = (
            f'x1="{bar.national_x}" x2="{bar.national_x}" y1="{bar.tick_top}"'
            f' y2="{bar.tick_bottom}"'
        )
        if chart.compared:
            parts.append(
                f'<line class="chart__tick-halo" {line}/><line class="chart__tick" {line}/>'
            )
        parts.append(
            f'<text class="chart__value" x="{chart.width}" y="{bar.text_y}" text-anchor="end">'
            f"{escape(percent_text(bar.figure.share))}</text>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 -- every value escaped above


@register.simple_tag
def bar_rows(figures, compared=True):
    """The table's rows: the name (linked to those initiatives here), the share here with
    the number, and (`compared`) the share in the whole country."""
    lang = content_lang()
    rows = []
    for figure in figures:
        name = _name(figure, lang)
        if figure.url:
            name = f'<a href="{escape(figure.url)}">{name}</a>'
        count = number_format(figure.count, force_grouping=True)
        rows.append(
            f'<tr><th scope="row">{name}</th>'
            f"<td>{escape(percent_text(figure.share))}"
            f' <span class="chart-table__count">({count})</span></td>'
            + (f"<td>{escape(percent_text(figure.national_share))}</td>" if compared else "")
            + "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 -- every value escaped above


@register.simple_tag
def trend_points(chart):
    return mark_safe(  # noqa: S308 -- numbers only
        "".join(
            f'<circle class="chart__point" cx="{point.x}" cy="{point.y}" r="3"/>'
            for point in chart.points
        )
    )


@register.simple_tag
def trend_rows(insight):
    """The trend's table rows, a year each."""
    return mark_safe(  # noqa: S308 -- numbers only
        "\n".join(
            f'<tr><th scope="row">{year}</th>'
            f"<td>{number_format(count, force_grouping=True)}</td></tr>"
            for year, count in insight.years
        )
    )
