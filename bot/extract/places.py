"""Places: towns and regions from bot/data/gazetteer.yaml plus every ISO country, found in one pass.

Matching works on word tokens rather than one giant regex: one scan finds the tokens that can
start a name (by their first character), each is looked up in a dict, and the tokens after it are
read only as far as the longest name starting with it reaches, longest candidate first. That
keeps word boundaries exact ("Mali" never matches inside "Somalia", "Niger" never inside
"Nigeria") and costs well under a millisecond for a long article, whatever the size of the
gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import ConfigError
from bot.extract.admin1 import derived_regions, in_gazetteer_spelling
from bot.extract.localities import country_evidence, evidence_leader, find_localities
from bot.extract.types import PlaceInfo, PlaceMention

# libyaml's loader is ten times faster on this file; plain SafeLoader where it is not built.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_GAZETTEER_PATH = Path(__file__).resolve().parents[1] / "data" / "gazetteer.yaml"

# A word, keeping internal apostrophes (N'Djamena, Sa'dah, d'Ivoire) but not a possessive 's.
_TOKEN = re.compile(r"[^\W_]+(?:['’](?![sS]\b)[^\W_]+)*")
# Separators allowed between the words of one name.
_JOINERS = frozenset({" ", "-", "‐", "‑", "–", "\u00a0"})
# Words after which "U.S." or "St. Petersburg" keep going across the full stop.
_ABBREVIATIONS = frozenset({"St", "Mt", "Ft"})
# Arabic articles written in lower case in running text ("al-Bab", "el-Fasher").
_ARTICLES = frozenset({"Al", "El", "Ad", "Ar", "As", "Ash", "An", "At", "Az", "Ed", "Ez"})
# For name-like countries ("Chad Smith"): capitalised neighbours that still allow the country.
_ALLOWED_BEFORE = frozenset(
    [
        "In",
        "On",
        "At",
        "From",
        "To",
        "Into",
        "Across",
        "Inside",
        "Outside",
        "Near",
        "Around",
        "Throughout",
        "Within",
        "Against",
        "For",
        "Of",
        "With",
        "And",
        "But",
        "Both",
        "Unlike",
        "Like",
        "While",
        "Where",
        "Also",
        "Then",
        "Meanwhile",
        "Separately",
        "Elsewhere",
        "Neighbouring",
        "Neighboring",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "The",
        "Did",
        "Does",
        "Is",
        "Was",
        "Has",
    ]
)
_ALLOWED_AFTER = frozenset(
    [
        "President",
        "Prime",
        "Army",
        "Armed",
        "Government",
        "Defence",
        "Defense",
        "Foreign",
        "Interior",
        "Minister",
        "Ministry",
        "Military",
        "Police",
        "Security",
        "National",
        "Basin",
        "Valley",
        "Republic",
        "State",
    ]
)
# Gazetteer names that are also everyday English words: matched only when capitalised.
_ORDINARY_WORDS = frozenset(
    [
        "ber",
        "bor",
        "bol",
        "sake",
        "bara",
        "mora",
        "koro",
        "boni",
        "tyre",
        "shire",
        "balad",
        "marte",
        "obo",
        "owo",
        "kati",
        "pama",
        "bama",
        "baga",
        "kaya",
        "dori",
        "jos",
        "biu",
        "faya",
        "golan",
        "sana",
        "madani",
        "rostov",
        "manni",
        "us",
        "car",
    ]
)
# A listed town has coordinates; an unlisted locality ("Oromitu village") only a name.
_KIND_RANK = {"town": 4, "locality": 3, "region": 2, "country": 1}


def place_specificity(place: PlaceInfo) -> int:
    """How precisely a place pins an event: town > unlisted locality > region > country."""
    return _KIND_RANK.get(place.kind, 0)


def _fold(token: str) -> str:
    """Accent- and apostrophe-insensitive form of a token ("Ségou" -> "Segou")."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(name: str) -> list[str]:
    return [_fold(m.group()) for m in _TOKEN.finditer(name)]


def _lookup_key(name: str) -> str:
    """Case-insensitive key for resolve(): "tin-zaouaten" and "Tin Zaouaten" meet here."""
    return " ".join(_tokens(name)).casefold()


# --- the data file ----------------------------------------------------------------------------


class _PlaceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: Literal["town", "region"] = "town"
    admin1: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    aka: list[str] = Field(default_factory=list)
    name_like: bool = False

    @model_validator(mode="after")
    def _both_coordinates(self) -> _PlaceEntry:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"{self.name}: give both lat and lon, or neither")
        return self


