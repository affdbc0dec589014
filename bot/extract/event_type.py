"""An ACLED-like event type from the words an article uses for what happened.

The taxonomy follows ACLED's sub-events, folded to what analysts filter on:
  armed_clash                 two armed sides fought (clashes, fighting, battle)
  attack                      one side ambushed, raided or stormed the other
  air_drone_strike            air or drone strikes; missile, rocket and artillery strikes too
                              (ACLED's remote violence, minus explosives planted on the ground)
  explosion_ied               IEDs, roadside, car and suicide bombs, landmines, explosions
  abduction_capture           abductions, kidnappings, hostage taking
  violence_against_civilians  massacres, executions, gunmen killing villagers or worshippers
  statement                   only words: a statement with no act of violence in it
  other                       anything else
Means beat manner: a drone strike that killed civilians is an air_drone_strike, a massacre by
gunmen is violence_against_civilians, a raid that turned into a firefight stays with whichever
the article says more often.
"""

from __future__ import annotations

import re

from bot.extract.cues import text_tags, words

EVENT_TYPES = (
    "armed_clash",
    "attack",
    "air_drone_strike",
    "explosion_ied",
    "abduction_capture",
    "violence_against_civilians",
    "statement",
    "other",
)

# (type, weight, whole-word pattern): a specific means weighs double a generic word, so one
# "landmine" outvotes one "attack". On a tie the more specific type wins (_TIE_BREAK order).
_WORD_CUES: list[tuple[str, int, str]] = [
    ("explosion_ied", 2, r"ieds?|landmines?|explosions?|blasts?|detonat\w+|booby"),
    (
        "air_drone_strike",
        2,
        r"airstrikes?|airraids?|drones?|warplanes?|missiles?|rockets?|shelling|shelled"
        r"|artillery|bombard\w*|gunships?",
    ),
    ("abduction_capture", 2, r"abduct\w*|kidnap\w*|hostages?"),
    (
        "violence_against_civilians",
        2,
        r"massacr\w*|executed|executions?|summarily|villagers|worshippers|mourners|looted|rap(?:e|es|ed)",
    ),
    # Civilians "caught in the crossfire" died in a fight between two armed sides.
    ("armed_clash", 2, r"crossfire|cross-fire"),
    ("abduction_capture", 1, r"captur\w+"),
    ("attack", 1, r"ambush\w*|attack\w*|raid\w*|stormed|overran|besieg\w*|gunned"),
    (
        "armed_clash",
        1,
        r"clash\w*|fight(?:ing|s)?|fought|battl\w*|combat|gunbattles?|firefights?|gunfights?"
        r"|skirmish\w*|offensive|confrontations?|hostilities|encounters?|assaults?|repel\w*"
        r"|repuls\w*",
    ),
]
# Two consecutive words.
_PAIR_CUES: dict[tuple[str, str], tuple[str, int]] = {
    **{
        (a, b): ("explosion_ied", 2)
        for a in ("roadside", "car", "truck", "suicide")
        for b in (
            "bomb",
            "bombs",
            "bomber",
            "bombers",
            "bombing",
            "bombings",
            "attack",
            "attacks",
            "vest",
            "vests",
        )
    },
    ("improvised", "explosive"): ("explosion_ied", 2),
    ("explosive", "device"): ("explosion_ied", 2),
    ("explosive", "devices"): ("explosion_ied", 2),
    ("land", "mine"): ("explosion_ied", 2),
    ("land", "mines"): ("explosion_ied", 2),
    ("air", "strike"): ("air_drone_strike", 2),
    ("air", "strikes"): ("air_drone_strike", 2),
    ("air", "raid"): ("air_drone_strike", 2),
    ("air", "raids"): ("air_drone_strike", 2),
    ("fighter", "jets"): ("air_drone_strike", 2),
    ("taken", "captive"): ("abduction_capture", 2),
    ("held", "captive"): ("abduction_capture", 2),
    ("exchanged", "fire"): ("armed_clash", 1),
    ("shot", "dead"): ("attack", 1),
}
# "killed 22 civilians", "civilians were shot": civilians as the victims.
_CIVILIANS = frozenset({"civilian", "civilians", "villagers", "residents", "worshippers"})
_HARMED = frozenset({"killed", "killing", "shot", "massacred", "slaughtered", "dead", "died"})
_NEAR = 4  # words

_COMPILED = [(t, w, re.compile(rf"(?:{cue})")) for t, w, cue in _WORD_CUES]
_WORD_SCORES: dict[str, tuple[tuple[str, int], ...]] = {}
_TIE_BREAK = (
    "explosion_ied",
    "air_drone_strike",
    "abduction_capture",
    "violence_against_civilians",
    "attack",
    "armed_clash",
)


def _word_scores(word: str) -> tuple[tuple[str, int], ...]:
    scores = _WORD_SCORES.get(word)
    if scores is None:
        scores = tuple((t, w) for t, w, pattern in _COMPILED if pattern.fullmatch(word))
        if len(_WORD_SCORES) < 200_000:
            _WORD_SCORES[word] = scores
    return scores


def classify_event_type(text: str) -> str:
    """The event type the text's wording points to (see the module docstring for the taxonomy)."""
    tokens = words(text)
    scores: dict[str, int] = {}
    for index, word in enumerate(tokens):
        for event_type, weight in _word_scores(word):
            scores[event_type] = scores.get(event_type, 0) + weight
        if index:
            pair = _PAIR_CUES.get((tokens[index - 1], word))
            if pair is not None:
                scores[pair[0]] = scores.get(pair[0], 0) + pair[1]
        if word in _CIVILIANS and any(
            t in _HARMED for t in tokens[max(0, index - _NEAR) : index + _NEAR + 1]
        ):
            scores["violence_against_civilians"] = scores.get("violence_against_civilians", 0) + 2
    if scores:
        return max(_TIE_BREAK, key=lambda t: (scores.get(t, 0), -_TIE_BREAK.index(t)))
    tags = text_tags(text)
    if "casualty" in tags:
        return "other"
    if "speech" in tags:
        return "statement"
    return "other"
