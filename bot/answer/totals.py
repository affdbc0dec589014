"""Totals over a period: each event contributes the range of its competing claims, once.

Two claims about one event (CSP: 47 killed; the army: 15 killed) are two versions of one toll,
so that event adds 15-47, never 62. Events are then summed low-to-low and high-to-high.
Victim groups within one event are different people, so their ranges add up; a subset
("including 11 children") is part of another figure and is never added.

The ranges per event and victim group are computed in SQL over every matching event and summed
here; the per-event rows (each with the claims and sentences behind it) are listed for the most
recent MAX_LISTED_ROWS events.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col

from bot.answer.search import (
    IN_LIST_MAX,
    SET_MAX,
    Probe,
    event_conditions,
    filter_probes,
    read_set,
    text_match,
    text_terms,
    verified_ids,
    victim_condition,
)
from bot.store.views import claim_views
from bot.views import QueryFilters, TotalsRow, TotalsView
from models import Claim, Event

DEFAULT_OUTCOME = "killed"
MAX_LISTED_ROWS = 50


def compute_totals(
    session: Session, filters: QueryFilters, *, outcome: str
) -> tuple[TotalsView, int]:
    """(totals, number of events counted) for `outcome` and the filters' victims, place, period."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    victim = ", ".join(filters.victims) if filters.victims else None
    event_filters = filters.model_copy(update={"victims": [], "outcomes": []})
    event_where, probes = _event_filter(session, event_filters)
    if event_where is None:
        return TotalsView(victim=victim, outcome=outcome, low=0, high=0, rows=[]), 0
    if not sqlite:  # PostgreSQL has statistics: one join, planned by the database
        event_where, probes = event_where + [p.condition for p in probes], []
    claim_rows, ends = _counted_claims(session, filters, event_where, outcome=outcome)
    allowed = _passing(session, {row[0] for row in claim_rows}, probes)
    ranges: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for event_id, _victim, low, high in claim_rows:
        if event_id not in allowed:
            continue
        ranges[event_id][0] += int(low)
        ranges[event_id][1] += int(high)
    ends = {event_id: ends[event_id] for event_id in ranges}
    if not ranges:
        return TotalsView(victim=victim, outcome=outcome, low=0, high=0, rows=[]), 0
    newest = sorted(ends, key=lambda i: (ends[i] is not None, ends[i], i), reverse=True)
    listed = _titles(session, newest[:MAX_LISTED_ROWS])
    by_event = _claim_filter(session, filters, outcome=outcome, sqlite=sqlite, by_event=True)
    claims = claim_views(session, list(listed), extra=by_event)
    table = [
        TotalsRow(
            event_id=event_id,
            event_title=title,
            date_start=start,
            date_end=end,
            date_precision=precision,
            low=ranges[event_id][0],
            high=ranges[event_id][1],
            claims=claims.get(event_id, []),
        )
        for event_id, (title, start, end, precision) in listed.items()
    ]
    table.sort(key=lambda r: (r.date_start is None, r.date_start, r.event_id))
    totals = TotalsView(
        victim=victim,
        outcome=outcome,
        low=sum(low for low, _high in ranges.values()),
        high=sum(high for _low, high in ranges.values()),
        rows=table,
    )
    return totals, len(ranges)


