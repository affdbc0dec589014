"""One SetMemo per answer: when nothing matches, the broadened retries that look for a
suggestion reuse the filter sets the first search read, never read them again."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlmodel import Session

from bot.answer import answer_question, search
from bot.views import QueryFilters
from tests.answer.test_search import NOW, reference_store  # noqa: F401


@pytest.fixture
def set_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[Any, ...]]:
    """Every set read from the store, by probe key and cap; searches read sets at once."""
    monkeypatch.setattr(search, "FIRST_WALK", 1)
    monkeypatch.setattr(search, "TEXT_ROW_TESTS", 0)
    monkeypatch.setattr(search, "FTS_LIST_MAX", 0)
    reads: Counter[tuple[Any, ...]] = Counter()
    read_set = search.read_set

    def counted(session: Session, probe: search.Probe, *, cap: int | None) -> set[int] | None:
        reads[(*probe.key, cap)] += 1
        return read_set(session, probe, cap=cap)

    monkeypatch.setattr(search, "read_set", counted)
    return reads


@pytest.mark.parametrize(
    ("question", "context"),
    [
        # "rare" (events 9, 18, ...) and Wagner's claims (4, 8, ...) meet in Mali, never in
        # Niger: the retry without Niger searches Wagner and the word again, and matches.
        ("rare Wagner losses in Niger", None),
        # The same as a follow-up in a thread about Wagner in Niger.
        ("what about rare?", QueryFilters(victims=["Wagner Group"], countries=["NE"])),
    ],
)
def test_the_broadened_retries_read_no_set_twice(
    reference_store: Session,  # noqa: F811
    set_reads: Counter[tuple[Any, ...]],
    question: str,
    context: QueryFilters | None,
) -> None:
    answer = answer_question(session=reference_store, question=question, now=NOW, context=context)
    assert answer.kind == "none" and answer.suggestion == "latest Wagner Group losses rare"
    remembered = {key: n for key, n in set_reads.items() if len(key) > 1}
    assert remembered, "no search read a set: nothing to test"
    assert all(n == 1 for n in remembered.values()), set_reads


def test_each_answer_reads_its_sets_afresh(
    reference_store: Session,  # noqa: F811
    set_reads: Counter[tuple[Any, ...]],
) -> None:
    """The memo lives for one answer: the store may change between two questions."""
    for _ in range(2):
        answer_question(session=reference_store, question="rare Wagner losses in Niger", now=NOW)
    assert set_reads and all(n == 2 for n in set_reads.values()), set_reads