class _CountrySection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_names: dict[str, str] = Field(default_factory=dict)
    names: dict[str, list[str]] = Field(default_factory=dict)
    demonyms: dict[str, list[str]] = Field(default_factory=dict)
    name_like: list[str] = Field(default_factory=list)


class _Admin1Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    countries: list[str] = Field(default_factory=list)
    typed_only: list[str] = Field(default_factory=list)


class _GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coordinates: Literal["approximate", "surveyed"] = "approximate"
    countries: _CountrySection = Field(default_factory=_CountrySection)
    admin1_from_iso: _Admin1Section = Field(default_factory=_Admin1Section)
    stop_phrases: list[str] = Field(default_factory=list)
    not_place_words: list[str] = Field(default_factory=list)
    places: dict[str, list[_PlaceEntry]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_country_codes(self) -> _GazetteerFile:
        codes = [*self.places, *self.countries.names, *self.countries.demonyms]
        codes += self.admin1_from_iso.countries
        codes += list(self.countries.display_names)
        unknown = sorted({c for c in codes if pycountry.countries.get(alpha_2=c) is None})
        if unknown:
            raise ValueError(f"unknown ISO 3166-1 alpha-2 codes: {', '.join(unknown)}")
        return self


# --- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    place: PlaceInfo | None  # None for a stop phrase
    demonym: bool = False
    name_like: bool = False
    # Places of the same name in other countries ("Tripoli": Libya, Lebanon): the text's
    # other places and country names decide which one is meant (first listed on a tie).
    alternatives: tuple[PlaceInfo, ...] = ()
    # A bare ISO province name ("Boké", "Kogi") counts only when something else in the text
    # points to its country: alone it is as likely a village of the same name elsewhere.
    needs_support: bool = False


def _country_names(
    section: _CountrySection,
) -> tuple[dict[str, PlaceInfo], dict[str, str]]:
    """Country PlaceInfo by alpha-2, and text name -> alpha-2 (unambiguous names only)."""
    countries: dict[str, PlaceInfo] = {}
    candidates: dict[str, set[str]] = {}
    for record in pycountry.countries:
        code = record.alpha_2
        common = getattr(record, "common_name", None)
        official = getattr(record, "official_name", None)
        display = section.display_names.get(code) or common or record.name.split(", ")[0]
        countries[code] = PlaceInfo(name=display, kind="country", country_code=code)
        names = {display, record.name.split(", ")[0]}
        if common:
            names.add(common)
        if official:
            names.add(official.removeprefix("the "))
        if "," not in record.name and "(" not in record.name:
            names.add(record.name)
        for name in names:
            if "(" not in name:
                candidates.setdefault(name, set()).add(code)
    # Auto-derived names claimed by two countries ("Korea", "Virgin Islands") say nothing.
    by_name = {name: codes.pop() for name, codes in candidates.items() if len(codes) == 1}
    for code, extra in section.names.items():  # the data file has the last word
        for name in extra:
            by_name[name] = code
    return countries, by_name


def _variants(name: str) -> set[str]:
    """Token keys a name is matched under: as written, Title-cased words, lower-case article."""
    tokens = _tokens(name)
    if not tokens:
        return set()
    keys = {" ".join(tokens)}
    titled = [t[:1].upper() + t[1:] if t[:1].islower() and len(t) > 3 else t for t in tokens]
    keys.add(" ".join(titled))
    if tokens[0] in _ARTICLES:
        keys.add(" ".join([tokens[0].lower(), *tokens[1:]]))
    return keys


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "s", "è", "e")):
        return None
    return demonym + "s"


