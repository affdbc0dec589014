"""Events straight into the database (no extraction): small, explicit fixtures for Slack tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from models import Actor, Claim, Document, Event, EventActor, EventDocument, Publisher


@dataclass
class ClaimSpec:
    claimant: str
    victim: str
    sentence: str
    low: int | None = None
    qualifier: str | None = None
    outcome: str = "killed"
    kind: str = "adversary_claim"


@dataclass
class EventSpec:
    title: str
    place: str
    country_code: str
    day: date
    actors: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    claims: list[ClaimSpec] = field(default_factory=list)
    summary: str = ""
    url: str | None = None
    publisher: str = "Reuters"
    event_type: str = "armed_clash"


def _actor(session: Session, name: str) -> Actor:
    found = session.exec(select(Actor).where(Actor.name == name)).first()
    if found is None:
        found = Actor(name=name, kind="unknown", aliases=[])
        session.add(found)
        session.flush()
    return found


def add_event(session: Session, spec: EventSpec) -> int:
    text = "\n".join([spec.title, *(c.sentence for c in spec.claims)])
    publisher = session.exec(select(Publisher).where(Publisher.name == spec.publisher)).first()
    if publisher is None:
        publisher = Publisher(name=spec.publisher)
        session.add(publisher)
        session.flush()
    published = datetime.combine(spec.day, datetime.min.time(), tzinfo=UTC)
    document = Document(
        url=spec.url,
        title=spec.title,
        published_at=published,
        retrieved_at=published,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        publisher_id=publisher.id,
    )
    session.add(document)
    session.flush()
    document.story_id = document.id
    search = " ".join(
        [
            spec.title,
            spec.summary,
            spec.place,
            *(a for a, _ in spec.actors),
            *(c.sentence for c in spec.claims),
        ]
    )
    event = Event(
        event_type=spec.event_type,
        title=spec.title,
        summary=spec.summary,
        place=spec.place,
        country_code=spec.country_code,
        date_start=spec.day,
        date_end=spec.day,
        date_precision="day",
        first_seen=published,
        last_seen=published,
        updated_at=published,
        search_text=search,
    )
    session.add(event)
    session.flush()
    assert event.id is not None and document.id is not None
    session.add(EventDocument(event_id=event.id, document_id=document.id, added_at=published))
    for name, role in spec.actors:
        actor = _actor(session, name)
        assert actor.id is not None
        session.add(EventActor(event_id=event.id, actor_id=actor.id, role=role))
    for c in spec.claims:
        start = text.index(c.sentence)
        session.add(
            Claim(
                event_id=event.id,
                document_id=document.id,
                claimant=c.claimant,
                victim=c.victim,
                victim_actor_id=_actor(session, c.victim).id,
                claimant_actor_id=_actor(session, c.claimant).id,
                outcome=c.outcome,
                low=c.low,
                high=c.low,
                qualifier=c.qualifier,
                claim_kind=c.kind,
                sentence=c.sentence,
                sentence_start=start,
                sentence_end=start + len(c.sentence),
                created_at=published,
            )
        )
    session.flush()
    return event.id


TINZAOUATEN = EventSpec(
    title="Tuareg rebels claim heavy Wagner losses near Tinzaouaten",
    place="Tinzaouaten",
    country_code="ML",
    day=date(2024, 7, 27),
    summary="CSP rebels fought Wagner Group and FAMa near Tinzaouaten.",
    url="https://www.reuters.com/world/africa/tinzaouaten-2024-08-01/",
    actors=[("CSP", "side_a"), ("Wagner Group", "side_b"), ("FAMa", "side_b")],
    claims=[
        ClaimSpec(
            "CSP",
            "Wagner Group",
            "Rebels said they killed at least 84 Wagner mercenaries.",
            low=84,
            qualifier="at least",
        ),
        ClaimSpec("CSP", "FAMa", "Rebels said they killed 47 Malian soldiers.", low=47),
        ClaimSpec(
            "JNIM",
            "Wagner Group",
            "JNIM said 50 Wagner fighters were killed.",
            low=50,
            kind="third_party_report",
        ),
        ClaimSpec(
            "Wagner Group",
            "Wagner Group",
            "Wagner admitted to heavy losses.",
            qualifier="heavy losses",
            kind="own_side_admission",
        ),
    ],
)

DJIBO = EventSpec(
    title="JNIM attack on soldiers near Djibo",
    place="Djibo",
    country_code="BF",
    day=date(2024, 7, 20),
    summary="JNIM fighters attacked an army post near Djibo.",
    url="https://example-news.com/burkina/djibo",
    publisher="Example News",
    actors=[("JNIM", "side_a"), ("Burkina Faso Armed Forces", "side_b")],
    claims=[
        ClaimSpec(
            "JNIM", "Burkina Faso Armed Forces", "JNIM claimed it killed 20 soldiers.", low=20
        ),
    ],
)
