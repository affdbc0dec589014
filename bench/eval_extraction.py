"""Score killed-figure extraction against ACLED's coded FATALITIES (and UCDP headlines).

Run: .venv/bin/python bench/eval_extraction.py [--heldout] [--errors dev] [--limit N]

Data: ../shared/corpus/acled-africa-2016-jan-may (1,380 ACLED event notes with the coded
FATALITIES, 150 of them zero-fatality negatives). Rows are split deterministically by
sha256(EVENT_ID_CNTY) into a dev half (even) and a held-out half (odd). Rules are developed
looking only at dev-half errors. The held-out half is scored only with `--heldout` (each run is a
peek at unseen notes: keep them rare) and its errors are never printed.

From claims to one number per note (what ACLED would code), in `note_fatalities`:

1. Keep claims with outcome "killed" (and figure-less "casualties") and stance "asserted";
   drop subsets ("including three children", "the seven" restated) and claims the text tells
   as another incident ("In a separate incident the same day, a car bomb killed 2"). Wounded, captured,
   abducted and missing never count: ACLED codes deaths only.
2. A figure is the claim's low bound, else its high bound ("up to 20" -> 20). Vague words
   already carry ACLED's codes (several/many 10, dozens 12, hundreds 100); a figure-less
   killed claim ("an unknown number of soldiers killed", "killed civilians") and a qualitative
   one ("heavy losses", "dozens of casualties") count only when the note gives no figure, as
   ACLED's vague plural: 10. When the coder wrote the code for the vague phrase ("A number of
   IS militants were killed (coded as 10)") that code is used.
3. Within a sentence, figures for distinct victim groups add up ("2 herders killed, 1 soldier
   killed" -> 3); competing claimants about one group take the lowest (ACLED codes the most
   conservative figure: "IS claimed 50 soldiers killed; the army said 6" -> 6), and so do
   totals naming no group from different claimants ("Police said 7 people were killed, while
   residents put the toll at 40" -> 7), also against named groups of another claimant.
4. Across sentences a group named again (the same actor, or a phrase with the same head noun:
   "two national service members" ... "six service members") is the same deaths restated: the
   latest figure when the claimant is the same (a raised toll), the lowest when claimants
   compete; unless the later figure says it adds ("another soldier", "3 more soldiers", "a third
   protester", "one of the wounded died", "two more died of their wounds"). Named groups
   add up; a total naming no group ("55 people dead") is kept when it is at least the sum of
   the named groups (they are its breakdown), and when only other sources give it as a toll, it
   competes with them ("residents said 37 farmers were killed; officials put the toll at 18": 18).
   One source's claim about unnamed soldiers or militants and another source's figure for the
   side it names (often its own admission) are one group ("the SLA claimed to have killed 45 government troops, while the army said 11 soldiers
   died" -> 11). A group named on its own later with "also" ("The two bombers also died") or the killers of
   a total's victims ("shot dead 17 people ... troops killed four of the attackers") stand
   beside the total, not inside it. Totals naming no group from different sources
   take the lowest.
5. A cumulative toll ("bringing to 12 the number killed this week", "bringing the death toll
   to 20", "since the operation began") is ignored when the note has other killed claims:
   ACLED codes one event.
6. ACLED coder annotations override the text when present: "N fatalities coded in total",
   "[N fatalities recorded]", "(N fatalities coded for <LOCATION or DAY>)" for the row's
   LOCATION or EVENT_DATE, "(N fatalities coded per day)", and "(fatalities split between A
   and B)" halves the total. These are notes about the dataset, not claims, so they live here
   and not in the extractor; the "claims only" line shows the score without them.
7. A report summed over several days or places is several ACLED rows: "When summarized
   fatalities are reported but events occur across several days or in multiple locations",
   ACLED divides the total evenly among one event per day and place (ACLED knowledge base,
   "Fatalities"). So a counted (not vague) total is divided by the days the note says it
   covers ("over two days", "a four-day campaign", "Dec.30-31", "(17-20/03)") times the
   places it lists when the row is coded at one of them ("in the towns of Arish, Rafah and
   Sheikh Zuweid" for a row at Rafah); a row's share is the nearest whole number, halves
   down, at least 1. Vague plurals are coded per row, not divided. Also a note about the
   dataset, so it lives here; "claims only" leaves it out too.

Metrics (a row's prediction is 0 when nothing is extracted):
* exact match: share of all rows (zeros included) where prediction == FATALITIES;
* precision: among rows where we predict a non-zero figure, share exactly equal;
* recall: among rows with FATALITIES > 0, share exactly recovered.
The baseline is a ~20-line regex ("N ... killed|dead|died", "killing N"), summed per note.
Speed is measured on the notes and on ~600-word articles made by joining notes (harder than
news: every sentence carries a figure). The UCDP section is informative only: a headline's
figure is a claim ("Russian Armed Forces destroyed 65 Ukrainian soldiers"), not the coded
best estimate.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.extract.actors import ActorCatalog, load_actor_catalog  # noqa: E402
from bot.extract.claims import UNSPECIFIED_VICTIM, extract_claims, is_toll_figure  # noqa: E402
from bot.extract.types import ExtractedClaim  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ACLED_CSV = CORPUS / "acled-africa-2016-jan-may" / "acled_all_africa_20160101_20160528_subset.csv"
# ACLED-style notes and wire items written by the team as a second development set (never by
# looking at ACLED's held-out half): 900 texts with the figure an ACLED coder would give.
WRITTEN_NOTES = ROOT / "bench" / "data" / "written_notes"
UCDP_DIR = CORPUS / "ucdp-ged-v23.1-global-sample"
UCDP_CAR_DIR = CORPUS / "ucdp-ged-v23.1-central-african-republic"

VAGUE_PLURAL = 10  # ACLED's code for "several", "many", "heavy casualties", unknown numbers
VAGUE_WORDS = {"several", "many", "numerous", "multiple", "a number of", "unknown number"}
GENERIC_MILITANTS = "Militants (unspecified)"
NON_STATE_KINDS = {"rebel_group", "jihadist_group", "militia"}
GENERIC_VICTIMS = {UNSPECIFIED_VICTIM, "people", "persons", "person", "others"}


def is_dev(event_id: str) -> bool:
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest(), 16) % 2 == 0


# ------------------------------------------------------------------ claims -> one figure


def _figure(claim: ExtractedClaim) -> int | None:
    if claim.low is not None:
        return claim.low
    return claim.high


_UNNAMED_SIDES = {
    "Soldiers (unspecified)": {"state_force"},
    "Militants (unspecified)": {"rebel_group", "jihadist_group", "militia"},
    "Rebels (unspecified)": {"rebel_group", "jihadist_group", "militia"},
}


def _admitted_groups(killed: list[ExtractedClaim]) -> dict[tuple[str, str], str]:
    """(victim, claimant) -> the named side, for one source's claim about unnamed soldiers or
    militants when another source names the side: "The SLA claimed to have killed 45 government
    troops, while the army said 11 soldiers died", "AS claimed over 100 soldiers killed;
    officials put the KDF death toll at 63" are two figures for one group."""
    found: dict[tuple[str, str], str] = {}
    for claim in killed:
        kinds = _UNNAMED_SIDES.get(claim.victim)
        if not kinds:
            continue
        sides = {
            c.victim_actor.name
            for c in killed
            if c.victim_actor is not None
            and c.victim_actor.kind in kinds
            and c.claimant != claim.claimant
        }
        if len(sides) == 1:
            found[(claim.victim, claim.claimant)] = sides.pop()
    return found