class Gazetteer:
    """Places and countries, matched in text and resolved from user input."""

    def __init__(self, data: _GazetteerFile) -> None:
        self._countries, country_by_name = _country_names(data.countries)
        self._names: dict[str, _Name] = {}  # token key (case kept) -> what it names
        self._resolve: dict[str, PlaceInfo] = {}  # casefolded key -> place, for user input
        # token key -> (label, entry number) of the entry that claimed it, for clash messages
        owner: dict[str, tuple[str, int]] = {}

        def claim(key: str, entry: _Name, label: str, number: int = 0) -> None:
            previous = owner.get(key)
            if previous is not None and previous != (label, number):
                raise ConfigError(f"gazetteer: '{key}' names both {previous[0]} and {label}")
            owner[key] = (label, number)
            self._names[key] = entry

        name_like = set(data.countries.name_like)
        for name, code in country_by_name.items():
            place = self._countries[code]
            for key in _variants(name):
                claim(key, _Name(place, name_like=name in name_like), f"country {code}")
        for code, demonyms in data.countries.demonyms.items():
            place = self._countries[code]
            for demonym in demonyms:
                plural = _plural(demonym)
                for form in [demonym] + ([plural] if plural else []):
                    for key in _variants(form):
                        if key not in self._names:  # a country name beats a demonym
                            claim(key, _Name(place, demonym=True), f"demonym of {code}")
        place_country: dict[str, str] = {}  # token key -> country of the place that claimed it
        for code, entries in data.places.items():
            for number, entry in enumerate(entries, start=1):
                place = PlaceInfo(
                    name=entry.name,
                    kind=entry.kind,
                    country_code=code,
                    admin1=entry.admin1,
                    lat=entry.lat,
                    lon=entry.lon,
                )
                for name in [entry.name, *entry.aka]:
                    for key in _variants(name):
                        earlier = self._names.get(key)
                        if earlier is not None and place_country.get(key, code) != code:
                            alternatives = (*earlier.alternatives, place)
                            self._names[key] = replace(earlier, alternatives=alternatives)
                            continue
                        named = _Name(place, name_like=entry.name_like)
                        claim(key, named, f"{entry.name} ({code})", number)
                        place_country[key] = code
        for phrase in data.stop_phrases:
            for key in _variants(phrase):
                claim(key, _Name(None), f"stop phrase {phrase!r}")
        # Provinces from ISO 3166-2 fill gaps only: a spelling anything above claimed is skipped,
        # and one claimed by divisions of two countries becomes ambiguous like "Tripoli".
        derived: dict[str, list[PlaceInfo]] = {}
        bare_keys: set[str] = set()
        section = data.admin1_from_iso
        spellings: dict[str, set[str]] = {}
        for code, entries in data.places.items():
            for entry in entries:
                named_admin1 = entry.admin1 or (entry.name if entry.kind == "region" else None)
                if named_admin1:
                    spellings.setdefault(code, set()).add(named_admin1)
        for iso_region in derived_regions(section.countries, section.typed_only):
            code = iso_region.place.country_code
            region = in_gazetteer_spelling(iso_region, spellings.get(code, ()))
            for spelling in (region.bare, region.typed):
                for key in _variants(spelling) if spelling else ():
                    if key not in owner and region.place not in derived.get(key, []):
                        derived.setdefault(key, []).append(region.place)
                        if spelling == region.bare:
                            bare_keys.add(key)
        for key, regions in derived.items():
            alternatives = tuple(regions[1:])
            weak = key in bare_keys
            self._names[key] = _Name(regions[0], alternatives=alternatives, needs_support=weak)
            owner[key] = (f"ISO 3166-2 {regions[0].name}", 0)

        # Typed questions come in lower case ("attacks in mali?"): a second, case-blind table
        # without the names that are also ordinary words ("us" is not the US, "car" not the CAR).
        self._names_any_case: dict[str, _Name] = {}
        for key, named in self._names.items():
            if key.casefold() in _ORDINARY_WORDS:
                continue
            self._names_any_case.setdefault(key.casefold(), named)
        self._first_max = _first_token_lengths(self._names)
        self._first_max_any_case = _first_token_lengths(self._names_any_case)
        # The tokens that can start a name, found by one regex scan: most words start with a
        # character no name starts with and are never looked at (accented capitals included:
        # the lookup folds "Ségou" to "Segou" only after this cheap test).
        self._starts = _token_starts(_first_characters(self._first_max))
        self._starts_any_case = _token_starts(_first_characters(self._first_max_any_case))

        # resolve(): countries beat places beat demonyms; stop phrases resolve to nothing.
        for rank in (2, 1, 0):
            for key, named in self._names.items():
                if named.place is None:
                    continue
                entry_rank = 0 if named.demonym else 2 if named.place.kind == "country" else 1
                if entry_rank == rank:
                    self._resolve.setdefault(key.casefold(), named.place)
        self._country_by_name = {k.casefold(): v for k, v in country_by_name.items()}
        self.place_count = sum(len(entries) for entries in data.places.values())
        self._not_place_words = frozenset(data.not_place_words)

    def find_mentions(
        self, text: str, *, any_case: bool = False, localities: bool = False
    ) -> list[PlaceMention]:
        """Places, countries and demonyms in text: longest match first, never overlapping.

        Case matters by default (news text: "Gao" the town, not "GAO"); any_case=True is for
        what people type ("fighting in kidal"), minus acronyms and names that are common words.
        localities=True adds unlisted places named as places ("Oromitu village", "near
        Kolbiyow"; bot/extract/localities.py): for news text, not for questions.
        """
        mentions = self._listed_mentions(text, any_case=any_case)
        if localities and not any_case:
            extra = find_localities(text, mentions, self._not_place_words)
            mentions = sorted([*mentions, *extra], key=lambda m: m.start)
        return mentions

    def _listed_mentions(self, text: str, *, any_case: bool) -> list[PlaceMention]:
        if any_case:
            names, first_max, starts = (
                self._names_any_case,
                self._first_max_any_case,
                self._starts_any_case,
            )
        else:
            names, first_max, starts = self._names, self._first_max, self._starts
        every_token: list[re.Match[str]] = []  # all the text's tokens, when first needed
        token_starts: list[int] = []

        def token_before(token: re.Match[str]) -> re.Match[str] | None:
            """The token before `token` (rare: only name-like names ask)."""
            if not every_token:
                every_token.extend(_TOKEN.finditer(text))
                token_starts.extend(m.start() for m in every_token)
            index = bisect_left(token_starts, token.start())
            return every_token[index - 1] if index > 0 else None

        def key_of(token: re.Match[str]) -> str:
            value = _fold(token.group())
            return value.casefold() if any_case else value

        mentions: list[PlaceMention] = []
        ambiguous: list[tuple[int, _Name]] = []
        unsupported: list[int] = []
        taken = 0  # end of the last name found: tokens before it are used up
        for first in starts.finditer(text):
            if first.start() < taken:
                continue
            word = first.group()  # most tokens are plain ASCII: no folding needed
            first_key = word if word.isascii() and not any_case else key_of(first)
            longest = first_max.get(first_key)
            if longest is None:
                continue
            run, keys = [first], [first_key]
            following = _TOKEN.search(text, first.end())
            while len(run) < longest and following is not None and _joins(text, run[-1], following):
                run.append(following)
                keys.append(key_of(following))
                following = _TOKEN.search(text, following.end())
            for length in range(len(run), 0, -1):
                named = names.get(" ".join(keys[:length]))
                if named is None:
                    continue
                after = run[length] if length < len(run) else following
                glued = named.name_like and _glued_to_a_name(
                    text, first, run[length - 1], after, token_before
                )
                if glued:
                    continue
                if named.place is not None:
                    start, end = first.start(), run[length - 1].end()
                    if named.alternatives:
                        ambiguous.append((len(mentions), named))
                    if named.needs_support:
                        unsupported.append(len(mentions))
                    mentions.append(
                        PlaceMention(named.place, start, end, text[start:end], named.demonym)
                    )
                taken = run[length - 1].end()
                break
        if ambiguous:
            _resolve_ambiguous(mentions, ambiguous)
        if unsupported:
            mentions = _supported(mentions, set(unsupported))
        return mentions

    def resolve(self, name: str) -> PlaceInfo | None:
        """A place or country from user input ("tin zaouaten", "Burkina", "DRC", "ML")."""
        key = _lookup_key(name)
        if not key:
            return None
        found = self._resolve.get(key)
        if found is not None:
            return found
        code = self.country_code_for(name)
        return self._countries.get(code) if code else None

    def country(self, code: str) -> PlaceInfo | None:
        """The country PlaceInfo for an ISO alpha-2 code, named as people say it."""
        return self._countries.get(code.strip().upper())

    def country_code_for(self, text: str) -> str | None:
        """Alpha-2 code for a country name, demonym, alpha-2 or alpha-3 code; None if unknown."""
        cleaned = text.strip()
        key = _lookup_key(cleaned)
        found = self._country_by_name.get(key) or self._country_by_name.get(cleaned.casefold())
        if found:
            return found
        place = self._resolve.get(key)
        if place is not None and place.kind == "country":
            return place.country_code
        if cleaned.isalpha() and len(cleaned) in (2, 3):
            upper = cleaned.upper()
            if len(cleaned) == 2:
                record = pycountry.countries.get(alpha_2=upper)
            else:
                record = pycountry.countries.get(alpha_3=upper)
            if record is not None:
                return str(record.alpha_2)
        return None

    def country_name(self, code: str) -> str | None:
        country = self.country(code)
        return country.name if country else None


