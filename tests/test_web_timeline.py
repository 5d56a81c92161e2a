"""The timeline chart's geometry (web/timeline.py) from a Timeline the engine returns."""

from search.results import Period, Timeline
from web.timeline import WIDTH, chart


def months(counts: list[dict[str, int]], first_year: int = 2021) -> Timeline:
    periods = [Period(f"{first_year + i // 12}-{i % 12 + 1:02d}", "", "", c) for i, c in enumerate(counts)]
    return Timeline("month", ["en", "fr"], periods)


def test_one_bar_per_period_with_matches_stacked_by_language():
    drawn = chart(months([{"en": 2, "fr": 2}, {"en": 0, "fr": 0}, {"en": 0, "fr": 1}]), None, None)
    assert [bar.period.key for bar in drawn.bars] == ["2021-01", "2021-03"]
    first = drawn.bars[0]
    assert [seg.lang for seg in first.segments] == ["en", "fr"]
    assert first.segments[0].y + first.segments[0].height == drawn.baseline  # English at the bottom
    assert abs(first.segments[1].height - first.segments[0].height) < 0.01
    assert drawn.bars[1].segments[0].height < first.segments[0].height * 2  # scaled to the peak


def test_labels_stay_inside_the_chart():
    drawn = chart(months([{"en": 1, "fr": 0}] * 30), None, None)
    assert drawn.labels[0].anchor == "start" and drawn.labels[0].x == 0
    assert all(0 <= label.x <= WIDTH for label in drawn.labels) and len(drawn.labels) <= 6
    assert [label.text_key for label in drawn.labels][1] == "2022-01"  # then each January


def test_nothing_dated_draws_nothing_and_a_selected_period_is_marked():
    assert chart(Timeline("month", [], []), None, None) is None
    timeline = Timeline("year", ["fr"], [Period("2019", "2019-01-01", "2019-12-31", {"fr": 3})])
    assert chart(timeline, "2019-01-01", "2019-12-31").bars[0].selected
