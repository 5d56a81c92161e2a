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


def test_labels_stay_inside_the_chart_and_tell_months_apart():
    drawn = chart(months([{"en": 1, "fr": 0}] * 30), None, None)
    months_row = [label for label in drawn.labels if label.row == 0]
    years_row = [label for label in drawn.labels if label.row == 1]
    assert months_row[0].anchor == "start" and months_row[0].x == 0
    assert all(0 <= label.x <= WIDTH for label in drawn.labels) and len(months_row) <= 12
    assert [label.text_key for label in months_row][:5] == ["2021-01", "2021-04", "2021-07", "2021-10", "2022-01"]
    assert [(label.text_key, label.x) for label in years_row] == [("2021", 0), ("2022", 256.0), ("2023", 512.0)]
    year = chart(months([{"en": 1, "fr": 0}] * 12), None, None)
    assert [label.text_key for label in year.labels if label.row == 0] == [f"2021-{m:02d}" for m in range(1, 13)]


def test_shares_draw_a_bar_per_language_scaled_to_the_largest_share():
    timeline = Timeline("year", ["en", "fr"], [Period("2019", "", "", {"en": 2, "fr": 1}, {"en": 4, "fr": 10}),
                                               Period("2020", "", "", {"en": 2, "fr": 0}, {"en": 20, "fr": 5})])
    drawn = chart(timeline, None, None, "share")
    first, second = drawn.bars
    assert [seg.lang for seg in first.segments] == ["en", "fr"] and drawn.peak_share == 0.5
    assert first.segments[0].x < first.segments[1].x and first.segments[0].y == 6  # 50%: the whole plot
    assert abs(first.segments[1].height * 5 - first.segments[0].height) < 0.1  # 10% is a fifth of it
    assert abs(second.segments[0].height * 5 - first.segments[0].height) < 0.1  # 2 of 20, though 2 articles too


def test_nothing_dated_draws_nothing_and_a_selected_period_is_marked():
    assert chart(Timeline("month", [], []), None, None) is None
    timeline = Timeline("year", ["fr"], [Period("2019", "2019-01-01", "2019-12-31", {"fr": 3})])
    assert chart(timeline, "2019-01-01", "2019-12-31").bars[0].selected