def _resolve_ambiguous(mentions: list[PlaceMention], ambiguous: list[tuple[int, _Name]]) -> None:
    """Each ambiguous name becomes the place in the country the rest of the text names most."""
    positions = {index for index, _ in ambiguous}
    evidence = country_evidence([m for i, m in enumerate(mentions) if i not in positions])
    leader = evidence_leader(evidence)
    for index, named in ambiguous:
        assert named.place is not None
        options = (named.place, *named.alternatives)
        chosen = next((p for p in options if p.country_code == leader), named.place)
        mention = mentions[index]
        mentions[index] = replace(mention, place=chosen)


def _supported(mentions: list[PlaceMention], weak: set[int]) -> list[PlaceMention]:
    """Drop weak mentions that no other mention of the same country backs up."""
    kept = []
    for index, mention in enumerate(mentions):
        code = mention.place.country_code
        if index in weak and not any(
            other.place.country_code == code and other.text != mention.text
            for j, other in enumerate(mentions)
            if j != index
        ):
            continue
        kept.append(mention)
    return kept


def _first_token_lengths(names: dict[str, _Name]) -> dict[str, int]:
    """First word of each name -> the most words a name starting with it has."""
    lengths: dict[str, int] = {}
    for key in names:
        parts = key.split(" ")
        lengths[parts[0]] = max(lengths.get(parts[0], 0), len(parts))
    return lengths


