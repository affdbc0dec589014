"""Deaths behind long or oddly punctuated subjects, relative clauses and shouted headlines.

Each sentence is written for this file; the figures are what an analyst would count.
"""

from __future__ import annotations

import pytest

from bot.extract.actors import load_actor_catalog
from bot.extract.claims import extract_claims
from bot.extract.types import ExtractedClaim


def _claims(text: str) -> list[ExtractedClaim]:
    return extract_claims(text, catalog=load_actor_catalog())


def _killed(text: str) -> list[tuple[int | None, str]]:
    return [
        (c.low, c.victim)
        for c in _claims(text)
        if c.outcome == "killed" and c.stance == "asserted" and not c.subset
    ]


@pytest.mark.parametrize(
    ("text", "victim"),
    [
        # A comma between the subject and its verb, as notes often write it.
        ("A bricklayer from Kasese, died on 3 June after police beat him.", "bricklayer"),
        ("A trader living near the border crossing, was found dead on Monday.", "trader"),
        # A long prepositional phrase the group reader does not follow.
        ("A volunteer with both British and Somali passports died in the raid.", "volunteer"),
        # Two descriptions joined by "and", a quoted nickname, a bracketed name.
        (
            'Under unclear conditions, the poet and opposition activist "Bozo" (Jean Mpiana) '
            "was shot and killed near the river.",
            "poet and opposition activist Bozo",
        ),
        # A subject whose relative clause holds the verb "was".
        ("In the blaze, an old watchman who was too slow to escape perished.", "old watchman"),
    ],
)
def test_one_death_behind_an_unusual_subject(text: str, victim: str) -> None:
    assert _killed(text) == [(1, victim)]


def test_the_actor_named_in_the_subject_is_the_victim() -> None:
    text = "A suspected ISWAP “field commander” Abu Bakr Mamman, was found dead outside Monguno."
    assert [c.low for c in _claims(text) if c.outcome == "killed"] == [1]
    assert _claims(text)[0].victim_actor is not None


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed in the attack.",
        "It is not clear whether anyone died.",
        "The driver narrowly escaped and nobody died.",
        "The convoy was hit but the escort survived.",
        "The truce died within hours.",
    ],
)
def test_doubt_denial_and_things_are_no_death(text: str) -> None:
    assert _killed(text) == []


def test_after_a_report_only_an_indefinite_subject_is_a_new_death() -> None:
    lede = "Police shot dead a suspect in Kinshasa. "
    named = (
        'Under unclear conditions, the poet and opposition activist "Bozo" (Jean Mpiana) was '
        "shot and killed."
    )
    assert [low for low, _ in _killed(named)] == [1]
    assert [low for low, _ in _killed(lede + named)] == [1]
    new = "A volunteer with both British and Somali passports died in the raid."
    assert [low for low, _ in _killed(lede + new)] == [1, 1]


def test_a_relative_aside_keeps_its_own_outcome_and_time() -> None:
    text = "The village head, who had been kidnapped last month, was found beheaded on Friday."
    assert [(c.outcome, c.low) for c in _claims(text) if c.outcome == "killed"] == [("killed", 1)]


def test_an_attack_that_killed_is_read_after_a_condemnation() -> None:
    text = "The African Union condemned the attack that killed three aid workers in Yei."
    assert _killed(text) == [(3, "aid workers")]


@pytest.mark.parametrize(
    "text",
    [
        "Reprisal attacks in Djugu left at least 9 dead.",
        "Revenge killings in the valley left 14 people dead.",
    ],
)
def test_a_motive_naming_the_event_kind_is_no_earlier_death(text: str) -> None:
    assert [low for low, _victim in _killed(text)] in ([9], [14])


def test_a_motive_for_the_event_still_sets_the_earlier_death_aside() -> None:
    text = "In revenge for the killing of a herder, youths torched three homes."
    assert _killed(text) == []


def test_a_list_of_people_introduced_one_by_one() -> None:
    assert len(_killed("A nurse, a driver and a teacher were killed in the ambush.")) == 3
    # ... but a description between commas is the same person.
    assert len(_killed("A man, a local trader, and his son were shot dead.")) == 2


def test_a_dashed_aside_after_a_relative_clause() -> None:
    text = (
        "Two guards who deserted - Cpl. Amos Wekesa and Pte. Musa Ali - were killed in a "
        "shootout with police."
    )
    assert [low for low, _victim in _killed(text)] == [2]


def test_a_dangling_participle_before_the_verb() -> None:
    assert [low for low, _ in _killed("Three gunmen described were killed by police.")] == [3]


def test_a_shouted_headline_is_read_like_any_other() -> None:
    claims = _claims("GUNMEN KILL AT LEAST 12 IN RAID ON MARKET TOWN")
    assert [(c.outcome, c.low, c.qualifier) for c in claims] == [("killed", 12, "at least")]
    assert claims[0].sentence == "GUNMEN KILL AT LEAST 12 IN RAID ON MARKET TOWN"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("A district commissioner was among the dead.", 1),
        ("Among the victims were four schoolchildren.", 4),
    ],
)
def test_among_the_dead_names_deaths(text: str, figure: int) -> None:
    assert [low for low, _ in _killed(text)] == [figure]


def test_among_the_dead_after_a_total_is_a_part_of_it() -> None:
    text = "Nine people were killed in the raid. Among the dead were two police officers."
    assert [low for low, _ in _killed(text)] == [9]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Rebels fired on the ferry, and none of the nine crew members survived.", 9),
        ("A teacher and a pupil were hit by shrapnel; neither of them survived.", 2),
    ],
)
def test_denied_survival_is_death(text: str, figure: int) -> None:
    assert [low for low, _ in _killed(text)] == [figure]


def test_no_one_survived_gives_no_figure() -> None:
    assert _killed("No one survived, according to a relief worker.") == []


def test_a_toll_across_a_which_aside() -> None:
    text = "The toll, which counts the three gunmen, reached 21 on Sunday, officials said."
    assert [low for low, _ in _killed(text)] == [21]


def test_a_figure_far_from_its_plural_verb() -> None:
    text = (
        "On 2 May, four prisoners held at a militia base in Walikale (North Kivu) were "
        "summarily executed by their guards after an escape attempt."
    )
    assert _killed(text) == [(4, "prisoners")]


def test_a_far_figure_after_an_earlier_report_is_left_to_the_group_reader() -> None:
    text = (
        "Gunmen killed two farmers near Kajuru. On 2 May, four prisoners held at a militia "
        "base in Walikale (North Kivu) were summarily executed by their guards."
    )
    assert [low for low, _ in _killed(text)] == [2]
