"""Totals over a period: each event contributes the range of its competing claims, once.

Two claims about one event (CSP: 47 killed; the army: 15 killed) are two versions of one toll,
so that event adds 15-47, never 62. Events are then summed low-to-low and high-to-high.
Victim groups within one event are different people, so their ranges add up; a subset
("including 11 children") is part of another figure and is never added.

The sums are computed in SQL over every matching event; the per-event rows (each with the
claims and sentences behind it) are listed for the most recent MAX_LISTED_ROWS events.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col

from bot.answer.search import apply_filters, text_terms, victim_condition
from bot.store.views import claim_views
from bot.views import QueryFilters, TotalsRow, TotalsView
from models import Claim, Event

DEFAULT_OUTCOME = "killed"
MAX_LISTED_ROWS = 50


def compute_totals(
    session: Session, filters: QueryFilters, *, outcome: str
) -> tuple[TotalsView, int]:
    """(totals, number of events counted) for `outcome` and the filters' victims, place, period."""
    claim_filter = [
        col(Claim.outcome) == outcome,
        col(Claim.stance) == "asserted",
        col(Claim.subset).is_(False),
        sa.or_(col(Claim.low).is_not(None), col(Claim.high).is_not(None)),
    ]
    if filters.victims:
        claim_filter.append(victim_condition(session, filters.victims))
    # A join, not IN (subquery): the planner can then start from the victim's claims.
    statement = (
        sa.select(
            col(Claim.event_id),
            col(Event.date_end),
            col(Claim.victim),
            sa.func.min(sa.func.coalesce(col(Claim.low), col(Claim.high))),
            sa.func.max(sa.func.coalesce(col(Claim.high), col(Claim.low))),
        )
        .select_from(Claim)
        .join(Event, col(Event.id) == col(Claim.event_id))
        .where(*claim_filter)
        .group_by(col(Claim.event_id), col(Event.date_end), col(Claim.victim))
    )
    event_filters = filters.model_copy(update={"victims": [], "outcomes": []})
    statement, _rank = apply_filters(
        session, statement, event_filters, terms=text_terms(filters.text)
    )
    rows = session.execute(statement).all()
    ranges: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    ends: dict[int, date | None] = {}
    for event_id, date_end, _victim, low, high in rows:
        ranges[event_id][0] += int(low)
        ranges[event_id][1] += int(high)
        ends[event_id] = date_end
    victim = ", ".join(filters.victims) if filters.victims else None
    if not ranges:
        return TotalsView(victim=victim, outcome=outcome, low=0, high=0, rows=[]), 0
    newest = sorted(ends, key=lambda i: (ends[i] is not None, ends[i], i), reverse=True)
    listed = _titles(session, newest[:MAX_LISTED_ROWS])
    claims = claim_views(session, list(listed), extra=claim_filter)
    table = [
        TotalsRow(
            event_id=event_id,
            event_title=title,
            date_start=start,
            low=ranges[event_id][0],
            high=ranges[event_id][1],
            claims=claims.get(event_id, []),
        )
        for event_id, (title, start) in listed.items()
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


def _titles(session: Session, event_ids: list[int]) -> dict[int, tuple[str, date | None]]:
    rows = session.execute(
        sa.select(col(Event.id), col(Event.title), col(Event.date_start)).where(
            col(Event.id).in_(event_ids)
        )
    ).all()
    return {r[0]: (r[1], r[2]) for r in rows}
