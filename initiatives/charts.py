"""The geometry of the wijkbeeld's charts, drawn as SVG by templates (templates/insight/).

No chart library: the templates write plain SVG from these numbers, in a viewBox WIDTH units
wide that the stylesheet stretches to the column (about 1 on a 360 px phone, at most 1.4,
where the stylesheet makes the text smaller, so it stays 14 to 17 px). Labels are wrapped
here, since SVG text does not wrap: at 360 px a target group's name takes two lines. Colours
and fonts come from classes in site.css (the Content Security Policy allows no inline styles).
"""

import textwrap
from dataclasses import dataclass

WIDTH = 320
LINE = 17  # a line of label text
LABEL_CHARACTERS = 38  # about what fits in WIDTH at the stylesheet's 14 units
BAR_WIDTH = 256  # the value is written right of the bars, in the rest of WIDTH
BAR_HEIGHT = 14
TICK_OVERHANG = 5  # the national mark sticks out of the bar, so it shows on any bar
ROW_GAP = 14


@dataclass
class Bar:
    figure: object  # insight.Figure
    lines: list  # (y, text) of the label's lines
    y: float  # top of the bar
    width: float  # of the bar: its share of BAR_WIDTH
    national_x: float
    text_y: float  # baseline of the value beside the bar

    @property
    def tick_top(self):
        return self.y - TICK_OVERHANG

    @property
    def tick_bottom(self):
        return self.y + BAR_HEIGHT + TICK_OVERHANG


@dataclass
class BarChart:
    bars: list
    height: float
    width: int = WIDTH
    bar_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT
    compared: bool = True  # the national share marked across each bar


def bar_chart(figures, compared=True):
    """Horizontal bars, one per figure: its label above it, the bar as long as its share,
    the national share marked across it, the percentage written to the right."""
    bars, y = [], TICK_OVERHANG
    for figure in figures:
        wrapped = textwrap.wrap(str(figure.label), LABEL_CHARACTERS) or [""]
        lines = [(y + LINE * (i + 1) - 4, text) for i, text in enumerate(wrapped)]
        top = y + LINE * len(wrapped) + TICK_OVERHANG
        bars.append(
            Bar(
                figure,
                lines,
                top,
                round(BAR_WIDTH * figure.share, 1),
                round(BAR_WIDTH * figure.national_share, 1),
                top + BAR_HEIGHT - 3,
            )
        )
        y = top + BAR_HEIGHT + ROW_GAP
    return BarChart(bars, y - ROW_GAP + TICK_OVERHANG, compared=compared)


# The trend line: the plot inside the viewBox, with room for the axes' numbers.
PLOT_LEFT, PLOT_RIGHT = 34, WIDTH - 10
PLOT_TOP, PLOT_BOTTOM = 12, 96
TREND_HEIGHT = 120


@dataclass
class Point:
    year: int
    count: int
    x: float
    y: float


@dataclass
class TrendLine:
    points: list
    most: int  # the top of the scale
    width: int = WIDTH
    height: int = TREND_HEIGHT
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM

    @property
    def polyline(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def first(self):
        return self.points[0]

    @property
    def last(self):
        return self.points[-1]

    @property
    def peak(self):
        """The first year with the most initiatives started."""
        return max(self.points, key=lambda point: point.count)

    @property
    def total(self):
        return sum(point.count for point in self.points)


def trend_line(years):
    """A line through (year, count) pairs, oldest left; the scale runs from 0 to the most."""
    most = max((count for _year, count in years), default=0) or 1
    step = (PLOT_RIGHT - PLOT_LEFT) / max(len(years) - 1, 1)
    height = PLOT_BOTTOM - PLOT_TOP
    points = [
        Point(
            year,
            count,
            round(PLOT_LEFT + i * step, 1),
            round(PLOT_BOTTOM - height * count / most, 1),
        )
        for i, (year, count) in enumerate(years)
    ]
    return TrendLine(points, most)
