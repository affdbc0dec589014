"""Answering a question from the store: parse, apply the thread's context, search, assemble.

Every figure in an Answer is a ClaimView with its sentence and source; ranges of competing
figures are low-high, never a mean; when nothing matches, the answer says so and offers a
broader question that does match.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from sqlmodel import Session

from bot.answer.describe import describe_filters, render_question
from bot.answer.followup import apply_context
from bot.answer.question import ActorFinder, ParsedQuestion, PlaceFinder, parse_question
from bot.answer.search import Order, SetMemo, search_event_ids
from bot.answer.totals import DEFAULT_OUTCOME, compute_totals
from bot.errors import UsageError
from bot.store.views import load_event_views
from bot.views import Answer, EventView, QueryFilters

EXAMPLE_QUESTIONS = (
    '"latest Wagner losses in Mali", "what happened in Tinzaouaten?", '
    '"how many Malian soldiers were killed in July 2024?"'
)


class Vocabulary(NamedTuple):
    actors: ActorFinder
    places: PlaceFinder


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The actor catalog and gazetteer extraction uses (loaded once per process)."""
    from bot.extract.actors import load_actor_catalog
    from bot.extract.places import load_gazetteer

    return Vocabulary(actors=load_actor_catalog(), places=load_gazetteer())


def answer_question(
    *,
    session: Session,
    question: str,
    now: datetime,
    context: QueryFilters | None = None,
    limit: int = 5,
    vocabulary: Vocabulary | None = None,
) -> Answer:
    """The stored events (and totals) that answer `question`; `context` is the previous answer's
    filters in the same thread, for follow-ups like "what about Malian soldiers?"."""
    if not question.strip():
        raise UsageError(f"Ask a question, for example {EXAMPLE_QUESTIONS}.")
    vocab = vocabulary or default_vocabulary()
    parsed = apply_context(
        parse_question(question, now=now, actors=vocab.actors, places=vocab.places), context
    )
    # One per answer: a broader retry after no match reads the same victim's claims or word's
    # events again otherwise. Never kept past the answer (the store changes between questions).
    sets: SetMemo = {}
    if parsed.kind == "totals":
        return _totals_answer(session, parsed, limit=limit, sets=sets)
    filters = parsed.filters
    order: Order = "relevance" if filters.text and parsed.kind != "latest" else "recent"
    ids = search_event_ids(session, filters, limit=limit, order=order, sets=sets)
    if not ids:
        return _no_match(session, parsed, sets=sets)
    return Answer(
        question=question,
        kind=parsed.kind,
        filters=filters,
        events=load_event_views(session, ids),
    )


def recent_events(
    *, session: Session, now: datetime, filters: QueryFilters | None = None, limit: int = 10
) -> list[EventView]:
    """The most recent events matching `filters` (all events when None)."""
    ids = search_event_ids(session, filters or QueryFilters(), limit=limit, order="recent")
    return load_event_views(session, ids)


def _totals_answer(
    session: Session, parsed: ParsedQuestion, *, limit: int, sets: SetMemo
) -> Answer:
    outcome = parsed.filters.outcomes[0] if parsed.filters.outcomes else DEFAULT_OUTCOME
    filters = parsed.filters.model_copy(update={"outcomes": [outcome]})
    totals, counted = compute_totals(session, filters, outcome=outcome)
    if not totals.rows:
        return _no_match(session, ParsedQuestion(parsed.question, "totals", filters), sets=sets)
    message = None
    if counted > len(totals.rows):
        message = (
            f"The total covers all {counted} matching events; the {len(totals.rows)} most "
            "recent are listed. Narrow the period or place to list them all."
        )
    recent = sorted(totals.rows, key=lambda r: (r.date_start is not None, r.date_start, r.event_id))
    shown = [row.event_id for row in reversed(recent)][:limit]
    return Answer(
        question=parsed.question,
        kind="totals",
        filters=filters,
        events=load_event_views(session, shown),
        totals=totals,
        message=message,
    )


def _no_match(session: Session, parsed: ParsedQuestion, *, sets: SetMemo) -> Answer:
    filters = parsed.filters
    broader = _broader_filters(session, parsed, sets=sets)
    suggestion = render_question(parsed.kind, broader) if broader is not None else None
    return Answer(
        question=parsed.question,
        kind="none",
        filters=filters,
        message=f"No stored event matches {describe_filters(filters)}.",
        suggestion=suggestion,
    )


Broadening = Callable[[QueryFilters, ParsedQuestion], QueryFilters]


def _drop_dates(f: QueryFilters, _p: ParsedQuestion) -> QueryFilters:
    return f.model_copy(update={"date_from": None, "date_to": None})


def _widen_place(f: QueryFilters, p: ParsedQuestion) -> QueryFilters:
    countries = list(
        dict.fromkeys(
            f.countries + [p.place_countries[x] for x in f.places if x in p.place_countries]
        )
    )
    return f.model_copy(update={"places": [], "countries": countries})


def _drop_place(f: QueryFilters, _p: ParsedQuestion) -> QueryFilters:
    return f.model_copy(update={"places": [], "countries": []})


def _drop_outcomes(f: QueryFilters, p: ParsedQuestion) -> QueryFilters:
    return f if p.kind == "totals" else f.model_copy(update={"outcomes": []})


def _victims_to_actors(f: QueryFilters, _p: ParsedQuestion) -> QueryFilters:
    return f.model_copy(update={"actors": list(dict.fromkeys(f.actors + f.victims)), "victims": []})


def _drop_text(f: QueryFilters, _p: ParsedQuestion) -> QueryFilters:
    return f.model_copy(update={"text": ""})


def _drop_actors(f: QueryFilters, _p: ParsedQuestion) -> QueryFilters:
    return f.model_copy(update={"actors": [], "victims": []})


# In the order an analyst gives things up: the period first, the who last.
_BROADENINGS: tuple[Broadening, ...] = (
    _drop_dates,
    _widen_place,
    _drop_place,
    _drop_outcomes,
    _drop_text,
    _victims_to_actors,
    _drop_actors,
)


def _broader_filters(
    session: Session, parsed: ParsedQuestion, *, sets: SetMemo
) -> QueryFilters | None:
    """The least broadened filters that match something: each step alone, then cumulatively.
    `sets`: the answer's memo, so each probe's set is read once over all the candidates."""
    original = parsed.filters
    cumulative = original
    tried: list[QueryFilters] = [original]
    for step in _BROADENINGS:
        for candidate in (step(original, parsed), step(cumulative, parsed)):
            if candidate in tried:
                continue
            tried.append(candidate)
            if search_event_ids(session, candidate, limit=1, sets=sets):
                return candidate
        cumulative = step(cumulative, parsed)
    return None
