"""What the Slack surface remembers between requests: handled events and thread contexts.

Both live in the database (not in memory) so that a Slack retry after a restart, or one that
lands on another replica, still finds them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class HandledEvent(SQLModel, table=True):
    """One row per Slack Events API `event_id` we started working on.

    The unique constraint is the lock: the INSERT that wins does the work; a retry (same
    event_id, any process) hits the constraint and is dropped.
    """

    __tablename__ = "slack_handled_event"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=64, unique=True, index=True)
    kind: str = Field(default="", max_length=40)  # app_mention, message, ...
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class ThreadContext(SQLModel, table=True):
    """The last question asked in a Slack thread (or DM) and what it was understood to mean.

    A follow-up ("and in Burkina Faso?") is answered with these filters as context.
    `thread_ts` is "" for a DM conversation as a whole.
    """

    __tablename__ = "slack_thread_context"
    __table_args__ = (UniqueConstraint("channel_id", "thread_ts", name="uq_thread_context"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(max_length=40)
    thread_ts: str = Field(default="", max_length=40)
    question: str = Field(default="", sa_column=Column(Text, nullable=False))
    # QueryFilters as JSON (bot.views.QueryFilters.model_dump(mode="json")).
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
