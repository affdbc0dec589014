"""The digest chart: claimed killed per day over the last 30 days, one line per country or actor.

Competing claims about one event are a range, never summed or averaged: per event and victim the
lowest and highest claimed figures are kept, events add up low-to-low and high-to-high, the line
follows the low ("at least") figure and the band up to the high figure is shaded where they differ.
Rendered with matplotlib's object API on the Agg backend (no pyplot state: thread-safe, headless).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.dates import DateFormatter, DayLocator
from matplotlib.figure import Figure
from sqlmodel import Session, col, select

from bot.digest.filters import DigestFilters, event_conditions
from bot.store.countries import country_name
from models import Actor, Claim, Event, EventActor

MAX_LINES = 5


@dataclass
class ChartSeries:
    label: str
    low: list[int]
    high: list[int]

    @property
    def total_high(self) -> int:
        return sum(self.high)


@dataclass
class ChartData:
    days: list[date]
    series: list[ChartSeries] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(s.total_high for s in self.series)


def chart_data(
    session: Session, *, filters: DigestFilters, end: datetime, days: int = 30
) -> ChartData:
    """Daily claimed-killed ranges for the filter's events, per actor named in it, else per country."""
    last = end.date()
    first = last - timedelta(days=days - 1)
    axis = [first + timedelta(days=i) for i in range(days)]
    rows = session.exec(
        select(col(Event.id), col(Event.date_start), col(Event.country_code), Claim)
        .join(Claim, col(Claim.event_id) == col(Event.id))
        .where(
            col(Event.date_start) >= first,
            col(Event.date_start) <= last,
            col(Claim.outcome) == "killed",
            col(Claim.stance) == "asserted",
            *event_conditions(filters),
        )
    ).all()
    # (event, victim) -> [low, high] over the competing claims
    ranges: dict[tuple[int, str], list[int]] = {}
    event_info: dict[int, tuple[date, str | None]] = {}
    for event_id, day, country, claim in rows:
        victim, low, high = claim.victim, claim.low, claim.high
        if low is None and high is None:
            continue
        lo = low if low is not None else high
        hi = high if high is not None else low
        assert lo is not None and hi is not None and event_id is not None and day is not None
        key = (event_id, victim)
        if key in ranges:
            ranges[key][0] = min(ranges[key][0], lo)
            ranges[key][1] = max(ranges[key][1], hi)
        else:
            ranges[key] = [lo, hi]
        event_info[event_id] = (day, country)
    groups = _groups(session, filters, event_info)
    index = {day: i for i, day in enumerate(axis)}
    lows: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    highs: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    for (event_id, _victim), (lo, hi) in ranges.items():
        day, _country = event_info[event_id]
        for label in groups.get(event_id, ()):
            lows[label][index[day]] += lo
            highs[label][index[day]] += hi
    series = [ChartSeries(label=label, low=lows[label], high=highs[label]) for label in highs]
    series.sort(key=lambda s: (-s.total_high, s.label))
    return ChartData(days=axis, series=_top(series))


def _groups(
    session: Session, filters: DigestFilters, events: dict[int, tuple[date, str | None]]
) -> dict[int, list[str]]:
    """Which line(s) each event belongs to: the filter's actors involved, else its country."""
    if not filters.actors:
        return {
            event_id: [country_name(country) or country or "Unknown location"]
            for event_id, (_day, country) in events.items()
        }
    groups: dict[int, list[str]] = defaultdict(list)
    ids = list(events)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        linked = session.exec(
            select(EventActor.event_id, Actor.name)
            .join(Actor, col(Actor.id) == col(EventActor.actor_id))
            .where(col(EventActor.event_id).in_(chunk), col(Actor.name).in_(filters.actors))
        ).all()
        claimed = session.exec(
            select(Claim.event_id, Claim.victim, Claim.claimant).where(
                col(Claim.event_id).in_(chunk)
            )
        ).all()
        for event_id, name in linked:
            if name not in groups[event_id]:
                groups[event_id].append(name)
        for event_id, victim, claimant in claimed:
            for name in (victim, claimant):
                if name in filters.actors and name not in groups[event_id]:
                    groups[event_id].append(name)
    return groups


def _top(series: list[ChartSeries]) -> list[ChartSeries]:
    if len(series) <= MAX_LINES:
        return series
    kept, rest = series[: MAX_LINES - 1], series[MAX_LINES - 1 :]
    width = len(rest[0].low)
    other = ChartSeries(
        label=f"{len(rest)} others",
        low=[sum(s.low[i] for s in rest) for i in range(width)],
        high=[sum(s.high[i] for s in rest) for i in range(width)],
    )
    return [*kept, other]


def render_chart(data: ChartData, *, title: str) -> bytes:
    """PNG bytes of the chart (about 20-40 KB)."""
    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.subplots()
    shaded = False
    days: Any = data.days  # matplotlib plots dates; its stubs only name numbers
    for series in data.series:
        (line,) = axes.plot(days, series.low, marker="o", markersize=3, label=series.label)
        if any(h > lo for lo, h in zip(series.low, series.high, strict=True)):
            axes.fill_between(
                days, series.low, series.high, color=line.get_color(), alpha=0.2, linewidth=0
            )
            shaded = True
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("claimed killed per day")
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_locator(DayLocator(interval=5))
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
    axes.grid(alpha=0.3)
    if data.series:
        axes.legend(fontsize=8, loc="upper left")
    note = "line: lowest claimed figure"
    if shaded:
        note += "; shaded: range where claims compete"
    figure.text(0.99, 0.01, note, ha="right", va="bottom", fontsize=7, color="gray")
    figure.tight_layout()
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
