"""Wire-story families found by scoring two fresh written sets (bench/data/written_notes/
notes_h.jsonl and notes_i.jsonl): tolls raised by another source, the idioms of translated and
military press for death, and coder shorthand. Every sentence here is new, written for this test.
"""

from __future__ import annotations

import pytest

from bot.extract.actors import ActorCatalog, load_actor_catalog
from bot.extract.claims import extract_claims


@pytest.fixture(scope="module")
def catalog() -> ActorCatalog:
    return load_actor_catalog()


def killed(text: str, catalog: ActorCatalog) -> list[tuple[int | None, str]]:
    return [
        (c.low, c.stance) for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Another source raises the toll: the earlier total is replaced, not a competing claim.
        (
            "Bandits killed six villagers in Maru, police said. The toll rose to eight after "
            "two of the injured died, a doctor at the general hospital said.",
            [(6, "superseded"), (8, "asserted")],
        ),
        (
            "Ten people died when a bomb hit a bus station, rescuers said. The Red Crescent "
            "later raised the toll to 13.",
            [(10, "superseded"), (13, "asserted")],
        ),
        (
            "Gunmen killed 4 worshippers at a mosque in Kano. On Sunday the governor revised the "
            "death toll to 7.",
            [(4, "superseded"), (7, "asserted")],
        ),
        # A lower later figure is no rise: two sources still compete.
        (
            "Residents said 30 people were killed. The army said the toll rose to 12 soldiers.",
            [(30, "asserted"), (12, "asserted")],
        ),
        # A named group beside a rising total of other people is not replaced by it.
        (
            "Five soldiers were killed in the ambush. The civilian toll rose to 9 overnight.",
            [(5, "asserted"), (9, "asserted")],
        ),
    ],
)
def test_a_raised_toll_replaces_the_lower_totals_before_it(
    text: str, expected: list[tuple[int, str]], catalog: ActorCatalog
) -> None:
    assert killed(text, catalog) == expected


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Four policemen were martyred when their patrol was ambushed near Deir Ezzor.", 4),
        ("A soldier was martyred and two others were injured by sniper fire.", 1),
        ("Nine fighters of the brigade fell martyrs defending the hill.", 9),
        ("Two soldiers embraced martyrdom in the exchange of fire, the military said.", 2),
        ("Three sepoys embraced shahadat during the operation in North Waziristan.", 3),
        ("Five terrorists were sent to hell in the ensuing fire, the statement said.", 5),
        ("Dozens of villagers fell under the bullets of the assailants.", 12),
        ("Patrol hit by IED near Baidoa: 3 x SNA KIA, 2 WIA.", 3),
    ],
)
def test_idioms_of_translated_and_military_press_are_deaths(
    text: str, figure: int, catalog: ActorCatalog
) -> None:
    assert killed(text, catalog) == [(figure, "asserted")]


def test_wounded_in_action_is_wounded_not_killed(catalog: ActorCatalog) -> None:
    claims = extract_claims("Two soldiers WIA near Kismayo.", catalog=catalog)
    assert [(c.outcome, c.low) for c in claims] == [("wounded", 2)]


def test_a_raised_toll_holds_the_later_deaths_and_replaces_the_figure_reported_before_it(
    catalog: ActorCatalog,
) -> None:
    text = (
        "The death toll from the car bomb outside a market in the northern town of Bentiu rose "
        "to 17 on Friday after three more people died in hospital, a nurse said."
    )
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.stance, c.subset) for c in claims] == [
        (17, "asserted", False),
        (3, "asserted", True),
    ]
    text = (
        "The toll from the shelling of the camp has risen to 11 confirmed dead, the camp "
        "manager said, after he had earlier reported eight killed."
    )
    assert killed(text, catalog) == [(11, "asserted"), (8, "superseded")]


