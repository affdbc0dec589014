"""answer_question over a store filled with hand-made extractions (the real extractor is
exercised in tests/test_end_to_end*.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from bot.answer import answer_question, recent_events
from bot.clock import FrozenClock
from bot.errors import UsageError
from bot.extract.types import ActorInfo, ArticleExtraction, DateRange, PlaceInfo
from bot.ingest.pipeline import ingest_text
from bot.views import Answer, QueryFilters
from tests.store.seed import (
    EL_FASHER,
    FAMA,
    JNIM,
    RSF,
    SAF,
    claim,
    extractor_from,
    one_event,
    seed_extraction,
    seed_text,
)
from tests.store.test_ingest_pipeline import FOLLOW_UP, _follow_up_extraction

SEGOU = PlaceInfo("Ségou", "town", "ML", "Ségou", 13.43, -6.26)
CIVILIANS = ActorInfo("Civilians", "civilians")

SEGOU_TEXT = (
    "Nine Malian soldiers were killed and five wounded near Ségou on Wednesday, the army said. "
    "JNIM said it had killed 21 Malian soldiers in the ambush."
)
FASHER_TEXT = (
    "At least 22 civilians were killed and more than 40 wounded when shells hit the market "
    "in El Fasher on Sunday, local health officials said."
)
RETRACTION_TEXT = (
    "The RSF withdrew its claim to have killed 300 Sudanese soldiers near El Fasher. "
    "The army said two soldiers were wounded."
)


def _segou(text: str) -> ArticleExtraction:
    return one_event(
        place=SEGOU,
        when=DateRange(date(2024, 7, 10), date(2024, 7, 10), "day"),
        actors=[(FAMA, "side_a"), (JNIM, "side_b")],
        title="Ambush near Ségou",
        claims=lambda t: [
            claim(
                t,
                "Nine Malian",
                claimant=FAMA,
                victim=FAMA,
                low=9,
                high=9,
                claim_kind="own_side_admission",
            ),
            claim(
                t,
                "Nine Malian",
                claimant=FAMA,
                victim=FAMA,
                outcome="wounded",
                low=5,
                high=5,
                claim_kind="own_side_admission",
            ),
            claim(t, "JNIM said", claimant=JNIM, victim=FAMA, low=21, high=21),
        ],
    )(text)


def _fasher(text: str) -> ArticleExtraction:
    return one_event(
        place=EL_FASHER,
        when=DateRange(date(2024, 8, 11), date(2024, 8, 11), "day"),
        actors=[(RSF, "side_a"), (CIVILIANS, "side_b")],
        title="Shelling of El Fasher market",
        claims=lambda t: [
            claim(
                t,
                "At least 22",
                claimant="local health officials",
                victim=CIVILIANS,
                low=22,
                qualifier="at least",
                claim_kind="third_party_report",
            ),
            claim(
                t,
                "At least 22",
                claimant="local health officials",
                victim=CIVILIANS,
                outcome="wounded",
                low=40,
                qualifier="more than",
                claim_kind="third_party_report",
            ),
        ],
    )(text)


def _retraction(text: str) -> ArticleExtraction:
    return one_event(
        place=EL_FASHER,
        when=DateRange(date(2024, 8, 13), date(2024, 8, 13), "day"),
        actors=[(RSF, "side_a"), (SAF, "side_b")],
        title="RSF withdraws El Fasher claim",
        claims=lambda t: [
            claim(t, "withdrew", claimant=RSF, victim=SAF, low=300, high=300, stance="retracted"),
            claim(
                t,
                "two soldiers",
                claimant=SAF,
                victim=SAF,
                outcome="wounded",
                low=2,
                high=2,
                claim_kind="own_side_admission",
            ),
        ],
    )(text)


@pytest.fixture
def store(session: Session, clock: FrozenClock) -> Session:
    articles = [
        (seed_text(), seed_extraction, "2024-08-01", "https://example.com/seed", "Example Wire"),
        (FOLLOW_UP, _follow_up_extraction, "2024-08-03", None, "Sahel Wire"),
        (SEGOU_TEXT, _segou, "2024-07-11", None, "Sahel Wire"),
        (FASHER_TEXT, _fasher, "2024-08-12", "https://example.com/fasher", "Horn Dispatch"),
        (RETRACTION_TEXT, _retraction, "2024-08-16", None, "Horn Dispatch"),
    ]
    for text, builder, published, url, publisher in articles:
        ingest_text(
            session=session,
            text=text,
            now=clock(),
            url=url,
            publisher=publisher,
            published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
            extractor=extractor_from(builder),
        )
    session.commit()
    return session


def ask(session: Session, question: str, context: QueryFilters | None = None) -> Answer:
    return answer_question(
        session=session, question=question, now=datetime(2024, 8, 20, tzinfo=UTC), context=context
    )


def test_latest_wagner_losses_in_mali(store: Session) -> None:
    answer = ask(store, "latest Wagner losses in Mali")
    assert answer.kind == "latest" and len(answer.events) == 1
    event = answer.events[0]
    assert event.place == "Tinzaouaten" and event.country_code == "ML"
    wagner = next(r for r in event.ranges if r.victim == "Wagner Group" and r.outcome == "killed")
    assert (wagner.low, wagner.high) == (12, 84)
    assert len(event.sources) == 2
    # Every figure traces to a sentence of its source.
    assert all(c.sentence and c.document_id for c in event.claims)


def test_place_question(store: Session) -> None:
    answer = ask(store, "what happened in Tinzaouaten?")
    assert answer.kind == "place" and [e.place for e in answer.events] == ["Tinzaouaten"]


def test_totals_count_each_event_once(store: Session) -> None:
    answer = ask(store, "how many Malian soldiers were killed in July 2024?")
    assert answer.kind == "totals" and answer.totals is not None
    rows = {row.event_title: (row.low, row.high) for row in answer.totals.rows}
    # Tinzaouaten: CSP says 47, the army 15 -> 15-47, not 62. Ségou: 9 (army) to 21 (JNIM).
    assert rows == {"Ambush near Ségou": (9, 21), "Fighting near Tinzaouaten, Mali": (15, 47)}
    assert (answer.totals.low, answer.totals.high) == (24, 68)
    assert answer.totals.victim == "FAMa" and answer.totals.outcome == "killed"
    for row in answer.totals.rows:
        assert all(c.victim == "FAMa" and c.outcome == "killed" for c in row.claims)
    # Each row carries the event's whole date window, so a table can say how precise it is.
    tinzaouaten = next(r for r in answer.totals.rows if "Tinzaouaten" in r.event_title)
    view = next(e for e in ask(store, "what happened in Tinzaouaten?").events)
    assert (tinzaouaten.date_start, tinzaouaten.date_end, tinzaouaten.date_precision) == (
        view.date_start,
        view.date_end,
        view.date_precision,
    )
    assert tinzaouaten.date_end is not None and tinzaouaten.date_precision != "unknown"


def test_retracted_claims_do_not_count(store: Session) -> None:
    answer = ask(store, "how many Sudanese soldiers were killed in August 2024?")
    assert answer.kind == "none"  # the only figure was withdrawn
    wounded = ask(store, "how many Sudanese soldiers were wounded in August 2024?")
    assert wounded.totals is not None and (wounded.totals.low, wounded.totals.high) == (2, 2)


def test_claims_question(store: Session) -> None:
    answer = ask(store, "who claims Wagner losses")
    assert answer.kind == "claims"
    claimants = {c.claimant for c in answer.events[0].claims if c.victim == "Wagner Group"}
    assert claimants == {"CSP", "JNIM", "Wagner Group", "FAMa"}


def test_whats_new_in_sudan_is_most_recent_first(store: Session) -> None:
    answer = ask(store, "what's new in Sudan")
    assert [e.title for e in answer.events] == [
        "RSF withdraws El Fasher claim",
        "Shelling of El Fasher market",
    ]


def test_no_match_says_so_and_suggests_a_broader_question(store: Session) -> None:
    answer = ask(store, "latest Wagner losses in Mali in June 2024")
    assert answer.kind == "none" and answer.events == []
    assert answer.message is not None and "June 2024" in answer.message
    assert answer.suggestion == "latest Wagner Group losses in Mali"
    # ...and the suggestion itself is answered.
    assert ask(store, answer.suggestion).events


def test_no_match_widens_a_town_to_its_country(store: Session) -> None:
    answer = ask(store, "latest Wagner losses in Gao")
    assert answer.kind == "none" and answer.suggestion == "latest Wagner Group losses in Mali"


def test_follow_ups(store: Session) -> None:
    first = ask(store, "latest Wagner losses in Mali")
    soldiers = ask(store, "what about Malian soldiers?", context=first.filters)
    assert soldiers.filters.victims == ["FAMa"]
    assert {e.title for e in soldiers.events} == {
        "Fighting near Tinzaouaten, Mali",
        "Ambush near Ségou",
    }
    sources = ask(store, "sources?", context=soldiers.filters)
    assert sources.kind == "sources" and len(sources.events) == 2
    wounded = ask(store, "wounded?", context=soldiers.filters)
    assert [e.title for e in wounded.events] == ["Ambush near Ségou"]
    sudan = ask(store, "and in Sudan?", context=first.filters)
    assert sudan.kind == "none"  # no Wagner losses there


def test_full_text_finds_words_in_sentences(store: Session) -> None:
    answer = ask(store, "market shelling")
    assert [e.title for e in answer.events] == ["Shelling of El Fasher market"]
    aliases = ask(store, "Permanent Strategic Framework")  # a CSP alias, not in the article
    assert aliases.events and aliases.events[0].place == "Tinzaouaten"


def test_recent_events_with_filters(store: Session) -> None:
    all_events = recent_events(session=store, now=datetime(2024, 8, 20, tzinfo=UTC))
    assert len(all_events) == 4
    mali = recent_events(
        session=store,
        now=datetime(2024, 8, 20, tzinfo=UTC),
        filters=QueryFilters(countries=["ML"], actors=["JNIM"]),
    )
    assert [e.title for e in mali] == ["Fighting near Tinzaouaten, Mali", "Ambush near Ségou"]


def test_an_empty_question_is_a_usage_error(session: Session) -> None:
    with pytest.raises(UsageError, match="Ask a question"):
        ask(session, "   ")


def test_empty_store_has_no_suggestion(session: Session) -> None:
    answer = ask(session, "latest Wagner losses in Mali")
    assert answer.kind == "none" and answer.suggestion is None


def test_answer_json_shape(store: Session) -> None:
    data = ask(store, "latest Wagner losses in Mali").model_dump(mode="json")
    assert {"question", "kind", "events"} <= data.keys()
    event = data["events"][0]
    assert {
        "id",
        "title",
        "summary",
        "event_type",
        "place",
        "admin1",
        "country",
        "country_code",
        "date_start",
        "date_end",
        "claims",
        "sources",
    } <= event.keys()
    assert {
        "claimant",
        "victim",
        "outcome",
        "low",
        "high",
        "qualifier",
        "claim_kind",
        "sentence",
        "source_url",
    } <= event["claims"][0].keys()
    assert {"title", "publisher", "url", "published_at"} <= event["sources"][0].keys()