def _victim_key(claim: ExtractedClaim) -> str:
    """Who died, for matching restatements across sentences: the actor, else the phrase's
    head noun ("national service members" and "six service members" are one group)."""
    if claim.victim_actors or claim.victim in GENERIC_VICTIMS:
        return claim.victim
    head = claim.victim.split()[-1].lower() if claim.victim.split() else claim.victim
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def _also(claim: ExtractedClaim) -> bool:
    """ "The two bombers also died": a group beside those counted before, not inside them."""
    if not claim.figure_text:
        return False
    pattern = rf"\b{re.escape(claim.figure_text)}\b(?:\s+[\w-]+){{0,3}}\s+(?:also|too|as well)\b"
    return re.search(pattern, claim.sentence, re.I) is not None


def _additional(claim: ExtractedClaim) -> bool:
    """ "Another soldier", "3 more soldiers", "a further two", "a third protester": deaths added to a group already
    counted, not the same deaths restated."""
    figure = claim.figure_text
    if not figure:
        return False
    if figure.lower() == "another":
        return True
    f = re.escape(figure)
    pattern = (
        rf"\b(?:another|additional|further)\s+{f}\b"
        rf"|\b{f}\s+(?:more|other|others|additional|further)\b"
        # "A third protester ... died": one more after two counted.
        rf"|\b{f}\s+(?:second|third|fourth|fifth|sixth)\b"
        # The wounded who died later: "One of the wounded died", "two of the 20 injured".
        rf"|\b{f}\s+of\s+the\s+(?:[\w-]+\s+){{0,2}}(?:wounded|injured)\b"
        rf"|\b{f}\b[^.;]{{0,40}}\b(?:died|succumbed)\s+(?:of|to|from)\s+(?:his|her|their)\s+"
        r"(?:wounds|injuries)"
    )
    return re.search(pattern, claim.sentence, re.I) is not None


