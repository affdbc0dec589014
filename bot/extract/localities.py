"""Places the gazetteer does not list, found by the words that say they are places.

Why: a gazetteer never lists every village, yet conflict reports name them in a few set ways.
A named locality without coordinates still tells an analyst where ("Oromitu village, Ethiopia")
and keeps two incidents in different villages apart. Families, NAME being one to three
capitalised words:

- a unit before: "the village of NAME", "the town of NAME", "the province of NAME";
- a unit after: "NAME village", "NAME district", "NAME locality", "NAME LGA", "NAME county";
- a position: "near NAME", "outskirts of NAME", "outside NAME", "in the vicinity of NAME",
  "20 km north of NAME";
- a known place after a comma: "in NAME, Borno State", "at NAME, Libya".

A locality takes its country from the known place after its comma, else from the country the
rest of the text points to most (none: it is dropped, a place must have a country), and its
admin1 from the nearest known place of that country. Words that start capitalised names but are
not places (months, "Islamic", "Army") are listed in the gazetteer file (not_place_words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.extract.types import PlaceInfo, PlaceMention

_WORD = r"(?:[A-ZÀ-Þ][\w'’]*(?:-[\w'’]+)*)"
_NAME_GREEDY = rf"(?:(?:al|el|ad|ar|as|an|ash|ez)-)?{_WORD}(?:[ -](?:al-|el-)?{_WORD}){{0,2}}"
# Units an analyst reads as a settlement (the unit word is dropped from the name) and units
# that are administrative areas (kept: "Girawa district" is not the town of Girawa).
_SETTLEMENTS = ("village", "town", "city", "settlement", "hamlet")
_AREAS = (
    "district",
    "locality",
    "county",
    "sub-county",
    "commune",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "area",
    "zone",
    "LGA",
    "local government area",
)
_PROVINCES = ("province", "region", "state", "governorate")
_ALL_UNITS = "|".join(sorted((*_SETTLEMENTS, *_AREAS, *_PROVINCES), key=len, reverse=True)).replace(
    " ", r"\s+"
)
_UNIT_BEFORE = re.compile(
    rf"(?i:(?P<unit>{_ALL_UNITS}))\s+of\s+(?P<name>{_NAME_GREEDY})(?![\w'’-])"
)
# "NAME village": the name just before a unit word.
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME_GREEDY})\s+$")
_POSITION = re.compile(
    r"(?i:near|outside(?:\s+of)?|outskirts\s+of|vicinity\s+of"
    r"|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)"
    rf"\s+(?P<name>{_NAME_GREEDY})(?![\w'’-])"
)
_POSITION_WORDS = (
    *("near", "outside", "outskirts", "vicinity", "north", "south", "east", "west"),
    *("northeast", "northwest", "southeast", "southwest", "north-east", "north-west"),
    *("south-east", "south-west"),
)
_UNIT_WORDS = tuple(w.lower() for w in (*_SETTLEMENTS, *_AREAS, *_PROVINCES))
_BEFORE_COMMA = re.compile(rf"\b(?i:in|at)\s+(?P<name>{_NAME_GREEDY}),\s+(?:in\s+)?(?:the\s+)?$")
# How far before a unit word its name may start (three long words).
_NAME_REACH = 60
_ACRONYM = re.compile(r"^[A-Z0-9]{2,}$")


def find_localities(
    text: str, known: list[PlaceMention], not_place_words: Iterable[str]
) -> list[PlaceMention]:
    """Unlisted places in text, each once per spelling, never overlapping a known mention."""
    stop = frozenset(not_place_words)
    taken = [(m.start, m.end) for m in known]
    # Demonyms are no evidence here: "Kenyan forces ... in Dhooblay district" is in Somalia.
    evidence = country_evidence([m for m in known if not m.demonym])
    found: list[PlaceMention] = []

    def add(start: int, end: int, unit: str = "", *, country: str | None = None) -> None:
        start, name = _trimmed(text, start, end, stop)
        if name is None or any(s < end and start < e for s, e in taken):
            return
        code = country or evidence_leader(evidence)
        if code is None:
            return
        unit = " ".join(unit.split())
        if unit.casefold() in _PROVINCES:
            place = PlaceInfo(name=name, kind="region", country_code=code, admin1=name)
        else:
            if unit and unit.casefold() not in _SETTLEMENTS:
                name = f"{name} {unit if unit.isupper() else unit.lower()}"
            admin1 = _nearby_admin1(known, start, code)
            place = PlaceInfo(name=name, kind="locality", country_code=code, admin1=admin1)
        found.append(PlaceMention(place, start, end, text[start:end]))
        taken.append((start, end))

    # str.find for a few dozen words, then anchored patterns where they are: scanning the
    # case-blind patterns across the whole text would cost more than all other place finding.
    lowered = _same_length_lower(text)
    for start, word in _words_at(lowered, _UNIT_WORDS):
        unit = text[start : start + len(word)]
        before = _UNIT_BEFORE.match(text, start)
        if before is not None:
            add(before.start("name"), before.end("name"), unit)
        if start > 0 and text[start - 1].isspace():
            named = _NAME_BEFORE.search(text, max(0, start - _NAME_REACH), start)
            if named is not None:
                add(named.start("name"), named.end("name"), unit)
    for start, _word in _words_at(lowered, _POSITION_WORDS):
        position = _POSITION.match(text, start)
        if position is not None:
            add(position.start("name"), position.end("name"))
    for mention in known:
        if mention.demonym:
            continue
        window = max(0, mention.start - 80)
        if text.find(",", window, mention.start) == -1:
            continue  # no comma before it: the pattern cannot match, and this test is cheap
        comma = _BEFORE_COMMA.search(text, window, mention.start)
        if comma is not None:
            add(comma.start("name"), comma.end("name"), country=mention.place.country_code)
    return sorted(found, key=lambda m: m.start)


def _same_length_lower(text: str) -> str:
    """text.lower(), keeping offsets: the few characters whose lower case is longer stay."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _words_at(lowered: str, words: Iterable[str]) -> list[tuple[int, str]]:
    """(offset, word) for every whole-word occurrence, longest word first at each offset."""
    found: dict[int, str] = {}
    for word in words:
        start = lowered.find(word)
        while start != -1:
            end = start + len(word)
            whole = (start == 0 or not lowered[start - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            )
            if whole and len(word) > len(found.get(start, "")):
                found[start] = word
            start = lowered.find(word, end)
    return sorted(found.items())


def _trimmed(text: str, start: int, end: int, stop: frozenset[str]) -> tuple[int, str | None]:
    """Drop leading words that cannot start a place name ("In Hodan" -> "Hodan"); None when
    what is left is not a name (a month, "Islamic", an acronym)."""
    words = list(re.finditer(r"[^\s]+", text[start:end]))
    while words and (_plain(words[0].group()) in stop):
        words.pop(0)
    if not words:
        return start, None
    if any(_plain(w.group()) in stop or _ACRONYM.match(w.group()) for w in words):
        return start, None
    first = start + words[0].start()
    return first, text[first:end]


def _plain(word: str) -> str:
    return word.split("-")[-1] if word[:3].lower() in ("al-", "el-") else word


def country_evidence(known: list[PlaceMention]) -> dict[str, float]:
    """Country names and places count 1, demonyms ("Malian soldiers") half."""
    votes: dict[str, float] = {}
    for mention in known:
        code = mention.place.country_code
        votes[code] = votes.get(code, 0.0) + (0.5 if mention.demonym else 1.0)
    return votes


def evidence_leader(evidence: dict[str, float]) -> str | None:
    """The country with the most evidence, or None when none or two lead equally."""
    ranked = sorted(evidence.items(), key=lambda item: item[1], reverse=True)[:2]
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two countries equally likely: better no place than a wrong country
    return ranked[0][0]


def _nearby_admin1(known: list[PlaceMention], offset: int, code: str) -> str | None:
    """The admin1 of the nearest known town or region of the same country."""
    candidates = [
        m
        for m in known
        if not m.demonym and m.place.country_code == code and m.place.kind != "country"
    ]
    candidates = [m for m in candidates if m.place.admin1]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda m: abs(m.start - offset))
    return nearest.place.admin1
