"""Feeds the bot polls and the items it has seen in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow

FEED_ITEM_STATUSES = ("ingested", "pending_retry", "failed", "fallback_summary")


class FeedBase(SQLModel):
    url: str = Field(index=True, unique=True, max_length=2048)
    title: str | None = Field(default=None, max_length=500)
    interval_minutes: int = Field(default=15, ge=1)


class Feed(FeedBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Conditional GET validators from the last 200 answer.
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    next_poll_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_polled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_error_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # What the last poll recovered from or left out (ill-formed XML, items beyond the cap).
    last_warning: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Drives the exponential backoff; reset by a successful poll.
    consecutive_failures: int = Field(default=0)
    items_seen: int = Field(default=0)
    documents: int = Field(default=0)  # documents stored from this feed's items
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FeedItem(SQLModel, table=True):
    """One entry of a feed, remembered so it is ingested once and retried when it failed."""

    __tablename__ = "feed_item"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_feed_item_guid"),)

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id", index=True)
    # The entry's id, else its link, else a hash of its title and summary.
    guid: str = Field(max_length=2048)
    link: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    # The entry's own text (summary or content, as plain text): the fallback when the page fails.
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="pending_retry", max_length=20, index=True)
    # Which text was stored: "page" (the article behind the link) or "feed_summary".
    text_source: str | None = Field(default=None, max_length=20)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    attempts: int = Field(default=0)
    next_retry_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
