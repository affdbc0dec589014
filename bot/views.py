"""Read models: what the domain hands to the CLI, Slack blocks and digests (no Slack here).

Every figure shown to a user comes from a ClaimView, which carries its quoted sentence and source.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class ClaimView(BaseModel):
    id: int
    claimant: str
    victim: str
    perpetrator: str | None = None
    outcome: str
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    claim_kind: str
    stance: str = "asserted"
    claimed_on: date | None = None
    # Part of a figure in the same sentence ("including 11 children"): never added to it.
    subset: bool = False
    sentence: str
    document_id: int
    source_url: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None


class SourceView(BaseModel):
    document_id: int
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    # The near-duplicate family (wire story) this document belongs to.
    story_id: int | None = None


class FigureRange(BaseModel):
    """Competing figures for one victim group and outcome in one event: a range, never a mean."""

    victim: str
    outcome: str
    low: int
    high: int
    claimants: list[str]
    claim_count: int


class ActorRole(BaseModel):
    name: str
    role: str
    kind: str | None = None


class EventView(BaseModel):
    id: int
    title: str
    summary: str
    event_type: str
    place: str | None = None
    admin1: str | None = None
    country: str | None = None  # the country's common name
    country_code: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "unknown"
    actors: list[ActorRole] = Field(default_factory=list)
    claims: list[ClaimView] = Field(default_factory=list)
    sources: list[SourceView] = Field(default_factory=list)
    ranges: list[FigureRange] = Field(default_factory=list)
    first_seen: datetime | None = None
    updated_at: datetime | None = None
    # "reported by N outlets (M independent)": documents vs distinct story families.
    outlets: int = 0
    independent_outlets: int = 0


class QueryFilters(BaseModel):
    """What the question parser understood: everything optional, all canonical names."""

    actors: list[str] = Field(default_factory=list)
    victims: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)  # ISO alpha-2
    places: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list)
    event_types: list[str] = Field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""  # the words left for full-text ranking
    # How the question was asked (latest, totals, claims...), so "and in Niger?" asks the same way.
    kind: str | None = None


class TotalsRow(BaseModel):
    event_id: int
    event_title: str
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "unknown"
    low: int
    high: int
    claims: list[ClaimView]


class TotalsView(BaseModel):
    """Totals over a period: per-event ranges summed low-to-low and high-to-high.

    Competing claims about one event are never added up: each event contributes its range once.
    """

    victim: str | None = None
    outcome: str
    low: int
    high: int
    rows: list[TotalsRow]


AnswerKind = Literal["latest", "place", "totals", "claims", "sources", "none"]


class Answer(BaseModel):
    question: str
    kind: AnswerKind
    filters: QueryFilters
    events: list[EventView] = Field(default_factory=list)
    totals: TotalsView | None = None
    message: str | None = None  # e.g. "No event matches ..."
    suggestion: str | None = None  # a broader question to try
