"""Phrasing families added for generality: who is a victim, which deaths belong to the event,
and who speaks. Every sentence is written for this test, two or three per rule in different
words, so a rule that only fits one wording fails here.
"""

from __future__ import annotations

import pytest

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.claims import extract_claims
from bot.extract.types import ExtractedClaim


@pytest.fixture(scope="module")
def catalog() -> ActorCatalog:
    return load_actor_catalog()


def killed(text: str, catalog: ActorCatalog) -> int:
    """The asserted, non-subset killed figures added up (a figure-less plural as 10)."""
    total = 0
    for c in extract_claims(text, catalog=catalog):
        if c.outcome == "killed" and c.stance == "asserted" and not c.subset:
            value = c.low if c.low is not None else c.high
            total += 10 if value is None else value
    return total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # The subject of a trailing reporting verb speaks; it is not one more victim.
        ("Air strikes killed 25 fighters, the military said.", 25),
        ("Insurgents shot dead 14 farmers, the district governor said on Monday.", 14),
        ("A car bomb killed 3 police officers, the interior ministry told reporters.", 3),
        # A list of relatives after a comma: "a man, his wife and their daughter".
        ("A trader, his wife and their son were killed in the fire.", 3),
        ("Raiders killed a herder, his brother and their cousin.", 3),
        # One person named by what they lead, "and N others": N + 1.
        ("The leader of the gang and two of his men were shot dead.", 3),
        ("The commander of the 41 Battalion and five of his guards were killed.", 6),
        # More ways of saying someone died.
        ("Two children were pronounced dead at the clinic.", 2),
        ("The driver was declared dead on arrival.", 1),
        ("Six migrants drowned while fleeing the gunmen.", 6),
        # Tolls that rise "later" or "to near" a figure.
        ("The toll later climbed to 31.", 31),
        ("The death toll from the fighting rose to near 40.", 40),
        # A quoted headline: the closing quote is not the verb's object.
        ('"Some 12 guards killed" in a night raid', 12),
        # A hashtag inside a group.
        ("15 #Shabaab fighters were killed in the raid.", 15),
    ],
)
def test_victim_families(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # Deaths recalled from another time are not this event's.
        ("Students marched in memory of four pupils killed by soldiers in 1998.", 0),
        ("Relatives gathered on the anniversary of the massacre of 30 villagers.", 0),
        ("The camp was attacked again; 9 guards were killed there last year.", 0),
        ("Nine guards were killed in March 2016.", 9),
        # Deaths that set off the event reported are not part of it.
        ("Following the discovery of the bodies of two herders, youths killed 5 farmers.", 5),
        ("After the killing of 3 traders, a mob lynched two suspects.", 2),
        ("Troops shot dead 4 villagers in reprisal after a gang killed a corporal.", 4),
        ("A mob beat a man to death; he was blamed for an ambush killing 6 pilgrims.", 1),
        # ... but a reprisal reported after a comma is the event.
        ("In retaliation, soldiers killed 12 gunmen.", 12),
        ("Soldiers killed 12 gunmen in retaliation for the raid.", 12),
    ],
)
def test_deaths_outside_the_event(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # A unit's name is no head count: "the 115 Brigade".
        ("Fighters of the 115 Brigade clashed with militants.", 0),
        ("Two members of the 21 Regiment were killed.", 2),
        # "the dead" is a noun: no predicate, no claim.
        ("Mourners buried the dead on Sunday.", 0),
        ("A Book of the Dead", 0),
        # A present tense is active: the subject is not a victim.
        ("Gunmen kill vaccinator in north-west", 1),
        ("Bandits kill two herders near border", 2),
        # An elided figure with a verb of its own takes that verb, not the earlier outcome.
        (
            "One raider was killed in the exchange of fire and another one with wounds was "
            "captured by the guards.",
            1,
        ),
        ("Two guards died in the blast and another later in hospital.", 3),
    ],
)
def test_precision_families(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The CSP rebel alliance said it had killed 12 soldiers.", "CSP"),
        ("A JNIM spokesman said 9 soldiers were killed.", "JNIM"),
        ("The rebel CSP coalition said 7 soldiers died.", "CSP"),
        ("PFG spokesman Ali Omar said two of their men were killed.", "Petroleum Facilities Guard"),
    ],
)
def test_named_actor_inside_the_speakers_phrase(
    text: str, claimant: str, catalog: ActorCatalog
) -> None:
    (claim,) = extract_claims(text, catalog=catalog)
    assert claim.claimant == claimant


@pytest.mark.parametrize(
    ("text", "victim"),
    [
        ("The CSP reported dozens of casualties among Wagner fighters.", "Wagner Group"),
        ("JNIM said it inflicted dozens of casualties on the Malian army.", "FAMa"),
        ("The CSP said Malian troops had suffered 30 casualties.", "FAMa"),
        ("JNIM reported 40 deaths in the ranks of the Malian army.", "FAMa"),
    ],
)
def test_whose_casualties_in_the_sentence(text: str, victim: str, catalog: ActorCatalog) -> None:
    (claim,) = extract_claims(text, catalog=catalog)
    assert claim.victim == victim


def _casualties(claims: list[ExtractedClaim]) -> ExtractedClaim:
    (claim,) = [c for c in claims if c.outcome == "casualties"]
    return claim


def test_a_partys_casualties_are_inflicted_on_the_enemies_it_named(
    catalog: ActorCatalog,
) -> None:
    text = (
        "The CSP said it killed 20 Wagner fighters and 9 Malian soldiers near Kidal. "
        "The CSP had earlier reported dozens of casualties around the town."
    )
    claim = _casualties(extract_claims(text, catalog=catalog))
    assert claim.victim == "Wagner Group and FAMa"
    assert claim.claim_kind == "adversary_claim"
    # Another claimant's figures are not borrowed; own-side losses are not turned around.
    other = "JNIM said it killed 20 Wagner fighters. The CSP reported dozens of casualties nearby."
    assert _casualties(extract_claims(other, catalog=catalog)).victim == "unspecified"
    own = "The CSP said 4 of its fighters were killed. The CSP reported dozens of casualties."
    assert _casualties(extract_claims(own, catalog=catalog)).victim == "unspecified"
