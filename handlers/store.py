"""What the Slack layer remembers in the database: handled event ids and thread contexts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.store.upsert import insert_or_ignore_returning_id
from bot.views import QueryFilters
from models.slack import HandledEvent, ThreadContext

HANDLED_EVENT_RETENTION = timedelta(days=7)  # Slack retries for minutes; a week is generous


def claim_event(engine: Engine, *, event_id: str, kind: str, now: datetime) -> bool:
    """True if this process is the first to handle `event_id` (committed before any work).

    INSERT ... ON CONFLICT DO NOTHING on the unique event_id: whichever process, replica or
    restart gets there first wins; every retry of the same event after that is dropped.
    """
    with session_scope(engine) as session:
        row_id = insert_or_ignore_returning_id(
            session,
            HandledEvent,
            {"event_id": event_id[:64], "kind": kind[:40], "received_at": now},
        )
    return row_id is not None


def prune_handled_events(engine: Engine, *, now: datetime) -> int:
    """Forget event ids older than the retention (run at start-up)."""
    cutoff = now - HANDLED_EVENT_RETENTION
    with session_scope(engine) as session:
        result = session.exec(delete(HandledEvent).where(col(HandledEvent.received_at) < cutoff))
        return int(result.rowcount or 0)


def load_thread_filters(
    session: Session, *, channel_id: str, thread_ts: str
) -> QueryFilters | None:
    row = session.exec(
        select(ThreadContext).where(
            ThreadContext.channel_id == channel_id, ThreadContext.thread_ts == thread_ts
        )
    ).first()
    return QueryFilters.model_validate(row.filters) if row is not None else None


def save_thread_filters(
    session: Session,
    *,
    channel_id: str,
    thread_ts: str,
    question: str,
    filters: QueryFilters,
    now: datetime,
) -> None:
    """Remember what the last question in this thread meant (insert or update, race-safe)."""
    dumped = filters.model_dump(mode="json")
    inserted = insert_or_ignore_returning_id(
        session,
        ThreadContext,
        {
            "channel_id": channel_id,
            "thread_ts": thread_ts,
            "question": question,
            "filters": dumped,
            "updated_at": now,
        },
    )
    if inserted is None:
        row = session.exec(
            select(ThreadContext).where(
                ThreadContext.channel_id == channel_id, ThreadContext.thread_ts == thread_ts
            )
        ).one()
        row.question = question
        row.filters = dumped
        row.updated_at = now
        session.add(row)
