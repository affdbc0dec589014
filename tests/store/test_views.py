"""Event views: claims with their sources, competing-figure ranges, outlets, and batch loading."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from bot.clock import FrozenClock
from bot.errors import NotFoundError
from bot.ingest.pipeline import ingest_text
from bot.store.views import figure_ranges, get_event_view, load_event_views
from bot.views import ClaimView
from tests.store.seed import FakeCatalog, extractor_from, seed_extraction, seed_text
from tests.store.test_ingest_pipeline import FOLLOW_UP, _follow_up_extraction


def _claim(victim: str, low: int | None, high: int | None, **kw: object) -> ClaimView:
    values: dict[str, object] = {
        "id": 1,
        "claimant": "X",
        "victim": victim,
        "outcome": "killed",
        "low": low,
        "high": high,
        "claim_kind": "adversary_claim",
        "sentence": "s",
        "document_id": 1,
    }
    values.update(kw)
    return ClaimView.model_validate(values)


def test_ranges_span_competing_figures_and_skip_retractions() -> None:
    ranges = figure_ranges(
        [
            _claim("Wagner Group", 84, None, claimant="CSP"),
            _claim("Wagner Group", 50, 50, claimant="JNIM"),
            _claim("Wagner Group", None, None, claimant="Wagner Group"),
            _claim("Wagner Group", 200, 200, claimant="CSP", stance="retracted"),
            _claim("FAMa", 40, 47, claimant="CSP"),
            _claim("FAMa", 7, 7, claimant="CSP", outcome="captured"),
        ]
    )
    assert [(r.victim, r.outcome, r.low, r.high, r.claim_count) for r in ranges] == [
        ("Wagner Group", "killed", 50, 84, 2),
        ("FAMa", "killed", 40, 47, 1),
        ("FAMa", "captured", 7, 7, 1),
    ]
    assert ranges[0].claimants == ["CSP", "JNIM"]


def test_event_view_of_two_reports(session: Session, clock: FrozenClock) -> None:
    extractor = extractor_from(seed_extraction, _follow_up_extraction)
    first = ingest_text(
        session=session,
        text=seed_text(),
        now=clock(),
        url="https://example.com/seed",
        publisher="Example Wire",
        published_at=datetime(2024, 8, 1, 9, tzinfo=UTC),
        extractor=extractor,
        catalog=FakeCatalog(),
    )
    ingest_text(
        session=session,
        text=FOLLOW_UP,
        now=clock(),
        published_at=datetime(2024, 8, 3, tzinfo=UTC),
        extractor=extractor,
        catalog=FakeCatalog(),
    )
    session.commit()

    view = get_event_view(session, first.event_ids[0])
    assert (view.place, view.country, view.country_code) == ("Tinzaouaten", "Mali", "ML")
    assert (view.date_start, view.date_end) == (date(2024, 7, 21), date(2024, 7, 31))
    assert [s.title for s in view.sources] == [
        "Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries",
        "Malian army says Tinzaouaten toll was lower",
    ]
    assert view.sources[0].publisher == "Example Wire"
    assert view.outlets == 2 and view.independent_outlets == 2
    wagner = next(r for r in view.ranges if r.victim == "Wagner Group" and r.outcome == "killed")
    assert (wagner.low, wagner.high, wagner.claim_count) == (12, 84, 3)
    # Claims come first-published first, each with its own source.
    assert view.claims[0].source_url == "https://example.com/seed"
    assert view.claims[-1].source_title == "Malian army says Tinzaouaten toll was lower"
    assert {a.name: a.role for a in view.actors}["CSP"] == "side_b"


def test_load_event_views_keeps_the_order_asked(session: Session, clock: FrozenClock) -> None:
    from tests.store.seed import EL_FASHER, GAO, LATE_JULY_2024, one_event

    ids = []
    for text, place in (("One in Gao.", GAO), ("Two in El Fasher.", EL_FASHER)):
        result = ingest_text(
            session=session,
            text=text,
            now=clock(),
            extractor=extractor_from(one_event(place=place, when=LATE_JULY_2024)),
            catalog=FakeCatalog(),
        )
        ids += result.event_ids
    views = load_event_views(session, [ids[1], 999, ids[0], ids[1]])
    assert [v.id for v in views] == [ids[1], ids[0]]
    assert views[0].claims == [] and views[0].ranges == []


def test_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError, match="42"):
        get_event_view(session, 42)
