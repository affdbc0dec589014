"""Events: one incident, however many articles report it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class EventBase(SQLModel):
    # ACLED-like: armed_clash, attack, air_drone_strike, explosion_ied, abduction_capture,
    # statement, violence_against_civilians, other.
    event_type: str = Field(default="armed_clash", index=True, max_length=40)
    title: str = Field(max_length=500)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    place: str | None = Field(default=None, index=True, max_length=200)
    admin1: str | None = Field(default=None, index=True, max_length=200)
    country_code: str | None = Field(default=None, index=True, max_length=2)  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    date_start: date | None = Field(default=None, index=True)
    date_end: date | None = Field(default=None, index=True)
    # day, week, part_of_month (early/mid/late), month, year, reported (no date in the text: the
    # days up to when it was reported), unknown.
    date_precision: str = Field(default="unknown", max_length=20)
    # article or dataset (ucdp, acled): where the event was first learnt from.
    origin: str = Field(default="article", max_length=20)


class Event(EventBase, table=True):
    # "Latest in <country>": walk one country's events newest first without a sort, and test the
    # period without reading the (long) rows (bot/answer/search.py, totals.py).
    __table_args__ = (
        Index("ix_event_country_code_date_end", "country_code", "date_end", "date_start"),
        # Totals over a period, any country: "date_end >= from AND date_start <= to" read in the
        # index alone, never in the (long) rows.
        Index("ix_event_date_end_date_start", "date_end", "date_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Last change of substance (a new claim or source): what digests compare against.
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # Title, summary, place, country, actors and claim sentences: what full-text search indexes
    # (SQLite FTS5 table event_fts / PostgreSQL GIN index, both kept in sync by the database).
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False))


class EventDocument(SQLModel, table=True):
    """Which documents report an event (many-to-many)."""

    __tablename__ = "event_document"

    event_id: int = Field(foreign_key="event.id", primary_key=True)
    document_id: int = Field(foreign_key="document.id", primary_key=True, index=True)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EventActor(SQLModel, table=True):
    """An actor's part in an event: side_a / side_b (who fought whom) or involved."""

    __tablename__ = "event_actor"

    event_id: int = Field(foreign_key="event.id", primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", primary_key=True, index=True)
    role: str = Field(default="involved", max_length=20)
