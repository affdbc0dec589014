"""Question parsing with the bundled actor catalog and gazetteer; dates relative to `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.answer.answering import default_vocabulary
from bot.answer.question import ParsedQuestion, parse_question, parse_time_window

NOW = datetime(2024, 8, 1, 12, tzinfo=UTC)  # a Thursday


def parse(question: str) -> ParsedQuestion:
    vocabulary = default_vocabulary()
    return parse_question(question, now=NOW, actors=vocabulary.actors, places=vocabulary.places)


def test_x_losses_means_x_suffered_them() -> None:
    parsed = parse("latest Wagner losses in Mali")
    assert parsed.kind == "latest"
    assert parsed.filters.victims == ["Wagner Group"] and parsed.filters.actors == []
    assert parsed.filters.countries == ["ML"] and parsed.filters.outcomes == []
    assert parsed.filters.text == ""


def test_place_question() -> None:
    parsed = parse("what happened in Tinzaouaten?")
    assert parsed.kind == "place" and parsed.filters.places == ["Tinzaouaten"]
    assert parsed.place_countries == {"Tinzaouaten": "ML"}
    assert parsed.filters.text == ""


def test_totals_question() -> None:
    parsed = parse("how many Malian soldiers were killed in July 2024?")
    assert parsed.kind == "totals"
    assert parsed.filters.victims == ["FAMa"] and parsed.filters.outcomes == ["killed"]
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        date(2024, 7, 1),
        date(2024, 7, 31),
    )
    assert parsed.filters.text == ""


def test_claims_questions() -> None:
    about_place = parse("who claims what about Tinzaouaten")
    assert about_place.kind == "claims" and about_place.filters.places == ["Tinzaouaten"]
    about_victim = parse("who claims Wagner losses")
    assert about_victim.kind == "claims" and about_victim.filters.victims == ["Wagner Group"]


def test_country_question_is_latest() -> None:
    parsed = parse("what's new in Sudan")
    assert parsed.kind == "latest" and parsed.filters.countries == ["SD"]
    assert parsed.filters.text == ""


def test_perpetrator_is_not_the_victim() -> None:
    parsed = parse("civilians killed by the RSF in El Fasher")
    assert parsed.filters.victims == ["Civilians"] and parsed.filters.actors == ["RSF"]
    assert parsed.filters.places == ["El Fasher"] and parsed.filters.outcomes == ["killed"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("today", (date(2024, 8, 1), date(2024, 8, 1))),
        ("yesterday", (date(2024, 7, 31), date(2024, 7, 31))),
        ("this week", (date(2024, 7, 29), date(2024, 8, 1))),
        ("last week", (date(2024, 7, 22), date(2024, 7, 28))),
        ("since Monday", (date(2024, 7, 29), date(2024, 8, 1))),
        ("since Thursday", (date(2024, 8, 1), date(2024, 8, 1))),
        ("in July", (date(2024, 7, 1), date(2024, 7, 31))),
        ("in September", (date(2023, 9, 1), date(2023, 9, 30))),  # the last one that happened
        ("in July 2023", (date(2023, 7, 1), date(2023, 7, 31))),
        ("late July", (date(2024, 7, 21), date(2024, 7, 31))),
        ("on 29 July", (date(2024, 7, 29), date(2024, 7, 29))),
        ("on July 29, 2024", (date(2024, 7, 29), date(2024, 7, 29))),
        ("since 20 July", (date(2024, 7, 20), date(2024, 8, 1))),
        ("since 2024-07-15", (date(2024, 7, 15), date(2024, 8, 1))),
        ("from 2024-07-01 to 2024-07-10", (date(2024, 7, 1), date(2024, 7, 10))),
        ("in 2023", (date(2023, 1, 1), date(2023, 12, 31))),
        ("last month", (date(2024, 7, 1), date(2024, 7, 31))),
        ("in the past 7 days", (date(2024, 7, 25), date(2024, 8, 1))),
        ("in the last 24 hours", (date(2024, 7, 31), date(2024, 8, 1))),
        ("latest", (None, None)),
        ("what may happen", (None, None)),  # "may" the verb, not the month
    ],
)
def test_time_words(words: str, expected: tuple[date | None, date | None]) -> None:
    date_from, date_to, _spans = parse_time_window(f"attacks {words}", today=NOW.date())
    assert (date_from, date_to) == expected


def test_leftover_words_go_to_full_text() -> None:
    parsed = parse("drone strikes in Kidal region last week")
    assert parsed.filters.text == "drone strikes"
    assert parsed.filters.places == ["Kidal region"]
    assert parsed.filters.date_from == date(2024, 7, 22)


def test_outcome_words() -> None:
    assert parse("wounded?").filters.outcomes == ["wounded"]
    assert parse("people abducted in Zamfara").filters.outcomes == ["abducted"]
    assert parse("soldiers captured near Sinja").filters.outcomes == ["captured"]
    assert parse("Wagner casualties").filters.outcomes == []  # any outcome
