"""Relative and absolute date expressions, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from bot.errors import UsageError
from bot.extract.article import extract_article
from bot.extract.dates import (
    find_date_expressions,
    parse_user_date,
    reported_window,
    resolve_date_expression,
)

THURSDAY = date(2024, 8, 1)  # a Thursday


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("late July", date(2024, 7, 21), date(2024, 7, 31), "part_of_month"),
        ("early July", date(2024, 7, 1), date(2024, 7, 10), "part_of_month"),
        ("mid-July", date(2024, 7, 11), date(2024, 7, 20), "part_of_month"),
        ("the end of June", date(2024, 6, 21), date(2024, 6, 30), "part_of_month"),
        ("late February 2024", date(2024, 2, 21), date(2024, 2, 29), "part_of_month"),
        ("late last month", date(2024, 7, 21), date(2024, 7, 31), "part_of_month"),
        ("in July", date(2024, 7, 1), date(2024, 7, 31), "month"),
        ("in August", date(2024, 8, 1), date(2024, 8, 31), "month"),
        ("in September", date(2023, 9, 1), date(2023, 9, 30), "month"),
        ("in May", date(2024, 5, 1), date(2024, 5, 31), "month"),
        ("July 2023", date(2023, 7, 1), date(2023, 7, 31), "month"),
        ("on Thursday", THURSDAY, THURSDAY, "day"),
        ("on Wednesday", date(2024, 7, 31), date(2024, 7, 31), "day"),
        ("on Friday", date(2024, 7, 26), date(2024, 7, 26), "day"),
        ("last Thursday", date(2024, 7, 25), date(2024, 7, 25), "day"),
        ("Monday night", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("July 29", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("29 July", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("the 29th of July", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("July 29, 2024", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("Monday, July 29, 2024", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("Aug. 1", date(2024, 8, 1), date(2024, 8, 1), "day"),
        ("July 27-29", date(2024, 7, 27), date(2024, 7, 29), "day"),
        ("2024-07-29", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("last week", date(2024, 7, 22), date(2024, 7, 28), "week"),
        ("this week", date(2024, 7, 29), THURSDAY, "week"),
        ("earlier this week", date(2024, 7, 29), THURSDAY, "week"),
        ("the past week", date(2024, 7, 25), THURSDAY, "week"),
        ("over the weekend", date(2024, 7, 27), date(2024, 7, 28), "week"),
        ("yesterday", date(2024, 7, 31), date(2024, 7, 31), "day"),
        ("last night", date(2024, 7, 31), date(2024, 7, 31), "day"),
        ("today", THURSDAY, THURSDAY, "day"),
        ("three days ago", date(2024, 7, 29), date(2024, 7, 29), "day"),
        ("two weeks ago", date(2024, 7, 15), date(2024, 7, 21), "week"),
        ("two months ago", date(2024, 6, 1), date(2024, 6, 30), "month"),
        ("two years ago", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("in 2012", date(2012, 1, 1), date(2012, 12, 31), "year"),
        ("last month", date(2024, 7, 1), date(2024, 7, 31), "month"),
        ("earlier this month", date(2024, 8, 1), THURSDAY, "month"),
        ("last year", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("earlier this year", date(2024, 1, 1), THURSDAY, "year"),
    ],
)
def test_resolve_relative_to_publication(
    expression: str, start: date, end: date, precision: str
) -> None:
    found = resolve_date_expression(expression, THURSDAY)
    assert found is not None, expression
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_month_without_year_is_the_most_recent_one_not_after_the_reference() -> None:
    december = resolve_date_expression("December", date(2024, 1, 5))
    assert december is not None and december.start == date(2023, 12, 1)
    late_july = resolve_date_expression("late July", date(2023, 8, 3))
    assert late_july is not None
    assert (late_july.start, late_july.end) == (date(2023, 7, 21), date(2023, 7, 31))
    day = resolve_date_expression("December 30", date(2024, 1, 5))
    assert day is not None and day.start == date(2023, 12, 30)


def test_weekday_on_a_monday_reference_is_that_day() -> None:
    monday = date(2024, 7, 29)
    found = resolve_date_expression("on Monday", monday)
    assert found is not None and found.start == monday
    previous = resolve_date_expression("last Monday", monday)
    assert previous is not None and previous.start == date(2024, 7, 22)


def test_find_in_prose_with_offsets_and_text() -> None:
    text = (
        "Rebels announced on Thursday that they killed 84 fighters in late July. "
        "In a rare statement on July 29, Wagner admitted losses. "
        "They began an insurgency in 2012, two years ago, with a force of 2000 fighters."
    )
    found = find_date_expressions(text, THURSDAY)
    assert [(text[s:e], d.text, d.precision) for s, e, d in found] == [
        ("Thursday", "Thursday", "day"),
        ("late July", "late July", "part_of_month"),
        ("July 29", "July 29", "day"),
        ("2012", "2012", "year"),
        ("two years ago", "two years ago", "year"),
    ]


def test_may_and_march_as_ordinary_words_are_not_dates() -> None:
    text = "The army may respond. Protesters march on the capital. They May face charges."
    assert find_date_expressions(text, THURSDAY) == []
    assert [d.precision for _, _, d in find_date_expressions("since May", THURSDAY)] == ["month"]


def test_impossible_dates_are_skipped() -> None:
    assert find_date_expressions("on February 30 and 2024-13-01", THURSDAY) == []


def test_future_month_in_the_same_month_keeps_the_year() -> None:
    found = resolve_date_expression("August 20", THURSDAY)
    assert found is not None and found.start == date(2024, 8, 20)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-08-01", date(2024, 8, 1)),
        ("1 Aug 2024", date(2024, 8, 1)),
        ("1 aug 2024", date(2024, 8, 1)),
        ("August 1, 2024", date(2024, 8, 1)),
        ("yesterday", date(2024, 7, 31)),
        ("Today", THURSDAY),
        ("3 days ago", date(2024, 7, 29)),
        ("last week", date(2024, 7, 22)),
        ("July 2024", date(2024, 7, 1)),
    ],
)
def test_parse_user_date(typed: str, expected: date) -> None:
    assert parse_user_date(typed, today=THURSDAY) == expected


@pytest.mark.parametrize("typed", ["", "soon", "2024-02-30", "August 1 or so", "32 July 2024"])
def test_parse_user_date_rejects_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        parse_user_date(typed, today=THURSDAY)


def test_parse_user_date_defaults_to_the_real_today() -> None:
    assert parse_user_date("2020-01-02") == date(2020, 1, 2)


# --- numeric dates, "the previous day", and the "reported" fallback --------------------------

SATURDAY_IN_MARCH = date(2019, 3, 9)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Day/month and month/day: the latest reading not after the publication date wins.
        ("Gunmen raided the market on 07/03, residents said.", date(2019, 3, 7)),
        ("The convoy was hit in the early hours of 3/7.", date(2019, 3, 7)),
        ("Shelling resumed on 28/02 after a lull.", date(2019, 2, 28)),
        ("Troops withdrew on 02/28, officials said.", date(2019, 2, 28)),
        ("The base was overrun on 14/11/2018.", date(2018, 11, 14)),
        ("The base was overrun on 14.11.2018.", date(2018, 11, 14)),
    ],
)
def test_numeric_dates_in_prose(sentence: str, expected: date) -> None:
    found = find_date_expressions(sentence, SATURDAY_IN_MARCH)
    assert [(d.start, d.end, d.precision) for _, _, d in found] == [(expected, expected, "day")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels hold 3/4 of the district.",
        "Patrols run 24/7 along the road.",
        "A 4.5 magnitude tremor shook the area.",
        "Section 12/3 of the accord was suspended.",
    ],
)
def test_numbers_with_slashes_or_points_are_not_dates_without_a_cue(sentence: str) -> None:
    assert find_date_expressions(sentence, SATURDAY_IN_MARCH) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "over the previous day",
        "within the preceding 24 hours",
        "during the past 24 hours",
        "in the last day",
    ],
)
def test_the_previous_day_family(phrase: str) -> None:
    found = find_date_expressions(f"Artillery killed 40 fighters {phrase}.", THURSDAY)
    assert [(d.start, d.end) for _, _, d in found] == [(date(2024, 7, 31), THURSDAY)]


def test_abbreviated_month_glued_to_its_day() -> None:
    found = find_date_expressions("during the night of Feb.11-12 near the river", THURSDAY)
    assert [(d.start, d.end) for _, _, d in found] == [(date(2024, 2, 11), date(2024, 2, 12))]


def test_reported_window_never_claims_a_day() -> None:
    window = reported_window(THURSDAY)
    assert (window.start, window.end, window.precision) == (date(2024, 7, 29), THURSDAY, "reported")


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # Only a statement date: the event happened by then, shortly before.
        (
            "Kivu Defence Forces said on Tuesday that their fighters had killed 14 militiamen "
            "in an ambush near Beni.",
            date(2024, 7, 27),
            date(2024, 7, 30),
            "reported",
        ),
        # No date at all: the days up to publication, marked as such.
        (
            "Gunmen killed nine villagers near Beni, local officials said.",
            date(2024, 7, 29),
            THURSDAY,
            "reported",
        ),
        # A date for the fighting itself still wins over the statement date.
        (
            "Kivu Defence Forces said on Tuesday that their fighters had killed 14 militiamen "
            "in an ambush near Beni on Sunday.",
            date(2024, 7, 28),
            date(2024, 7, 28),
            "day",
        ),
    ],
)
def test_event_date_falls_back_to_when_it_was_reported(
    text: str, start: date, end: date, precision: str
) -> None:
    events = extract_article(text, title=None, published=THURSDAY).events
    assert len(events) == 1 and events[0].when is not None
    when = events[0].when
    assert (when.start, when.end, when.precision) == (start, end, precision)
