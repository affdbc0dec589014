"""The PostgreSQL search plan (first walk, second walk, sets, one MATERIALIZED query) against the
plain Python reference of test_search.py, on both databases.

On PostgreSQL a common word is tested one event at a time while that can end the search, else
through its events read as a set, or hashed by the database past SET_MAX; the other probes are
read as sets and combined with the event row's filters in one query planned for all matches.
Shrinking the thresholds forces each branch on the 72-event store (SQLite takes its own plan
with the same thresholds, and must give the same answers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session

from bot.answer import search
from bot.answer.search import search_event_ids
from bot.views import QueryFilters
from tests.answer.test_search import FILTERS, _reference, reference_store  # noqa: F401

PLANS: dict[str, dict[str, int]] = {
    # The word is tested event by event, then hashed in the query for all matches.
    "word per event": {"TEXT_ROW_TESTS": 1000, "FIRST_WALK": 2, "FTS_LIST_MAX": 0},
    # The word's events are read as a set as soon as an event passes the other probes.
    "word as a set": {"TEXT_ROW_TESTS": 0, "FIRST_WALK": 2, "FTS_LIST_MAX": 0},
    # Every set too large to read: the probes and the word stay conditions.
    "nothing read": {"TEXT_ROW_TESTS": 0, "FIRST_WALK": 2, "SET_MAX": 1, "FTS_LIST_MAX": 0},
    # A first walk of 3 events and a second of 12 (reaching the undated events).
    "second walk": {"TEXT_ROW_TESTS": 1, "FIRST_WALK": 3, "FTS_LIST_MAX": 0},
    # A long first walk: its newest few (4 x limit) are tested first.
    "long first walk": {"FIRST_WALK": 40, "FTS_LIST_MAX": 0},
    # Small id lists: sets stop being read early, outcomes are never read.
    "small lists": {"TEXT_ROW_TESTS": 2, "FIRST_WALK": 1, "IN_LIST_MAX": 3, "FTS_LIST_MAX": 0},
}


@pytest.mark.parametrize("order", ["recent", "relevance"])
@pytest.mark.parametrize("plan", PLANS)
def test_each_branch_gives_the_reference_answer(
    reference_store: Session,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    plan: str,
    order: search.Order,
) -> None:
    # FTS_LIST_MAX 0: every word is common, so "relevance" is newest first too.
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(search, name, value)
    for filters in FILTERS:
        expected = _reference(filters)
        for limit in (*range(1, 7), 100):
            found = search_event_ids(reference_store, filters, limit=limit, order=order)
            assert found == expected[:limit], (filters, limit)


@pytest.fixture
def statements(reference_store: Session) -> Iterator[list[tuple[str, Any]]]:  # noqa: F811
    """Every SQL statement the session runs, with its parameters."""
    seen: list[tuple[str, Any]] = []
    engine = reference_store.get_bind()

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_postgresql_computes_the_word_on_few_events_only(
    reference_store: Session,  # noqa: F811
    statements: list[tuple[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """to_tsvector() per event costs ~0.2 ms: given the plain match next to a few thousand ids,
    PostgreSQL's planner computes it on each (1 s at 100k). The plain match goes to the database
    with at most TEXT_ROW_TESTS ids; otherwise it is read through the GIN index."""
    if reference_store.get_bind().dialect.name != "postgresql":
        pytest.skip("the text index is SQLite's FTS5 table there")
    monkeypatch.setattr(search, "TEXT_ROW_TESTS", 3)
    monkeypatch.setattr(search, "FIRST_WALK", 8)
    for filters in FILTERS:
        if filters.text:
            search_event_ids(reference_store, filters, limit=5)
    plain = [(s, p) for s, p in statements if "@@" in s and " IN (SELECT" not in s]
    assert plain, "no text search ran"
    for statement, parameters in plain:
        if "ANY (" not in statement:  # the word's events read through the index, or counted
            assert statement.lstrip().startswith("SELECT array_agg") or " LIMIT " in statement
            continue
        ids = [v for v in parameters.values() if isinstance(v, list)]
        assert len(ids) == 1 and len(ids[0]) <= 3, statement


@pytest.mark.parametrize("plan", ["default", *PLANS])
def test_searches_sharing_their_sets_give_the_reference_answers(
    reference_store: Session,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    plan: str,
) -> None:
    """One answer's searches (a question, then its broadened retries) share a SetMemo."""
    for name, value in PLANS.get(plan, {}).items():
        monkeypatch.setattr(search, name, value)
    sets: search.SetMemo = {}
    for _ in range(2):
        for filters in FILTERS:
            expected = _reference(filters)
            for limit in (1, 5):
                found = search_event_ids(reference_store, filters, limit=limit, sets=sets)
                assert found == expected[:limit], (filters, limit)


# Searches whose sets differ only by an outcome, a victim, or AND/OR over the same words.
SEQUENCE = [
    QueryFilters(victims=["Wagner Group"], outcomes=["killed"], countries=["NE"]),
    QueryFilters(victims=["Wagner Group"], countries=["NE"]),
    QueryFilters(victims=["Wagner Group"], outcomes=["wounded"]),
    QueryFilters(outcomes=["killed"], countries=["SD"]),
    QueryFilters(outcomes=["wounded"], countries=["SD"]),
    QueryFilters(victims=["FAMa"], actors=["JNIM"]),
    QueryFilters(victims=["FAMa and Wagner Group"], actors=["JNIM"]),
    QueryFilters(text="rare nothing", countries=["ML"]),  # AND: nothing; OR: "rare"
    QueryFilters(text="rare", countries=["ML"]),
    QueryFilters(text="zebra rare", actors=["RSF"]),
]


@pytest.mark.parametrize("order", ["recent", "relevance"])
def test_a_shared_set_memo_changes_no_answer(
    reference_store: Session,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    order: search.Order,
) -> None:
    monkeypatch.setattr(search, "FIRST_WALK", 1)
    monkeypatch.setattr(search, "TEXT_ROW_TESTS", 0)
    monkeypatch.setattr(search, "FTS_LIST_MAX", 0)
    sets: search.SetMemo = {}
    for filters in SEQUENCE:
        alone = search_event_ids(reference_store, filters, limit=5, order=order)
        shared = search_event_ids(reference_store, filters, limit=5, order=order, sets=sets)
        assert shared == alone, filters
    assert len(sets) > 4


def test_a_set_is_read_once_per_answer(
    reference_store: Session,  # noqa: F811
    statements: list[tuple[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "FIRST_WALK", 1)
    monkeypatch.setattr(search, "TEXT_ROW_TESTS", 0)
    monkeypatch.setattr(search, "FTS_LIST_MAX", 0)
    filters = QueryFilters(victims=["Wagner Group"], countries=["NE"], text="zebra")
    sets: search.SetMemo = {}
    reads = ("array_agg(", "count(*)")  # PostgreSQL reads a set as one array, SQLite counts first
    first = search_event_ids(reference_store, filters, limit=5, sets=sets)
    assert sets and any(word in s for s, _ in statements for word in reads)
    statements.clear()
    assert search_event_ids(reference_store, filters, limit=5, sets=sets) == first
    assert not [s for s, _ in statements if any(word in s for word in reads)]
