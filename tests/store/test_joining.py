"""A report joining a known incident: its actors, sources and search text are merged in."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.clock import FrozenClock
from bot.ingest.pipeline import ingest_text
from models import Event, EventActor, EventDocument
from tests.store.seed import (
    CSP,
    LATE_JULY_2024,
    TINZAOUATEN,
    WAGNER,
    FakeCatalog,
    extractor_from,
    one_event,
)


def test_a_joining_report_names_sides_and_adds_actors(session: Session, clock: FrozenClock) -> None:
    extractor = extractor_from(
        one_event(place=TINZAOUATEN, when=LATE_JULY_2024, actors=[(CSP, "involved")]),
        one_event(
            place=TINZAOUATEN,
            when=LATE_JULY_2024,
            actors=[(CSP, "side_b"), (WAGNER, "side_a")],
        ),
        one_event(place=TINZAOUATEN, when=LATE_JULY_2024, actors=[(CSP, "involved")]),
    )
    texts = ["Fighting at Tinzaouaten.", "Rebels and Wagner clashed.", "More on the clashes."]
    results = [
        ingest_text(
            session=session, text=text, now=clock(), extractor=extractor, catalog=FakeCatalog()
        )
        for text in texts
    ]
    session.commit()
    [event_id] = results[0].event_ids
    assert all(r.event_ids == [event_id] for r in results)
    roles = {
        actor_id: role
        for actor_id, role in session.exec(
            select(EventActor.actor_id, EventActor.role).where(EventActor.event_id == event_id)
        )
    }
    assert sorted(roles.values()) == ["side_a", "side_b"]  # "involved" became a side, kept so
    sources = session.exec(select(EventDocument).where(EventDocument.event_id == event_id)).all()
    assert len(sources) == 3
    event = session.get(Event, event_id)
    assert event is not None
    assert "Wagner Group" in event.search_text.split("\n")
