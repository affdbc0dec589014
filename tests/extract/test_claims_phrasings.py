"""Broad phrasing families for casualty claims: verb forms, headlines, lists, asides, denials.

Every sentence here is written for this test (none is copied from a dataset), one or two per
rule, so a failing case names the rule that broke.
"""

from __future__ import annotations

import pytest

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.claims import extract_claims
from bot.extract.types import ExtractedClaim


@pytest.fixture(scope="module")
def catalog() -> ActorCatalog:
    return load_actor_catalog()


def counted(claims: list[ExtractedClaim], outcome: str = "killed") -> list[int | None]:
    """The asserted, non-subset figures for one outcome, in document order."""
    return [
        c.low if c.low is not None else c.high
        for c in claims
        if c.outcome == outcome and c.stance == "asserted" and not c.subset
    ]


def killed(text: str, catalog: ActorCatalog) -> int:
    """The killed figures added up; a figure-less plural ("soldiers killed") as ACLED's 10."""
    found = extract_claims(text, catalog=catalog)
    return sum(10 if v is None else v for v in counted(found))


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # Killing verbs as families: present tense in headlines, past in reports.
        ("Bandits assassinate two councillors near the market.", 2),
        ("Two councillors were assassinated near the market.", 2),
        ("Raiders behead a shepherd in the hills.", 1),
        ("Guards shoot dead three escaping prisoners.", 3),
        ("A crowd lynches two alleged pickpockets.", 2),
        ("Five fishermen were slain on the lake shore.", 5),
        ("Eleven travellers perished when the bus was set on fire.", 11),
        ("The wounded corporal succumbs to his injuries.", 1),
        # Split verbs: "burned X alive", "shot X dead".
        ("A mob burned three suspected cattle thieves alive.", 3),
        ("Guards shot an intruder dead at the gate.", 1),
        # A noun that is also a verb form stays a noun.
        ("A butcher was stabbed to death outside his stall.", 1),
    ],
)
def test_verb_families(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # Headlines drop articles: each bare singular person in a list is one person.
        ("Farmer, herder killed in land dispute", 2),
        ("Teacher, wife and toddler killed in night raid", 3),
        ("Militia says Ugandan trader shot dead near border", 1),
        ("Sniper kills Kenyan in disputed village", 1),
        ("Bandits kill pastor, deacon in church raid", 2),
        ("Gunmen killed a chemist and his wife and son.", 3),
        # A name, then an apposition: still one person.
        ("Gunmen killed a trader, father of six, in the market.", 1),
        # The subject of an active verb is not its victim.
        ("Corporal kills farmer in the village.", 1),
        # Title Case: "Killed" is a verb, not part of a name.
        ("Peacekeepers Killed Near Airport", 10),
        # Title Case: a capitalised verb is not a name in apposition.
        ("Up To 40 Villagers Shot And Burned Alive In Raid", 40),
        # Plurals without an "s" are never one person; a bar separates headline parts.
        ("Children and women from the same family killed in shelling", 10),
        ("Roadside bomb | Conscript killed near checkpoint", 1),
        # Nationalities name people.
        ("Eritreans killed in desert crossing", 10),
        # "accused of murdering people" is not a report of deaths.
        ("Villagers killed a man who was accused of murdering tourists.", 1),
    ],
)
def test_headline_lists_and_bare_nouns(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # "both": two people, as a pronoun or a determiner; not "both sides".
        ("Gunmen shot a driver and his assistant, killing both.", 2),
        ("Both guards were killed.", 2),
        ("Two porters were shot; both of them died.", 2),
        # "on each side" doubles a figure; "on both sides" is a total.
        ("The skirmish left one fighter dead on each side.", 2),
        ("Six people were killed on both sides.", 6),
        # Reduced relative clauses and dashed asides between a group and its verb.
        ("Four guards manning the gate were killed.", 4),
        ("Two officers - a major and a captain - were killed.", 2),
        # A figure inside a skipped phrase ("from the two sides") is not a second group.
        ("At least three fighters from the two sides were killed.", 3),
        ("Fighting between the two clans left at least nine people dead.", 9),
        # A first verb, then "and died".
        ("A porter was hit by shrapnel and died in hospital.", 1),
        ("Two herders were arrested and later died in custody.", 2),
        # Tolls in other words.
        ("The number of dead has risen to 14.", 14),
        # Ages, unit and road labels, years, times and money are no head counts.
        ("A trader aged 52 was shot dead.", 1),
        ("Four soldiers of Brigade 312 were killed.", 4),
        ("Three people were killed at PK 9 on Route 20.", 3),
        ("More than 40 people were killed on Friday, March 14, 2014.", 40),
        ("A reward of Rs 2 lakh was offered after 3 officers were killed.", 3),
        ("Raiders kill 6: police", 6),
        # Intent is no event; "along" without "with" is a place; places share no outcome.
        ("The suspect had tried to kill the chief before his arrest.", 0),
        ("Troops killed two marchers along the main road.", 2),
        ("Across the two provinces, 15 insurgents died.", 15),
        # A singular verb after "A and B" describes one person twice; plural: two people.
        ("A poet and the founder of the movement was shot dead.", 1),
        ("A poet and a teacher were shot dead.", 2),
        # "the woman", "he" refer back to someone already counted.
        ("A corpse was found near the well. The woman had been strangled to death.", 1),
        ("A guard was stabbed. He died later.", 1),
        # A breakdown after a comma that adds up to the total is not more deaths.
        ("The raid killed 9 people, 5 guards and 4 drivers.", 9),
        ("The raid killed 5 guards, 3 drivers and 2 cooks.", 10),
        ("Of the 9 dead, 5 were guards.", 9),
        # A toll that rose "from 12 to 20" is now 20.
        ("The death toll has climbed from 6 to 11.", 11),
        # Names: "Ahmed" is no participle; a relational head names a person; ages after names.
        ("Major Mahmoud Saeed was killed in the blast.", 1),
        ("The chief of Bunia market was shot dead.", 1),
        ("Police shot dead Juma Bakari, 29.", 1),
        ("Rangers shot dead Okello near the park.", 1),
        # "the killing of X" reports a death, unless it set off the event reported.
        ("The fighting resulted in the death of Idris Kamara.", 1),
        ("Rights groups condemned the murder of a radio presenter.", 1),
        ("Riots broke out following the killing of a herder.", 0),
        ("Five were arrested for the killing of a shopkeeper.", 1),
        # "remain" as an auxiliary; a figure-less group after "and" shares the figure.
        ("Three villagers remain missing and two remain killed.", 2),
        ("Eleven police and Wagner operatives were killed.", 11),
        # "one of whom later died"; plurals in "-men" are never one person.
        ("Bandits shot and wounded 3 traders, one of whom later died.", 1),
        ("Fishermen killed in lake raid", 10),
        ("Raiders killed the driver and his assistant.", 2),
        # Numbers in words.
        ("A pair of rangers were killed.", 2),
        ("An elderly couple was killed in the attack.", 2),
    ],
)
def test_counting_rules(text: str, total: int, catalog: ActorCatalog) -> None:
    assert killed(text, catalog) == total


