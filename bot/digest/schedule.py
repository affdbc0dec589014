"""Period math for digests: fire times are wall-clock times in the subscription's zone.

A daily 08:00 Europe/Paris digest fires at 08:00 local on both sides of a DST change, so its
periods last 23 or 25 hours around the change; that is why periods are computed from local
dates and converted to UTC, never by adding 24 hours to a UTC instant. Everything returned is UTC.

DST traps: a wall time that does not exist (02:30 on a spring-forward night) fires at the instant
it would have had with the previous offset (03:30 local); an ambiguous one (02:30 on a
fall-back night) fires at its first occurrence. Either way it fires exactly once that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UsageError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:h.]?([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    cadence: str  # daily | weekly
    time_of_day: time
    tz: ZoneInfo
    weekday: int | None = None  # Monday = 0, weekly only

    @classmethod
    def of(cls, *, cadence: str, time_of_day: str, tz: str, weekday: int | None) -> Schedule:
        return cls(
            cadence=cadence, time_of_day=parse_time(time_of_day), tz=zone(tz), weekday=weekday
        )


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC; `end` is the fire time, `start` the previous one."""

    start: datetime
    end: datetime


def parse_time(text: str) -> time:
    """`08:00`, `8:00`, `0800`, `8h00` -> time(8, 0)."""
    match = _TIME.match(text.strip().lower())
    if not match:
        raise UsageError(f"`{text}` is not a time of day; use HH:MM, e.g. 08:00")
    return time(int(match.group(1)), int(match.group(2)))


def parse_weekday(text: str) -> int | None:
    """`mon`, `Monday`, `thurs` -> weekday index (English names or 3+ letter prefixes)."""
    word = text.strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    return None


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def canonical_zone_name(text: str) -> str | None:
    """The IANA name for `text` in any letter case (`europe/paris` -> `Europe/Paris`), or None."""
    return _zone_names().get(text.strip().lower())


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(f"`{name}` is not an IANA time zone (e.g. Europe/Paris)") from error


def fire_time(schedule: Schedule, day: date) -> datetime:
    """The UTC instant of the schedule's wall time on local `day` (see the DST notes above)."""
    local = datetime.combine(day, schedule.time_of_day, tzinfo=schedule.tz)  # fold=0
    return local.astimezone(UTC)


def latest_fire(schedule: Schedule, now: datetime) -> datetime:
    """The last fire time at or before `now`."""
    day = now.astimezone(schedule.tz).date()
    if schedule.cadence == "weekly":
        weekday = schedule.weekday if schedule.weekday is not None else 0
        day -= timedelta(days=(day.weekday() - weekday) % 7)
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    fire = fire_time(schedule, day)
    while fire > now:
        day -= step
        fire = fire_time(schedule, day)
    return fire


def next_fire(schedule: Schedule, now: datetime) -> datetime:
    """The first fire time strictly after `now`."""
    fire = latest_fire(schedule, now)
    return period_after(schedule, fire).end


def _step(schedule: Schedule) -> timedelta:
    return timedelta(days=7 if schedule.cadence == "weekly" else 1)


def period_ending(schedule: Schedule, fire: datetime) -> Period:
    """The period that the fire at `fire` closes: from the previous fire (local-date arithmetic)."""
    day = fire.astimezone(schedule.tz).date()
    return Period(start=fire_time(schedule, day - _step(schedule)), end=fire)


def period_after(schedule: Schedule, fire: datetime) -> Period:
    day = fire.astimezone(schedule.tz).date()
    return Period(start=fire, end=fire_time(schedule, day + _step(schedule)))


def latest_period(schedule: Schedule, now: datetime) -> Period:
    """The most recent period that has ended at or before `now`."""
    return period_ending(schedule, latest_fire(schedule, now))


def describe_schedule(*, cadence: str, time_of_day: str, tz: str, weekday: int | None) -> str:
    """`daily 08:00 Europe/Paris`, `weekly Monday 08:00 UTC`."""
    if cadence == "weekly" and weekday is not None:
        return f"weekly {WEEKDAYS[weekday].capitalize()} {time_of_day} {tz}"
    return f"daily {time_of_day} {tz}"
