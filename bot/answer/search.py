"""Finding events: structured filters (country, place, victim, actor, type, dates) plus full text.

Full text is SQLite FTS5 (`event_fts`, bm25) or PostgreSQL's english tsvector, matched with
the very expression of the GIN index in 0001_core so the index is used. Text terms are ANDed
first and ORed only when that finds nothing.

How a search runs does not depend on the planner's statistics on SQLite (its store is never
ANALYZEd, and without statistics SQLite once answered a follow-up in 53 s by reading Wagner's
7,000 claims for every event in Niger). Filters on the event row (country, place, type,
dates) are walked newest first through an index. Filters that live elsewhere are *probes*:
victims and outcomes (claims), actors (event_actor) and a common text word (the text index).
A probe per walked event is cheap while matches are dense and ruinous when they are sparse,
so a search with probes:
1. turns a rare text word (at most FTS_LIST_MAX matches) into an id list, ranked;
2. otherwise tests the newest FIRST_WALK events and stops if `limit` match;
3. otherwise reads each probe's events as a set from its own index (up to SET_MAX each):
   a small intersection is one id-list query; a large one filters the rest of the walk (in
   growing batches) in Python, and only the survivors are probed.
PostgreSQL has statistics, yet given a LIMIT its planner walks the events newest first testing
the probes on each as if matches were spread evenly: two common filters that never meet made
it walk every event (~300 ms at 100k). It takes steps 2-3 too (`_newest_sets`), then one query
planned for all the matches (MATERIALIZED: no LIMIT to gamble on) joins the sets read to the
event row's filters through its indexes. Its word is never to_tsvector() computed on each
row walked (0.2 ms a row, a cost its planner underrates 100-fold): only a few events are tested
one by one, else the word's events are read once through the GIN index, and only when needed
(a newest-first search skips step 1: no ranking to do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col, select

from bot.views import QueryFilters
from models import Actor, Claim, Event, EventActor

Order = Literal["recent", "relevance"]

_TERM_RE = re.compile(r"[^\W_]+")
# Words past this many add noise, not precision.
MAX_TERMS = 8
# Up to this many text matches are read as an id list and ranked; more make the word a probe.
FTS_LIST_MAX = 2000
# Events tested newest first before a probed search reads its filters as sets.
FIRST_WALK = 200
# A probe's events are read as a set up to this many (~10 ms); past it, it stays a probe.
SET_MAX = 20_000
# Candidate sets up to this size go into SQL as an id list; batches are verified in chunks of it.
IN_LIST_MAX = 2000
# The walk after the first batch reads 4x more each time, up to this many ids.
MAX_WALK_BATCH = 8000
# PostgreSQL: up to this many events are tested for a common word one by one (to_tsvector() on
# each, ~0.2 ms) before its events are read as a set (~25 ms for 20k events at 100k).
TEXT_ROW_TESTS = 16
_PG_TSVECTOR = "to_tsvector('english', event.search_text)"


@dataclass(frozen=True)
class Probe:
    """A filter outside the event row: the test per event, and how to read its events as a set."""

    condition: Any  # correlated WHERE condition on `event`
    # SELECTs of event ids whose union is the events it admits. Not DISTINCT: SQLite would
    # then walk the whole claim table in event_id order rather than use the filter's index.
    members: tuple[Any, ...]
    is_text: bool = False
    # Read as a set only up to this many rows (an outcome alone is seldom worth reading).
    set_max: int | None = None
    # What it filters on, naming its set in a SetMemo (empty: never remembered).
    key: tuple[Any, ...] = ()


# Event sets read by the searches of one answer, by probe key and cap: its broadened retries
# ("niger" after no match: the same filters less the country) read the same victim's claims
# and word's events again (~30 ms at 100k). One per answer, never kept past it.
SetMemo = dict[tuple[Any, ...], set[int] | None]


@dataclass(frozen=True)
class TextMatch:
    """The text filter: an id list when the words are rare, else a probe (rank only with ids)."""

    ids: list[int] | None
    rank: Any
    probe: Probe
    # The plain match, for a query without LIMIT that PostgreSQL plans with its statistics.
    condition: Any


def search_event_ids(
    session: Session,
    filters: QueryFilters,
    *,
    limit: int,
    order: Order = "recent",
    sets: SetMemo | None = None,
) -> list[int]:
    """Ids of the events matching `filters`, best first (most recent, or most relevant text).
    `sets`: shared by the searches of one answer, so that each set is read once."""
    terms = text_terms(filters.text)
    if not terms:
        return _run(session, filters, terms=[], mode="and", limit=limit, order="recent", sets=sets)
    found = _run(session, filters, terms=terms, mode="and", limit=limit, order=order, sets=sets)
    if not found and len(terms) > 1:
        found = _run(session, filters, terms=terms, mode="or", limit=limit, order=order, sets=sets)
    return found


def text_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.lower() for t in _TERM_RE.findall(text)))[:MAX_TERMS]


def actor_ids_by_name(session: Session, names: Sequence[str]) -> list[int]:
    if not names:
        return []
    rows = session.exec(select(Actor.id).where(col(Actor.name).in_(list(names)))).all()
    return [i for i in rows if i is not None]


def event_conditions(filters: QueryFilters) -> list[Any]:
    """WHERE conditions on the event row itself: country, place, type, period."""
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
    return conditions


def filter_probes(session: Session, filters: QueryFilters) -> list[Probe] | None:
    """The probes for victims/outcomes and actors; None when a filter cannot match at all."""
    sqlite = _is_sqlite(session)
    probes: list[Probe] = []
    if filters.victims or filters.outcomes:
        probes.append(_claim_probe(session, filters, sqlite=sqlite))
    if filters.actors:
        actor_ids = actor_ids_by_name(session, filters.actors)
        if not actor_ids:
            return None
        probes.append(
            Probe(
                sa.exists().where(
                    col(EventActor.event_id) == col(Event.id),
                    col(EventActor.actor_id).in_(actor_ids),
                ),
                (select(EventActor.event_id).where(col(EventActor.actor_id).in_(actor_ids)),),
                key=("actors", *sorted(actor_ids)),
            )
        )
    return probes


def victim_condition(
    session: Session, victims: Sequence[str], *, combined: bool = True, sqlite: bool = False
) -> sa.ColumnElement[bool]:
    """Claims about these victims: by actor id where the name is a known actor (indexed), by the
    victim phrase otherwise ("children"). With `combined`, also claims about a group naming
    one of them ("FAMa and Wagner Group": no single victim_actor_id, one name per part).

    `sqlite` hides the columns from SQLite's index choice, for a per-event probe: without
    statistics it may otherwise read every claim about the victim for each event.
    """
    known = _known_actors(session, victims)
    return sa.or_(*_victim_parts(known, victims, combined=combined, sqlite=sqlite))


def recency_order() -> tuple[Any, ...]:
    """Newest event first: ix_event_country_code_date_end (or ix_event_date_end) read backwards,
    so neither database needs to sort. Undated events are fetched separately, after."""
    return (col(Event.date_end).desc(), col(Event.id).desc())


def text_match(session: Session, terms: Sequence[str], mode: Literal["and", "or"]) -> TextMatch:
    """Asks the text index how many events match (counting stops past FTS_LIST_MAX): a rare word
    becomes an id list, read through the text index and ranked; a common one a probe."""
    probe, rank, plain = _text_parts(session, terms, mode)
    ids = [int(i) for i in session.execute(probe.members[0].limit(FTS_LIST_MAX + 1)).scalars()]
    if len(ids) > FTS_LIST_MAX:
        return TextMatch(None, None, probe, plain)
    return TextMatch(ids, rank, probe, plain)


def _text_parts(
    session: Session, terms: Sequence[str], mode: Literal["and", "or"]
) -> tuple[Probe, Any, Any]:
    """The text filter as a probe, its rank (lower is better) and its plain match."""
    if _is_sqlite(session):
        query = (" OR " if mode == "or" else " ").join(f'"{t}"' for t in terms)
        match = sa.text("event_fts MATCH :fts_query").bindparams(fts_query=query)
        members: Any = (
            sa.select(sa.literal_column("rowid")).select_from(sa.table("event_fts")).where(match)
        )
        rank: Any = sa.text(
            "(SELECT bm25(event_fts) FROM event_fts WHERE event_fts MATCH :fts_query "
            "AND event_fts.rowid = event.id)"  # bm25: lower is better
        ).bindparams(fts_query=query)
        condition: Any = sa.text(
            "EXISTS (SELECT 1 FROM event_fts WHERE event_fts MATCH :fts_query "
            "AND event_fts.rowid = event.id)"
        ).bindparams(fts_query=query)
        return Probe(condition, (members,), is_text=True, key=("text", query)), rank, condition
    tsquery = sa.func.websearch_to_tsquery(
        sa.literal_column("'english'"), (" or " if mode == "or" else " ").join(terms)
    )
    tsvector: Any = sa.literal_column(_PG_TSVECTOR)
    plain = tsvector.op("@@")(tsquery)
    members = select(Event.id).where(plain)
    # One scan of the GIN index, hashed, then probed per row: never to_tsvector() computed
    # on each row walked (`IS true` keeps the planner from turning the IN into a join,
    # which it then ran as a nested loop: seconds for a word in 14% of 100k events). Given
    # the plain match and a few thousand ids, PostgreSQL computes to_tsvector() on each (1 s).
    condition = col(Event.id).in_(members).is_(sa.true())
    rank = -sa.func.ts_rank(tsvector, tsquery)
    key = ("text", mode, *terms)
    return Probe(condition, (members,), is_text=True, key=key), rank, plain


def read_set(session: Session, probe: Probe, *, cap: int | None) -> set[int] | None:
    """The events `probe` admits, or None when it has more than `cap` rows (on SQLite counted
    first: fetching ids costs far more than counting them; PostgreSQL sends them as one array,
    read in the query that would count them)."""
    if cap is not None and not _is_sqlite(session):
        statement: Any = probe.members[0]
        for other in probe.members[1:]:
            statement = sa.union_all(statement, other)
        ids = _id_array(session, statement, limit=cap + 1)
        return set(ids) if len(ids) <= cap else None
    if cap is not None:
        total = 0
        for statement in probe.members:
            counted = sa.select(sa.func.count()).select_from(statement.limit(cap + 1).subquery())
            total += int(session.execute(counted).scalar_one())
            if total > cap:
                return None
    found: set[int] = set()
    for statement in probe.members:
        found.update(session.execute(statement).scalars().all())
    return found


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _id_array(session: Session, statement: Any, *, limit: int) -> list[int]:
    """PostgreSQL: the first `limit` ids `statement` selects, as one array (array_agg) that
    psycopg decodes at once: thousands of one-column rows cost more to fetch than to find."""
    found = statement.limit(limit).subquery()
    ids: list[int] | None = session.execute(
        sa.select(sa.func.array_agg(next(iter(found.c))))
    ).scalar_one()
    return ids or []


def _claim_probe(session: Session, filters: QueryFilters, *, sqlite: bool) -> Probe:
    """Claims by event (the per-event test) and, for the set, claims by victim or outcome."""

    known = _known_actors(session, filters.victims) if filters.victims else {}

    def conditions(*, hide: bool) -> list[Any]:
        found: list[Any] = []
        if filters.victims:
            parts = _victim_parts(known, filters.victims, combined=True, sqlite=hide)
            found.append(sa.or_(*parts))
        if filters.outcomes:
            found.append(_column(Claim.outcome, "claim", hide=hide).in_(filters.outcomes))
        return found

    condition = sa.exists().where(col(Claim.event_id) == col(Event.id), *conditions(hide=sqlite))
    key = ("claims", tuple(filters.victims), tuple(filters.outcomes))
    if not filters.victims:
        only_outcome = select(Claim.event_id).where(*conditions(hide=False))
        return Probe(condition, (only_outcome,), set_max=IN_LIST_MAX, key=key)
    # One SELECT per kind of victim match, each with its own index (ORs would defeat them);
    # the outcome is checked on those rows, not looked up by its (unselective) index.
    outcome = (
        [_column(Claim.outcome, "claim", hide=sqlite).in_(filters.outcomes)]
        if filters.outcomes
        else []
    )
    members = tuple(
        select(Claim.event_id).where(part, *outcome)
        for part in _victim_parts(known, filters.victims, combined=True, sqlite=False)
    )
    return Probe(condition, members, key=key)


def _known_actors(session: Session, victims: Sequence[str]) -> dict[str, int]:
    """The victims that name a stored actor, with its id (the others are victim phrases)."""
    rows = session.exec(select(Actor.id, Actor.name).where(col(Actor.name).in_(list(victims))))
    return {name: actor_id for actor_id, name in rows if actor_id is not None}


def _victim_parts(
    known: dict[str, int], victims: Sequence[str], *, combined: bool, sqlite: bool
) -> list[sa.ColumnElement[bool]]:
    actor_id = _column(Claim.victim_actor_id, "claim", hide=sqlite)
    victim = _column(Claim.victim, "claim", hide=sqlite)
    parts: list[sa.ColumnElement[bool]] = []
    if known:
        parts.append(actor_id.in_(list(known.values())))
    phrases = [v for v in victims if v not in known]
    if phrases:
        parts.append(victim.in_(phrases))
    if known and combined:
        # A combined group's victim is its actors' names joined with " and " (bot/extract/claims.py).
        padded = sa.literal(" and ") + victim + sa.literal(" and ")
        names = [padded.like(f"% and {_like_escape(name)} and %", escape="\\") for name in known]
        parts.append(sa.and_(actor_id.is_(None), sa.or_(*names)))
    return parts


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _column(attribute: Any, table: str, *, hide: bool) -> Any:
    """The column, or on SQLite `+table.column` (same value, but no index is chosen for it)."""
    column: Any = col(attribute)
    if not hide:
        return column
    return sa.literal_column(f"+{table}.{column.key}", type_=column.type)


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


def _run(
    session: Session,
    filters: QueryFilters,
    *,
    terms: list[str],
    mode: Literal["and", "or"],
    limit: int,
    order: Order,
    sets: SetMemo | None,
) -> list[int]:
    where = event_conditions(filters)
    probes = filter_probes(session, filters)
    if probes is None:
        return []
    sqlite = _is_sqlite(session)
    undated = filters.date_from is None and filters.date_to is None
    text: TextMatch | None = None  # PostgreSQL: a common word, kept apart from the probes
    if terms and not sqlite and order == "recent":
        # No ranking to do: the word's events are read only if the search comes to need them.
        probe, _rank, plain = _text_parts(session, terms, mode)
        text = TextMatch(None, None, probe, plain)
    elif terms:
        match = text_match(session, terms, mode)
        if match.ids is None and sqlite:
            probes.append(match.probe)
        elif match.ids is None:
            text = match
        elif not match.ids:
            return []
        else:  # at most FTS_LIST_MAX events to test: plain SQL
            where += [_id_among(match.ids, sqlite=sqlite)] + [p.condition for p in probes]
            if order == "relevance":
                statement = select(Event.id).where(*where).order_by(match.rank, *recency_order())
                return _ids(session, statement.limit(limit))
            return _newest(session, where, limit=limit, undated=undated)
    if probes and sqlite:
        return _newest_probed(session, where, probes, limit=limit, undated=undated, sets=sets)
    if probes or text is not None:
        return _newest_sets(session, where, probes, text, limit=limit, undated=undated, sets=sets)
    return _newest(session, where, limit=limit, undated=undated)


def _newest(session: Session, where: list[Any], *, limit: int, undated: bool) -> list[int]:
    """The newest `limit` events meeting `where`, dated first (NULL dates sort differently in
    SQLite and PostgreSQL; leaving them out keeps the index order), undated after unless the
    question has a period."""
    found = _ids(session, _walk(where, dated=True).limit(limit))
    if len(found) < limit and undated:
        found += _ids(session, _walk(where, dated=False).limit(limit - len(found)))
    return found


def _walk(where: list[Any], *, dated: bool) -> Any:
    """Events meeting `where`, newest first; dated or undated ones by id (`id + 0`: undated
    events are few, so they are sought by date_end IS NULL and sorted, not found by walking
    a whole country's index in id order)."""
    if dated:
        return (
            select(Event.id)
            .where(*where, col(Event.date_end).is_not(None))
            .order_by(*recency_order())
        )
    return (
        select(Event.id)
        .where(*where, col(Event.date_end).is_(None))
        .order_by((col(Event.id) + 0).desc())
    )


def _newest_probed(
    session: Session,
    where: list[Any],
    probes: list[Probe],
    *,
    limit: int,
    undated: bool,
    sets: SetMemo | None = None,
) -> list[int]:
    """`_newest` for a search with probes, in the steps of the module docstring."""
    found: list[int] = []
    allowed: set[int] | None = None
    remaining = probes
    sets_read = False
    size = FIRST_WALK
    for dated in (True, False) if undated else (True,):
        offset = 0
        while True:
            batch = _ids(session, _walk(where, dated=dated).offset(offset).limit(size))
            offset += len(batch)
            candidates = batch if allowed is None else [i for i in batch if i in allowed]
            found += verified_ids(session, candidates, remaining)[: limit - len(found)]
            if len(found) >= limit or len(batch) < size:
                break
            if not sets_read:
                sets_read = True
                allowed, remaining = _read_sets(session, probes, sets=sets)
                if allowed is not None and len(allowed) <= IN_LIST_MAX:
                    narrowed = [col(Event.id).in_(sorted(allowed))] if allowed else [sa.false()]
                    conditions = where + narrowed + [p.condition for p in remaining]
                    return _newest(session, conditions, limit=limit, undated=undated)
            size = min(size * 4, MAX_WALK_BATCH)
        if len(found) >= limit:
            break
    return found


def _newest_sets(
    session: Session,
    where: list[Any],
    probes: list[Probe],
    text: TextMatch | None,
    *,
    limit: int,
    undated: bool,
    sets: SetMemo | None = None,
) -> list[int]:
    """`_newest` on PostgreSQL for a search with probes or a common word (`text`).

    Given a LIMIT, its planner walks the events newest first testing the probes on each, as
    if matches were spread evenly: filters that never meet cost a walk of every event (~300
    ms at 100k). So the newest FIRST_WALK events are tested (dense matches end there), and
    4x more if some matched; else the probes' sets are read and intersected here, and one
    query planned for all the matches (a MATERIALIZED CTE: no LIMIT to walk for) combines
    them with the event row's filters through the indexes and sorts what is left."""
    word = _Word(text, sets) if text is not None else None
    found: list[int] = []
    for number, (batch, complete) in enumerate(
        _batches(session, where, (FIRST_WALK, 4 * FIRST_WALK), undated=undated)
    ):
        if number == 0 and word is None:  # dense matches are among the newest few
            found = verified_ids(session, batch[: 4 * limit], probes)
            batch = batch[4 * limit :]
            if len(found) >= limit:
                return found[:limit]
        if word is not None and word.events is not None:
            batch = [i for i in batch if i in word.events]
        passed = verified_ids(session, batch, probes)
        if word is not None and passed:
            passed = word.passing(session, passed, needed=0 if complete else limit - len(found))
        found += passed
        if len(found) >= limit or complete:
            return found[:limit]
        if not found:
            break  # none among the newest: sparse, read the sets
    # An outcome alone is seldom small: read it last, often not at all.
    by_size = sorted(probes, key=lambda p: p.set_max is not None)
    allowed, remaining = _read_sets(session, by_size, word.events if word else None, sets=sets)
    if allowed is not None and not allowed:
        return []
    conditions = where + [p.condition for p in remaining]
    if allowed is not None:
        conditions.append(_id_among(sorted(allowed), sqlite=False))
    if not undated:
        conditions.append(col(Event.date_end).is_not(None))
    matching = (
        sa.select(col(Event.id), col(Event.date_end))
        .where(*conditions)
        .cte("matching")
        .prefix_with("MATERIALIZED")
    )
    newest = sa.select(matching.c.id)
    if word is not None and word.events is None:
        # Tested on what the other filters leave, hashed once and only if anything is left:
        # in the same WHERE the planner may test it first and hash the word's 20k events.
        newest = newest.where(matching.c.id.in_(word.match.probe.members[0]).is_(sa.true()))
    newest = newest.order_by(matching.c.date_end.desc().nulls_last(), matching.c.id.desc())
    return [int(i) for i in session.execute(newest.limit(limit)).scalars()]


class _Word:
    """A common word on PostgreSQL: tested one event at a time (to_tsvector() on each, ~0.2 ms)
    while that can end the search, else through its events read once as a set (~25 ms for
    20k events at 100k), or hashed by the database past SET_MAX."""

    def __init__(self, match: TextMatch, sets: SetMemo | None) -> None:
        self.match = match
        self.sets = sets
        self.events: set[int] | None = None
        self.read = False

    def passing(self, session: Session, ids: list[int], *, needed: int) -> list[int]:
        """The ids (kept in order) whose event has the word; `needed`: how many would end the
        search (0: these are the last to test)."""
        if not self.read and len(ids) <= TEXT_ROW_TESTS:
            tested = verified_ids(session, ids, [Probe(self.match.condition, ())])
            if len(tested) >= needed:
                return tested
        if not self.read:
            self.events = _read_set_once(session, self.match.probe, cap=SET_MAX, sets=self.sets)
            self.read = True
        if self.events is None:
            return verified_ids(session, ids, [self.match.probe])
        return [i for i in ids if i in self.events]


def _batches(
    session: Session, where: list[Any], sizes: Sequence[int], *, undated: bool
) -> Iterator[tuple[list[int], bool]]:
    """Consecutive batches of the events meeting `where` in `_newest` order (dated newest first,
    then, if `undated`, undated ones), each with whether the order ends there."""
    kinds = [True, False] if undated else [True]
    offsets = dict.fromkeys(kinds, 0)
    for size in sizes:
        batch: list[int] = []
        while kinds and len(batch) < size:
            dated = kinds[0]
            walk = _walk(where, dated=dated).offset(offsets[dated]).limit(size - len(batch))
            ids = _ids(session, walk)
            offsets[dated] += len(ids)
            if len(batch) + len(ids) < size:
                kinds.pop(0)  # this walk is over
            batch += ids
        yield batch, not kinds
        if not kinds:
            return


def _read_sets(
    session: Session,
    probes: list[Probe],
    allowed: set[int] | None = None,
    *,
    sets: SetMemo | None = None,
) -> tuple[set[int] | None, list[Probe]]:
    """The intersection of `allowed` (if known) and the probes' sets small enough to read, and
    the other probes.

    The text's set is read last (its word is known to be common), and none is read once the
    intersection is down to an id list: the other probes are cheaper tested on it."""
    remaining: list[Probe] = []
    for probe in sorted(probes, key=lambda p: p.is_text):
        if allowed is not None and len(allowed) <= IN_LIST_MAX:
            remaining.append(probe)
            continue
        cap = min(SET_MAX, probe.set_max or SET_MAX)
        members = _read_set_once(session, probe, cap=cap, sets=sets)
        if members is None:
            remaining.append(probe)
            continue
        allowed = members if allowed is None else allowed & members
        if not allowed:
            return allowed, []
    return allowed, remaining


def _read_set_once(
    session: Session, probe: Probe, *, cap: int, sets: SetMemo | None
) -> set[int] | None:
    """`read_set`, remembered in `sets` (read-only once there: never changed in place)."""
    if sets is None or not probe.key:
        return read_set(session, probe, cap=cap)
    key = (*probe.key, cap)
    if key not in sets:
        sets[key] = read_set(session, probe, cap=cap)
    return sets[key]


def verified_ids(session: Session, candidates: list[int], probes: list[Probe]) -> list[int]:
    """The candidates (kept in order) that pass every probe, tested IN_LIST_MAX at a time."""
    if not candidates or not probes:
        return candidates
    passed: set[int] = set()
    conditions = [p.condition for p in probes]
    sqlite = _is_sqlite(session)
    for start in range(0, len(candidates), IN_LIST_MAX):
        chunk = candidates[start : start + IN_LIST_MAX]
        statement = select(Event.id).where(_id_among(chunk, sqlite=sqlite), *conditions)
        passed.update(_ids(session, statement))
    return [i for i in candidates if i in passed]


def _id_among(ids: Sequence[int], *, sqlite: bool) -> Any:
    """`event.id IN (...)`; on PostgreSQL one array parameter (`= ANY`), not one per id: a
    statement with hundreds of parameters is parsed again by psycopg on every execution."""
    if sqlite:
        return col(Event.id).in_(list(ids))
    array = sa.bindparam("event_ids", list(ids), type_=postgresql.ARRAY(sa.Integer), unique=True)
    return col(Event.id) == sa.any_(array)


def _ids(session: Session, statement: Any) -> list[int]:
    return [i for i in session.exec(statement).all() if i is not None]
