"""Period math: wall-clock fire times in the subscription's zone, DST included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.digest.schedule import (
    Schedule,
    fire_time,
    latest_fire,
    latest_period,
    next_fire,
    parse_time,
)
from bot.errors import UsageError

PARIS_8 = Schedule.of(cadence="daily", time_of_day="08:00", tz="Europe/Paris", weekday=None)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_daily_fires_at_local_time_in_summer_and_winter() -> None:
    assert fire_time(PARIS_8, date(2024, 8, 1)) == utc(2024, 8, 1, 6, 0)  # CEST, UTC+2
    assert fire_time(PARIS_8, date(2024, 12, 1)) == utc(2024, 12, 1, 7, 0)  # CET, UTC+1


def test_latest_fire_is_at_or_before_now() -> None:
    assert latest_fire(PARIS_8, utc(2024, 8, 1, 5, 59)) == utc(2024, 7, 31, 6, 0)
    assert latest_fire(PARIS_8, utc(2024, 8, 1, 6, 0)) == utc(2024, 8, 1, 6, 0)
    assert next_fire(PARIS_8, utc(2024, 8, 1, 6, 0)) == utc(2024, 8, 2, 6, 0)


@pytest.mark.parametrize(
    ("change_day", "before", "after", "hours"),
    [
        # Spring forward (last Sunday of March): the period around it lasts 23 hours.
        (date(2024, 3, 31), utc(2024, 3, 30, 7, 0), utc(2024, 3, 31, 6, 0), 23),
        # Fall back (last Sunday of October): 25 hours.
        (date(2024, 10, 27), utc(2024, 10, 26, 6, 0), utc(2024, 10, 27, 7, 0), 25),
    ],
)
def test_daily_digest_keeps_local_time_across_dst(
    change_day: date, before: datetime, after: datetime, hours: int
) -> None:
    assert fire_time(PARIS_8, change_day - timedelta(days=1)) == before
    assert fire_time(PARIS_8, change_day) == after
    period = latest_period(PARIS_8, after + timedelta(minutes=1))
    assert (period.start, period.end) == (before, after)
    assert period.end - period.start == timedelta(hours=hours)
    for moment in (period.start, period.end):
        assert moment.astimezone(PARIS_8.tz).strftime("%H:%M") == "08:00"


def test_nonexistent_and_ambiguous_wall_times_fire_once() -> None:
    night = Schedule.of(cadence="daily", time_of_day="02:30", tz="Europe/Paris", weekday=None)
    # 02:30 does not exist on 31 March 2024: it fires at 03:30 CEST (01:30 UTC).
    assert fire_time(night, date(2024, 3, 31)) == utc(2024, 3, 31, 1, 30)
    # 02:30 happens twice on 27 October 2024: the first one (CEST, 00:30 UTC).
    assert fire_time(night, date(2024, 10, 27)) == utc(2024, 10, 27, 0, 30)


def test_weekly_fires_on_its_day() -> None:
    monday = Schedule.of(cadence="weekly", time_of_day="09:30", tz="America/New_York", weekday=0)
    # Thursday 1 Aug 2024 -> the previous Monday, 29 July, 09:30 EDT = 13:30 UTC.
    assert latest_fire(monday, utc(2024, 8, 1, 12, 0)) == utc(2024, 7, 29, 13, 30)
    period = latest_period(monday, utc(2024, 8, 5, 13, 30))
    assert period.start == utc(2024, 7, 29, 13, 30) and period.end == utc(2024, 8, 5, 13, 30)
    # Across the November change the week is 7 days 1 hour long, still 09:30 local.
    period = latest_period(monday, utc(2024, 11, 4, 15, 0))
    assert period.end == utc(2024, 11, 4, 14, 30)
    assert period.end - period.start == timedelta(days=7, hours=1)


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [("08:00", 8, 0), ("8:05", 8, 5), ("0730", 7, 30), ("18h15", 18, 15)],
)
def test_parse_time(text: str, hour: int, minute: int) -> None:
    parsed = parse_time(text)
    assert (parsed.hour, parsed.minute) == (hour, minute)


@pytest.mark.parametrize("text", ["25:00", "8", "noon", "08:60"])
def test_parse_time_refuses_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        parse_time(text)
