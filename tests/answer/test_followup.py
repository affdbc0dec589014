"""Follow-ups in a thread replace what they name and keep the rest of the previous question."""

from __future__ import annotations

from datetime import date

from bot.answer.followup import apply_context
from bot.views import QueryFilters
from tests.answer.test_question import parse

PREVIOUS = QueryFilters(
    victims=["Wagner Group"],
    countries=["ML"],
    date_from=date(2024, 7, 1),
    date_to=date(2024, 7, 31),
    kind="latest",
)


def follow(question: str, context: QueryFilters | None = PREVIOUS) -> QueryFilters:
    parsed = apply_context(parse(question), context)
    assert parsed.filters.kind == parsed.kind
    return parsed.filters


def test_what_about_replaces_the_victim() -> None:
    f = follow("what about Malian soldiers?")
    assert f.victims == ["FAMa"] and f.actors == []
    assert f.countries == ["ML"] and f.date_from == date(2024, 7, 1)


def test_and_in_replaces_the_place() -> None:
    f = follow("and in Burkina Faso?")
    assert f.countries == ["BF"] and f.places == [] and f.victims == ["Wagner Group"]
    g = follow("and in Tinzaouaten?")
    assert g.places == ["Tinzaouaten"] and g.countries == []


def test_sources_keeps_the_filters() -> None:
    parsed = apply_context(parse("sources?"), PREVIOUS)
    assert parsed.kind == "sources"
    assert parsed.filters.victims == ["Wagner Group"] and parsed.filters.countries == ["ML"]


def test_wounded_switches_the_outcome() -> None:
    f = follow("wounded?", PREVIOUS.model_copy(update={"outcomes": ["killed"]}))
    assert f.outcomes == ["wounded"] and f.victims == ["Wagner Group"]


def test_totals_kind_carries_over() -> None:
    totals = PREVIOUS.model_copy(update={"kind": "totals", "outcomes": ["killed"]})
    parsed = apply_context(parse("and in Niger?"), totals)
    assert parsed.kind == "totals" and parsed.filters.countries == ["NE"]


def test_a_full_question_ignores_the_context() -> None:
    f = follow("latest RSF attacks in El Fasher")
    assert f.actors == ["RSF"] and f.places == ["El Fasher"]
    assert f.victims == [] and f.countries == [] and f.date_from is None


def test_no_context_no_change() -> None:
    assert follow("what about Malian soldiers?", None).actors == ["FAMa"]
