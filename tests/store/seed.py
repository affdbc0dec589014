"""Hand-made extractions for storage tests: what the extractor should find, written by hand.

Storage and answering are tested against these so their tests do not move when extraction
heuristics change; tests/test_end_to_end*.py run the real extractor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from bot.extract.types import (
    ActorInfo,
    ActorMention,
    ArticleExtraction,
    DateRange,
    ExtractedClaim,
    ExtractedEvent,
    PlaceInfo,
)

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seed_wagner_mali.txt"

WAGNER = ActorInfo("Wagner Group", "pmc", "RU", "mali_government")
FAMA = ActorInfo("FAMa", "state_force", "ML", "mali_government")
MALI_GOV = ActorInfo("Government of Mali", "government", "ML", "mali_government")
CSP = ActorInfo("CSP", "rebel_group", "ML", "csp")
JNIM = ActorInfo("JNIM", "jihadist_group", "ML", "jnim")
RSF = ActorInfo("RSF", "paramilitary", "SD", "rsf")
SAF = ActorInfo("SAF", "state_force", "SD", "saf")

TINZAOUATEN = PlaceInfo("Tinzaouaten", "town", "ML", "Kidal", 19.95, 2.98)
KIDAL = PlaceInfo("Kidal", "town", "ML", "Kidal", 18.44, 1.41)
GAO = PlaceInfo("Gao", "town", "ML", "Gao", 16.27, -0.04)
EL_FASHER = PlaceInfo("El Fasher", "town", "SD", "North Darfur", 13.63, 25.35)

LATE_JULY_2024 = DateRange(date(2024, 7, 21), date(2024, 7, 31), "part_of_month", "late July")

ALIASES = {
    "Wagner Group": ["Wagner", "Russian mercenaries", "Wagner mercenaries"],
    "FAMa": ["Malian soldiers", "Malian army"],
    "CSP": ["Tuareg rebels", "Permanent Strategic Framework"],
    "JNIM": ["al Qaeda-linked group"],
    "Government of Mali": ["Malian authorities"],
    "RSF": ["Rapid Support Forces"],
    "SAF": ["Sudanese army"],
}
ACTORS = {a.name: a for a in (WAGNER, FAMA, MALI_GOV, CSP, JNIM, RSF, SAF)}


class FakeCatalog:
    """The slice of the actor catalog storage uses, for tests that run without the YAML."""

    def all(self) -> list[ActorInfo]:
        return list(ACTORS.values())

    def aliases_of(self, name: str) -> list[str]:
        return list(ALIASES[name])

    def find_mentions(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        for name, actor in ACTORS.items():
            for phrase in [name, *ALIASES[name]]:
                for m in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
                    found.append(ActorMention(actor, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def sentence_around(text: str, fragment: str) -> tuple[str, int, int]:
    """The sentence of `text` containing `fragment`, with its offsets."""
    at = text.index(fragment)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    stops = [i for i in (text.find(". ", at), text.find("\n", at)) if i != -1]
    end = min(stops) + 1 if stops else len(text)
    if text[end - 1] != ".":
        end -= 1
    return text[start:end], start, end


def claim(
    text: str,
    fragment: str,
    *,
    claimant: ActorInfo | str,
    victim: ActorInfo | str,
    outcome: str = "killed",
    low: int | None = None,
    high: int | None = None,
    qualifier: str | None = None,
    claim_kind: str = "adversary_claim",
    stance: str = "asserted",
    claimed_on: date | None = None,
) -> ExtractedClaim:
    sentence, start, end = sentence_around(text, fragment)
    return ExtractedClaim(
        claimant=claimant.name if isinstance(claimant, ActorInfo) else claimant,
        victim=victim.name if isinstance(victim, ActorInfo) else victim,
        outcome=outcome,
        low=low,
        high=high,
        qualifier=qualifier,
        claim_kind=claim_kind,
        sentence=sentence,
        sentence_start=start,
        sentence_end=end,
        claimant_actor=claimant if isinstance(claimant, ActorInfo) else None,
        victim_actor=victim if isinstance(victim, ActorInfo) else None,
        stance=stance,
        claimed_on=claimed_on,
    )


def seed_extraction(text: str) -> ArticleExtraction:
    """What the seed article says, as the extractor should report it."""
    claims = [
        claim(text, "reported killing 84", claimant=CSP, victim=WAGNER, low=84, high=84),
        claim(text, "reported killing 84", claimant=CSP, victim=FAMA, low=47, high=47),
        claim(text, "stated that 50 Wagner", claimant=JNIM, victim=WAGNER, low=50, high=50),
        claim(
            text,
            "Wagner admitted to heavy losses",
            claimant=WAGNER,
            victim=WAGNER,
            qualifier="heavy losses",
            claim_kind="own_side_admission",
            claimed_on=date(2024, 7, 29),
        ),
        claim(
            text,
            "Wagner admitted to heavy losses",
            claimant="Malian authorities",
            victim=FAMA,
            qualifier="severe casualties",
            claim_kind="own_side_admission",
        ),
        claim(
            text,
            "capturing seven",
            claimant=CSP,
            victim=FAMA,
            outcome="captured",
            low=7,
            high=7,
        ),
    ]
    event = ExtractedEvent(
        event_type="armed_clash",
        title="Fighting near Tinzaouaten, Mali",
        summary="CSP rebels fought Wagner and the Malian army near Tinzaouaten in late July.",
        place=TINZAOUATEN,
        country_code="ML",
        when=LATE_JULY_2024,
        actors=[(WAGNER, "side_a"), (FAMA, "side_a"), (CSP, "side_b")],
        claims=claims,
    )
    return ArticleExtraction(events=[event], language="en")


Builder = Callable[[str], ArticleExtraction]


def extractor_from(*builders: Builder) -> Callable[..., ArticleExtraction]:
    """An extract_article stand-in: the n-th call uses the n-th builder (the last one repeats)."""
    calls: list[str] = []

    def extract(text: str, **_kwargs: object) -> ArticleExtraction:
        builder = builders[min(len(calls), len(builders) - 1)]
        calls.append(text)
        return builder(text)

    return extract


def one_event(
    *,
    place: PlaceInfo | None,
    when: DateRange | None,
    actors: Iterable[tuple[ActorInfo, str]] = (),
    country_code: str | None = None,
    title: str = "Clash",
    claims: Callable[[str], list[ExtractedClaim]] = lambda _text: [],
) -> Builder:
    def build(text: str) -> ArticleExtraction:
        return ArticleExtraction(
            events=[
                ExtractedEvent(
                    event_type="armed_clash",
                    title=title,
                    summary=title,
                    place=place,
                    country_code=country_code or (place.country_code if place else None),
                    when=when,
                    actors=list(actors),
                    claims=claims(text),
                )
            ]
        )

    return build
