"""The families behind the errors an analyst saw in `sitrep demo`, in other words.

Elliptical outcomes ("N soldiers were killed and five wounded"), a reporting verb coordinated
with its speaker's earlier verb ("X dismissed the claim and said ..."), "the army" in an article
about one country, and unnamed attackers whose attack the sentence names. Every sentence is
written for this test; none is a demo sentence.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.article import extract_article
from bot.extract.claims import extract_claims
from bot.extract.types import ExtractedClaim

PUBLISHER = "Sahel Wire"


@pytest.fixture(scope="module")
def catalog() -> ActorCatalog:
    return load_actor_catalog()


def claims_of(
    text: str, catalog: ActorCatalog, country_code: str | None = None
) -> list[ExtractedClaim]:
    return extract_claims(
        text, catalog=catalog, default_claimant=PUBLISHER, country_code=country_code
    )


def row(claim: ExtractedClaim) -> tuple[str, int | None, str, str, str]:
    return (claim.claimant, claim.low, claim.victim, claim.outcome, claim.claim_kind)


# --- "and five wounded": the elided noun is the coordinated group's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Six Nigerian soldiers were killed and eleven injured in the raid, the army said.",
            ("Nigerian Army", 11, "Nigerian Army", "wounded", "own_side_admission"),
        ),
        (
            "Thirty villagers were killed and 15 hurt when gunmen stormed the market.",
            (PUBLISHER, 15, "Civilians", "wounded", "third_party_report"),
        ),
        (
            "Four Kenyan soldiers died and two went missing after the blast, the KDF said.",
            ("Kenya Defence Forces", 2, "Kenya Defence Forces", "missing", "own_side_admission"),
        ),
    ],
)
def test_elided_outcome_borrows_the_coordinated_group(
    text: str, expected: tuple[str, int, str, str, str], catalog: ActorCatalog
) -> None:
    assert expected in [row(c) for c in claims_of(text, catalog)]


def test_elided_outcome_without_a_named_group_stays_unspecified(catalog: ActorCatalog) -> None:
    found = claims_of("The blast left 12 dead and 30 wounded.", catalog)
    assert [(c.low, c.victim) for c in found] == [(12, "unspecified"), (30, "unspecified")]


def test_wounded_with_its_own_noun_keeps_it(catalog: ActorCatalog) -> None:
    found = claims_of("Three soldiers were killed and 20 civilians wounded.", catalog)
    wounded = [c for c in found if c.outcome == "wounded"]
    assert [(c.low, c.victim) for c in wounded] == [(20, "Civilians")]


# --- "X dismissed the claim and said ...": X is the speaker, never the publisher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The RSF rejected the report as lies and said three of its fighters were killed.",
            ("RSF", 3, "RSF", "killed", "own_side_admission"),
        ),
        (
            "Al-Shabaab denied the account but claimed its fighters killed 20 soldiers.",
            ("al-Shabaab", 20, "Soldiers (unspecified)", "killed", "adversary_claim"),
        ),
        (
            "The Nigerian army declined to give details and said two of its men were hurt.",
            ("Nigerian Army", 2, "Nigerian Army", "wounded", "own_side_admission"),
        ),
        (
            "JNIM overran the outpost on Friday and claimed 14 soldiers were killed.",
            ("JNIM", 14, "Soldiers (unspecified)", "killed", "adversary_claim"),
        ),
    ],
)
def test_coordinated_reporting_verb_shares_its_subject(
    text: str, expected: tuple[str, int, str, str, str], catalog: ActorCatalog
) -> None:
    assert [row(c) for c in claims_of(text, catalog)] == [expected]


def test_publisher_only_when_nobody_speaks(catalog: ActorCatalog) -> None:
    unattributed = claims_of("Four soldiers were killed in the ambush on Monday.", catalog)
    assert [(c.claimant, c.claim_kind) for c in unattributed] == [(PUBLISHER, "third_party_report")]
    spoken = claims_of(
        "Gunmen raided the village and shot dead six people, residents said.", catalog
    )
    assert [c.claimant for c in spoken] == ["residents"]


# --- "the army" in an article about one country


def test_bare_army_is_the_national_army_of_the_document_country(catalog: ActorCatalog) -> None:
    text = "The army said it had killed 12 Boko Haram fighters near Bama."
    assert [c.claimant for c in claims_of(text, catalog, country_code="NG")] == ["Nigerian Army"]
    # No country known: the words used, not a guess.
    assert [c.claimant for c in claims_of(text, catalog)] == ["army"]


def test_army_named_earlier_wins_over_the_document_country(catalog: ActorCatalog) -> None:
    text = (
        "Chadian troops crossed the border on Monday. "
        "The army said it had killed 30 Boko Haram fighters."
    )
    found = claims_of(text, catalog, country_code="NG")
    assert [c.claimant for c in found] == ["Chadian Army"]


def test_article_country_resolves_the_army() -> None:
    text = (
        "Fighting near El Fasher\n\n"
        "Clashes broke out near El Fasher in North Darfur on Monday. "
        "The army gave no figure for its own losses but said it had killed 25 attackers."
    )
    extraction = extract_article(
        text,
        title="Fighting near El Fasher",
        published=date(2024, 8, 20),
        default_claimant=PUBLISHER,
    )
    claims = [c for e in extraction.events for c in e.claims]
    assert [(c.claimant, c.low) for c in claims] == [("SAF", 25)]


# --- "killed 40 of the attackers" after "an X attack": the attackers are X


def test_unnamed_attackers_are_the_named_attack_s_perpetrator(catalog: ActorCatalog) -> None:
    text = (
        "Troops repelled an ISWAP attack on Monguno and killed 17 of the assailants, "
        "the military said."
    )
    assert [row(c) for c in claims_of(text, catalog, country_code="NG")] == [
        ("Nigerian Army", 17, "ISWAP", "killed", "adversary_claim")
    ]


def test_attackers_stay_unnamed_without_one_named_attack(catalog: ActorCatalog) -> None:
    nobody = claims_of("Gunmen hit the base at dawn; soldiers killed 3 of the attackers.", catalog)
    assert [c.victim for c in nobody] == ["Militants (unspecified)"]
    two = claims_of(
        "After a JNIM attack and an ISWAP attack on the town, troops killed 9 attackers.", catalog
    )
    assert [c.victim for c in two] == ["Militants (unspecified)"]


def test_roundup_of_two_countries_leaves_the_army_unresolved() -> None:
    text = (
        "Sahel roundup\n\n"
        "Fighting was reported near Gao in Mali and near Tillaberi in Niger on Monday. "
        "The army said it had killed 10 militants."
    )
    extraction = extract_article(
        text, title="Sahel roundup", published=date(2024, 8, 20), default_claimant=PUBLISHER
    )
    claims = [c for e in extraction.events for c in e.claims]
    assert [(c.claimant, c.low) for c in claims] == [("army", 10)]
