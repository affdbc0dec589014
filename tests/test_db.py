"""The schema: migrations match the models, timestamps stay UTC, provenance is enforced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from bot.db import migrate, normalise_url
from models import Claim, Document, Event


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": False,
                "include_object": lambda obj, name, *a: (
                    not (name and (name.startswith("event_fts") or name == "ix_event_search_tsv"))
                    and not (name and "apscheduler_jobs" in name)
                ),
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migrate_is_idempotent(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)


def test_timestamps_round_trip_as_utc(session: Session) -> None:
    paris = timezone(timedelta(hours=2))
    doc = Document(
        text="x", content_hash="h1", published_at=datetime(2024, 7, 29, 10, 0, tzinfo=paris)
    )
    session.add(doc)
    session.commit()
    session.expire_all()
    stored = session.exec(select(Document)).one()
    assert stored.published_at == datetime(2024, 7, 29, 8, 0, tzinfo=UTC)
    assert stored.published_at is not None and stored.published_at.tzinfo is not None


def test_naive_timestamps_are_refused(session: Session) -> None:
    session.add(Document(text="x", content_hash="h2", published_at=datetime(2024, 7, 29)))
    with pytest.raises(Exception, match="naive"):
        session.commit()


def test_claim_needs_its_document(session: Session) -> None:
    event = Event(title="t")
    session.add(event)
    session.commit()
    assert event.id is not None
    session.add(
        Claim(
            event_id=event.id,
            document_id=999,
            claimant="x",
            victim="y",
            outcome="killed",
            sentence="s",
            sentence_start=0,
            sentence_end=1,
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
