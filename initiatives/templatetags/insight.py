"""What the wijkbeeld's templates (templates/insight/) need: the charts' geometry, shares as
percentages, and a name in the middle of a sentence."""

from django import template
from django.utils.translation import gettext as _

from .. import charts
from ..insight import WHITE_SPOT_RULE, percent

register = template.Library()


@register.filter
def bar_chart(figures):
    return charts.bar_chart(figures)


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
