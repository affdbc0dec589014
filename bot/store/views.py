"""Read side: events as EventViews with their claims, sources, actors and competing-figure ranges.

A handful of batched queries per call, whatever the number of events (no N+1): the answer path
loads 5-10 events per question and must stay within a few milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.errors import NotFoundError
from bot.store.countries import country_name
from bot.views import ActorRole, ClaimView, EventView, FigureRange, SourceView
from models import OUTCOMES, Actor, Claim, Document, Event, EventActor, EventDocument, Publisher

_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
_ROLE_ORDER = {"side_a": 0, "side_b": 1, "involved": 2}


def get_event_view(session: Session, event_id: int) -> EventView:
    views = load_event_views(session, [event_id])
    if not views:
        raise NotFoundError(f"no event with id {event_id}")
    return views[0]


def load_event_views(session: Session, event_ids: Sequence[int]) -> list[EventView]:
    """Views for the given events, in the order of `event_ids` (unknown ids are left out)."""
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return []
    events = {e.id: e for e in session.exec(select(Event).where(col(Event.id).in_(ids)))}
    claims = claim_views(session, ids)
    sources = _sources(session, ids)
    actors = _actors(session, ids)
    views: list[EventView] = []
    for event_id in ids:
        event = events.get(event_id)
        if event is None:
            continue
        event_sources = sources.get(event_id, [])
        event_claims = claims.get(event_id, [])
        views.append(
            EventView(
                id=event_id,
                title=event.title,
                summary=event.summary,
                event_type=event.event_type,
                place=event.place,
                admin1=event.admin1,
                country=country_name(event.country_code),
                country_code=event.country_code,
                lat=event.lat,
                lon=event.lon,
                date_start=event.date_start,
                date_end=event.date_end,
                date_precision=event.date_precision,
                actors=actors.get(event_id, []),
                claims=event_claims,
                sources=event_sources,
                ranges=figure_ranges(event_claims),
                first_seen=event.first_seen,
                updated_at=event.updated_at,
                outlets=len(event_sources),
                independent_outlets=len({s.story_id or s.document_id for s in event_sources}),
            )
        )
    return views


def figure_ranges(claims: Sequence[ClaimView]) -> list[FigureRange]:
    """Low-high of the competing figures per (victim, outcome): a range of claims, never a mean.

    Denied and retracted figures are shown as claims but kept out of the range.
    """
    groups: dict[tuple[str, str], list[ClaimView]] = defaultdict(list)
    for claim in claims:
        if claim.stance == "asserted" and (claim.low is not None or claim.high is not None):
            groups[(claim.victim, claim.outcome)].append(claim)
    ranges = []
    for (victim, outcome), members in groups.items():
        lows = [c.low if c.low is not None else c.high for c in members]
        highs = [c.high if c.high is not None else c.low for c in members]
        ranges.append(
            FigureRange(
                victim=victim,
                outcome=outcome,
                low=min(v for v in lows if v is not None),
                high=max(v for v in highs if v is not None),
                claimants=list(dict.fromkeys(c.claimant for c in members)),
                claim_count=len(members),
            )
        )
    order = {outcome: i for i, outcome in enumerate(OUTCOMES)}
    ranges.sort(key=lambda r: (order.get(r.outcome, len(order)), -r.high, r.victim))
    return ranges


def claim_views(
    session: Session, ids: Sequence[int], *, extra: Sequence[Any] = ()
) -> dict[int, list[ClaimView]]:
    """Claims of the given events (narrowed by `extra` conditions), first-published first."""
    if not ids:
        return {}
    rows = session.execute(
        sa.select(
            Claim,
            col(Document.url),
            col(Document.title),
            col(Document.published_at),
            col(Publisher.name),
        )
        .join(Document, col(Document.id) == col(Claim.document_id))
        .outerjoin(Publisher, col(Publisher.id) == col(Document.publisher_id))
        .where(col(Claim.event_id).in_(list(ids)), *extra)
    ).all()
    rows = sorted(
        rows, key=lambda r: (r[3] or _FAR_FUTURE, r[0].document_id, r[0].sentence_start, r[0].id)
    )
    result: dict[int, list[ClaimView]] = defaultdict(list)
    for claim, url, title, _published, publisher in rows:
        assert claim.id is not None
        result[claim.event_id].append(
            ClaimView(
                id=claim.id,
                claimant=claim.claimant,
                victim=claim.victim,
                perpetrator=claim.perpetrator,
                outcome=claim.outcome,
                low=claim.low,
                high=claim.high,
                qualifier=claim.qualifier,
                claim_kind=claim.claim_kind,
                stance=claim.stance,
                claimed_on=claim.claimed_on,
                subset=claim.subset,
                sentence=claim.sentence,
                document_id=claim.document_id,
                source_url=url,
                source_title=title,
                source_publisher=publisher,
            )
        )
    return result


def _sources(session: Session, ids: list[int]) -> dict[int, list[SourceView]]:
    rows = session.execute(
        sa.select(
            col(EventDocument.event_id),
            col(Document.id),
            col(Document.title),
            col(Publisher.name),
            col(Document.url),
            col(Document.published_at),
            col(Document.story_id),
        )
        .join(Document, col(Document.id) == col(EventDocument.document_id))
        .outerjoin(Publisher, col(Publisher.id) == col(Document.publisher_id))
        .where(col(EventDocument.event_id).in_(ids))
    ).all()
    rows = sorted(rows, key=lambda r: (r[5] or _FAR_FUTURE, r[1]))
    result: dict[int, list[SourceView]] = defaultdict(list)
    for event_id, document_id, title, publisher, url, published_at, story_id in rows:
        result[event_id].append(
            SourceView(
                document_id=document_id,
                title=title,
                publisher=publisher,
                url=url,
                published_at=published_at,
                story_id=story_id,
            )
        )
    return result


def _actors(session: Session, ids: list[int]) -> dict[int, list[ActorRole]]:
    rows = session.exec(
        select(EventActor.event_id, Actor.name, EventActor.role, Actor.kind)
        .join(Actor, col(Actor.id) == col(EventActor.actor_id))
        .where(col(EventActor.event_id).in_(ids))
    ).all()
    rows = sorted(rows, key=lambda r: (r[0], _ROLE_ORDER.get(r[2], 3), r[1]))
    result: dict[int, list[ActorRole]] = defaultdict(list)
    for event_id, name, role, kind in rows:
        result[event_id].append(ActorRole(name=name, role=role, kind=kind))
    return result