def test_killed_and_wounded_together_is_a_casualty_count(catalog: ActorCatalog) -> None:
    claims = extract_claims("Twenty were killed and wounded in the shelling.", catalog=catalog)
    assert counted(claims) == []
    assert counted(claims, "casualties") == [20]
    claims = extract_claims("The blast killed 3 and wounded 8.", catalog=catalog)
    assert (counted(claims), counted(claims, "wounded")) == ([3], [8])


def test_denial_in_the_next_sentence(catalog: ActorCatalog) -> None:
    text = "The rebels said they killed 40 soldiers. The army dismissed the report."
    claims = extract_claims(text, catalog=catalog)
    asserted, denied = claims
    assert (asserted.stance, asserted.low, asserted.claimant) == ("asserted", 40, "rebels")
    assert (denied.stance, denied.low, denied.victim) == ("denied", 40, asserted.victim)
    assert denied.claimant == "army" and denied.sentence == "The army dismissed the report."
    # Only right after the claim, and not when the denial is about something else.
    later = "Rebels said 40 soldiers were killed. It rained. The army denied the claim."
    assert [c.stance for c in extract_claims(later, catalog=catalog)] == ["asserted"]
    other = "Rebels said 40 soldiers were killed. The army denied it was involved."
    assert [c.stance for c in extract_claims(other, catalog=catalog)] == ["asserted"]


def test_headline_claiming_losses_in_clashes_with_an_enemy(catalog: ActorCatalog) -> None:
    text = "Rebels Claim Heavy Losses in Clashes with Wagner Mercenaries"
    (claim,) = extract_claims(text, catalog=catalog)
    assert (claim.victim, claim.outcome, claim.low, claim.qualifier) == (
        "Wagner Group",
        "casualties",
        None,
        "Heavy Losses",
    )
    assert claim.claim_kind == "adversary_claim" or claim.claimant_actor is None


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Bandits kill 4 herders: police", "police"),
        ("Nine dead in market blast - officials", "officials"),
        ("Landmine kills 3 soldiers: UN", "United Nations"),
    ],
)
def test_headline_source_tag(text: str, claimant: str, catalog: ActorCatalog) -> None:
    (claim,) = extract_claims(text, catalog=catalog)
    assert claim.claimant == claimant and claim.outcome == "killed"


def test_a_hyphenated_word_is_no_source_tag(catalog: ActorCatalog) -> None:
    (claim,) = extract_claims("Gunmen kill 3 in north-east", catalog=catalog)
    assert claim.claimant == "unattributed report"


def test_claimed_to_have_killed_is_the_subjects_claim(catalog: ActorCatalog) -> None:
    text = "The insurgents claimed to have killed 30 soldiers, while the army said 3 soldiers died."
    first, second = extract_claims(text, catalog=catalog)
    assert (first.claimant, first.low) == ("insurgents", 30)
    assert (second.claimant, second.low) == ("army", 3)
    (passive,) = extract_claims("He was claimed to have killed 3 people.", catalog=catalog)
    assert passive.claimant == "unattributed report"


def test_a_claim_noun_is_no_victim_group(catalog: ActorCatalog) -> None:
    text = "Troops said they killed 25 fighters, a claim the fighters denied."
    assert counted(extract_claims(text, catalog=catalog)) == [25]


def test_abducted_and_later_found_dead_counts_one_group(catalog: ActorCatalog) -> None:
    text = "A leader of the union was abducted and later found dead."
    assert counted(extract_claims(text, catalog=catalog)) == [1]


def test_a_claim_quoted_inside_a_retraction_or_denial_takes_its_stance(
    catalog: ActorCatalog,
) -> None:
    text = "The militia retracted a statement in which it claimed to have killed 90 police."
    (claim,) = extract_claims(text, catalog=catalog)
    assert (claim.low, claim.stance) == (90, "retracted")
    # A retracted claim is not denied again by a later dismissal.
    text += " The police dismissed the claim."
    assert [c.stance for c in extract_claims(text, catalog=catalog)] == ["retracted"]