_CUMULATIVE_RE = re.compile(
    r"\b(?:since|so far|to date|bringing (?:the (?:\w+ ){1,3})?to|in a week|this year|over the past)\b",
    re.I,
)


def note_fatalities(claims: Iterable[ExtractedClaim], *, vague_code: int | None = None) -> int:
    """One ACLED-style fatality figure from a note's claims (rules in the module docstring).

    `vague_code` is the figure ACLED's coder gave the note's vague plural, when stated
    ("A number of IS militants were killed (coded as 10)").
    """
    killed = [
        c
        for c in claims
        if c.stance == "asserted"
        and not c.subset
        and not c.separate_incident
        and c.outcome in ("killed", "casualties")
    ]
    # A cumulative toll ("bringing to 12 the number killed this week") is not this event's.
    if any(not _CUMULATIVE_RE.search(c.sentence) for c in killed):
        killed = [c for c in killed if not _CUMULATIVE_RE.search(c.sentence)]
    admitted_as = _admitted_groups(killed)
    # sentence -> victim -> claimant -> figure
    table: dict[int, dict[str, dict[str, int]]] = {}
    more: set[tuple[int, str]] = set()  # (sentence, victim) adding to a group: "another soldier"
    also: set[tuple[int, str]] = set()  # (sentence, victim) beside the groups counted: "also died"
    vague = 0
    for claim in killed:
        value = _figure(claim)
        is_vague = claim.qualifier in VAGUE_WORDS or claim.qualifier == "unspecified number"
        if vague_code is not None and is_vague:
            value = vague_code
        if claim.outcome == "casualties" or value is None:
            vague = max(vague, value if value is not None else vague_code or VAGUE_PLURAL)
            continue
        victim = admitted_as.get((claim.victim, claim.claimant), _victim_key(claim))
        cell = table.setdefault(claim.sentence_start, {}).setdefault(victim, {})
        cell[claim.claimant] = cell.get(claim.claimant, 0) + value
        if _additional(claim):
            more.add((claim.sentence_start, _victim_key(claim)))
        if _also(claim):
            also.add((claim.sentence_start, _victim_key(claim)))
    if not table:
        return vague
    named: dict[str, tuple[int, str]] = {}  # victim -> (figure, claimant)
    generic: list[tuple[int, str]] = []  # (figure, claimant) of sentences naming no group
    tolls: set[str] = set()  # claimants giving a toll naming no group ("put the toll at 18")
    added = 0  # deaths naming no group that add to what was counted: "two more died"
    # Named groups outside any total naming no group: added ("also"), or the killers of it.
    beyond: set[str] = set()
    killers = {
        c.perpetrator_actor.name
        for c in killed
        if c.victim in GENERIC_VICTIMS
        and c.perpetrator_actor is not None
        and c.perpetrator_actor.kind != "civilians"
    }
    if any(
        c.perpetrator_actor.kind in NON_STATE_KINDS
        or c.perpetrator_actor.name in (GENERIC_MILITANTS, "Rebels (unspecified)")
        for c in killed
        if c.victim in GENERIC_VICTIMS and c.perpetrator_actor is not None
    ):
        killers.add(GENERIC_MILITANTS)  # "AQIM gunmen killed 30 ... 3 attackers killed"
    first_sentence = min(table)  # "more" adds only to deaths counted before it
    for sentence in sorted(table):
        groups = table[sentence]
        if all(v in GENERIC_VICTIMS for v in groups):
            # Per claimant: "Police said 7 people were killed, while residents put the toll at
            # 40" is two competing totals, never 47.
            per_claimant: dict[str, int] = {}
            for by in groups.values():
                for name, value in by.items():
                    per_claimant[name] = per_claimant.get(name, 0) + value
            figure = min(per_claimant.values())
            if sentence != first_sentence and all((sentence, v) in more for v in groups):
                added += figure
                continue
            generic.extend((value, name) for name, value in per_claimant.items())
            tolls.update(
                c.claimant for c in killed if c.sentence_start == sentence and is_toll_figure(c)
            )
            continue
        named_here = {c for v, by in groups.items() if v not in GENERIC_VICTIMS for c in by}
        for victim, by_claimant in groups.items():
            if victim in GENERIC_VICTIMS and not set(by_claimant) & named_here:
                # "MSF reported 18 IDPs killed; other sources put the toll at 25", "Police said
                # 1 soldier and 2 officials were killed; residents said 5 died": competing.
                generic.append((min(by_claimant.values()), min(by_claimant)))
                tolls.update(by_claimant)
                continue
            # A generic group beside named ones in one sentence is one more group.
            key = f"{victim}@{sentence}" if victim in GENERIC_VICTIMS else victim
            claimant, value = min(by_claimant.items(), key=lambda kv: kv[1])
            alone = len(groups) == 1 and sentence != first_sentence
            if key not in named and (((sentence, victim) in also and alone) or victim in killers):
                beyond.add(key)  # "the two bombers also died", attackers killed in turn
            if key in named and (sentence, victim) in more:
                named[key] = (named[key][0] + value, claimant)  # "another soldier was killed"
            elif key not in named or named[key][1] == claimant:
                named[key] = (value, claimant)  # a restated or raised toll: the latest
            else:
                named[key] = (min(named[key][0], value), claimant)  # competing: the lowest
    named_total = sum(v for k, (v, _) in named.items() if k not in beyond)
    added += sum(v for k, (v, _) in named.items() if k in beyond)
    # Totals naming no group: one source restating or raising its toll keeps the highest;
    # different sources competing keep the lowest (ACLED's conservative rule).
    if len({c for _, c in generic}) > 1:
        generic_total = min(v for v, _ in generic)
    else:
        generic_total = max((v for v, _ in generic), default=0)
    # A generic total ("55 people dead") with named groups elsewhere: they are its breakdown,
    # unless other sources give it: "residents said 37 farmers were killed ... the government
    # put the toll at 18" are competing figures for the same dead (the lowest).
    givers = {c for _, c in generic}
    if named and generic and givers <= tolls and not givers & {c for _, c in named.values()}:
        return min(named_total, generic_total) + added
    return max(named_total, generic_total) + added