def _titles(
    session: Session, event_ids: list[int]
) -> dict[int, tuple[str, date | None, date | None, str]]:
    """(title, date_start, date_end, date_precision) per event: what a totals row shows."""
    rows = session.execute(
        sa.select(
            col(Event.id),
            col(Event.title),
            col(Event.date_start),
            col(Event.date_end),
            col(Event.date_precision),
        ).where(col(Event.id).in_(event_ids))
    ).all()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _counted_claims(
    session: Session, filters: QueryFilters, event_where: list[Any], *, outcome: str
) -> tuple[list[Any], dict[int, date | None]]:
    """(event_id, victim, low, high) per event and victim group of the claims that count, and
    the date_end of their events.

    On SQLite, two single-table reads joined here, never a join left to the planner: without
    statistics it has joined Wagner's claims to every event in Niger (seconds). The smaller side
    leads: the victim's claims (by victim index) when fewer than the events matching the
    period, place and text (by event indexes); else those events, whose claims are read by
    event id. The victim's claims are only counted, up to the number of events.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    # Per event and victim group: the range of the competing claims (one toll, several versions).
    grouped = sa.select(
        col(Claim.event_id),
        col(Claim.victim),
        sa.func.min(sa.func.coalesce(col(Claim.low), col(Claim.high))),
        sa.func.max(sa.func.coalesce(col(Claim.high), col(Claim.low))),
    ).group_by(col(Claim.event_id), col(Claim.victim))
    claim_filter = _claim_filter(session, filters, outcome=outcome, sqlite=sqlite)
    if not sqlite:
        # Only a period's bounds mislead its planner: a victim's claims it estimates well and
        # reads first, through their index, so those questions keep the join.
        period = filters.date_from is not None or filters.date_to is not None
        events_first = period and not filters.victims
        return _counted_claims_postgresql(
            session, grouped, claim_filter, event_where, events_first=events_first
        )
    events = sa.select(col(Event.id), col(Event.date_end)).where(*event_where)
    first = _dates(session, events.limit(SET_MAX + 1)) if event_where else None
    if filters.victims and (
        first is None or _bounded_count(session, claim_filter, limit=len(first)) < len(first)
    ):
        rows = list(session.execute(grouped.where(*claim_filter)).all())
        ends: dict[int, date | None] = {}
        for chunk in _chunks(sorted({row[0] for row in rows})):
            ends.update(_dates(session, events.where(col(Event.id).in_(chunk))))
        return [row for row in rows if row[0] in ends], ends
    ends = first if first is not None and len(first) <= SET_MAX else _dates(session, events)
    by_event = _claim_filter(session, filters, outcome=outcome, sqlite=sqlite, by_event=True)
    # Every claim column but event_id is hidden from the planner: the claims are read by event.
    matching = sa.select(col(Event.id)).where(*event_where)
    statement = grouped.where(col(Claim.event_id).in_(matching), *by_event)
    return list(session.execute(statement).all()), ends


def _counted_claims_postgresql(
    session: Session,
    grouped: Any,
    claim_filter: list[Any],
    event_where: list[Any],
    *,
    events_first: bool,
) -> tuple[list[Any], dict[int, date | None]]:
    """`_counted_claims` on PostgreSQL: one join, or with `events_first` the events first.

    Its planner takes a period's two bounds (date_end >= from, date_start <= to) as independent,
    expects five times the events a month holds, and joined them to every "killed" claim it
    had read in full (~65 ms at 100k). Read first (up to SET_MAX), the events go to the claims
    as one array, which it sizes rightly and reads through the event_id index (~11 ms)."""
    if events_first:
        ends = _event_ends(session, event_where, limit=SET_MAX + 1)
        if len(ends) <= SET_MAX:
            ids = sa.bindparam("event_ids", list(ends), type_=postgresql.ARRAY(sa.Integer))
            statement = grouped.where(col(Claim.event_id) == sa.any_(ids), *claim_filter)
            return (list(session.execute(statement).all()) if ends else []), ends
    joined = (
        grouped.add_columns(col(Event.date_end))
        .join(Event, col(Event.id) == col(Claim.event_id))
        .where(*claim_filter, *event_where)
        .group_by(col(Event.date_end))
    )
    rows = list(session.execute(joined).all())
    return [row[:4] for row in rows], {row[0]: row[4] for row in rows}


def _event_ends(session: Session, where: list[Any], *, limit: int) -> dict[int, date | None]:
    """PostgreSQL: date_end of the first `limit` events meeting `where`, sent as two arrays
    (thousands of rows cost more to fetch than to find; both sorted by id, so they align)."""
    found = sa.select(col(Event.id), col(Event.date_end)).where(*where).limit(limit).subquery()
    statement = sa.select(
        sa.func.array_agg(postgresql.aggregate_order_by(found.c.id, found.c.id)),
        sa.func.array_agg(postgresql.aggregate_order_by(found.c.date_end, found.c.id)),
    )
    ids, ends = session.execute(statement).one()
    return dict(zip(ids or [], ends or [], strict=True))


def _dates(session: Session, statement: Any) -> dict[int, date | None]:
    return {int(event_id): date_end for event_id, date_end in session.execute(statement)}


def _bounded_count(session: Session, where: list[Any], *, limit: int) -> int:
    """How many rows meet `where` (the table it names), counting stops at `limit`."""
    inner = sa.select(sa.literal(1)).where(*where).limit(limit).subquery()
    return int(session.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + IN_LIST_MAX] for i in range(0, len(ids), IN_LIST_MAX)]


def _claim_filter(
    session: Session, filters: QueryFilters, *, outcome: str, sqlite: bool, by_event: bool = False
) -> list[Any]:
    """The claims that count. On SQLite the outcome and stance are hidden from index choice:
    without statistics it would otherwise read every "killed" claim to find a period's.
    `by_event` hides the victim too, for reading a few events' claims by event id."""

    def column(attribute: Any) -> Any:
        column: Any = col(attribute)
        return sa.literal_column(f"+claim.{column.key}", type_=column.type) if sqlite else column

    claim_filter = [
        column(Claim.outcome) == outcome,
        column(Claim.stance) == "asserted",
        col(Claim.subset).is_(False),
        sa.or_(col(Claim.low).is_not(None), col(Claim.high).is_not(None)),
    ]
    if filters.victims:
        # Only claims about these very victims: a combined group's figure ("FAMa and Wagner
        # Group") is not a figure for either of them, and adding it would count people twice.
        condition = victim_condition(
            session, filters.victims, combined=False, sqlite=sqlite and by_event
        )
        claim_filter.append(condition)
    return claim_filter


