"""Actors: the canonical parties that fight, claim and suffer (aliases live in bot/data/actors.yaml)."""

from __future__ import annotations

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class ActorBase(SQLModel):
    name: str = Field(index=True, unique=True, max_length=200)
    # state_force, rebel_group, jihadist_group, pmc, militia, government, civilians, outlet, dataset, ...
    kind: str = Field(default="unknown", max_length=40)
    country_code: str | None = Field(default=None, max_length=2)


class Actor(ActorBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ActorRead(ActorBase):
    id: int
    aliases: list[str]
