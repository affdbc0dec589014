"""Attributed casualty claims: who claims how many of whom, in which sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.claims import UNATTRIBUTED, extract_claims
from bot.extract.sentences import split_sentences
from bot.extract.types import ExtractedClaim

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_wagner_mali.txt"


@pytest.fixture(scope="module")
def catalog() -> ActorCatalog:
    return load_actor_catalog()


def claims_of(text: str, catalog: ActorCatalog, **kwargs: str) -> list[ExtractedClaim]:
    found = extract_claims(text, catalog=catalog, **kwargs)
    for claim in found:  # provenance: every claim quotes its sentence exactly
        assert text[claim.sentence_start : claim.sentence_end] == claim.sentence
    return found


def summary(
    claims: list[ExtractedClaim],
) -> list[tuple[str, str, str, int | None, int | None, str, str]]:
    return [
        (c.claimant, c.victim, c.outcome, c.low, c.high, c.claim_kind, c.stance) for c in claims
    ]


# ---------------------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed_claims(catalog: ActorCatalog) -> tuple[str, list[ExtractedClaim]]:
    text = SEED.read_text(encoding="utf-8")
    return text, claims_of(text, catalog)


def test_seed_csp_claims_84_wagner_and_47_fama_killed(seed_claims) -> None:  # type: ignore[no-untyped-def]
    text, claims = seed_claims
    lead = text.index("Tuareg rebels in Mali have reported killing 84")
    body = text.index("In a harrowing confrontation")
    for victim, figure, body_qualifier in (("Wagner Group", 84, "at least"), ("FAMa", 47, None)):
        found = [
            c
            for c in claims
            if c.claimant == "CSP" and c.victim == victim and c.outcome == "killed"
        ]
        # The lead and the body both say it: two sentences, same claimant.
        assert [c.sentence_start for c in found] == [lead, body]
        assert [c.low for c in found] == [figure, figure]
        assert [c.qualifier for c in found] == [None, body_qualifier]
        assert all(c.claim_kind == "adversary_claim" and c.stance == "asserted" for c in found)
        assert all(c.perpetrator == "CSP" and c.perpetrator_actor is not None for c in found)
        assert all(str(figure) in c.sentence for c in found)


def test_seed_jnim_claims_50_wagner_killed(seed_claims) -> None:  # type: ignore[no-untyped-def]
    _, claims = seed_claims
    (jnim,) = [c for c in claims if c.claimant == "JNIM"]
    assert (jnim.victim, jnim.outcome, jnim.low, jnim.high) == ("Wagner Group", "killed", 50, 50)
    assert jnim.claim_kind == "adversary_claim"
    assert "al Qaeda-linked group stated that 50 Wagner fighters were killed" in jnim.sentence


def test_seed_admissions_without_figures(seed_claims) -> None:  # type: ignore[no-untyped-def]
    _, claims = seed_claims
    (wagner,) = [c for c in claims if c.claimant == "Wagner Group"]
    assert (wagner.victim, wagner.low, wagner.high, wagner.qualifier) == (
        "Wagner Group",
        None,
        None,
        "heavy losses",
    )
    assert wagner.claim_kind == "own_side_admission"
    (mali,) = [c for c in claims if c.claimant == "Government of Mali"]
    assert (mali.low, mali.high, mali.qualifier) == (None, None, "severe casualties")
    assert mali.victim == "Government of Mali" and mali.claim_kind == "own_side_admission"


def test_seed_capture_and_earlier_casualties(seed_claims) -> None:  # type: ignore[no-untyped-def]
    _, claims = seed_claims
    (captured,) = [c for c in claims if c.outcome == "captured"]
    assert (captured.claimant, captured.low, captured.high) == ("CSP", 7, 7)
    assert [a.name for a in captured.victim_actors] == ["FAMa", "Wagner Group"]
    assert captured.victim == "FAMa and Wagner Group" and captured.victim_actor is None
    assert captured.claim_kind == "adversary_claim"
    (dozens,) = [c for c in claims if c.qualifier == "dozens"]
    assert (dozens.claimant, dozens.outcome, dozens.low, dozens.high) == (
        "CSP",
        "casualties",
        12,
        None,
    )
    assert dozens.sentence.startswith("The Permanent Strategic Framework")


# ---------------------------------------------------------------------------- other phrasings


def test_passive_without_a_claimant(catalog: ActorCatalog) -> None:
    claims = claims_of("Twelve soldiers were killed in an ambush near Ménaka on Tuesday.", catalog)
    assert summary(claims) == [
        (UNATTRIBUTED, "Soldiers (unspecified)", "killed", 12, 12, "third_party_report", "asserted")
    ]


def test_default_claimant_is_the_publisher(catalog: ActorCatalog) -> None:
    claims = claims_of("Gunmen killed 12 villagers in Solhan.", catalog, default_claimant="Reuters")
    assert summary(claims) == [
        ("Reuters", "Civilians", "killed", 12, 12, "third_party_report", "asserted")
    ]
    assert claims[0].perpetrator == "Militants (unspecified)"


def test_several_claimants_in_one_sentence(catalog: ActorCatalog) -> None:
    text = (
        "JNIM said it killed 20 soldiers, while the Burkinabe army said only three soldiers died."
    )
    assert summary(claims_of(text, catalog)) == [
        ("JNIM", "Soldiers (unspecified)", "killed", 20, 20, "adversary_claim", "asserted"),
        (
            "Burkina Faso Armed Forces",
            "Burkina Faso Armed Forces",
            "killed",
            3,
            3,
            "own_side_admission",
            "asserted",
        ),
    ]


def test_wounded_only(catalog: ActorCatalog) -> None:
    text = "Four peacekeepers were wounded when their convoy hit a mine, MINUSMA said."
    assert summary(claims_of(text, catalog)) == [
        ("MINUSMA", "peacekeepers", "wounded", 4, 4, "third_party_report", "asserted")
    ]


def test_denial(catalog: ActorCatalog) -> None:
    (claim,) = claims_of("The army denied that 30 soldiers were killed in the attack.", catalog)
    assert (claim.claimant, claim.low, claim.stance) == ("army", 30, "denied")


def test_retraction_refers_back_to_the_group(catalog: ActorCatalog) -> None:
    text = (
        "JNIM said it killed 30 soldiers near Djibo. "
        "The group later retracted its claim that 30 soldiers were killed."
    )
    first, second = claims_of(text, catalog)
    assert (first.claimant, first.stance, first.perpetrator) == ("JNIM", "asserted", "JNIM")
    assert (second.claimant, second.low, second.stance) == ("JNIM", 30, "retracted")


def test_pronoun_refers_to_the_last_named_actor(catalog: ActorCatalog) -> None:
    text = "The CSP attacked a FAMa convoy near Kidal on Monday. It said 12 soldiers were killed and five captured."
    assert summary(claims_of(text, catalog)) == [
        ("CSP", "Soldiers (unspecified)", "killed", 12, 12, "adversary_claim", "asserted"),
        ("CSP", "Soldiers (unspecified)", "captured", 5, 5, "adversary_claim", "asserted"),
    ]


def test_according_to(catalog: ActorCatalog) -> None:
    text = "Eight civilians were killed in the raid, according to Human Rights Watch."
    assert summary(claims_of(text, catalog)) == [
        ("Human Rights Watch", "Civilians", "killed", 8, 8, "third_party_report", "asserted")
    ]


def test_french_style_names_and_own_soldiers(catalog: ActorCatalog) -> None:
    text = "The Forces armées maliennes said eleven of its soldiers were killed by EIGS fighters."
    (claim,) = claims_of(text, catalog)
    assert (claim.claimant, claim.victim, claim.low) == ("FAMa", "FAMa", 11)
    assert claim.claim_kind == "own_side_admission"
    assert claim.perpetrator == "Islamic State Sahel Province"


def test_numbers_in_words_and_victim_vs_perpetrator(catalog: ActorCatalog) -> None:
    text = "Tuareg rebels said they killed eighty-four Russian mercenaries near Tinzaouaten."
    (claim,) = claims_of(text, catalog)
    assert (claim.claimant, claim.victim, claim.low, claim.perpetrator) == (
        "CSP",
        "Wagner Group",
        84,
        "CSP",
    )
    assert claim.figure_text == "eighty-four"


def test_range_and_source_phrase(catalog: ActorCatalog) -> None:
    (claim,) = claims_of("Between 10 and 15 civilians were killed, local sources said.", catalog)
    assert (claim.claimant, claim.claimant_actor, claim.victim) == (
        "local sources",
        None,
        "Civilians",
    )
    assert (claim.low, claim.high, claim.qualifier) == (10, 15, "between")


def test_two_groups_one_claimant_with_own_losses(catalog: ActorCatalog) -> None:
    text = "The Nigerian army said it killed 25 Boko Haram fighters and lost four soldiers."
    assert summary(claims_of(text, catalog)) == [
        ("Nigerian Army", "Boko Haram", "killed", 25, 25, "adversary_claim", "asserted"),
        ("Nigerian Army", "Nigerian Army", "killed", 4, 4, "own_side_admission", "asserted"),
    ]


def test_losses_are_suffered_by_whoever_they_are_on(catalog: ActorCatalog) -> None:
    (claim,) = claims_of("JNIM inflicted heavy losses on the Malian army, the group said.", catalog)
    assert (claim.claimant, claim.victim, claim.perpetrator) == ("JNIM", "FAMa", "JNIM")
    assert (claim.outcome, claim.low, claim.qualifier) == ("casualties", None, "heavy losses")


def test_vague_figure_follows_acled(catalog: ActorCatalog) -> None:
    text = "Dozens of villagers were killed by suspected jihadists, residents said."
    (claim,) = claims_of(text, catalog)
    assert (claim.low, claim.high, claim.qualifier) == (12, None, "dozens")
    assert (claim.claimant, claim.claim_kind) == ("residents", "third_party_report")


def test_subset_is_marked(catalog: ActorCatalog) -> None:
    claims = claims_of("Gunmen killed 14 people, including three children, in Yirgou.", catalog)
    assert [(c.victim, c.low, c.subset) for c in claims] == [
        ("people", 14, False),
        ("children", 3, True),
    ]


def test_abducted_and_killed_groups(catalog: ActorCatalog) -> None:
    text = "Boko Haram fighters abducted 25 schoolgirls and killed two guards."
    claims = claims_of(text, catalog)
    assert [(c.outcome, c.victim, c.low, c.perpetrator) for c in claims] == [
        ("abducted", "schoolgirls", 25, "Boko Haram"),
        ("killed", "guards", 2, "Boko Haram"),
    ]


def test_missing_and_death_toll(catalog: ActorCatalog) -> None:
    text = (
        "Three peacekeepers are missing after the attack, MINUSMA said. "
        "The death toll from the attack in Solhan rose to 160, officials said."
    )
    claims = claims_of(text, catalog)
    assert [(c.claimant, c.outcome, c.low) for c in claims] == [
        ("MINUSMA", "missing", 3),
        ("officials", "killed", 160),
    ]


def test_russia_ukraine_claims(catalog: ActorCatalog) -> None:
    text = (
        "Russia's defence ministry said Ukrainian forces lost up to 65 servicemen near Kupiansk. "
        "Ukraine's General Staff said Russia lost 1,200 soldiers in the past day."
    )
    first, second = claims_of(text, catalog)
    assert (first.claimant, first.victim, first.low, first.high, first.qualifier) == (
        "Russian Ministry of Defence",
        "Ukrainian Armed Forces",
        None,
        65,
        "up to",
    )
    assert (second.victim, second.low, second.claim_kind) == (
        "Russian Armed Forces",
        1200,
        "adversary_claim",
    )
    assert first.perpetrator is None and second.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "No casualties were reported.",
        "Police dispersed protesters with tear gas.",
        "Despite the losses, Russia remains committed to Mali.",
        "The ambulance was totally destroyed but no one was reported injured.",
    ],
)
def test_no_claims(text: str, catalog: ActorCatalog) -> None:
    assert claims_of(text, catalog) == []


def test_a_caller_that_has_read_the_text_passes_its_sentences_and_mentions(
    catalog: ActorCatalog,
) -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = split_sentences(text)
    given = extract_claims(
        text,
        catalog=catalog,
        country_code="ML",
        sentences=spans,
        mentions=catalog.find_mentions(text),
    )
    assert given == extract_claims(text, catalog=catalog, country_code="ML")
    # The spans given are the sentences read: two joined spans are one claim's sentence.
    text = "Rebels said they killed 12 soldiers. The army said 3 soldiers died."
    joined = extract_claims(text, catalog=catalog, sentences=[(0, len(text))])
    assert {c.sentence for c in joined} == {text}
