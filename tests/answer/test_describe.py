"""Dates in table rows: a window the article never dated must not read as an exact day."""

from __future__ import annotations

from datetime import date

from bot.answer.describe import describe_row_date


def test_a_dated_event_shows_its_first_day() -> None:
    assert describe_row_date(date(2024, 7, 21), date(2024, 7, 31), "part_of_month") == "2024-07-21"
    assert describe_row_date(date(2024, 7, 29), date(2024, 7, 29), "day") == "2024-07-29"


def test_a_reported_window_shows_when_it_was_reported_never_a_day() -> None:
    cell = describe_row_date(date(2024, 8, 10), date(2024, 8, 13), "reported")
    assert cell == "reported by 2024-08-13"
    assert "2024-08-10" not in cell


def test_an_undated_event_says_so() -> None:
    assert describe_row_date(None, None, "unknown") == "?"
    assert describe_row_date(None, None, "unknown", unknown="date unknown") == "date unknown"
