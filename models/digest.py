"""Digest subscriptions, the exactly-once record of each digest, and what each channel was shown.

A DigestRun row per (subscription, period) is the idempotency key: it is inserted (claimed) before
anything is posted, and marked `posted` in the same transaction that records the events shown and
advances the subscription, so restarts, misfires and replicas can never post a period twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow

CADENCES = ("daily", "weekly")
SUBSCRIPTION_STATUSES = ("active", "paused")
# claimed: someone is posting it now; posted: done; possibly_sent: a crash left it unknown and the
# channel could not be checked (never re-posted); failed: retried with backoff until it gives up;
# skipped: nothing new (skip_empty) or missed beyond the grace period.
RUN_STATUSES = ("claimed", "posted", "possibly_sent", "failed", "skipped")
RUN_TRIGGERS = ("schedule", "manual")


class SubscriptionBase(SQLModel):
    channel_id: str = Field(index=True, max_length=32)
    team_id: str | None = Field(default=None, max_length=32)
    created_by: str = Field(max_length=64)  # Slack user id, or "cli"
    cadence: str = Field(default="daily", max_length=10)  # one of CADENCES
    weekday: int | None = Field(default=None, ge=0, le=6)  # Monday = 0; weekly only
    time_of_day: str = Field(default="08:00", max_length=5)  # HH:MM wall time in `tz`
    tz: str = Field(default="UTC", max_length=64)  # IANA name
    skip_empty: bool = False  # post nothing (rather than "nothing new") when nothing changed
    status: str = Field(default="active", index=True, max_length=10)  # one of SUBSCRIPTION_STATUSES
    paused_reason: str | None = Field(default=None, max_length=300)


class Subscription(SubscriptionBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # {"countries": [ISO2], "places": [...], "actors": [canonical], "event_types": [...], "words": [...]}
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # End of the last scheduled period dealt with (posted or skipped): the tick's quick "done" test.
    last_period_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # End of the content window of the last posted digest: where the next one's window starts.
    last_digest_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DigestRun(SQLModel, table=True):
    """One digest for one period: claimed before posting, posted at most once."""

    __tablename__ = "digest_run"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period_start", name="uq_digest_run_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True)
    period_start: datetime = Field(sa_type=UTCDateTime)
    period_end: datetime = Field(sa_type=UTCDateTime)
    trigger: str = Field(default="schedule", max_length=10)  # one of RUN_TRIGGERS
    status: str = Field(default="claimed", index=True, max_length=16)  # one of RUN_STATUSES
    late: bool = False
    channel_id: str = Field(max_length=32)
    window_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=120)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=500)
    # The rendered messages and the event versions they show, frozen at the first attempt so a
    # retry or a reconciliation posts and records exactly what was planned.
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    parts_posted: int = 0
    message_ts: str | None = Field(default=None, max_length=32)
    chart_file_id: str | None = Field(default=None, max_length=32)
    event_count: int = 0
    update_count: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DigestShownEvent(SQLModel, table=True):
    """The version of an event a subscription last showed: unchanged events are never repeated.

    No foreign key to event: events may be merged or deleted by the store; a stale row is harmless.
    """

    __tablename__ = "digest_shown_event"

    subscription_id: int = Field(foreign_key="subscription.id", primary_key=True)
    event_id: int = Field(primary_key=True)
    claim_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    document_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    event_updated_at: datetime = Field(sa_type=UTCDateTime)
    shown_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    digest_run_id: int | None = Field(default=None, foreign_key="digest_run.id")
