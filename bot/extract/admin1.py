"""First-level divisions (ISO 3166-2, from pycountry) as gazetteer regions for chosen countries.

Why: analysts filter by admin1, and conflict news names provinces ("Borno State", "Cabo Delgado",
"Jonglei") far more often than any hand-made list can name towns. pycountry is a maintained
source, so the gazetteer file only says *which* countries to take divisions for. ISO spellings
are not always the news spelling ("Tigrai", "Ḩalab"): the gazetteer's own entries always win and
derived names only fill gaps (bot/extract/places.py skips any spelling already claimed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import pycountry

from bot.extract.types import PlaceInfo

# ISO subdivision types that news writes after the name ("Borno State", "Diffa region").
_UNIT_WORDS = {
    "state": "state",
    "region": "region",
    "province": "province",
    "prefecture": "prefecture",
    "governorate": "governorate",
    "department": "department",
    "county": "county",
    "district": "district",
    "regional state": "region",
}
# "Maritime (Région)", "Amānat al ‘Āşimah [city]": the bracketed part is ISO's note, not a name.
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# Romanisation marks (macron, dot/line below, breve, cedilla): "Fāryāb" is "Faryab" in the news.
# French accents ("Ségou", "Tillabéri") are kept: that is how the names are written.
_ROMANISATION_MARKS = frozenset("\u0304\u0323\u0331\u032e\u0306\u0327\u0307")


def _news_spelling(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    if not any(ch in _ROMANISATION_MARKS for ch in decomposed):
        return name
    plain = "".join(ch for ch in decomposed if ch not in _ROMANISATION_MARKS)
    return unicodedata.normalize("NFC", plain).replace("‘", "").replace("’", "'")


@dataclass(frozen=True)
class DerivedRegion:
    place: PlaceInfo
    bare: str | None  # "Kogi": needs other evidence of the country in the text
    typed: str | None  # "Kogi state": says itself that it is a province


# How alike two spellings of one division are (difflib ratio of the folded names).
_SAME_DIVISION = 0.8
# Words that tell two divisions apart however alike the rest is ("Western"/"Eastern Equatoria").
_SIDES = frozenset(
    [
        *("north", "south", "east", "west", "northern", "southern", "eastern", "western"),
        *("upper", "lower", "middle", "central", "far", "nord", "sud", "est", "ouest"),
        *("haut", "haute", "bas", "basse", "hoose", "dhexe"),
    ]
)


def _folded(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in plain if ch.isalnum() and not unicodedata.combining(ch)).lower()


def _sides(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[\W_]+", name.lower()) if w in _SIDES)


def in_gazetteer_spelling(region: DerivedRegion, spellings: Iterable[str]) -> DerivedRegion:
    """The region under the gazetteer's own spelling of the same division, when it has one
    ("Banaadir" -> "Banadir", "Tigrai" -> "Tigray", "Nord-Kivu" -> "North Kivu"), so that towns,
    regions and ISO names agree on one admin1."""
    name = region.place.name
    folded, sides = _folded(name), _sides(name)
    best: tuple[float, str] | None = None
    for spelling in spellings:
        other = _folded(spelling)
        # Same first letter and the same sides, then difflib's cheap bounds before its ratio.
        if other[:1] != folded[:1] or _sides(spelling) != sides:
            continue
        matcher = SequenceMatcher(None, folded, other)
        if matcher.real_quick_ratio() < _SAME_DIVISION or matcher.quick_ratio() < _SAME_DIVISION:
            continue
        ratio = matcher.ratio()
        if ratio >= _SAME_DIVISION and (best is None or ratio > best[0]):
            best = (ratio, spelling)
    if best is None:
        return region
    place = replace(region.place, name=best[1], admin1=best[1])
    return replace(region, place=place)


def derived_regions(countries: Iterable[str], typed_only: Iterable[str]) -> Iterator[DerivedRegion]:
    """Each top-level subdivision of each country, matched by its name and "<name> <unit>".

    Names in typed_only are also ordinary words ("Centre", "Delta", "Unity", "Lakes"): they are
    matched only with their unit word ("Delta State", "Unity State").
    """
    only_typed = {_news_spelling(name).casefold() for name in typed_only}
    for code in countries:
        for record in pycountry.subdivisions.get(country_code=code) or []:
            if record.parent_code is not None:
                continue
            name = _news_spelling(_BRACKETED.sub("", record.name).strip())
            if not name or "," in name:
                continue
            place = PlaceInfo(name=name, kind="region", country_code=code, admin1=name)
            bare = None if name.casefold() in only_typed else name
            unit = _UNIT_WORDS.get(record.type.casefold())
            typed = f"{name} {unit}" if unit and not name.casefold().endswith(unit) else None
            if bare or typed:
                yield DerivedRegion(place, bare, typed)
