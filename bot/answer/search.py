"""Finding events: structured filters (country, place, victim, actor, type, dates) plus full text.

Full text is SQLite FTS5 (`event_fts`, bm25) or PostgreSQL's english tsvector, matched with
the very expression of the GIN index in 0001_core so the index is used. Text terms are ANDed
first and ORed only when that finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.views import QueryFilters
from models import Actor, Claim, Event, EventActor

Order = Literal["recent", "relevance"]

_TERM_RE = re.compile(r"[^\W_]+")
# Words past this many add noise, not precision.
MAX_TERMS = 8
# Up to this many text matches are read as an id list and ranked; more are tested per event.
FTS_LIST_MAX = 2000
_PG_TSVECTOR = "to_tsvector('english', event.search_text)"


def search_event_ids(
    session: Session, filters: QueryFilters, *, limit: int, order: Order = "recent"
) -> list[int]:
    """Ids of the events matching `filters`, best first (most recent, or most relevant text)."""
    terms = text_terms(filters.text)
    if not terms:
        return _run(session, filters, terms=[], mode="and", limit=limit, order="recent")
    found = _run(session, filters, terms=terms, mode="and", limit=limit, order=order)
    if not found and len(terms) > 1:
        found = _run(session, filters, terms=terms, mode="or", limit=limit, order=order)
    return found


def text_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.lower() for t in _TERM_RE.findall(text)))[:MAX_TERMS]


def actor_ids_by_name(session: Session, names: Sequence[str]) -> list[int]:
    if not names:
        return []
    rows = session.exec(select(Actor.id).where(col(Actor.name).in_(list(names)))).all()
    return [i for i in rows if i is not None]


def structured_conditions(session: Session, filters: QueryFilters) -> list[Any]:
    """WHERE conditions on `event` for everything but the text.

    Victims and actors are correlated EXISTS probes (claim by event, event_actor by primary
    key), so the newest-first walk of an event index can stop after `limit` matches.
    """
    conditions: list[Any] = []
    if filters.countries:
        conditions.append(col(Event.country_code).in_(filters.countries))
    if filters.places:
        conditions.append(sa.or_(*(_place_condition(name) for name in filters.places)))
    if filters.event_types:
        conditions.append(col(Event.event_type).in_(filters.event_types))
    if filters.date_from is not None:
        conditions.append(col(Event.date_end) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(Event.date_start) <= filters.date_to)
    claim_conditions: list[Any] = []
    if filters.victims:
        claim_conditions.append(victim_condition(session, filters.victims))
    if filters.outcomes:
        claim_conditions.append(col(Claim.outcome).in_(filters.outcomes))
    if claim_conditions:
        conditions.append(
            sa.exists().where(col(Claim.event_id) == col(Event.id), *claim_conditions)
        )
    if filters.actors:
        actor_ids = actor_ids_by_name(session, filters.actors)
        conditions.append(
            sa.exists().where(
                col(EventActor.event_id) == col(Event.id), col(EventActor.actor_id).in_(actor_ids)
            )
        )
    return conditions


def victim_condition(session: Session, victims: Sequence[str]) -> sa.ColumnElement[bool]:
    """Claims about these victims: by actor id where the name is a known actor (indexed), by the
    victim phrase otherwise ("children")."""
    rows = session.exec(select(Actor.id, Actor.name).where(col(Actor.name).in_(list(victims))))
    known = {name: actor_id for actor_id, name in rows}
    parts: list[sa.ColumnElement[bool]] = []
    if known:
        parts.append(col(Claim.victim_actor_id).in_(list(known.values())))
    phrases = [v for v in victims if v not in known]
    if phrases:
        parts.append(col(Claim.victim).in_(phrases))
    return sa.or_(*parts)


def recency_order() -> tuple[Any, ...]:
    """Newest event first: ix_event_country_code_date_end (or ix_event_date_end) read backwards,
    so neither database needs to sort. Undated events are fetched separately, after."""
    return (col(Event.date_end).desc(), col(Event.id).desc())


def _place_condition(name: str) -> sa.ColumnElement[bool]:
    """A town matches events there; a region matches every event in it (by admin1)."""
    from bot.extract.places import load_gazetteer

    place = load_gazetteer().resolve(name)
    if place is None:
        return sa.or_(col(Event.place) == name, col(Event.admin1) == name)
    if place.kind == "region":
        return col(Event.admin1) == (place.admin1 or place.name)
    if place.kind == "country":
        return col(Event.country_code) == place.country_code
    return sa.and_(col(Event.place) == place.name, col(Event.country_code) == place.country_code)


def apply_filters(
    session: Session,
    statement: Any,
    filters: QueryFilters,
    *,
    terms: Sequence[str] = (),
    mode: Literal["and", "or"] = "and",
) -> tuple[Any, Any]:
    """`statement` (a SELECT from `event`, possibly joined) narrowed to the filters and text;
    returns it with the text-rank expression (None without text).

    The text index is asked first how many events match (counting stops at FTS_LIST_MAX):
    a rare word becomes an id list, read through the text index and ranked; a common word
    becomes a per-event test applied while walking events newest first, which stops after
    `limit` hits. Either way the database never tests every event for a word that matches
    none (what a planner estimating "common" would do).
    """
    statement = statement.where(*structured_conditions(session, filters))
    if not terms:
        return statement, None
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        query = (" OR " if mode == "or" else " ").join(f'"{t}"' for t in terms)
        matches: Any = sa.text(
            "SELECT rowid FROM event_fts WHERE event_fts MATCH :fts_query LIMIT :fts_limit"
        ).bindparams(fts_query=query, fts_limit=FTS_LIST_MAX + 1)
        rank: Any = sa.text(
            "(SELECT bm25(event_fts) FROM event_fts WHERE event_fts MATCH :fts_query "
            "AND event_fts.rowid = event.id)"  # bm25: lower is better
        ).bindparams(fts_query=query)
        probe: Any = sa.text(
            "EXISTS (SELECT 1 FROM event_fts WHERE event_fts MATCH :fts_query "
            "AND event_fts.rowid = event.id)"
        ).bindparams(fts_query=query)
    else:
        tsquery = sa.func.websearch_to_tsquery(
            sa.literal_column("'english'"), (" or " if mode == "or" else " ").join(terms)
        )
        tsvector: Any = sa.literal_column(_PG_TSVECTOR)
        probe = tsvector.op("@@")(tsquery)
        matches = select(Event.id).where(probe).limit(FTS_LIST_MAX + 1)
        rank = -sa.func.ts_rank(tsvector, tsquery)
    ids = [int(i) for i in session.execute(matches).scalars()]
    if len(ids) > FTS_LIST_MAX:
        return statement.where(probe), None
    return statement.where(col(Event.id).in_(ids)), rank


def _run(
    session: Session,
    filters: QueryFilters,
    *,
    terms: list[str],
    mode: Literal["and", "or"],
    limit: int,
    order: Order,
) -> list[int]:
    statement, rank = apply_filters(session, select(Event.id), filters, terms=terms, mode=mode)
    if rank is not None and order == "relevance":
        found = _ids(session, statement.order_by(rank, *recency_order()).limit(limit))
        return found
    # NULL dates sort differently in SQLite and PostgreSQL; leaving them out keeps the index order.
    dated = statement.where(col(Event.date_end).is_not(None))
    found = _ids(session, dated.order_by(*recency_order()).limit(limit))
    if len(found) < limit and filters.date_from is None and filters.date_to is None:
        undated = statement.where(col(Event.date_end).is_(None))
        found += _ids(session, undated.order_by(col(Event.id).desc()).limit(limit - len(found)))
    return found


def _ids(session: Session, statement: Any) -> list[int]:
    return [i for i in session.exec(statement).all() if i is not None]
