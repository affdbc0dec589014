"""The actor catalog: canonical actors and their aliases from bot/data/actors.yaml.

Analysts call one group by many names ("CSP", "Tuareg rebels", "Permanent Strategic
Framework"), so every name in text is mapped to one canonical actor before claims are stored
or compared. The alias list is data people edit; it is validated with pydantic when loaded and
compiled once into two prefix-tree regular expressions (one case-insensitive, one for acronyms
that must match as written), so finding mentions in an article is a single C-level scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.extract.types import ActorInfo, ActorMention

DEFAULT_ACTORS_PATH = Path(__file__).resolve().parents[1] / "data" / "actors.yaml"

KINDS = (
    "state_force",
    "government",
    "pmc",
    "rebel_group",
    "jihadist_group",
    "militia",
    "paramilitary",
    "peacekeeping",
    "un_mission",
    "international_org",
    "ngo",
    "outlet",
    "dataset",
    "civilians",
    "generic",
)
# Unnamed groups ("soldiers", "villagers"): a named actor in the same phrase is preferred.
GENERIC_KINDS = frozenset({"generic", "civilians"})
# Actors that report rather than fight or die: never a figure-less victim group ("told Reuters").
NOT_VICTIM_KINDS = frozenset({"outlet", "ngo", "dataset", "international_org", "un_mission"})
# Kinds that fight: a claim by one of them about another side is an adversary claim.
PARTY_KINDS = frozenset(
    {
        "state_force",
        "government",
        "pmc",
        "rebel_group",
        "jihadist_group",
        "militia",
        "paramilitary",
        "peacekeeping",
    }
)

# "Malian" + these make aliases of a state force ("Malian soldiers") or a government.
FORCE_NOUNS = (
    "army",
    "armed forces",
    "military",
    "forces",
    "troops",
    "soldiers",
    "soldier",
    "servicemen",
    "serviceman",
    "service members",
    "military personnel",
    "security forces",
    "defence forces",
    "defense forces",
    "army soldiers",
    "army troops",
    "military forces",
    "government forces",
    "government troops",
    "government soldiers",
    "army spokesman",
    "military spokesman",
    "air force",
    "gendarmerie",
    # What the forces fire, so "Israeli strikes killed 40" names the perpetrator.
    "strikes",
    "airstrikes",
    "air strikes",
    "air raids",
    "warplanes",
    "jets",
    "fighter jets",
    "drones",
    "helicopters",
    "shelling",
    "artillery",
)
GOVERNMENT_NOUNS = (
    "government",
    "authorities",
    "junta",
    "administration",
    "regime",
    "presidency",
    "transitional government",
    "transitional authorities",
    "military government",
    "military junta",
    "military rulers",
    "military regime",
    "foreign ministry",
    "officials",
    "government spokesman",
    "defence ministry",
    "defense ministry",
    "ministry of defence",
    "ministry of defense",
)


class ActorEntry(BaseModel):
    """One actor as written in actors.yaml."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: str
    country_code: str | None = Field(default=None, min_length=2, max_length=2)
    camp: str | None = None
    allied_camps: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    country_names: list[str] = Field(default_factory=list)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"unknown kind {value!r}; expected one of {', '.join(KINDS)}")
        return value

    @field_validator("country_code")
    @classmethod
    def _upper_code(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    def generated_aliases(self) -> list[str]:
        """Aliases built from demonyms and country names ("Malian troops", "Mali's army")."""
        nouns = GOVERNMENT_NOUNS if self.kind == "government" else FORCE_NOUNS
        out: list[str] = []
        for demonym in self.demonyms:
            out.extend(f"{demonym} {noun}" for noun in nouns)
        for country in self.country_names:
            out.extend(f"{country}'s {noun}" for noun in nouns)
            out.extend(f"{country} {noun}" for noun in nouns)
            if self.kind == "government":
                out.append(f"Government of {country}")
                out.append(f"authorities in {country}")
            else:
                out.append(f"Military Forces of {country}")
                out.append(f"Armed Forces of {country}")
                out.append(f"army of {country}")
        return out


class ActorFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actors: list[ActorEntry]


_SPACE_RE = re.compile(r"[\s\-–]+")
_QUOTE_RE = re.compile(r"[’‘`]")


def _normalise(text: str) -> str:
    """Spacing, hyphens and apostrophes made uniform: "al-Shabaab" == "al Shabaab"."""
    return _SPACE_RE.sub(" ", _QUOTE_RE.sub("'", text)).strip()


def _is_acronym(alias: str) -> bool:
    """One word with two or more capitals ("CSP", "FAMa", "IS"): matched only as written."""
    if " " in alias.strip():
        return False
    return sum(ch.isupper() for ch in alias) >= 2


def _char_pattern(ch: str) -> str:
    if ch == " ":
        return r"[\s\-–]+"
    if ch == "'":
        return "['’‘]"
    return re.escape(ch)


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex matching any key, factored by common prefixes (longest match wins)."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        terminal = "" in node
        branches = [_char_pattern(ch) + build(child) for ch, child in node.items() if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A key that is also a prefix of longer keys: the longer ones are tried first (greedy).
        return "(?:" + body + ")?" if terminal else body

    return build(trie)


class ActorCatalog:
    """Canonical actors with alias lookup and mention finding over text."""

    def __init__(self, entries: list[ActorEntry]) -> None:
        self._actors: dict[str, ActorInfo] = {}
        self._aliases: dict[str, list[str]] = {}
        self._exact: dict[str, ActorInfo] = {}  # acronyms, as written (normalised spacing)
        self._folded: dict[str, ActorInfo] = {}  # everything else, lower-cased
        self._resolve: dict[str, ActorInfo] = {}  # both, lower-cased, for tolerant lookup
        self._countries: dict[str, ActorInfo] = {}
        explicit_owner: dict[str, str] = {}
        generated: list[tuple[str, ActorInfo]] = []
        for entry in entries:
            if entry.name.lower() in {name.lower() for name in self._actors}:
                raise ValueError(f"actor {entry.name!r} is defined twice")
            info = ActorInfo(
                name=entry.name,
                kind=entry.kind,
                country_code=entry.country_code,
                camp=entry.camp,
                allied_camps=tuple(entry.allied_camps),
            )
            self._actors[entry.name] = info
            self._aliases[entry.name] = []
            for alias in [entry.name, *entry.aliases]:
                key = _normalise(alias).lower()
                owner = explicit_owner.get(key)
                if owner is not None and owner != entry.name:
                    raise ValueError(
                        f"alias {alias!r} belongs to both {owner!r} and {entry.name!r}"
                    )
                explicit_owner[key] = entry.name
                self._add(alias, info)
            generated.extend((alias, info) for alias in entry.generated_aliases())
            if entry.kind == "government":
                # A bare country name is a place, not an actor in text; see `country`.
                for country in entry.country_names:
                    self._countries.setdefault(country.lower(), info)
        for alias, info in generated:
            # An explicit alias always wins over a generated one ("Russian Defence Ministry").
            if _normalise(alias).lower() not in explicit_owner:
                self._add(alias, info)
        self._exact_re = self._compile(self._exact.keys(), flags=0)
        # Case-insensitive aliases are matched in lower-cased text (twice as fast as IGNORECASE);
        # the IGNORECASE twin is compiled only for text whose length changes when lowered.
        self._lower_re = self._compile(self._folded.keys(), flags=0)
        self._ignorecase_re: re.Pattern[str] | None = None

    def _add(self, alias: str, info: ActorInfo) -> None:
        norm = _normalise(alias)
        if not norm:
            return
        if norm.lower() not in self._resolve:
            self._aliases[info.name].append(alias)
        if _is_acronym(norm):
            self._exact.setdefault(norm, info)
        else:
            low = norm.lower()
            self._folded.setdefault(low, info)
            if not low.endswith("s") and low[-1].isalpha():
                self._folded.setdefault(low + "s", info)  # plural
        if not (_is_acronym(norm) and len(norm) <= 2):
            # "IS", "UN", "AP": two-letter acronyms resolve only as written (see `resolve`).
            self._resolve.setdefault(norm.lower(), info)

    @staticmethod
    def _compile(keys: Iterable[str], *, flags: int) -> re.Pattern[str] | None:
        keys = list(keys)
        if not keys:
            return None
        return re.compile(r"(?<!\w)" + _trie_regex(keys) + r"(?![\w])", flags)

    # ------------------------------------------------------------------ lookups

    def all(self) -> list[ActorInfo]:
        return list(self._actors.values())

    def get(self, name: str) -> ActorInfo | None:
        """The actor with this canonical name (any case)."""
        found = self._actors.get(name)
        if found is not None:
            return found
        low = name.lower()
        return next((a for n, a in self._actors.items() if n.lower() == low), None)

    def country(self, name: str) -> ActorInfo | None:
        """The government of a country named in text ("Russia" in "Russia lost 1,200 soldiers")."""
        return self._countries.get(_normalise(name).lower())

    def national_force(self, country_code: str, *, camp: str | None = None) -> ActorInfo | None:
        """The first state force listed for a country (in the camp, when given): FAMa for ML."""
        for actor in self._actors.values():
            same_country = actor.country_code == country_code.upper()
            if actor.kind == "state_force" and same_country and camp in (None, actor.camp):
                return actor
        return None

    def aliases_of(self, name: str) -> list[str]:
        """Every alias of the actor, the canonical name first; [] for an unknown name."""
        actor = self.get(name)
        return list(self._aliases[actor.name]) if actor else []

    def resolve(self, phrase: str) -> ActorInfo | None:
        """The actor a phrase names: tolerant of case, "the", plurals and possessives."""
        norm = _normalise(phrase).strip(" .,;:")
        low = norm.lower()
        for prefix in ("the ", "a ", "an "):
            if low.startswith(prefix):
                low = low[len(prefix) :]
                norm = norm[len(prefix) :]
        for suffix in ("'s", "'"):
            if low.endswith(suffix):
                low = low[: -len(suffix)]
                norm = norm[: -len(suffix)]
        exact = self._exact.get(norm)
        if exact is not None:
            return exact
        candidates = [low]
        if low.endswith("es"):
            candidates.append(low[:-2])
        if low.endswith("s"):
            candidates.append(low[:-1])
        else:
            candidates.append(low + "s")
        for candidate in candidates:
            found = self._resolve.get(candidate) or self._folded.get(candidate)
            if found is not None:
                return found
        mentions = self.find_mentions(norm)
        if mentions:
            return max(mentions, key=lambda m: m.end - m.start).actor
        return None

    def find_mentions(self, text: str) -> list[ActorMention]:
        """Non-overlapping actor mentions, longest first at each place, sorted by start."""
        found: list[tuple[int, int, ActorInfo]] = []
        lowered = text.lower()
        if self._lower_re is not None:
            if len(lowered) == len(text):
                folded_matches = self._lower_re.finditer(lowered)  # same offsets as `text`
            else:
                if self._ignorecase_re is None:
                    self._ignorecase_re = self._compile(self._folded.keys(), flags=re.IGNORECASE)
                folded_matches = self._ignorecase_re.finditer(text)  # type: ignore[union-attr]
            for match in folded_matches:
                info = self._folded.get(_normalise(match.group()).lower())
                if info is not None:
                    found.append((match.start(), match.end(), info))
        if self._exact_re is not None:
            for match in self._exact_re.finditer(text):
                info = self._exact.get(_normalise(match.group()))
                if info is not None:
                    found.append((match.start(), match.end(), info))
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        mentions: list[ActorMention] = []
        last_end = -1
        for start, end, info in found:
            if start < last_end:
                continue
            mentions.append(ActorMention(actor=info, start=start, end=end, text=text[start:end]))
            last_end = end
        return mentions


def catalog_from_yaml(text: str) -> ActorCatalog:
    """Build a catalog from YAML text (validated); raises ValueError on a bad file."""
    data = yaml.safe_load(text) or {}
    parsed = ActorFile.model_validate(data)
    return ActorCatalog(parsed.actors)


@lru_cache(maxsize=1)
def _default_catalog() -> ActorCatalog:
    return catalog_from_yaml(DEFAULT_ACTORS_PATH.read_text(encoding="utf-8"))


def load_actor_catalog(path: Path | None = None) -> ActorCatalog:
    """The catalog from `path`, or the bundled bot/data/actors.yaml (loaded once per process)."""
    if path is None:
        return _default_catalog()
    return catalog_from_yaml(Path(path).read_text(encoding="utf-8"))
