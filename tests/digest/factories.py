"""Plain factories for digest tests: stored events with claims and sources, written as rows."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.clock import FrozenClock
from bot.digest.runner import DigestRunner
from bot.digest.sender import DigestSender, Pacer
from bot.digest.subscriptions import parse_subscribe_args, subscribe
from handlers.blocks.digest import render_digest
from models import Actor, Claim, Document, Event, EventActor, EventDocument, Subscription

_ids = itertools.count(1)


@dataclass(frozen=True)
class ClaimSpec:
    claimant: str
    victim: str
    low: int | None
    high: int | None = None
    outcome: str = "killed"


def add_event(
    session: Session,
    *,
    title: str,
    updated_at: datetime,
    country_code: str | None = "ML",
    place: str | None = "Tinzaouaten",
    event_type: str = "armed_clash",
    date_start: date | None = None,
    claims: Sequence[ClaimSpec] = (),
    sources: int = 1,
    actors: Sequence[str] = (),
) -> Event:
    event = Event(
        title=title,
        summary=title,
        event_type=event_type,
        place=place,
        country_code=country_code,
        date_start=date_start or updated_at.date(),
        date_end=date_start or updated_at.date(),
        date_precision="day",
        first_seen=updated_at,
        last_seen=updated_at,
        updated_at=updated_at,
        search_text=" ".join([title, place or "", *actors]),
    )
    session.add(event)
    session.flush()
    documents = [_document(session, event, updated_at) for _ in range(max(sources, 1))]
    for name in actors:
        actor = session.exec(select(Actor).where(Actor.name == name)).first()
        if actor is None:
            actor = Actor(name=name, kind="pmc")
            session.add(actor)
            session.flush()
        assert event.id is not None and actor.id is not None
        session.add(EventActor(event_id=event.id, actor_id=actor.id, role="side_a"))
    for spec in claims:
        _claim(session, event, documents[0], spec, updated_at)
    session.commit()
    return event


def add_claim(session: Session, event: Event, spec: ClaimSpec, *, at: datetime) -> Claim:
    """A new claim from a new source: a change of substance, so updated_at moves."""
    document = _document(session, event, at)
    claim = _claim(session, event, document, spec, at)
    event.updated_at = at
    session.add(event)
    session.commit()
    return claim


def _document(session: Session, event: Event, at: datetime) -> Document:
    number = next(_ids)
    document = Document(
        url=f"https://news.example.org/story-{number}",
        title=f"Report {number}",
        text=f"Report {number} about {event.title}.",
        content_hash=f"hash-{number}",
        published_at=at,
        retrieved_at=at,
    )
    session.add(document)
    session.flush()
    assert event.id is not None and document.id is not None
    session.add(EventDocument(event_id=event.id, document_id=document.id, added_at=at))
    return document


def _claim(
    session: Session, event: Event, document: Document, spec: ClaimSpec, at: datetime
) -> Claim:
    assert event.id is not None and document.id is not None
    start = next(_ids)
    claim = Claim(
        event_id=event.id,
        document_id=document.id,
        claimant=spec.claimant,
        victim=spec.victim,
        outcome=spec.outcome,
        low=spec.low,
        high=spec.high,
        sentence=f"{spec.claimant} said {spec.low} {spec.victim} were {spec.outcome}.",
        sentence_start=start,
        sentence_end=start + 10,
        created_at=at,
    )
    session.add(claim)
    session.flush()
    return claim


def add_subscription(
    engine: Engine,
    *,
    args: str = "daily 08:00 Mali",
    tz: str = "Europe/Paris",
    channel: str = "C1",
    now: datetime,
) -> Subscription:
    with Session(engine, expire_on_commit=False) as session:
        result = subscribe(
            session,
            channel_id=channel,
            team_id="T1",
            created_by="U123",
            request=parse_subscribe_args(args),
            tz=tz,
            now=now,
        )
        session.commit()
        return result.subscription


class FakeTime:
    """A monotonic clock whose sleep advances it: pacing and Retry-After without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_runner(
    engine: Engine,
    slack_url: str,
    clock: FrozenClock,
    *,
    worker_id: str = "worker-a",
    fake_time: FakeTime | None = None,
    grace_hours: float = 6.0,
) -> DigestRunner:
    """A runner posting to the fake Slack through a plain WebClient (no SDK retry handlers, so
    429s reach the sender's own Retry-After handling)."""
    time = fake_time or FakeTime()
    client = WebClient(token="xoxb-test", base_url=slack_url, retry_handlers=[])
    return DigestRunner(
        engine=engine,
        sender=DigestSender(
            client, pacer=Pacer(monotonic=time.monotonic, sleep=time.sleep), sleep=time.sleep
        ),
        render=render_digest,
        clock=clock,
        grace=timedelta(hours=grace_hours),
        worker_id=worker_id,
    )
