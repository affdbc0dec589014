"""What a digest shows: events new or changed since the subscription's previous digest.

An event is shown again only when it changed since the version this subscription last saw
(a new claim, a new source, or a later `updated_at`): it is then marked as an update that says
what changed. Order is by significance: claimed killed, then independent sources, then recency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, col, select

from bot.digest.filters import DigestFilters, event_conditions
from bot.digest.schedule import Period
from bot.store.views import load_event_views
from bot.views import ClaimView, EventView
from models import DigestShownEvent, Event, Subscription

ViewLoader = Callable[[Session, Sequence[int]], list[EventView]]

MAX_ITEMS = 100  # events shown per digest; the rest are counted ("and 12 more")
MAX_CANDIDATES = 1000  # most recently updated candidates considered per digest


class ViewCache:
    """Event views loaded once per tick: subscriptions with overlapping filters share events,
    so a thousand digests over one day's events load each event once, not once per digest."""

    def __init__(self, load: ViewLoader = load_event_views) -> None:
        self._load = load
        self._views: dict[int, EventView] = {}

    def __call__(self, session: Session, event_ids: Sequence[int]) -> list[EventView]:
        missing = [i for i in event_ids if i not in self._views]
        if missing:
            for view in self._load(session, missing):
                self._views[view.id] = view
        return [self._views[i] for i in event_ids if i in self._views]


@dataclass
class DigestItem:
    event: EventView
    is_update: bool
    changes: list[str] = field(default_factory=list)  # for updates: what changed, for people
    new_claim_ids: frozenset[int] = frozenset()
    killed: int = 0  # highest claimed killed: the first significance key

    def significance(self) -> tuple[int, int, float, int]:
        updated = self.event.updated_at.timestamp() if self.event.updated_at else 0.0
        return (self.killed, self.event.independent_outlets, updated, self.event.id)


@dataclass
class DigestContent:
    subscription_id: int
    filters: DigestFilters
    schedule: str  # "daily 08:00 Europe/Paris"
    tz: str
    period: Period  # the scheduled period (or [window start, now) for a manual digest)
    window_start: datetime  # events changed in [window_start, window_end) are considered
    window_end: datetime
    late: bool = False
    sent_at: datetime | None = None
    items: list[DigestItem] = field(default_factory=list)
    omitted: int = 0  # matching new/changed events left out beyond MAX_ITEMS

    @property
    def new_count(self) -> int:
        return sum(1 for item in self.items if not item.is_update)

    @property
    def update_count(self) -> int:
        return sum(1 for item in self.items if item.is_update)

    def country_counts(self) -> list[tuple[str, int]]:
        counts = Counter(item.event.country or "Unknown location" for item in self.items)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def shown_versions(self) -> list[dict[str, Any]]:
        """The version of each shown event, recorded when the digest is marked posted."""
        return [
            {
                "event_id": item.event.id,
                "claim_ids": sorted(c.id for c in item.event.claims),
                "document_ids": sorted(s.document_id for s in item.event.sources),
                "updated_at": (item.event.updated_at or self.window_end).isoformat(),
            }
            for item in self.items
        ]


def build_digest(
    session: Session,
    *,
    subscription: Subscription,
    schedule: str,
    period: Period,
    window_start: datetime,
    window_end: datetime,
    late: bool = False,
    sent_at: datetime | None = None,
    load_views: ViewLoader = load_event_views,
) -> DigestContent:
    """Select, compare with what this subscription already saw, and order the digest's events."""
    assert subscription.id is not None
    filters = DigestFilters.from_json(subscription.filters)
    shown = DigestShownEvent
    rows = session.exec(
        select(col(Event.id), col(Event.updated_at), shown)
        .outerjoin(
            shown,
            and_(
                col(shown.event_id) == col(Event.id),
                col(shown.subscription_id) == subscription.id,
            ),
        )
        .where(
            col(Event.updated_at) >= window_start,
            col(Event.updated_at) < window_end,
            *event_conditions(filters),
        )
        .order_by(col(Event.updated_at).desc())
        .limit(MAX_CANDIDATES)
    ).all()
    previous: dict[int, tuple[set[int], set[int]]] = {}
    candidates: list[int] = []
    for event_id, updated_at, seen in rows:
        assert event_id is not None
        if seen is not None:
            if updated_at <= seen.event_updated_at:
                continue  # unchanged since this subscription saw it: never shown twice
            previous[event_id] = (set(seen.claim_ids), set(seen.document_ids))
        candidates.append(event_id)
    items = [_item(view, previous.get(view.id)) for view in load_views(session, candidates)]
    items.sort(key=DigestItem.significance, reverse=True)
    return DigestContent(
        subscription_id=subscription.id,
        filters=filters,
        schedule=schedule,
        tz=subscription.tz,
        period=period,
        window_start=window_start,
        window_end=window_end,
        late=late,
        sent_at=sent_at,
        items=items[:MAX_ITEMS],
        omitted=max(len(items) - MAX_ITEMS, 0),
    )


def _item(view: EventView, previous: tuple[set[int], set[int]] | None) -> DigestItem:
    killed = sum(r.high for r in view.ranges if r.outcome == "killed")
    if previous is None:
        return DigestItem(event=view, is_update=False, killed=killed)
    old_claims, old_documents = previous
    new_claims = [c for c in view.claims if c.id not in old_claims]
    new_sources = [s for s in view.sources if s.document_id not in old_documents]
    changes = [f"new claim: {describe_claim(c)}" for c in new_claims]
    if new_sources:
        changes.append(f"{len(new_sources)} new source{'s' if len(new_sources) > 1 else ''}")
    if not changes:
        changes.append("details revised")
    return DigestItem(
        event=view,
        is_update=True,
        changes=changes,
        new_claim_ids=frozenset(c.id for c in new_claims),
        killed=killed,
    )


def describe_claim(claim: ClaimView) -> str:
    """`CSP: at least 84 Wagner Group killed` (figures as claimed, with their qualifier)."""
    return f"{claim.claimant}: {claim_figure(claim)}"


def claim_figure(claim: ClaimView) -> str:
    """`at least 84 Wagner Group killed`, `20-30 civilians wounded`, `heavy losses (Wagner Group)`."""
    if claim.low is None and claim.high is None:
        phrase = claim.qualifier or "unspecified"
        return f"{phrase} ({claim.victim} {claim.outcome})"
    if claim.low is not None and claim.high is not None and claim.high != claim.low:
        figure = f"{claim.low}–{claim.high}"
    else:
        figure = str(claim.low if claim.low is not None else claim.high)
    qualifier = f"{claim.qualifier} " if claim.qualifier else ""
    stance = "" if claim.stance == "asserted" else f" ({claim.stance})"
    return f"{qualifier}{figure} {claim.victim} {claim.outcome}{stance}"
