"""What a subscription wants to see: countries, places, actors, event types and free words.

`Mali Burkina Wagner` resolves to countries {ML, BF} and actor {Wagner Group}. Words that name
nothing known are kept as free text and matched against the event's search text.
Semantics: within a group any value matches (Mali OR Burkina Faso); groups combine with AND
(in Mali or Burkina Faso AND involving Wagner); countries and places form one location group,
so `Mali Kidal` means "in Mali or in Kidal". Every free word must appear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.places import Gazetteer, load_gazetteer
from bot.store.countries import country_name
from models import Actor, Claim, Event, EventActor

# Words analysts use for the event types events are coded with (models/event.py).
EVENT_TYPE_WORDS: dict[str, str] = {
    **{w: "armed_clash" for w in ("clash", "clashes", "fighting", "battle", "battles")},
    **{w: "attack" for w in ("attack", "attacks", "ambush", "ambushes", "raid", "raids")},
    **{
        w: "air_drone_strike"
        for w in ("airstrike", "airstrikes", "drone", "drones", "strike", "strikes", "bombardment")
    },
    **{
        w: "explosion_ied"
        for w in (
            "ied",
            "ieds",
            "explosion",
            "explosions",
            "bombing",
            "bombings",
            "landmine",
            "landmines",
        )
    },
    **{
        w: "abduction_capture"
        for w in ("abduction", "abductions", "kidnapping", "kidnappings", "capture", "captures")
    },
    **{w: "violence_against_civilians" for w in ("massacre", "massacres")},
    **{w: "statement" for w in ("statement", "statements")},
}
EVENT_TYPES = frozenset(EVENT_TYPE_WORDS.values()) | {"other"}
_MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class DigestFilters:
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # canonical actor names
    event_types: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.countries or self.places or self.actors or self.event_types or self.words)

    def to_json(self) -> dict[str, list[str]]:
        return {
            "countries": list(self.countries),
            "places": list(self.places),
            "actors": list(self.actors),
            "event_types": list(self.event_types),
            "words": list(self.words),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DigestFilters:
        data = data or {}
        return cls(
            countries=tuple(data.get("countries") or ()),
            places=tuple(data.get("places") or ()),
            actors=tuple(data.get("actors") or ()),
            event_types=tuple(data.get("event_types") or ()),
            words=tuple(data.get("words") or ()),
        )

    def describe(self) -> str:
        """`Mali, Burkina Faso · Wagner Group · attack · "drone"`, or `everything`."""
        parts = []
        locations = [country_name(c) or c for c in self.countries] + list(self.places)
        if locations:
            parts.append(", ".join(locations))
        if self.actors:
            parts.append(", ".join(self.actors))
        if self.event_types:
            parts.append(", ".join(t.replace("_", " ") for t in self.event_types))
        if self.words:
            parts.append(", ".join(f'"{w}"' for w in self.words))
        return " · ".join(parts) if parts else "everything"


def event_conditions(filters: DigestFilters) -> list[ColumnElement[bool]]:
    """SQL conditions on `event` for these filters (AND them together)."""
    conditions: list[ColumnElement[bool]] = []
    places = [p.lower() for p in filters.places]
    location: list[ColumnElement[bool]] = []
    # Country and type are compared through coalesce() on purpose: it keeps their indexes out of
    # the plan. The time window (a day or a week of a store spanning years) is the selective
    # predicate, and SQLite without statistics would otherwise scan a whole country instead.
    if filters.countries:
        location.append(func.coalesce(col(Event.country_code), "").in_(filters.countries))
    if places:
        location.append(func.lower(col(Event.place)).in_(places))
        location.append(func.lower(col(Event.admin1)).in_(places))
    if location:
        conditions.append(or_(*location))
    if filters.actors:
        # Correlated EXISTS (on aliases, so a caller joining claim itself is not correlated):
        # evaluated only for the events the time window already narrowed down.
        link, claim = aliased(EventActor), aliased(Claim)
        linked = (
            select(link.event_id)
            .join(Actor, col(Actor.id) == col(link.actor_id))
            .where(col(link.event_id) == col(Event.id), col(Actor.name).in_(filters.actors))
            .correlate(Event)
            .exists()
        )
        claimed = (
            select(claim.event_id)
            .where(
                col(claim.event_id) == col(Event.id),
                or_(col(claim.victim).in_(filters.actors), col(claim.claimant).in_(filters.actors)),
            )
            .correlate(Event)
            .exists()
        )
        conditions.append(or_(linked, claimed))
    if filters.event_types:
        conditions.append(func.coalesce(col(Event.event_type), "").in_(filters.event_types))
    for word in filters.words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(col(Event.search_text).ilike(f"%{escaped}%", escape="\\"))
    return conditions or [~false()]


def resolve_filter_words(
    session: Session,
    words: Iterable[str],
    *,
    gazetteer: Gazetteer | None = None,
    catalog: ActorCatalog | None = None,
) -> DigestFilters:
    """Resolve words (longest phrase first) with the gazetteer, the actor catalog and the actors
    already stored; what names nothing is kept as a free word."""
    gazetteer = gazetteer or load_gazetteer()
    catalog = catalog or load_actor_catalog()
    stored = _stored_vocabulary(session)
    tokens = [w.strip(",;") for w in words if w.strip(",;")]
    found: dict[str, list[str]] = {k: [] for k in ("countries", "places", "actors", "event_types")}
    free: list[str] = []
    index = 0
    while index < len(tokens):
        for size in range(min(_MAX_PHRASE_WORDS, len(tokens) - index), 0, -1):
            phrase = " ".join(tokens[index : index + size])
            hit = _resolve_phrase(phrase, gazetteer=gazetteer, catalog=catalog, stored=stored)
            if hit is not None:
                kind, value = hit
                if value not in found[kind]:
                    found[kind].append(value)
                index += size
                break
        else:
            free.append(tokens[index])
            index += 1
    return DigestFilters(
        countries=tuple(found["countries"]),
        places=tuple(found["places"]),
        actors=tuple(found["actors"]),
        event_types=tuple(found["event_types"]),
        words=tuple(free),
    )


def _resolve_phrase(
    phrase: str, *, gazetteer: Gazetteer, catalog: ActorCatalog, stored: dict[str, str]
) -> tuple[str, str] | None:
    low = phrase.lower()
    if low in EVENT_TYPE_WORDS:
        return "event_types", EVENT_TYPE_WORDS[low]
    if low in EVENT_TYPES:
        return "event_types", low
    place = gazetteer.resolve(phrase)
    # Short words are ISO codes only in capitals: "in" is not India, "and" is not Andorra.
    if place is not None and len(phrase) <= 3 and place.kind == "country" and not phrase.isupper():
        place = None
    if place is not None:
        if place.kind == "country":
            return "countries", place.country_code
        return "places", place.name
    mentions = catalog.find_mentions(phrase)
    whole = len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(phrase)
    actor = catalog.resolve(phrase) if " " not in phrase else (mentions[0].actor if whole else None)
    if actor is not None:
        return "actors", actor.name
    if low in stored:
        return "actors", stored[low]
    return None


def _stored_vocabulary(session: Session) -> dict[str, str]:
    """Actors in the database but not in the catalog (added by hand or by an older catalog)."""
    vocabulary: dict[str, str] = {}
    for name, aliases in session.exec(select(Actor.name, Actor.aliases)):
        for alias in (name, *(aliases or ())):
            vocabulary[str(alias).lower()] = name
    return vocabulary
