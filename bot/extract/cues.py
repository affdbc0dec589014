"""Word cues shared by event typing, date roles and summaries: what fighting and speech look like.

Kept in one place so that "is this sentence about fighting?" gets the same answer whether the
question is the event's type, which date belongs to the fighting, or which sentences summarise it.

Whole sentences are tagged word by word (a dict lookup per word, memoised), because scanning a
long alternation regex over every character of an article costs milliseconds; the regexes are
kept for the few short windows around a date where positions matter.
"""

from __future__ import annotations

import re
from itertools import pairwise

# Single words, as regex fragments matched against whole lower-case words.
_WORDS = {
    # Acts of violence: a date next to one of these is the date of the fighting.
    "violence": (
        r"clash\w*|fight(?:ing|s)?|fought|battl\w*|combat|gunbattles?|firefights?|gunfights?"
        r"|skirmish\w*|offensive|counter-?offensive|confrontations?|hostilities|attack\w*"
        r"|ambush\w*|raid\w*|stormed|assault\w*|overran|besieg\w*|encounters?|airstrikes?"
        r"|airraids?|drones?|warplanes?|missiles?|rockets?|shell(?:ing|ed)|artillery|bombard\w*"
        r"|bomb(?:s|ing|ings|ed|er|ers)?|explosions?|explosives?|blasts?|ieds?|landmines?"
        r"|detonat\w*|abduct\w*|kidnap\w*|hostages?|massacr\w*|executed|gunmen|target(?:ed|ing)"
        r"|repel\w*|repuls\w*"
    ),
    # Who fights: with violence or casualties they make a text about a conflict.
    "combatant": r"militants?|jihadists?|rebels?|mercenar\w*|troops|soldiers|insurgen\w*|militia\w*",
    # Casualty words: an event sentence once a conflict is established, not proof of one alone.
    "casualty": (
        r"killed|killing|kill|dead|deaths?|died|wounded|injured|casualt\w*|lives|slain"
        r"|neutrali[sz]ed"
    ),
    # Words that introduce what somebody said: dates next to them are statement dates.
    "speech": (
        r"said|says|say|announced|announcement|stated|statement|communiqu[eé]|claimed|claims?"
        r"|reported|report|told|admitted|acknowledged|confirmed|denied|noted|declared|posted"
        r"|according|accused|spokesm[ae]n|spokeswoman"
    ),
}
# Two-word cues (matched on consecutive words).
_PAIRS = {
    ("exchanged", "fire"): "violence",
    ("opened", "fire"): "violence",
    ("air", "strike"): "violence",
    ("air", "strikes"): "violence",
    ("air", "raid"): "violence",
    ("air", "raids"): "violence",
    ("press", "release"): "speech",
    ("press", "conference"): "speech",
}

_PAIR_FIRSTS = frozenset(first for first, _ in _PAIRS)
_WORD = re.compile(r"[^\W_]+")
_FULL = {tag: re.compile(rf"(?:{words})") for tag, words in _WORDS.items()}
_TAG_CACHE: dict[str, frozenset[str]] = {}
_CACHE_LIMIT = 200_000


def _phrase_regex(*tags: str) -> re.Pattern[str]:
    pairs = [rf"{a}\s+{b}" for (a, b), tag in _PAIRS.items() if tag in tags]
    return re.compile(rf"\b(?:{'|'.join([*(_WORDS[t] for t in tags), *pairs])})\b", re.I)


FIGHTING_RE = _phrase_regex("violence", "casualty")
SPEECH_RE = _phrase_regex("speech")


def words(text: str) -> list[str]:
    """Lower-case words of a text, the unit every cue is looked up by."""
    return _WORD.findall(text.lower())


def word_tags(word: str) -> frozenset[str]:
    """The cue classes of one lower-case word (memoised: news vocabulary repeats)."""
    tags = _TAG_CACHE.get(word)
    if tags is None:
        tags = frozenset(tag for tag, pattern in _FULL.items() if pattern.fullmatch(word))
        if len(_TAG_CACHE) < _CACHE_LIMIT:
            _TAG_CACHE[word] = tags
    return tags


def text_tags(text: str) -> frozenset[str]:
    """Every cue class present in a text: violence, combatant, casualty, speech."""
    tokens = words(text)
    cache = _TAG_CACHE
    found: set[str] = set()
    for word in set(tokens):
        tags = cache.get(word)
        found.update(word_tags(word) if tags is None else tags)
    if _PAIR_FIRSTS.intersection(tokens):
        for pair in pairwise(tokens):
            tag = _PAIRS.get(pair)
            if tag is not None:
                found.add(tag)
    return frozenset(found)


def mentions_fighting(text: str) -> bool:
    """Violence or casualties: the sentence reports (part of) an event."""
    return bool(text_tags(text) & {"violence", "casualty"})
