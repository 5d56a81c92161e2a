"""Geometry of the timeline chart, so the template only writes the SVG elements. The counts
come from the engine's Results.timeline.

Counts are stacked bars per period (one colour per language); shares (the matches' share of
the collection's articles of each language in the period, so that a growing collection does
not make every story peak at its end) are bars side by side, one per language."""

from __future__ import annotations

from dataclasses import dataclass

from search.results import Period, Timeline

WIDTH = 640
HEIGHT = 146
PLOT_TOP = 6
AXIS_HEIGHT = 36
"""Two rows under the bars: the months, and under them the year where it starts."""
GAP_FRACTION = 0.2
"""Share of a period's width left empty between bars."""
MAX_AXIS_LABELS = 12
"""About 50 px per label at the chart's width: "Sept 2019" fits, one more would collide."""
QUARTER_MONTHS = ("01", "04", "07", "10")
"""Month labels on a timeline of more than MAX_AXIS_LABELS months: the quarters' first months."""
SCALES = ("count", "share")
EDGE = 50
"""Labels whose centre is this close to an edge are anchored at it instead."""


@dataclass(frozen=True)
class Segment:
    lang: str
    y: float
    height: float
    count: int
    x: float = 0.0
    width: float = 0.0
    share: float = 0.0
    """The count's share of the collection's articles of ``lang`` in the period (0 to 1)."""


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
    row: int = 0
    """0: the periods (a month's short name, or a year); 1: a month timeline's years, where each starts."""


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
    scale: str = "count"
    """"count" (stacked bars) or "share" (a bar per language, its share of the period's articles)."""
    peak_share: float = 0.0
    """The largest share drawn (the top of the plot), for the axis note."""


def chart(timeline: Timeline, date_from: str | None, date_to: str | None, scale: str = "count") -> Chart | None:
    """Bars and axis labels for ``timeline``; None when no match has a date."""
    periods = timeline.periods
    peak = timeline.peak
    if not periods or peak == 0:
        return None
    slot = WIDTH / len(periods)
    baseline = HEIGHT - AXIS_HEIGHT
    peak_share = max((p.share(lang) for p in periods for lang in timeline.languages), default=0.0)
    bars = []
    for i, period in enumerate(periods):
        if not period.total:
            continue
        width = max(1.0, slot * (1 - GAP_FRACTION))
        x = i * slot + (slot - width) / 2
        if scale == "share":
            segments = _side_by_side(period, timeline.languages, x, width, baseline, peak_share)
        else:
            segments = _stacked(period, timeline.languages, x, width, baseline, (baseline - PLOT_TOP) / peak)
        bars.append(Bar(period, round(x, 2), round(width, 2), segments,
                        selected=(date_from == period.start and date_to == period.end)))
    return Chart(WIDTH, HEIGHT, baseline, bars, _labels(periods, slot, timeline.unit), timeline.unit,
                 timeline.languages, scale if scale in SCALES else "count", peak_share)


def _stacked(period: Period, languages: list[str], x: float, width: float, baseline: float,
             per_article: float) -> list[Segment]:
    y = baseline
    segments = []
    for lang in languages:
        count = period.counts.get(lang, 0)
        if count:
            height = max(1.0, count * per_article)
            y -= height
            segments.append(Segment(lang, round(y, 2), round(height, 2), count, round(x, 2), round(width, 2),
                                    period.share(lang)))
    return segments


def _side_by_side(period: Period, languages: list[str], x: float, width: float, baseline: float,
                  peak_share: float) -> list[Segment]:
    each = width / max(1, len(languages))
    segments = []
    for n, lang in enumerate(languages):
        count = period.counts.get(lang, 0)
        if count and peak_share:
            height = max(1.0, period.share(lang) / peak_share * (baseline - PLOT_TOP))
            segments.append(Segment(lang, round(baseline - height, 2), round(height, 2), count,
                                    round(x + n * each, 2), round(each, 2), period.share(lang)))
    return segments


def _labels(periods: list[Period], slot: float, unit: str) -> list[Label]:
    """Axis labels that tell the bars apart: every month of a year or so (Jan, Feb, Mar...),
    the quarters' first months of a longer span, every k-th year; under the months, each year
    where it starts (and the first one)."""
    picks = list(range(len(periods)))
    if unit == "month" and len(periods) > MAX_AXIS_LABELS:
        picks = [i for i in picks if periods[i].key[5:] in QUARTER_MONTHS] or [0]
    step = max(1, -(-len(picks) // MAX_AXIS_LABELS))
    labels = [_placed(i, slot, periods[i].key, 0) for i in picks[::step]]
    if unit == "month":
        starts = [i for i, p in enumerate(periods) if i == 0 or p.key.endswith("-01")]
        for i in starts:
            year, x = periods[i].key[:4], i * slot
            labels.append(Label(round(x, 2), year, "start", 1) if x < WIDTH - EDGE else Label(float(WIDTH), year, "end", 1))
    return labels


def _placed(i: int, slot: float, key: str, row: int) -> Label:
    """A label centred under its bar, or anchored at the edge it is close to."""
    x = i * slot + slot / 2
    if x < EDGE and slot < EDGE:
        return Label(round(i * slot, 2), key, "start", row)
    if x > WIDTH - EDGE and slot < EDGE:
        return Label(round((i + 1) * slot, 2), key, "end", row)
    return Label(round(x, 2), key, "middle", row)
