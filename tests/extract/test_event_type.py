"""ACLED-like event types from an article's wording."""

from __future__ import annotations

import pytest

from bot.extract.event_type import EVENT_TYPES, classify_event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels and soldiers clashed for two days; fierce fighting continued.", "armed_clash"),
        ("Ukrainian forces repelled 14 Russian assaults near Chasiv Yar.", "armed_clash"),
        ("Militants ambushed a patrol on the road to Gao.", "attack"),
        ("Gunmen stormed an army post overnight.", "attack"),
        ("An air strike hit a market in Nyala, killing 22 civilians.", "air_drone_strike"),
        ("A Russian drone attack hit an apartment block in Odesa.", "air_drone_strike"),
        ("Artillery shelling of the town continued.", "air_drone_strike"),
        ("A roadside bomb struck a convoy near Baidoa.", "explosion_ied"),
        ("A suicide attack at a checkpoint killed six.", "explosion_ied"),
        ("An IED exploded under a bus.", "explosion_ied"),
        ("Gunmen abducted 287 pupils from a school.", "abduction_capture"),
        ("Militants kidnapped two aid workers and held them hostage.", "abduction_capture"),
        ("Gunmen attacked the village and massacred 40 villagers.", "violence_against_civilians"),
        ("Fighters executed five men in the square.", "violence_against_civilians"),
        ("Armed men killed 12 civilians in Djibo.", "violence_against_civilians"),
        ("The junta said in a statement it would hold elections.", "statement"),
        ("Twenty people were killed.", "other"),
        ("Gold exports rose 12% in July.", "other"),
    ],
)
def test_classify(text: str, expected: str) -> None:
    assert classify_event_type(text) == expected
    assert expected in EVENT_TYPES


def test_more_mentions_outweigh_one_generic_word() -> None:
    text = "Clashes erupted near Kidal. The fighting lasted days, after an ambush on a convoy."
    assert classify_event_type(text) == "armed_clash"


def test_a_specific_means_beats_an_equal_count_of_generic_words() -> None:
    assert classify_event_type("A landmine attack on a convoy.") == "explosion_ied"


def test_seed_wording_is_an_armed_clash() -> None:
    text = (
        "Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries. Rebels "
        "reported killing 84 Wagner mercenaries in late July clashes, and an al Qaeda-linked "
        "group said 50 Wagner fighters were killed in an ambush in the same area."
    )
    assert classify_event_type(text) == "armed_clash"
