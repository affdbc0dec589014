"""Documents (articles, pasted text, dataset rows) and who published them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Publisher(SQLModel, table=True):
    """An outlet or dataset that publishes documents (Reuters, ACLED, UCDP, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    domain: str | None = Field(default=None, index=True, max_length=253)


class DocumentBase(SQLModel):
    url: str | None = Field(default=None, index=True, unique=True, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=500)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retrieved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    language: str | None = Field(default=None, max_length=12)
    # How the text was obtained: pasted, file, url, feed_page, feed_summary, dataset.
    text_source: str = Field(default="pasted", max_length=20)
    # sha256 of the normalised text: the same text twice is one document.
    content_hash: str = Field(index=True, unique=True, max_length=64)
    # Why extraction was partial or skipped (unsupported language, no events found...).
    extraction_note: str | None = Field(default=None, max_length=500)


class Document(DocumentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    publisher_id: int | None = Field(default=None, foreign_key="publisher.id", index=True)
    # Near-duplicate family: the id of the first document of the same wire story (itself if first).
    story_id: int | None = Field(default=None, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))


class DocumentRead(DocumentBase):
    id: int
    publisher: str | None = None
    story_id: int | None = None
    text_length: int = 0
