"""Casualty claims: a figure or phrase, who claims it, about whom, and the sentence it came from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow

# "casualties": killed and wounded together, as in "heavy casualties" or "dozens of losses".
OUTCOMES = ("killed", "wounded", "captured", "missing", "abducted", "casualties")
CLAIM_KINDS = ("adversary_claim", "own_side_admission", "third_party_report", "dataset")
STANCES = ("asserted", "denied", "retracted", "superseded")


class ClaimBase(SQLModel):
    # Who makes the claim: a canonical actor name, or the phrase used ("Malian authorities").
    claimant: str = Field(max_length=200)
    # Who suffered the outcome ("X losses" = casualties suffered by X); indexed for phrase
    # victims ("children"), which have no victim_actor_id.
    victim: str = Field(max_length=200, index=True)
    # Who inflicted it, when the text says so.
    perpetrator: str | None = Field(default=None, max_length=200)
    outcome: str = Field(max_length=20, index=True)  # one of OUTCOMES
    low: int | None = None
    high: int | None = None
    # "at least", "about", "more than"... or a qualitative phrase with no figure ("heavy losses").
    qualifier: str | None = Field(default=None, max_length=200)
    claim_kind: str = Field(default="third_party_report", max_length=30)  # one of CLAIM_KINDS
    stance: str = Field(default="asserted", max_length=20)  # one of STANCES
    claimed_on: date | None = None
    # Part of a figure given in the same sentence ("21 civilians, including 11 children"):
    # shown, but never added to the figure it is part of.
    subset: bool = False
    # Provenance: the exact sentence and its character offsets in document.text.
    sentence: str = Field(sa_column=Column(Text, nullable=False))
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)


class Claim(ClaimBase, table=True):
    __table_args__ = (
        UniqueConstraint(
            "document_id",
            "sentence_start",
            "claimant",
            "victim",
            "outcome",
            name="uq_claim_provenance",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    claimant_actor_id: int | None = Field(default=None, foreign_key="actor.id")
    victim_actor_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    perpetrator_actor_id: int | None = Field(default=None, foreign_key="actor.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
