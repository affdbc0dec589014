"""Backfills from UCDP GED and ACLED (both layouts): events, dataset claims, merging, re-import."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.clock import FrozenClock
from bot.errors import IngestError
from bot.ingest.datasets import country_code, import_acled, import_ucdp
from bot.ingest.pipeline import ingest_text
from bot.ingest.urls import is_http_url
from bot.store.views import get_event_view
from models import Claim, Document, Event, EventDocument
from tests.store.seed import FakeCatalog, extractor_from, seed_extraction, seed_text

DATA = Path(__file__).resolve().parent / "data"
ACLED_CURRENT = DATA / "acled_current.csv"
ACLED_V6 = DATA / "acled_v6.csv"
UCDP = DATA / "ucdp_ged.csv"


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _claims_by_document_url(engine: Engine) -> dict[str, Claim]:
    with Session(engine) as session:
        rows = session.exec(
            select(Document.url, Claim).join(Claim, col(Claim.document_id) == col(Document.id))
        ).all()
        return {url: claim for url, claim in rows if url}


def _event_of(engine: Engine, url: str) -> Event:
    with Session(engine) as session:
        event = session.exec(
            select(Event)
            .join(EventDocument, col(EventDocument.event_id) == col(Event.id))
            .join(Document, col(Document.id) == col(EventDocument.document_id))
            .where(Document.url == url)
        ).one()
        return event


def _ingest_seed_article(engine: Engine, clock: FrozenClock) -> int:
    with Session(engine) as session:
        result = ingest_text(
            session=session,
            text=seed_text(),
            now=clock(),
            url="https://wire.example/mali",
            published_at=datetime(2024, 8, 1, 9, tzinfo=UTC),
            extractor=extractor_from(seed_extraction),
            catalog=FakeCatalog(),
        )
        session.commit()
        [event_id] = result.event_ids
        return event_id


def test_acled_current_layout(engine: Engine, clock: FrozenClock) -> None:
    progress: list[tuple[int, int]] = []
    report = import_acled(
        ACLED_CURRENT, engine=engine, now=clock(), progress=lambda d, t: progress.append((d, t))
    )
    assert (report.rows, report.imported, report.unchanged) == (5, 4, 0)
    assert report.skipped == [(5, "unreadable date '29/13/2024'")]
    assert progress[-1] == (5, 5)
    assert report.claims == 3  # the protest had no fatalities: an event, no claim

    claims = _claims_by_document_url(engine)
    clash = claims["acled:MLI90001"]
    assert (clash.claimant, clash.claim_kind, clash.outcome) == ("ACLED", "dataset", "killed")
    assert (clash.low, clash.high, clash.victim) == (50, 50, "all sides")
    assert clash.sentence.startswith("On 27 July 2024, Wagner Group and Malian forces clashed")
    attack = claims["acled:MLI90005"]
    assert (attack.victim, attack.perpetrator, attack.low) == (
        "Civilians",
        "Unidentified Armed Group (Mali)",
        3,
    )
    assert "acled:MLI90003" not in claims

    event = _event_of(engine, "acled:MLI90001")
    assert (event.place, event.admin1, event.country_code) == ("Tinzaouaten", "Kidal", "ML")
    assert (event.date_start, event.date_end, event.date_precision) == (
        date(2024, 7, 27),
        date(2024, 7, 27),
        "day",
    )
    assert (event.lat, event.lon) == (19.956, 2.951)
    assert (event.origin, event.event_type) == ("acled", "armed_clash")
    with Session(engine) as session:
        view = get_event_view(session, event.id or 0)
        assert {a.name for a in view.actors} >= {"Wagner Group", "FAMa", "CSP"}
        document = session.exec(select(Document).where(Document.url == "acled:MLI90001")).one()
        assert document.text_source == "dataset" and not is_http_url(document.url)
        assert document.title == "ACLED MLI90001: Armed clash in Tin-Zaouaten, Mali"
        assert document.story_id == document.id


def test_acled_old_uppercase_layout(engine: Engine, clock: FrozenClock) -> None:
    report = import_acled(ACLED_V6, engine=engine, now=clock())
    assert (report.imported, report.claims, report.skipped) == (2, 1, [])
    event = _event_of(engine, "acled:1001RTA")
    assert (event.date_start, event.country_code, event.place) == (
        date(2016, 2, 5),
        "ML",
        "Goundam",
    )
    mine = _event_of(engine, "acled:1002RTA")
    assert (mine.event_type, mine.date_precision) == ("explosion_ied", "week")
    claim = _claims_by_document_url(engine)["acled:1001RTA"]
    assert (claim.low, claim.high) == (6, 6)
    assert "4 soldiers and 2 attackers were killed" in claim.sentence


def test_ucdp_best_low_high(engine: Engine, clock: FrozenClock) -> None:
    report = import_ucdp(UCDP, engine=engine, now=clock())
    assert (report.imported, report.claims, report.skipped) == (3, 3, [])
    claims = _claims_by_document_url(engine)
    battle = claims["ucdp:ged:900001"]
    assert (battle.claimant, battle.claim_kind, battle.victim) == ("UCDP", "dataset", "all sides")
    assert (battle.low, battle.high, battle.qualifier) == (22, 90, "best estimate 30")
    assert battle.sentence == "Rebels say dozens of soldiers killed in desert battle"
    one_sided = claims["ucdp:ged:900002"]
    assert (
        one_sided.victim,
        one_sided.perpetrator,
        one_sided.low,
        one_sided.high,
        one_sided.qualifier,
    ) == (
        "Civilians",
        "Government of Central African Republic",
        4,
        4,
        None,
    )
    assert one_sided.sentence.startswith("UCDP GED event 900002:")  # no headline: described
    event = _event_of(engine, "ucdp:ged:900001")
    assert (event.place, event.date_start, event.date_end, event.date_precision) == (
        "Tinzaouaten",
        date(2024, 7, 25),
        date(2024, 7, 27),
        "week",
    )
    assert _event_of(engine, "ucdp:ged:900002").event_type == "violence_against_civilians"
    russia = _event_of(engine, "ucdp:ged:900003")
    assert (russia.country_code, russia.place) == ("UA", "Kharkiv")  # province level: a region


def test_reimport_changes_nothing(engine: Engine, clock: FrozenClock) -> None:
    import_acled(ACLED_CURRENT, engine=engine, now=clock())
    import_ucdp(UCDP, engine=engine, now=clock())
    counts = [_count(engine, model) for model in (Document, Event, Claim, EventDocument)]
    clock.advance(days=3)
    again = import_acled(ACLED_CURRENT, engine=engine, now=clock())
    assert (again.imported, again.unchanged, again.claims) == (0, 4, 0)
    assert import_ucdp(UCDP, engine=engine, now=clock()).unchanged == 3
    assert [_count(engine, model) for model in (Document, Event, Claim, EventDocument)] == counts


def test_dataset_rows_join_the_article_event_about_the_same_incident(
    engine: Engine, clock: FrozenClock
) -> None:
    article_event = _ingest_seed_article(engine, clock)
    acled = import_acled(ACLED_CURRENT, engine=engine, now=clock())
    ucdp = import_ucdp(UCDP, engine=engine, now=clock())
    assert _event_of(engine, "acled:MLI90001").id == article_event
    assert _event_of(engine, "ucdp:ged:900001").id == article_event
    # A second ACLED row about the next day's fighting is ACLED's own second event: it stays apart
    # so that ACLED's two tolls add up instead of reading as competing figures for one event.
    assert _event_of(engine, "acled:MLI90002").id != article_event
    assert (acled.events_joined, ucdp.events_joined) == (1, 1)
    with Session(engine) as session:
        view = get_event_view(session, article_event)
        claimants = {c.claimant for c in view.claims}
        assert {"ACLED", "UCDP", "CSP", "JNIM"} <= claimants
        event = session.get(Event, article_event)
        assert event is not None and event.origin == "article"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Mali", "ML"),
        ("DR Congo (Zaire)", "CD"),
        ("Democratic Republic of Congo", "CD"),
        ("Russia (Soviet Union)", "RU"),
        ("Kingdom of eSwatini (Swaziland)", "SZ"),
        ("Bosnia-Herzegovina", "BA"),
        ("Ivory Coast", "CI"),
        ("Atlantis", None),
    ],
)
def test_dataset_country_names(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_unreadable_files_are_clear_errors(
    engine: Engine, clock: FrozenClock, tmp_path: Path
) -> None:
    with pytest.raises(IngestError, match="cannot read"):
        import_ucdp(tmp_path / "missing.csv", engine=engine, now=clock())
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(IngestError, match="not a CSV"):
        import_acled(binary, engine=engine, now=clock())
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(IngestError, match="is empty"):
        import_acled(empty, engine=engine, now=clock())


def test_rows_missing_required_columns_are_skipped_with_the_reason(
    engine: Engine, clock: FrozenClock, tmp_path: Path
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("event_id_cnty,country,notes\nX1,Mali,hello\n", encoding="utf-8")
    report = import_acled(path, engine=engine, now=clock())
    assert report.imported == 0 and report.skipped == [(2, "missing event_date")]
