"""Turning an article's extraction into stored events: join the incident if we know it, else create it.

An incident is "the same" when the country agrees, the date windows overlap (with a few days of
slack, since reports date the same fighting differently), the places are the same or close, and
the actor sets overlap where both are known. At least one positive sign (place or actors) is
needed: two unrelated clashes in one country and week must not merge on the calendar alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.extract.types import ActorInfo, ArticleExtraction, ExtractedClaim, ExtractedEvent
from bot.store.actors import (
    AliasSource,
    StoredActor,
    default_catalog,
    generic_alias_words,
    stored_actors,
)
from bot.store.countries import country_name
from bot.store.upsert import insert_or_ignore, insert_returning_id, insert_rows, table_of
from models import Actor, Claim, Document, Event, EventActor, EventDocument

MERGE_RADIUS_KM = 50.0
# Reports date the same fighting differently ("late July", "Thursday"): windows may miss each
# other by this much. Two day-precise reports a few days apart are two incidents, though (a
# siege shells a town daily), so between narrow windows the slack is a single day.
DATE_SLACK = timedelta(days=3)
NARROW_DATE_SLACK = timedelta(days=1)
NARROW_WINDOW = timedelta(days=2)
# The longest window an event can have (a year-precision date): bounds index range scans.
MAX_EVENT_SPAN = timedelta(days=366)
# With no date in the text, an article is taken to describe the days just before it appeared.
UNDATED_LOOKBACK = timedelta(days=3)


@dataclass
class StoredEvent:
    event_id: int
    created: bool
    claims_added: int


@dataclass(frozen=True)
class _Candidate:
    """The columns of a stored event that matching looks at (never its long search text)."""

    id: int
    place: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    date_start: date | None
    date_end: date | None
    first_seen: datetime | None  # read for undated events only


@dataclass
class _Incoming:
    """One extracted event with everything storage derives from it."""

    extracted: ExtractedEvent
    place: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    start: date
    end: date
    actors: dict[int, tuple[StoredActor, str]] = field(default_factory=dict)  # id -> (actor, role)
    # Every actor the claims name (claimants and perpetrators included): name -> id.
    actor_ids: dict[str, int] = field(default_factory=dict)


def store_extraction(
    session: Session,
    *,
    document: Document,
    extraction: ArticleExtraction,
    reference: date,
    now: datetime,
    catalog: AliasSource | None = None,
) -> list[StoredEvent]:
    """Store every extracted event of `document` (already inserted), joining known incidents.

    New rows go in with plain INSERTs (no ORM objects): this runs once per ingested article
    and is most of storage's cost.
    """
    assert document.id is not None
    skip_words = generic_alias_words(catalog if catalog is not None else default_catalog())
    seen_claims: set[tuple[int, str, str, str]] = set()
    results: list[StoredEvent] = []
    for extracted in extraction.events:
        incoming = _prepare(session, extracted, reference=reference, catalog=catalog)
        claims = _claim_rows(
            extracted.claims,
            document_id=document.id,
            actor_ids=incoming.actor_ids,
            seen=seen_claims,
            now=now,
        )
        match = _find_matching_event(session, incoming)
        if match is None:
            event_id = _insert_event(
                session,
                incoming,
                sentences=[c["sentence"] for c in claims],
                now=now,
                skip_words=skip_words,
            )
            insert_rows(
                session,
                EventDocument,
                [{"event_id": event_id, "document_id": document.id, "added_at": now}],
            )
            insert_rows(
                session,
                EventActor,
                [
                    {"event_id": event_id, "actor_id": actor_id, "role": role}
                    for actor_id, (_actor, role) in incoming.actors.items()
                ],
            )
        else:
            event_id = match
            linked = _link(session, event_id=event_id, document_id=document.id, now=now)
            _merge_actors(session, event_id=event_id, actors=incoming.actors)
        insert_rows(session, Claim, [c | {"event_id": event_id} for c in claims])
        if match is not None:
            _refresh_joined(
                session,
                event_id,
                incoming,
                now=now,
                changed=bool(claims) or linked,
                skip_words=skip_words,
            )
        results.append(
            StoredEvent(event_id=event_id, created=match is None, claims_added=len(claims))
        )
    return results


def build_search_text(
    *,
    title: str,
    summary: str,
    place: str | None,
    admin1: str | None,
    country: str | None,
    actors: Iterable[StoredActor],
    sentences: Iterable[str],
    skip_words: frozenset[str] = frozenset(),
) -> str:
    """What full-text search indexes: aliases included, so "Wagner" finds "Wagner Group".

    Alias words already present are not repeated ("Wagner mercenaries", "Russian mercenaries"
    add "mercenaries Russian" once), and `skip_words` (words many actors share, see
    generic_alias_words) are left out: the text stays short and specific, which keeps the
    index small and bm25 ranking meaningful.
    """
    parts: list[str] = [title, summary]
    parts += [p for p in (place, admin1, country) if p]
    seen = {word.casefold() for part in parts for word in part.split()} | skip_words
    for actor in actors:
        parts.append(actor.name)
        seen.update(word.casefold() for word in actor.name.split())
        new_words: list[str] = []
        for alias in actor.aliases:
            for word in alias.split():
                if word.casefold() not in seen:
                    seen.add(word.casefold())
                    new_words.append(word)
        if new_words:
            parts.append(" ".join(new_words))
    parts.extend(sentences)
    return "\n".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def rebuild_search_text(
    session: Session, event: Event, *, skip_words: frozenset[str] = frozenset()
) -> str:
    """The search text of a stored event from its current actors and claims."""
    actor_rows = session.exec(
        select(Actor.id, Actor.name, Actor.kind, Actor.aliases)
        .join(EventActor, col(EventActor.actor_id) == col(Actor.id))
        .where(EventActor.event_id == event.id)
        .order_by(col(Actor.name))
    ).all()
    sentences = session.exec(
        select(Claim.sentence)
        .where(Claim.event_id == event.id)
        .order_by(col(Claim.document_id), col(Claim.sentence_start))
    ).all()
    return build_search_text(
        title=event.title,
        summary=event.summary,
        place=event.place,
        admin1=event.admin1,
        country=country_name(event.country_code),
        actors=[
            StoredActor(id=i or 0, name=n, kind=k, aliases=tuple(a or ()))
            for i, n, k, a in actor_rows
        ],
        sentences=sentences,
        skip_words=skip_words,
    )


def _prepare(
    session: Session, extracted: ExtractedEvent, *, reference: date, catalog: AliasSource | None
) -> _Incoming:
    infos: list[tuple[ActorInfo, str]] = list(extracted.actors)
    # Victims suffered the outcome, so they took part even when the text names no sides; so did
    # claimants speaking for a side (a third party such as the UN did not).
    for claim in extracted.claims:
        if claim.victim_actor is not None:
            infos.append((claim.victim_actor, "involved"))
        infos += [(victim, "involved") for victim in claim.victim_actors]
        if claim.claimant_actor is not None and claim.claim_kind != "third_party_report":
            infos.append((claim.claimant_actor, "involved"))
    # Perpetrators and third-party claimants need ids too, though they are not event actors.
    extra = [c.perpetrator_actor for c in extracted.claims if c.perpetrator_actor is not None]
    extra += [c.claimant_actor for c in extracted.claims if c.claimant_actor is not None]
    rows = stored_actors(session, [info for info, _role in infos] + extra, catalog=catalog)
    actors: dict[int, tuple[StoredActor, str]] = {}
    for info, role in infos:
        stored = rows[info.name]
        if stored.id not in actors or actors[stored.id][1] == "involved":
            actors[stored.id] = (stored, role)
    ids = {name: actor.id for name, actor in rows.items()}
    place = extracted.place
    place_name = admin1 = None
    lat = lon = None
    # Event.place is a locality; a region-level report has only admin1.
    if place is not None and place.kind == "region":
        admin1 = place.admin1 or place.name
    elif place is not None and place.kind != "country":
        place_name, admin1 = place.name, place.admin1
        lat, lon = place.lat, place.lon
    if extracted.when is not None:
        start, end = extracted.when.start, extracted.when.end
    else:
        start, end = reference - UNDATED_LOOKBACK, reference
    return _Incoming(extracted, place_name, admin1, lat, lon, start, end, actors, ids)


def _insert_event(
    session: Session,
    incoming: _Incoming,
    *,
    sentences: list[str],
    now: datetime,
    skip_words: frozenset[str],
) -> int:
    extracted = incoming.extracted
    when = extracted.when
    title = extracted.title[:500]
    row = {
        "event_type": extracted.event_type,
        "title": title,
        "summary": extracted.summary,
        "place": incoming.place,
        "admin1": incoming.admin1,
        "country_code": extracted.country_code,
        "lat": incoming.lat,
        "lon": incoming.lon,
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else "unknown",
        "origin": "article",
        "first_seen": now,
        "last_seen": now,
        "updated_at": now,
        # Written with the row, so the full-text index is fed once.
        "search_text": build_search_text(
            title=title,
            summary=extracted.summary,
            place=incoming.place,
            admin1=incoming.admin1,
            country=country_name(extracted.country_code),
            actors=[actor for actor, _role in incoming.actors.values()],
            sentences=sentences,
            skip_words=skip_words,
        ),
    }
    return insert_returning_id(session, Event, row)


def _find_matching_event(session: Session, incoming: _Incoming) -> int | None:
    country = incoming.extracted.country_code
    if not country:
        return None
    low, high = incoming.start - DATE_SLACK, incoming.end + DATE_SLACK
    rows = session.execute(
        _CANDIDATES,
        {
            "country": country,
            "low": low,
            "high": high,
            "latest_end": high + MAX_EVENT_SPAN,
            "seen_since": _midnight(low),
        },
    )
    # Dated events first, as ties in _match_score go to the first candidate.
    candidates = sorted((_Candidate(*row) for row in rows), key=lambda e: e.date_end is None)
    # Places first: in a busy theatre most same-week events are elsewhere, and their actors
    # need not be read (_match_score rejects a different place whatever the actors).
    candidates = [
        e
        for e in candidates
        if _dates_compatible(e, incoming, low, high) and _place_match(e, incoming) is not False
    ]
    if not candidates:
        return None
    # With no actors of its own, the incoming event can only match on place: actors are moot.
    actor_sets = _actor_sets(session, [e.id for e in candidates]) if incoming.actors else {}
    best: tuple[float, int] | None = None
    for event in candidates:
        score = _match_score(event, incoming, actor_sets.get(event.id, set()))
        if score is not None and (best is None or score > best[0]):
            best = (score, event.id)
    return best[1] if best else None


def _candidate_events() -> sa.CompoundSelect:
    """Events that may be the incoming one, built once (composing it costs more than running it).

    Two range-bounded index reads (ix_event_country_code_date_end): dated events whose window
    can overlap ours, and the rare undated ones first seen around then.
    """
    events = table_of(Event)
    columns = [
        events.c[name] for name in ("id", "place", "admin1", "lat", "lon", "date_start", "date_end")
    ]
    country = events.c.country_code == sa.bindparam("country")
    undated = sa.select(*columns, events.c.first_seen).where(
        country,
        events.c.date_end.is_(None),
        events.c.first_seen >= sa.bindparam("seen_since"),
    )
    # Dated events do not need first_seen, and converting hundreds of timestamps (a busy
    # theatre) costs more than the query. The undated part comes first: it types the column.
    dated = sa.select(*columns, sa.null().label("first_seen")).where(
        country,
        events.c.date_end >= sa.bindparam("low"),
        events.c.date_end <= sa.bindparam("latest_end"),
        events.c.date_start <= sa.bindparam("high"),
    )
    return sa.union_all(undated, dated)


_CANDIDATES = _candidate_events()
_EVENT_ACTORS_TABLE = table_of(EventActor)
_EVENT_ACTORS = sa.select(_EVENT_ACTORS_TABLE.c.event_id, _EVENT_ACTORS_TABLE.c.actor_id).where(
    _EVENT_ACTORS_TABLE.c.event_id.in_(sa.bindparam("event_ids", expanding=True))
)
_EVENT_ACTOR_ROLES = sa.select(_EVENT_ACTORS_TABLE.c.actor_id, _EVENT_ACTORS_TABLE.c.role).where(
    _EVENT_ACTORS_TABLE.c.event_id == sa.bindparam("event")
)
_SET_ROLE = (
    _EVENT_ACTORS_TABLE.update()
    .where(
        _EVENT_ACTORS_TABLE.c.event_id == sa.bindparam("event"),
        _EVENT_ACTORS_TABLE.c.actor_id == sa.bindparam("actor"),
    )
    .values(role=sa.bindparam("new_role"))
)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _dates_compatible(event: _Candidate, incoming: _Incoming, low: date, high: date) -> bool:
    if event.date_start is None or event.date_end is None:
        assert event.first_seen is not None  # undated rows come with it
        seen = event.first_seen.date()
        return low <= seen <= high + UNDATED_LOOKBACK
    narrow = (
        event.date_end - event.date_start <= NARROW_WINDOW
        and incoming.end - incoming.start <= NARROW_WINDOW
    )
    slack = NARROW_DATE_SLACK if narrow else DATE_SLACK
    return event.date_start <= incoming.end + slack and event.date_end >= incoming.start - slack


def _actor_sets(session: Session, event_ids: Sequence[int]) -> dict[int, set[int]]:
    sets: dict[int, set[int]] = {event_id: set() for event_id in event_ids}
    for event_id, actor_id in session.execute(_EVENT_ACTORS, {"event_ids": list(event_ids)}):
        sets[event_id].add(actor_id)
    return sets


def _match_score(event: _Candidate, incoming: _Incoming, actor_ids: set[int]) -> float | None:
    """None when the event cannot be the same incident; otherwise higher is a better match."""
    place_match = _place_match(event, incoming)
    if place_match is False:
        return None
    mine = set(incoming.actors)
    shared = len(mine & actor_ids)
    if mine and actor_ids and not shared:
        return None
    if not place_match and not shared:
        return None
    score = 2.0 * bool(place_match) + shared
    if event.date_start is not None and event.date_end is not None:
        gap = max((incoming.start - event.date_end).days, (event.date_start - incoming.end).days, 0)
        score -= gap * 0.25
    return score


def _place_match(event: _Candidate | Event, incoming: _Incoming) -> bool | None:
    """True: the same place (or within MERGE_RADIUS_KM); False: different places; None: cannot
    tell (one side names no place, or only the region the other's town lies in)."""
    if event.place and incoming.place:
        if event.place.casefold() == incoming.place.casefold():
            return True
        if None not in (event.lat, event.lon, incoming.lat, incoming.lon):
            return (
                distance_km(event.lat, event.lon, incoming.lat, incoming.lon)  # type: ignore[arg-type]
                <= MERGE_RADIUS_KM
            )
        return False
    if event.admin1 and incoming.admin1 and event.admin1.casefold() != incoming.admin1.casefold():
        return False
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _claim_rows(
    claims: Sequence[ExtractedClaim],
    *,
    document_id: int,
    actor_ids: dict[str, int],
    seen: set[tuple[int, str, str, str]],
    now: datetime,
) -> list[dict[str, Any]]:
    """New claim rows, skipping any the document already has.

    A claim is unique per (sentence, claimant, victim, outcome): two claimants who give competing
    figures in one sentence ("IS said 50 were killed, while the army said 6") are two claims.
    """
    rows: list[dict[str, Any]] = []
    for claim in claims:
        key = (claim.sentence_start, claim.claimant[:200], claim.victim[:200], claim.outcome)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "document_id": document_id,
                "claimant": claim.claimant[:200],
                "victim": claim.victim[:200],
                "perpetrator": claim.perpetrator[:200] if claim.perpetrator else None,
                "outcome": claim.outcome,
                "low": claim.low,
                "high": claim.high,
                "qualifier": claim.qualifier[:200] if claim.qualifier else None,
                "claim_kind": claim.claim_kind,
                "stance": claim.stance,
                "claimed_on": claim.claimed_on,
                "subset": claim.subset,
                "sentence": claim.sentence,
                "sentence_start": claim.sentence_start,
                "sentence_end": claim.sentence_end,
                "claimant_actor_id": _actor_id(claim.claimant_actor, actor_ids),
                "victim_actor_id": _actor_id(claim.victim_actor, actor_ids),
                "perpetrator_actor_id": _actor_id(claim.perpetrator_actor, actor_ids),
                "created_at": now,
            }
        )
    return rows


