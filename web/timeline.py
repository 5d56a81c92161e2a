"""Geometry of the timeline chart (stacked bars per period, one colour per language), so the
template only writes the SVG elements. The counts come from the engine's Results.timeline."""

from __future__ import annotations

from dataclasses import dataclass

from search.results import Period, Timeline

WIDTH = 640
HEIGHT = 130
PLOT_TOP = 6
AXIS_HEIGHT = 20
GAP_FRACTION = 0.2
"""Share of a period's width left empty between bars."""
MAX_AXIS_LABELS = 6
EDGE = 50
"""Labels whose centre is this close to an edge are anchored at it instead."""


@dataclass(frozen=True)
class Segment:
    lang: str
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class Bar:
    period: Period
    x: float
    width: float
    segments: list[Segment]
    selected: bool


@dataclass(frozen=True)
class Label:
    x: float
    text_key: str
    anchor: str = "middle"
    """SVG text-anchor: labels near an edge grow inwards rather than being cut."""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    """Only the periods that hold matches: each is a link."""
    labels: list[Label]
    unit: str
    languages: list[str]


def chart(timeline: Timeline, date_from: str | None, date_to: str | None) -> Chart | None:
    """Bars and axis labels for ``timeline``; None when no match has a date."""
    periods = timeline.periods
    peak = timeline.peak
    if not periods or peak == 0:
        return None
    slot = WIDTH / len(periods)
    baseline = HEIGHT - AXIS_HEIGHT
    scale = (baseline - PLOT_TOP) / peak
    bars = []
    for i, period in enumerate(periods):
        if not period.total:
            continue
        y = baseline
        segments = []
        for lang in timeline.languages:
            count = period.counts.get(lang, 0)
            if count:
                height = max(1.0, count * scale)
                y -= height
                segments.append(Segment(lang, round(y, 2), round(height, 2), count))
        width = max(1.0, slot * (1 - GAP_FRACTION))
        bars.append(Bar(period, round(i * slot + (slot - width) / 2, 2), round(width, 2), segments,
                        selected=(date_from == period.start and date_to == period.end)))
    return Chart(WIDTH, HEIGHT, baseline, bars, _labels(periods, slot, timeline.unit), timeline.unit,
                 timeline.languages)


def _labels(periods: list[Period], slot: float, unit: str) -> list[Label]:
    """Axis labels: each January (or the first period) for months; every k-th year for years."""
    if unit == "month":
        picks = [i for i, p in enumerate(periods) if i == 0 or p.key.endswith("-01")]
    else:
        picks = list(range(len(periods)))
    step = max(1, -(-len(picks) // MAX_AXIS_LABELS))
    labels = []
    for i in picks[::step]:
        x = i * slot + slot / 2
        if x < EDGE:
            labels.append(Label(round(i * slot, 2), periods[i].key, "start"))
        elif x > WIDTH - EDGE:
            labels.append(Label(round((i + 1) * slot, 2), periods[i].key, "end"))
        else:
            labels.append(Label(round(x, 2), periods[i].key))
    return labels