def counted_figures(claims: Iterable[ExtractedClaim]) -> bool:
    """Whether the note's deaths are counted, not vague: ACLED codes a vague plural ("heavy
    casualties": 10) for each row of a split, it does not divide it."""
    killed = [c for c in claims if c.stance == "asserted" and c.outcome in ("killed", "casualties")]
    return bool(killed) and all(
        c.outcome == "killed" and _figure(c) is not None and c.qualifier not in VAGUE_WORDS
        for c in killed
    )


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}  # fmt: skip
_ANNOTATED_TOTAL = (
    re.compile(r"(\d+)\s+fatalit\w*\s+(?:were\s+)?(?:coded|recorded)\s+in\s+total", re.I),
    re.compile(r"\[(\d+)\s+fatalit\w*\s+(?:coded|recorded)\]", re.I),
    re.compile(r"(\d+)\s+fatalit\w*\s+(?:coded|recorded)\s*\(", re.I),
    re.compile(r"(\d+)\s+fatalt?i\w*\s+coded\s+(?:per|for\s+each)\s+day", re.I),
)
# A code for the vague phrase just before it: '"many dead" (10 fatalities recorded)'.
_ANNOTATED_VAGUE = re.compile(
    r"\((?:coded\s+as\s+(\d+)|(\d+)\s+fatalit\w*\s+(?:coded|recorded))\)", re.I
)
_ANNOTATED_ITEM = re.compile(
    r"(\d+)\s+(?:fatalt?i\w*\s+)?(?:(?:were\s+)?(?:coded|recorded)\s+)?(?:for|on|in)\s+"
    r"(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s*\d{1,2}\b|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
)
_SPLIT_TWO = re.compile(
    r"fatalities\s+(?:were\s+)?(?:split|divided)\s+between\s+([A-Z][\w' -]+?)\s+and\s+([A-Z][\w' -]+?)\)"
)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _target_matches(target: str, location: str, event_date: str) -> bool:
    """Whether "Guldo", "Jan 8" or "10 January" names this row's place or day."""
    day_month = re.match(r"(\d{1,2})\s+([A-Za-z]{3})", target) or re.match(
        r"([A-Za-z]{3})[a-z]*\.?\s*(\d{1,2})", target
    )
    if day_month:
        a, b = day_month.groups()
        day, month = (a, b) if a.isdigit() else (b, a)
        try:
            row_day, row_month = int(event_date[:2]), int(event_date[3:5])
        except ValueError:
            return False
        return int(day) == row_day and _MONTHS.get(month.lower()) == row_month
    place, loc = _squash(target), _squash(location)
    size = min(5, len(place), len(loc))
    return size >= 3 and place[:size] == loc[:size]