def _actor_id(actor: ActorInfo | None, ids: dict[str, int]) -> int | None:
    return ids.get(actor.name) if actor is not None else None


def _link(session: Session, *, event_id: int, document_id: int, now: datetime) -> bool:
    """Link the document to a known event as another source; False if it already was."""
    return insert_or_ignore(
        session,
        EventDocument,
        {"event_id": event_id, "document_id": document_id, "added_at": now},
    )


def _merge_actors(
    session: Session, *, event_id: int, actors: dict[int, tuple[StoredActor, str]]
) -> None:
    """Add actors the event did not have; a known side beats a mere "involved"."""
    if not actors:
        return
    known: dict[int, str] = dict(session.execute(_EVENT_ACTOR_ROLES, {"event": event_id}).all())
    insert_rows(
        session,
        EventActor,
        [
            {"event_id": event_id, "actor_id": actor_id, "role": role}
            for actor_id, (_actor, role) in actors.items()
            if actor_id not in known
        ],
    )
    for actor_id, (_actor, role) in actors.items():
        if known.get(actor_id) == "involved" and role != "involved":
            session.execute(_SET_ROLE, {"event": event_id, "actor": actor_id, "new_role": role})


def _refresh_joined(
    session: Session,
    event_id: int,
    incoming: _Incoming,
    *,
    now: datetime,
    changed: bool,
    skip_words: frozenset[str],
) -> None:
    """A joined event: seen again, updated if the report added something, search text rebuilt.

    Its new sources, actors and claims are in the database already (plain INSERTs), so the
    search text can be rebuilt before the event's own changes are written: one UPDATE.
    """
    event = session.get(Event, event_id)
    assert event is not None
    _fill_unknowns(event, incoming)
    event.last_seen = now
    if changed:
        event.updated_at = now
    with session.no_autoflush:
        event.search_text = rebuild_search_text(session, event, skip_words=skip_words)
    session.add(event)
    session.flush()


def _fill_unknowns(event: Event, incoming: _Incoming) -> None:
    """A later report may say what the first did not (where, when); it never overwrites."""
    if event.place is None and incoming.place is not None:
        event.place, event.admin1 = incoming.place, incoming.admin1 or event.admin1
        event.lat, event.lon = incoming.lat, incoming.lon
    elif event.admin1 is None and incoming.admin1 is not None:
        event.admin1 = incoming.admin1
    when = incoming.extracted.when
    # A "reported" window is only when the news came out: a report that dates the event wins.
    vague = event.date_start is None or event.date_precision == "reported"
    if when is not None and vague and (event.date_start is None or when.precision != "reported"):
        event.date_start, event.date_end = when.start, when.end
        event.date_precision = when.precision