def _first_characters(first_tokens: dict[str, int]) -> frozenset[str]:
    chars = {t[0] for t in first_tokens}
    chars |= {c.upper() for c in chars} if any(c.islower() for c in chars) else set()
    # A raw token may start with an accented or curly-quoted form of one of these.
    chars |= {chr(code) for code in range(0xC0, 0x250)}
    return frozenset(chars)


def _joins(text: str, previous: re.Match[str], token: re.Match[str]) -> bool:
    """May `token` continue the name that `previous` (the token before it) is part of?"""
    gap = text[previous.end() : token.start()]
    if gap in _JOINERS:
        return True
    word = previous.group()
    return gap.rstrip(" ") == "." and (len(word) == 1 or word in _ABBREVIATIONS)


def _token_starts(first_chars: frozenset[str]) -> re.Pattern[str]:
    """A pattern for exactly the _TOKEN tokens whose first character is in `first_chars`.

    A token starts at a letter or digit that does not continue a token: no letter or digit
    just before it, and no letter or digit plus apostrophe either ("d'Ivoire" is one token),
    unless it is the "s" of a possessive ("Mali's"), which _TOKEN leaves as a token of its own.
    """
    chars = "".join(re.escape(c) for c in sorted(first_chars) if c.isalnum())
    return re.compile(
        rf"[{chars}](?<![^\W_].)(?:(?<![^\W_]['’].)|(?<=[sS])\b)"
        r"[^\W_]*(?:['’](?![sS]\b)[^\W_]+)*"
    )


def _glued_to_a_name(
    text: str,
    first: re.Match[str],
    last: re.Match[str],
    following: re.Match[str] | None,
    token_before: Callable[[re.Match[str]], re.Match[str] | None],
) -> bool:
    """True for "Chad Smith" or "Michael Jordan": a person, not the country. The name runs
    from token `first` to `last`; `following` is the token after it."""
    if following is not None and text[last.end() : following.start()] == " ":
        word = following.group()
        if word[:1].isupper() and word not in _ALLOWED_AFTER:
            return True
    if text[first.start() - 1 : first.start()] == " ":
        preceding = token_before(first)
        if preceding is not None and text[preceding.end() : first.start()] == " ":
            word = preceding.group()
            if word[:1].isupper() and word not in _ALLOWED_BEFORE:
                return True
    return False


def parse_gazetteer(raw: object, *, source: str = "gazetteer") -> Gazetteer:
    """Validate already-loaded YAML data and build the matcher (tests feed small dicts here)."""
    try:
        data = _GazetteerFile.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"{source} is invalid:\n{error}") from error
    return Gazetteer(data)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer from a YAML file; the bundled default is loaded once per process."""
    if path is None:
        return _default_gazetteer()
    return _load(path)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return _load(DEFAULT_GAZETTEER_PATH)


def _load(path: Path) -> Gazetteer:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read gazetteer {path}: {error}") from error
    return parse_gazetteer(raw, source=str(path))