def _event_filter(session: Session, filters: QueryFilters) -> tuple[list[Any] | None, list[Probe]]:
    """SQL conditions on the event row (None: nothing can match), and the probes (actors, a
    common text word) left to test on the events found: never on each of thousands of claims."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    where = event_conditions(filters.model_copy(update={"date_from": None, "date_to": None}))
    where += _period(session, filters)
    probes = filter_probes(session, filters)
    if probes is None:
        return None, []
    terms = text_terms(filters.text)
    if terms:
        text = text_match(session, terms, "and")
        if text.ids is None and sqlite:
            probes.append(text.probe)
        elif text.ids is None:  # PostgreSQL: no LIMIT here, its planner picks bitmap or filter
            where.append(text.condition)
        elif not text.ids:
            return None, []
        else:
            where.append(col(Event.id).in_(text.ids))
    return where, probes


def _period(session: Session, filters: QueryFilters) -> list[Any]:
    """Events overlapping the period: date_end >= from, date_start <= to. Only one of the two
    can be an index range, and SQLite without statistics may well pick the one that reads
    years of events ("date_start <= 31 July 2024"); counting both ranges (up to SET_MAX, in
    the indexes) shows which is narrow, and the other column is hidden from the planner."""
    start, end = filters.date_from, filters.date_to
    if start is None or end is None or session.get_bind().dialect.name != "sqlite":
        return event_conditions(QueryFilters(date_from=start, date_to=end))

    ending = _bounded_count(session, [col(Event.date_end) >= start], limit=SET_MAX)
    by_end = ending <= _bounded_count(session, [col(Event.date_start) <= end], limit=SET_MAX)
    hidden: Any = sa.literal_column(
        "+event.date_start" if by_end else "+event.date_end", type_=sa.Date()
    )
    if by_end:
        return [col(Event.date_end) >= start, hidden <= end]
    return [hidden >= start, col(Event.date_start) <= end]


def _passing(session: Session, event_ids: set[int], probes: list[Probe]) -> set[int]:
    """The events that pass every probe: tested one by one when few, else intersected with the
    probe's events read from its own index (whatever their number: still cheaper)."""
    for probe in probes:
        if len(event_ids) <= SET_MAX // 10:
            event_ids = set(verified_ids(session, sorted(event_ids), [probe]))
        else:
            event_ids &= read_set(session, probe, cap=None) or set()
    return event_ids