def test_a_figure_reported_earlier_is_no_speaker_of_the_toll(catalog: ActorCatalog) -> None:
    text = (
        "The death toll from the ambush has risen to 14, up from 9 reported earlier, a district "
        "commissioner said on Monday."
    )
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.claimant) for c in claims] == [(14, "district commissioner")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name that starts like a unit ("M" for metres) is no measure: "3 M23 fighters".
        ("5 FARDC soldiers and 2 M23 fighters died near Rutshuru.", [(5, "FARDC"), (2, "M23")]),
        ("Six Wazalendo and four M23 rebels were killed.", [(6, "Wazalendo"), (4, "M23")]),
        # "on the spot" is where they died, never a group of victims.
        (
            "Two bandits were killed on the spot and two others succumbed to their wounds.",
            [(4, "bandits")],
        ),
    ],
)
def test_groups_named_by_codes_and_places_of_death(
    text: str, expected: list[tuple[int, str]], catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.victim) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # The communiqué calque of "a permis de neutraliser": done, not intended.
        ("The army said the riposte made it possible to neutralise 15 terrorists.", 15),
        ("Troops managed to kill three of the attackers before they fled.", 3),
        ("The rebels vowed to kill 20 soldiers in revenge.", None),
    ],
)
def test_an_achieved_infinitive_is_an_event_an_intended_one_is_not(
    text: str, figure: int | None, catalog: ActorCatalog
) -> None:
    found = [c.low for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert found == ([] if figure is None else [figure])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "to death" reaches back over a coordinated object.
        ("A man hacked his brother and nephew to death in Kitgum.", [(1, False), (1, False)]),
        # An "including" aside closed by ", and" returns to the main list.
        (
            "The shelling killed three farmers, including a boy, and a local councillor.",
            [(3, False), (1, True), (1, False)],
        ),
        # A list inside the aside stays inside it.
        (
            "The raid killed six villagers, including a nurse, a teacher and a pastor.",
            [(6, False), (1, True), (1, True), (1, True)],
        ),
    ],
)
def test_coordinated_victims(
    text: str, expected: list[tuple[int, bool]], catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.subset) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "bringing the toll to" for this event raises it; over a week it is a running count.
        (
            "Raiders shot dead four herders near Bama. Two more bodies were found on Friday, "
            "bringing the toll from the raid to six, a vigilante leader said.",
            [(4, "superseded"), (6, "asserted")],
        ),
        (
            "Troops killed two gunmen near Bama on Monday, bringing the toll to 15 this week.",
            [(2, "asserted"), (15, "asserted")],
        ),
        # The attackers are counted apart from a toll that leaves them out ...
        (
            "A suicide bomber blew himself up at a market, killing 9 people. The toll later "
            "rose to 12, not counting the bomber.",
            [(1, "asserted"), (9, "superseded"), (12, "asserted")],
        ),
        # ... and inside one that says it includes them.
        (
            "Two suicide bombers blew themselves up at a mosque. Police later revised the toll "
            "to 15, the two bombers included.",
            [(2, "superseded"), (15, "asserted")],
        ),
    ],
)
def test_raised_tolls_running_counts_and_the_attackers(
    text: str, expected: list[tuple[int, str]], catalog: ActorCatalog
) -> None:
    claims = [
        c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed" and not c.subset
    ]
    assert [(c.low, c.stance) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Army communiqués translated from French: both sides, each its own claim.
        (
            "The riposte of our forces made it possible to put out of harm's way 31 terrorists. "
            "We deplore 2 dead on our side.",
            [31, 2],
        ),
        ("Five of our men fell on the field of honour near Djibo, the army said.", [5]),
        ("The army announced the neutralisation of 14 assailants near Diffa.", [14]),
        # Translated Arabic press.
        ("The shelling caused the martyrdom of 3 civilians and the injury of 8 others.", [3]),
        ("The commander said 11 militants lost lives in the raid.", [11]),
        # A provisional count, then the one that replaced it.
        (
            "Activists spoke of 40 martyrs in the morning. By evening the number of martyrs "
            "reached 61.",
            [61],
        ),
        ("The prison riot left 9 inmates dead; the figure later rose to 12 deceased.", [12]),
    ],
)
def test_translated_press_and_communiques(
    text: str, expected: list[int], catalog: ActorCatalog
) -> None:
    claims = extract_claims(text, catalog=catalog)
    found = [
        c.low for c in claims if c.outcome == "killed" and c.stance == "asserted" and not c.subset
    ]
    assert found == expected


def test_a_communique_counts_its_own_dead_as_its_soldiers(catalog: ActorCatalog) -> None:
    text = (
        "During the riposte, 12 terrorists were neutralised. We deplore 3 dead on our side. "
        "2 deaths were recorded on the side of our forces in a second ambush."
    )
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.victim) for c in claims] == [
        (12, "Militants (unspecified)"),
        (3, "Soldiers (unspecified)"),
        (2, "Soldiers (unspecified)"),
    ]


def test_a_first_balance_sheet_is_replaced_but_a_provisional_toll_alone_stands(
    catalog: ActorCatalog,
) -> None:
    text = "The governor said 70 people died. The first balance sheet given on Sunday was 52 dead."
    assert killed(text, catalog) == [(70, "asserted"), (52, "superseded")]
    text = "The prefect announced a provisional toll of nine dead and 20 injured."
    assert killed(text, catalog) == [(9, "asserted")]


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Killed in the raid were 3 vigilantes and a herder, the police said.", 4),
        ("Dead are two nurses and a patient, the hospital said.", 3),
        ("Also killed was a police corporal who tried to intervene.", 1),
        ("Shot dead at the checkpoint were two customs officers.", 2),
        ("Killed were 9 soldiers and 2 civilians.", 11),
    ],
)
def test_an_outcome_opening_the_sentence_before_were_names_the_dead_after_it(
    text: str, total: int, catalog: ActorCatalog
) -> None:
    claims = extract_claims(text, catalog=catalog)
    assert sum(c.low or 0 for c in claims if c.outcome == "killed" and not c.subset) == total