def acled_annotation(note: str, location: str, event_date: str) -> int | None:
    """ACLED coders' own figure or split for this row, when the note states it."""
    start = min((m.start() for m in re.finditer(r"coded|recorded|split|divided", note)), default=-1)
    if start < 0:
        return None
    for pattern in _ANNOTATED_TOTAL:
        found = pattern.search(note)
        if found:
            return int(found.group(1))
    segment = note[max(0, start - 60) :]
    for item in _ANNOTATED_ITEM.finditer(segment):
        if _target_matches(item.group(2), location, event_date):
            return int(item.group(1))
    return None


def vague_code(note: str) -> int | None:
    """The coder's figure for the note's vague plural ("(coded as 10)"), when given."""
    found = _ANNOTATED_VAGUE.search(note)
    return int(found.group(1) or found.group(2)) if found else None


def split_note_total(note: str, total: int) -> int:
    """ "(fatalities split between Al Hawari and Mreisa)": ACLED halves the figure."""
    if _SPLIT_TWO.search(note) and total % 2 == 0:
        return total // 2
    return total


_SPAN_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SPAN_COUNT = r"(two|three|four|five|six|seven|[2-7])"
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "over two days", "in the last two days", "four days of fighting", "a four-day campaign".
_DAY_COUNT = re.compile(
    rf"\b(?:over|during|in|across|within)\s+(?:the\s+)?(?:(?:past|last|first)\s+)?{_SPAN_COUNT}"
    rf"\s+days\b|\b{_SPAN_COUNT}\s+days\s+of\b|\b{_SPAN_COUNT}[- ]day\b",
    re.I,
)
# "Dec.30-31", "Jan 1-3", "28-30 January", "between 27-28 April", "22 - 25 May", "(17-20/03)",
# "on 23 and 24 April".
_DAY_RANGE = re.compile(
    rf"\b{_MONTH_NAME}\s*(\d{{1,2}})\s*-\s*(\d{{1,2}})\b"
    rf"|\b(\d{{1,2}})\s*(?:-|\s+and\s+)\s*(\d{{1,2}})(?:\s+{_MONTH_NAME}|/\d{{1,2}}\b)"
)
_PLACE = r"[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*"
# "in the towns of Arish, Rafah and Sheikh Zuweid", "in Ahoada East and Ahoada West LGAs".
_PLACE_LIST = re.compile(
    r"\b(?:in|at|on|of)\s+(?:the\s+)?(?:[A-Z][\w'’-]+'s\s+)?"
    r"(?:(?:towns?|villages?|localities|areas?|communities)\s+(?:of\s+)?)?"
    rf"({_PLACE}(?:\s*,\s*{_PLACE})*\s*,?\s+and\s+{_PLACE})"
    # or a list named by its kind after it: "attack Dobi and Maisuma villages".
    rf"|\b({_PLACE}(?:\s*,\s*{_PLACE})*\s*,?\s+and\s+{_PLACE})\s+"
    r"(?:towns|vill?ages|LGAs|localities|areas|districts|communities|neighbourhoods)\b"
)


