"""ingest_text with hand-made extractions: storage, deduplication, joining incidents, atomicity."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.errors import IngestError
from bot.extract.types import ActorInfo, ArticleExtraction, DateRange, PlaceInfo
from bot.ingest.pipeline import NO_EVENT_NOTE, ingest_text, normalise_text, split_headline
from models import Actor, Claim, Document, Event, EventActor, EventDocument, Publisher
from tests.store.seed import (
    CSP,
    EL_FASHER,
    FAMA,
    GAO,
    JNIM,
    KIDAL,
    LATE_JULY_2024,
    RSF,
    SAF,
    TINZAOUATEN,
    WAGNER,
    FakeCatalog,
    claim,
    extractor_from,
    one_event,
    seed_extraction,
    seed_text,
)

PUBLISHED = datetime(2024, 8, 1, 9, 0, tzinfo=UTC)
FOLLOW_UP = (
    "Malian army says Tinzaouaten toll was lower\n"
    "The Malian army said on Saturday that 12 Wagner fighters and 15 Malian soldiers were "
    "killed near Tinzaouaten in late July, far fewer than the rebels claimed.\n"
    "The Tuareg rebels of the CSP stood by their figures."
)


def _ingest(session: Session, clock: FrozenClock, text: str, extractor, **kwargs):  # type: ignore[no-untyped-def]
    return ingest_text(
        session=session,
        text=text,
        now=clock(),
        extractor=extractor,
        catalog=FakeCatalog(),
        **kwargs,
    )


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _follow_up_extraction(text: str) -> ArticleExtraction:
    return one_event(
        place=TINZAOUATEN,
        when=LATE_JULY_2024,
        actors=[(FAMA, "side_a"), (WAGNER, "side_a"), (CSP, "side_b")],
        claims=lambda t: [
            claim(t, "12 Wagner", claimant=FAMA, victim=WAGNER, low=12, high=12),
            claim(t, "12 Wagner", claimant=FAMA, victim=FAMA, low=15, high=15),
        ],
    )(text)


def test_seed_article_is_stored_with_provenance(session: Session, clock: FrozenClock) -> None:
    result = _ingest(
        session,
        clock,
        seed_text(),
        extractor_from(seed_extraction),
        url="https://example.com/mali/tinzaouaten?utm_source=x",
        publisher="Example Wire",
        published_at=PUBLISHED,
    )
    session.commit()

    assert result.created and result.title == (
        "Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries"
    )
    assert result.claims_added == 6 and result.event_ids == result.new_event_ids
    document = session.get(Document, result.document_id)
    assert document is not None
    assert document.url == "https://example.com/mali/tinzaouaten"
    assert document.story_id == document.id
    assert document.language == "en"
    assert not document.text.startswith("Tuareg Rebels Claim")
    event = session.get(Event, result.event_ids[0])
    assert event is not None and event.place == "Tinzaouaten" and event.country_code == "ML"
    assert (event.date_start, event.date_end) == (date(2024, 7, 21), date(2024, 7, 31))
    for stored in session.exec(select(Claim)):
        assert document.text[stored.sentence_start : stored.sentence_end] == stored.sentence
    assert session.exec(select(Publisher.name, Publisher.domain)).one() == (
        "Example Wire",
        "example.com",
    )
    # Search text carries alias words (once each), so full text finds "Tuareg rebels" and
    # "Permanent Strategic Framework" although the claims name "CSP".
    words = event.search_text.split()
    assert {"Tuareg", "rebels", "Permanent", "Strategic", "Framework", "Mali"} <= set(words)
    roles = dict(
        session.exec(
            select(Actor.name, EventActor.role).join(EventActor, EventActor.actor_id == Actor.id)
        ).all()
    )
    assert roles["Wagner Group"] == "side_a" and roles["CSP"] == "side_b"
    assert roles["JNIM"] == "involved"  # a claimant speaking for a side


def test_reingesting_the_same_document_changes_nothing(
    session: Session, clock: FrozenClock
) -> None:
    extractor = extractor_from(seed_extraction)
    first = _ingest(session, clock, seed_text(), extractor, url="https://example.com/a")
    session.commit()
    counts = [_count(session, m) for m in (Document, Event, Claim, EventDocument, Actor)]
    clock.advance(hours=5)

    again = _ingest(session, clock, seed_text() + "\n\n  ", extractor)
    same_url = _ingest(
        session, clock, "Other text entirely.", extractor, url="https://example.com/a#x"
    )
    session.commit()

    assert not again.created and again.document_id == first.document_id
    assert again.event_ids == first.event_ids and again.claims_added == 0
    assert not same_url.created and same_url.document_id == first.document_id
    assert [_count(session, m) for m in (Document, Event, Claim, EventDocument, Actor)] == counts
    event = session.get(Event, first.event_ids[0])
    assert event is not None and event.last_seen == datetime(2024, 8, 1, 12, 0, tzinfo=UTC)


def test_follow_up_article_joins_the_event_as_a_second_source(
    session: Session, clock: FrozenClock
) -> None:
    extractor = extractor_from(seed_extraction, _follow_up_extraction)
    first = _ingest(session, clock, seed_text(), extractor, published_at=PUBLISHED)
    session.commit()
    clock.advance(days=2)
    second = _ingest(
        session, clock, FOLLOW_UP, extractor, published_at=datetime(2024, 8, 3, tzinfo=UTC)
    )
    session.commit()

    assert second.created and second.event_ids == first.event_ids
    assert second.new_event_ids == [] and second.claims_added == 2
    assert _count(session, Event) == 1
    assert _count(session, EventDocument) == 2
    wagner_killed = session.exec(
        select(Claim.claimant, Claim.low).where(
            Claim.victim == "Wagner Group",
            Claim.outcome == "killed",
            col(Claim.low).is_not(None),
        )
    ).all()
    assert sorted(wagner_killed) == [("CSP", 84), ("FAMa", 12), ("JNIM", 50)]
    event = session.get(Event, first.event_ids[0])
    assert event is not None
    assert event.updated_at == clock() and event.first_seen < clock()
    assert "far fewer than the rebels claimed" in event.search_text
    assert {"Tuareg", "rebels"} <= set(event.search_text.split())
    assert event.summary.startswith("CSP rebels fought")  # the first summary is kept


@pytest.mark.parametrize(
    ("place", "when", "actors", "joins"),
    [
        (KIDAL, LATE_JULY_2024, [(CSP, "side_b")], False),  # ~200 km away
        (
            TINZAOUATEN,
            DateRange(date(2024, 6, 1), date(2024, 6, 3), "day"),
            [(CSP, "side_b")],
            False,
        ),
        (TINZAOUATEN, LATE_JULY_2024, [(RSF, "side_a")], False),  # nobody in common
        (
            TINZAOUATEN,
            DateRange(date(2024, 8, 2), date(2024, 8, 2), "day"),
            [(CSP, "side_b")],
            True,
        ),
        (None, LATE_JULY_2024, [(WAGNER, "side_a")], True),  # no place, shared actor
        (None, LATE_JULY_2024, [], False),  # nothing positive in common
        (TINZAOUATEN, LATE_JULY_2024, [], True),  # same place, no actors named
    ],
)
def test_which_reports_join_an_incident(
    session: Session,
    clock: FrozenClock,
    place: PlaceInfo | None,
    when: DateRange | None,
    actors: list[tuple[ActorInfo, str]],
    joins: bool,
) -> None:
    extractor = extractor_from(
        seed_extraction, one_event(place=place, when=when, actors=actors, country_code="ML")
    )
    first = _ingest(session, clock, seed_text(), extractor)
    second = _ingest(session, clock, "Another report about northern Mali fighting.", extractor)
    assert (second.event_ids == first.event_ids) is joins
    assert (second.new_event_ids == []) is joins


def test_a_nearby_town_joins_within_fifty_km(session: Session, clock: FrozenClock) -> None:
    near = TINZAOUATEN.__class__("Near Tinza", "town", "ML", "Kidal", 20.2, 3.1)  # ~30 km
    extractor = extractor_from(
        seed_extraction, one_event(place=near, when=LATE_JULY_2024, actors=[(CSP, "side_b")])
    )
    first = _ingest(session, clock, seed_text(), extractor)
    second = _ingest(session, clock, "Fighting near the Algerian border.", extractor)
    assert second.event_ids == first.event_ids


def test_text_without_events_is_stored_with_a_note(session: Session, clock: FrozenClock) -> None:
    result = _ingest(
        session,
        clock,
        "The central bank kept interest rates unchanged on Tuesday.",
        extractor_from(lambda _t: ArticleExtraction()),
    )
    session.commit()
    assert result.created and result.event_ids == [] and NO_EVENT_NOTE in result.notes
    document = session.get(Document, result.document_id)
    assert document is not None and document.extraction_note == NO_EVENT_NOTE
    assert _count(session, Event) == 0


def test_duplicate_claims_in_one_document_are_stored_once(
    session: Session, clock: FrozenClock
) -> None:
    def twice(text: str) -> ArticleExtraction:
        extraction = seed_extraction(text)
        extraction.events.append(extraction.events[0])
        return extraction

    result = _ingest(session, clock, seed_text(), extractor_from(twice))
    session.commit()
    assert result.claims_added == 6 and _count(session, Claim) == 6


def test_two_events_in_one_article(session: Session, clock: FrozenClock) -> None:
    def two(text: str) -> ArticleExtraction:
        gao = one_event(place=GAO, when=LATE_JULY_2024, actors=[(JNIM, "side_a")])(text)
        fasher = one_event(
            place=EL_FASHER, when=LATE_JULY_2024, actors=[(RSF, "side_a"), (SAF, "side_b")]
        )(text)
        return ArticleExtraction(events=gao.events + fasher.events)

    result = _ingest(session, clock, "Attacks in Gao and in El Fasher.", extractor_from(two))
    assert len(result.new_event_ids) == 2 and len(set(result.event_ids)) == 2


def test_failure_leaves_nothing_half_written(engine: Engine, clock: FrozenClock) -> None:
    def broken(text: str) -> ArticleExtraction:
        raise RuntimeError("extractor crashed")

    with pytest.raises(RuntimeError), session_scope(engine) as session:
        _ingest(session, clock, seed_text(), extractor_from(broken), publisher="Example Wire")
    with Session(engine) as session:
        assert _count(session, Document) == 0 and _count(session, Publisher) == 0
        # ...and the actor cache did not survive the rollback with dangling ids.
    with session_scope(engine) as session:
        result = _ingest(session, clock, seed_text(), extractor_from(seed_extraction))
    assert result.claims_added == 6


def test_actor_ids_survive_a_rolled_back_transaction(engine: Engine, clock: FrozenClock) -> None:
    with Session(engine) as session:
        _ingest(session, clock, seed_text(), extractor_from(seed_extraction))
        session.rollback()
        result = _ingest(session, clock, seed_text(), extractor_from(seed_extraction))
        session.commit()
    assert result.claims_added == 6


def test_publishers_are_shared(session: Session, clock: FrozenClock) -> None:
    empty = extractor_from(lambda _t: ArticleExtraction())
    _ingest(session, clock, "First text about nothing.", empty, publisher="Example Wire")
    _ingest(session, clock, "Second text about nothing.", empty, publisher=" Example  Wire ")
    assert _count(session, Publisher) == 1


def test_empty_and_bad_input(session: Session, clock: FrozenClock) -> None:
    empty = extractor_from(lambda _t: ArticleExtraction())
    with pytest.raises(IngestError, match="empty"):
        _ingest(session, clock, " \n\t\u200b ", empty)
    with pytest.raises(IngestError, match="http"):
        _ingest(session, clock, "Some text.", empty, url="ftp://example.com/x")


def test_reference_date_is_the_ingest_date_without_publication(
    session: Session, clock: FrozenClock
) -> None:
    seen: list[date] = []

    def extractor(text: str, *, published: date, **_kw: object) -> ArticleExtraction:
        seen.append(published)
        return ArticleExtraction()

    ingest_text(session=session, text="One.", now=clock(), extractor=extractor)
    ingest_text(
        session=session,
        text="Two.",
        now=clock(),
        extractor=extractor,
        published_at=PUBLISHED.replace(month=7),
    )
    assert seen == [date(2024, 8, 1), date(2024, 7, 1)]


def test_normalise_text_keeps_paragraphs() -> None:
    raw = "Cafe\u0301  in\tGao\u00a0today. \r\n\r\n\r\n  Second   paragraph.\nLine two.\ufeff"
    assert normalise_text(raw) == "Café in Gao today.\n\nSecond paragraph.\nLine two."


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Rebels claim 84 killed\nBody text here.", "Rebels claim 84 killed"),
        ("# Rebels claim 84 killed\nBody.", "Rebels claim 84 killed"),
        ("Gunmen killed 12 people on Monday.\nMore text.", None),  # a sentence, not a headline
        ("Gunmen killed 12 people on Monday", None),  # nothing follows it
        ("x" * 250 + "\nBody.", None),
    ],
)
def test_split_headline(text: str, headline: str | None) -> None:
    found, body = split_headline(text)
    assert found == headline
    assert body == (text if headline is None else text.split("\n", 1)[1])


def test_competing_claimants_in_one_sentence_are_both_kept(
    session: Session, clock: FrozenClock
) -> None:
    text = (
        "Clashes near Kidal\n"
        "The CSP said it killed 40 Wagner fighters near Kidal in late July, while Wagner "
        "said only 3 of its fighters were killed."
    )
    extractor = extractor_from(
        one_event(
            place=KIDAL,
            when=LATE_JULY_2024,
            actors=[(WAGNER, "side_a"), (CSP, "side_b")],
            claims=lambda t: [
                claim(t, "killed 40", claimant=CSP, victim=WAGNER, low=40, high=40),
                claim(
                    t,
                    "killed 40",
                    claimant=WAGNER,
                    victim=WAGNER,
                    low=3,
                    high=3,
                    claim_kind="own_side_admission",
                ),
            ],
        )
    )
    _ingest(session, clock, text, extractor)
    session.commit()
    figures = sorted(
        (c.claimant, c.low) for c in session.exec(select(Claim)).all() if c.victim == WAGNER.name
    )
    assert figures == [(CSP.name, 40), (WAGNER.name, 3)]


def test_a_dated_report_replaces_a_reported_window(session: Session, clock: FrozenClock) -> None:
    """An article with no date for the fighting stores the days up to its report ("reported");
    a later report that dates the fighting replaces that window, never the other way round."""
    reported = DateRange(date(2024, 7, 29), date(2024, 8, 1), "reported")
    dated = DateRange(date(2024, 7, 30), date(2024, 7, 30), "day")
    extractor = extractor_from(
        one_event(place=TINZAOUATEN, when=reported, actors=[(CSP, "side_b")]),
        one_event(place=TINZAOUATEN, when=dated, actors=[(CSP, "side_b")]),
        one_event(place=TINZAOUATEN, when=reported, actors=[(CSP, "side_b")]),
    )
    first = _ingest(session, clock, "Rebels say they beat back an assault.", extractor)
    event = session.get(Event, first.event_ids[0])
    assert event is not None and event.date_precision == "reported"
    for text in ("The assault came on Tuesday, the army said.", "Rebels repeat their claim."):
        joined = _ingest(session, clock, text, extractor)
        assert joined.event_ids == first.event_ids
        session.refresh(event)
        assert (event.date_start, event.date_end, event.date_precision) == (
            dated.start,
            dated.end,
            "day",
        )