@pytest.mark.parametrize(
    ("text", "figure", "qualifier"),
    [
        # Coder abbreviations of "about": the figure keeps its verb.
        ("The raid killed ~25 bandits near Tsafe.", 25, "about"),
        ("The army killed approx. 40 militants in Sambisa.", 40, "approximately"),
        ("Clashes killed c. 12 herders near Bokkos.", 12, "about"),
        ("A dozen or so fighters were killed in Golo.", 12, "about"),
    ],
)
def test_abbreviated_approximations(
    text: str, figure: int, qualifier: str, catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.qualifier) for c in claims] == [(figure, qualifier)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An uncertain report is still a report ...
        ("As many as 20 miners may have been killed in the raid, an official said.", [20]),
        ("Six people might have died in the fire.", [6]),
        # ... what "could have" happened did not.
        ("Police said the bomb could have killed dozens of worshippers.", []),
        ("Hundreds would have been killed had the device exploded.", []),
        # "N of them fatally" is N dead among the wounded, not all of them.
        ("The blast wounded 14 people, 2 of them fatally.", [2]),
        ("Gunmen shot six traders, three of them fatally.", [3]),
    ],
)
def test_uncertain_counterfactual_and_fatal_among_the_wounded(
    text: str, expected: list[int], catalog: ActorCatalog
) -> None:
    claims = extract_claims(text, catalog=catalog)
    found = [c.high if c.low is None else c.low for c in claims if c.outcome == "killed"]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A coder note's source before a colon speaks for what follows it.
        ("Ethiopian officials: 3 troops killed near Halgan.", [(3, "Ethiopian officials")]),
        ("JNIM: 12 soldiers killed at Boni.", [(12, "JNIM")]),
        # A place or a date before the colon is no speaker.
        ("Beni territory: ADF rebels killed 4 civilians.", [(4, "unattributed report")]),
        # Coder shorthand for the parties speaks too ("AS" is al-Shabaab in Somali notes).
        ("AS claims over 40 AMISOM soldiers killed.", [(40, "al-Shabaab")]),
        ("GATIA acknowledged losing 9 men.", [(9, "GATIA")]),
    ],
)
def test_sources_of_terse_coder_notes(
    text: str, expected: list[tuple[int, str]], catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.claimant) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A second source's bare figure counts the same dead: its own claim, never a sum.
        (
            "Amnesty International said at least 30 protesters were killed; the government said 8.",
            [(30, "Amnesty International"), (8, "government")],
        ),
        ("Residents said 15 people died, police said 9.", [(15, "Residents"), (9, "police")]),
        # A figure that goes on is something else.
        ("Gunmen killed 6 traders; police said 5 suspects were arrested.", [(6, None)]),
    ],
)
def test_a_second_sources_bare_figure(
    text: str, expected: list[tuple[int, str | None]], catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.claimant) for c in claims][: len(expected)] == [
        (n, who if who is not None else claims[0].claimant) for n, who in expected
    ]
    assert len(claims) == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A note's label opens the sentence: what follows it are the dead.
        ("Dead: 3 FARDC soldiers and 2 civilians. Wounded: 4.", [3, 2]),
        ("Fatalities: 6.", [6]),
        # After a count, a colon itemises it: the total once.
        ("9 dead: 7 villagers and 2 vigilantes.", [9]),
        ("Five people were killed: three traders and two drivers.", [5]),
    ],
)
def test_labels_and_itemised_counts(text: str, expected: list[int], catalog: ActorCatalog) -> None:
    claims = extract_claims(text, catalog=catalog)
    assert [c.low for c in claims if c.outcome == "killed" and not c.subset] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Asides between the speaker and its verb never speak.
        ("GATIA, part of the Plateforme, acknowledged losing 9 men.", (9, "GATIA", "GATIA")),
        (
            "RED-Tabara, in a statement issued from Brussels, admitted losing 3 fighters.",
            (3, "RED-Tabara", "RED-Tabara"),
        ),
        (
            "JNIM, which is linked to al Qaeda, said it killed 12 soldiers.",
            (12, "JNIM", "Soldiers (unspecified)"),
        ),
        # A possessor's statement is the possessor's; its admitted fighters are its own.
        (
            "Al Shabaab's own statement acknowledged 17 of its fighters dead.",
            (17, "al-Shabaab", "al-Shabaab"),
        ),
        ("JNIM denied the figure, acknowledging 6 fighters killed.", (6, "JNIM", "JNIM")),
        # Admitting a killing names no own losses.
        ("The rebels admitted killing 9 soldiers.", (9, "rebels", "Soldiers (unspecified)")),
    ],
)
def test_speakers_behind_asides_and_their_own_losses(
    text: str, expected: tuple[int, str, str], catalog: ActorCatalog
) -> None:
    claims = [c for c in extract_claims(text, catalog=catalog) if c.outcome == "killed"]
    assert [(c.low, c.claimant, c.victim) for c in claims if c.stance == "asserted"] == [expected]