def reported_days(note: str) -> int:
    """How many days the note's report covers, when it says so (else 1)."""
    found = _DAY_COUNT.search(note)
    if found:
        word = next(g for g in found.groups() if g)
        return _SPAN_WORDS.get(word.lower()) or int(word)
    for match in _DAY_RANGE.finditer(note):
        first, last = (int(g) for g in match.groups() if g)
        if 1 <= first < last <= 31 and last - first < 7:
            return last - first + 1
    return 1


def reported_places(note: str, location: str) -> int:
    """How many places share the note's figure, when the row is coded at one of a listed few."""
    for match in _PLACE_LIST.finditer(note):
        places = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group(1) or match.group(2))
        if any(_target_matches(place, location, "") for place in places):
            return len(places)
    return 1


def acled_share(total: int, *, days: int, places: int) -> int:
    """ACLED's row of a report summed over several days or places: "When summarized fatalities
    are reported but events occur across several days or in multiple locations", ACLED divides
    the total evenly over one event per day and place (ACLED knowledge base, "Fatalities").
    The remainder goes to some rows: the nearest whole share, halves down, and at least 1."""
    parts = days * places
    if total <= 0 or parts <= 1:
        return total
    share, left = divmod(total, parts)
    return max(1, share + (2 * left > parts))


# ------------------------------------------------------------------ baseline

_BASELINE_NUMBER = (
    r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|several)"
)
_BASELINE_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_BASELINE_VALUES = {w: v for v, w in enumerate([*_BASELINE_WORDS, "eleven", "twelve"], start=1)}
_BASELINE_VALUES |= {"a": 1, "an": 1, "dozens": 12, "several": 10}
_BASELINE_RE = re.compile(
    _BASELINE_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:(?:were|was|are|is|have been|has been)\s+)?"
    r"(?:killed|dead|died|shot dead)\b|(?:killing|killed)\s+(?:at least\s+)?"
    + _BASELINE_NUMBER
    + r"\b",
    re.I,
)


def baseline_fatalities(note: str) -> int:
    """The ~20-line regex anchor: "N (up to 3 words) killed|dead|died" or "killing N", summed."""
    total = 0
    for match in _BASELINE_RE.finditer(note):
        raw = (match.group(1) or match.group(2)).lower()
        total += int(raw) if raw.isdigit() else _BASELINE_VALUES[raw]
    return total


# ------------------------------------------------------------------ scoring


def score(rows: list[dict[str, str]], predict: Callable[[dict[str, str]], int]) -> dict[str, float]:
    exact = predicted_nonzero = correct_nonzero = gold_nonzero = recovered = 0
    for row in rows:
        gold = int(row["FATALITIES"])
        pred = predict(row)
        exact += pred == gold
        if pred > 0:
            predicted_nonzero += 1
            correct_nonzero += pred == gold
        if gold > 0:
            gold_nonzero += 1
            recovered += pred == gold
    n = len(rows)
    return {
        "rows": n,
        "exact": exact / n if n else 0.0,
        "precision": correct_nonzero / predicted_nonzero if predicted_nonzero else 0.0,
        "recall": recovered / gold_nonzero if gold_nonzero else 0.0,
    }


