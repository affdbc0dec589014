"""Filters back into words: for "no match" messages and for suggesting a broader question."""

from __future__ import annotations

import calendar
from datetime import date

from bot.store.countries import country_name
from bot.views import QueryFilters


def describe_period(date_from: date | None, date_to: date | None) -> str | None:
    """ "in July 2024", "on 2024-07-29", "since 2024-07-01", "from 2024-07-01 to 2024-07-10"."""
    if date_from is None and date_to is None:
        return None
    if date_from and date_to:
        if date_from == date_to:
            return f"on {date_from.isoformat()}"
        last_day = calendar.monthrange(date_from.year, date_from.month)[1]
        if date_from.day == 1 and (date_to.year, date_to.month, date_to.day) == (
            date_from.year,
            date_from.month,
            last_day,
        ):
            return f"in {calendar.month_name[date_from.month]} {date_from.year}"
        if (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31) and (
            date_from.year == date_to.year
        ):
            return f"in {date_from.year}"
        return f"from {date_from.isoformat()} to {date_to.isoformat()}"
    if date_from:
        return f"since {date_from.isoformat()}"
    assert date_to is not None
    return f"until {date_to.isoformat()}"


def describe_row_date(
    start: date | None, end: date | None, precision: str, *, unknown: str = "?"
) -> str:
    """A table row's date: the first day, except a `reported` window (the article dated only the
    statement), which never claims a day: "reported by 2024-08-13"."""
    if precision == "reported" and end is not None:
        return f"reported by {end.isoformat()}"
    return start.isoformat() if start is not None else unknown


def describe_filters(filters: QueryFilters, *, empty: str = "anything") -> str:
    """What was searched for, in words ("losses of Wagner Group · in Mali · in July 2024"):
    the "no match" message, and what an answer in Slack says it understood."""
    parts: list[str] = []
    if filters.victims:
        parts.append("losses of " + ", ".join(filters.victims))
    if filters.actors:
        parts.append("involving " + ", ".join(filters.actors))
    if filters.outcomes:
        parts.append(", ".join(filters.outcomes))
    if filters.event_types:
        parts.append(" or ".join(t.replace("_", " ") for t in filters.event_types))
    where = filters.places + [country_name(c) or c for c in filters.countries]
    if where:
        parts.append("in " + ", ".join(where))
    period = describe_period(filters.date_from, filters.date_to)
    if period:
        parts.append(period)
    if filters.text:
        parts.append(f"matching “{filters.text}”")
    return " · ".join(parts) if parts else empty


def render_question(kind: str, filters: QueryFilters) -> str:
    """A question our own parser reads back as `filters` (used for suggestions)."""
    where = filters.places + [country_name(c) or c for c in filters.countries]
    place = f" in {' and '.join(where)}" if where else ""
    period = describe_period(filters.date_from, filters.date_to)
    when = f" {period}" if period else ""
    subject = " and ".join(filters.victims or filters.actors)
    outcome = filters.outcomes[0] if filters.outcomes else None
    text = f" {filters.text}" if filters.text else ""
    if kind == "totals":
        who = subject or "people"
        return f"how many {who} were {outcome or 'killed'}{place}{when}?"
    if kind == "claims":
        what = f"{subject} {outcome or 'losses'}" if filters.victims else subject or "casualties"
        return f"who claims {what}{text}{place}{when}?"
    if filters.victims:
        return f"latest {subject} {outcome or 'losses'}{text}{place}{when}"
    if filters.actors:
        return f"latest on {subject}{text}{place}{when}"
    if filters.places and not filters.outcomes and not text:
        return f"what happened{place}{when}?"
    return f"what's new{text}{place}{when}?".replace("new ?", "new?")
