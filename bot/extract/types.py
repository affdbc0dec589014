"""The extraction contract: what extract_article() returns, independent of storage and Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ActorInfo:
    """A canonical actor from bot/data/actors.yaml."""

    name: str  # canonical name, e.g. "Wagner Group"
    kind: str  # pmc, state_force, rebel_group, jihadist_group, militia, government, civilians, ...
    country_code: str | None = None
    # Camp/alliance key: actors in one camp count as the same side for claim kinds
    # (Wagner and FAMa are both "mali_government"; an admission by one about the other is own-side).
    camp: str | None = None
    # Further camps this actor fights in (Wagner: mali_government, but also russia in Ukraine):
    # two actors are on the same side when their camps overlap.
    allied_camps: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    actor: ActorInfo
    start: int  # character offsets in the text that was searched
    end: int
    text: str


@dataclass(frozen=True)
class PlaceInfo:
    """A gazetteer entry (town, region) or a country."""

    name: str
    kind: str  # town, region, country
    country_code: str  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class PlaceMention:
    place: PlaceInfo
    start: int
    end: int
    text: str
    # A demonym ("Malian soldiers") is evidence of a country, never the place an event happened.
    demonym: bool = False


@dataclass(frozen=True)
class DateRange:
    """A resolved date expression ("late July" -> 2024-07-21..2024-07-31, precision part_of_month)."""

    start: date
    end: date
    precision: str  # day, week, part_of_month, month, year, reported (no date: up to the report)
    text: str = ""


@dataclass(frozen=True)
class Quantity:
    """A parsed number phrase: "at least 84" -> low=84, high=None, qualifier "at least"."""

    low: int | None
    high: int | None
    qualifier: str | None
    text: str


@dataclass
class ExtractedClaim:
    claimant: str  # canonical actor name, or the phrase ("Malian authorities", "local sources")
    victim: str  # canonical actor name or group phrase ("civilians", "Malian soldiers" -> FAMa)
    outcome: str  # killed, wounded, captured, missing, abducted, casualties (killed or wounded)
    low: int | None
    high: int | None
    qualifier: str | None
    claim_kind: str  # adversary_claim, own_side_admission, third_party_report
    sentence: str
    sentence_start: int  # offsets into the full document text
    sentence_end: int
    claimant_actor: ActorInfo | None = None
    victim_actor: ActorInfo | None = None
    perpetrator: str | None = None
    perpetrator_actor: ActorInfo | None = None
    stance: str = "asserted"  # asserted, denied, retracted
    claimed_on: date | None = None
    # Every group the figure counts, when it names several ("seven Malian soldiers and Wagner
    # operatives": FAMa and Wagner Group; victim_actor is then None).
    victim_actors: tuple[ActorInfo, ...] = ()
    figure_text: str | None = None  # the number phrase as written ("at least 84")
    # Part of a figure already given in the same sentence ("including three children").
    subset: bool = False
    # Told as another incident than the one reported before it ("In a separate incident the
    # same day, a car bomb killed 2"): its own event, never added to the first one's count.
    separate_incident: bool = False


@dataclass
class ExtractedEvent:
    event_type: str
    title: str
    summary: str
    place: PlaceInfo | None
    country_code: str | None
    when: DateRange | None
    # (actor, role) with role side_a / side_b / involved
    actors: list[tuple[ActorInfo, str]] = field(default_factory=list)
    claims: list[ExtractedClaim] = field(default_factory=list)


@dataclass
class ArticleExtraction:
    events: list[ExtractedEvent] = field(default_factory=list)
    language: str | None = None
    # Why extraction was partial or skipped ("language 'de' is not supported"), for the user.
    notes: list[str] = field(default_factory=list)