def confusion(rows: list[dict[str, str]], predict: Callable[[dict[str, str]], int]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for row in rows:
        gold, pred = int(row["FATALITIES"]), predict(row)
        if pred == gold:
            counts["exact (zero)" if gold == 0 else "exact (non-zero)"] += 1
        elif gold == 0:
            counts["false figure on a zero row"] += 1
        elif pred == 0:
            counts["missed (predicted 0)"] += 1
        elif pred > gold:
            counts["too high"] += 1
        else:
            counts["too low"] += 1
    return counts


def load_acled() -> list[dict[str, str]]:
    with ACLED_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--errors", choices=("dev", "notes"), help="print the errors on the dev half or on --notes"
    )
    parser.add_argument("--heldout", action="store_true", help="also score the held-out half")
    parser.add_argument("--ucdp-misses", type=int, default=0, help="print N UCDP headline misses")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--no-annotations", action="store_true", help="ignore ACLED coder notes")
    parser.add_argument(
        "--notes",
        type=Path,
        action="append",
        default=[],
        help="score this JSON Lines file of written notes ({text, fatalities}) instead of "
        "bench/data/written_notes/*.jsonl; repeatable",
    )
    args = parser.parse_args()
    notes_files = args.notes or sorted(WRITTEN_NOTES.glob("*.jsonl"))

    catalog = load_actor_catalog()
    rows = load_acled()
    extracted: dict[str, list[ExtractedClaim]] = {}
    started = time.perf_counter()
    for row in rows:
        extracted[row["EVENT_ID_CNTY"]] = extract_claims(row["NOTES"], catalog=catalog)
    elapsed = time.perf_counter() - started

    def ours(row: dict[str, str]) -> int:
        if not args.no_annotations:
            coded = acled_annotation(row["NOTES"], row["LOCATION"], row["EVENT_DATE"])
            if coded is not None:
                return coded
            total = note_fatalities(
                extracted[row["EVENT_ID_CNTY"]], vague_code=vague_code(row["NOTES"])
            )
            total = split_note_total(row["NOTES"], total)
            if counted_figures(extracted[row["EVENT_ID_CNTY"]]):
                days = reported_days(row["NOTES"])
                places = reported_places(row["NOTES"], row["LOCATION"])
                return acled_share(total, days=days, places=places)
            return total
        return note_fatalities(extracted[row["EVENT_ID_CNTY"]])

    def claims_only(row: dict[str, str]) -> int:
        return note_fatalities(extracted[row["EVENT_ID_CNTY"]])

    def baseline(row: dict[str, str]) -> int:
        return baseline_fatalities(row["NOTES"])

    halves = {
        "dev": [r for r in rows if is_dev(r["EVENT_ID_CNTY"])],
        "held-out": [r for r in rows if not is_dev(r["EVENT_ID_CNTY"])],
        "all": rows,
    }
    if not args.heldout:
        del halves["held-out"], halves["all"]
    print(f"ACLED notes: {len(rows)} rows ({ACLED_CSV.name})")
    print(f"{'half':<9} {'system':<22} {'rows':>5} {'exact':>7} {'prec':>7} {'recall':>7}")
    for half, subset in halves.items():
        for name, fn in (
            ("sitrep", ours),
            ("sitrep, claims only", claims_only),
            ("regex baseline", baseline),
        ):
            s = score(subset, fn)
            print(
                f"{half:<9} {name:<22} {s['rows']:>5} {s['exact']:>7.3f} {s['precision']:>7.3f} {s['recall']:>7.3f}"
            )
    print("\nConfusion (sitrep):")
    for half in [h for h in ("dev", "held-out") if h in halves]:
        counts = confusion(halves[half], ours)
        print(f"  {half}: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    words = sum(len(r["NOTES"].split()) for r in rows)
    print(
        f"\nSpeed: {len(rows) / elapsed:,.0f} notes/s, {words / elapsed:,.0f} words/s "
        f"({elapsed * 1000 / len(rows):.2f} ms per note of {words / len(rows):.0f} words)"
    )
    articles = _articles(rows, words_per_article=600)
    started = time.process_time()
    for article in articles:
        extract_claims(article, catalog=catalog)
    per_article = (time.process_time() - started) / len(articles)
    print(
        f"       {per_article * 1000:.2f} ms CPU per ~600-word article ({len(articles)} articles "
        f"of joined notes): {1 / per_article:,.0f} articles/s on one core"
    )
    ucdp_report(catalog, misses=args.ucdp_misses)
    for path in notes_files:
        written_notes_report(path, catalog, errors=args.errors == "notes", limit=args.limit)

    if args.errors == "dev":
        print("\nErrors on the dev half:")
        print_errors(halves["dev"], ours, extracted, limit=args.limit)


def _articles(rows: list[dict[str, str]], *, words_per_article: int) -> list[str]:
    """Notes joined into paragraphs of about `words_per_article` words."""
    articles: list[str] = []
    current: list[str] = []
    count = 0
    for row in rows:
        current.append(row["NOTES"])
        count += len(row["NOTES"].split())
        if count >= words_per_article:
            articles.append("\n\n".join(current))
            current, count = [], 0
    return articles


def _ucdp_texts() -> list[tuple[str, int, int, int]]:
    """English UCDP GED headlines with a death estimate: (text, best, low, high).

    A row's `source_headline` holds one or more headlines separated by ";"; each becomes a line.
    French and other non-English headlines (most of the CAR file) are skipped.
    """
    import py3langid

    texts: list[tuple[str, int, int, int]] = []
    for path in sorted(UCDP_DIR.glob("*.csv")) + sorted(UCDP_CAR_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                headline = (row.get("source_headline") or "").strip()
                try:
                    best, low, high = int(row["best"]), int(row["low"]), int(row["high"])
                except (KeyError, ValueError):
                    continue
                if not headline or best <= 0:
                    continue
                if py3langid.classify(headline)[0] != "en":
                    continue
                lines = [h.strip() for h in headline.split(";") if h.strip()]
                texts.append(("\n".join(lines), best, low, high))
    return texts


def ucdp_report(catalog: ActorCatalog, *, misses: int = 0) -> None:
    """Informative: how often an English UCDP headline with deaths yields a killed figure.

    "any figure": a killed figure (vague plurals count as 10); "explicit": a figure written in
    the headline; "in range": the figure lies in UCDP's [low, high]. Headline figures are claims
    and often a different day's toll, so agreement is a generality check, not a score.
    """
    from bot.extract.actors import ActorCatalog

    assert isinstance(catalog, ActorCatalog)
    texts = _ucdp_texts()
    if not texts:
        return
    found = explicit = in_range = 0
    missed: list[str] = []
    for text, _best, low, high in texts:
        claims = extract_claims(text, catalog=catalog)
        figure = note_fatalities(claims)
        if figure:
            found += 1
            in_range += low <= figure <= high
            explicit += any(c.figure_text for c in claims if c.outcome == "killed")
        else:
            missed.append(text)
    n = len(texts)
    print(
        f"\nUCDP GED (global sample + CAR), English headlines with deaths: {n}; a killed figure "
        f"in {found} ({found / n:.0%}), {explicit} ({explicit / n:.0%}) with a written figure; "
        f"within UCDP's [low, high] in {in_range} ({in_range / n:.0%} of all, "
        f"{in_range / found if found else 0:.0%} of those with a figure)."
    )
    for text in missed[:misses]:
        print("  miss: " + text.replace("\n", " | ")[:200])


# ------------------------------------------------------------------ written notes


def load_written_notes(path: Path) -> list[dict[str, str]]:
    """Notes in ACLED's style written by the team (never by looking at ACLED's held-out half),
    as rows shaped like ACLED's: a second development set whose phrasing the rules never saw."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append(
                {
                    "EVENT_ID_CNTY": item["id"],
                    "NOTES": item["text"],
                    "FATALITIES": str(item["fatalities"]),
                }
            )
    return rows


def written_notes_report(path: Path, catalog: ActorCatalog, *, errors: bool, limit: int) -> None:
    rows = load_written_notes(path)
    extracted = {r["EVENT_ID_CNTY"]: extract_claims(r["NOTES"], catalog=catalog) for r in rows}

    def ours(row: dict[str, str]) -> int:
        return note_fatalities(extracted[row["EVENT_ID_CNTY"]], vague_code=vague_code(row["NOTES"]))

    s, b = score(rows, ours), score(rows, lambda r: baseline_fatalities(r["NOTES"]))
    counts = confusion(rows, ours)
    print(
        f"\nWritten notes {path.name}: {s['rows']} rows, exact {s['exact']:.3f} "
        f"(precision {s['precision']:.3f}, recall {s['recall']:.3f}); regex baseline {b['exact']:.3f}"
    )
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    if not errors:
        return
    print_errors(rows, ours, extracted, limit=limit)


def print_errors(
    rows: list[dict[str, str]],
    ours: Callable[[dict[str, str]], int],
    extracted: dict[str, list[ExtractedClaim]],
    *,
    limit: int,
) -> None:
    """Up to `limit` rows where our figure differs from the gold one, with their claims."""
    shown = 0
    for row in rows:
        gold, pred = int(row["FATALITIES"]), ours(row)
        if gold == pred:
            continue
        shown += 1
        if shown > limit:
            break
        print(f"\n[{row['EVENT_ID_CNTY']}] gold={gold} pred={pred}\n  {row['NOTES']}")
        for c in extracted[row["EVENT_ID_CNTY"]]:
            print(
                f"    - {c.outcome} {c.low}-{c.high} {c.qualifier!r} victim={c.victim!r} "
                f"claimant={c.claimant!r} stance={c.stance} subset={c.subset}"
            )


if __name__ == "__main__":
    main()
