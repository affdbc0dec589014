"""Number phrases in casualty reports: digits, words, vague quantities and their qualifiers.

Casualty figures come as "84", "1,200", "eighty-four", "a dozen", "dozens", "at least 84",
"between 10 and 15" or "four or five". `find_quantities` finds them in running text and
`parse_quantity` reads one phrase; both return `Quantity(low, high, qualifier, text)`.

How a qualifier shapes the range (the base figure itself is never changed):

* exact ("84")                                        -> low = high = 84
* lower bounds ("at least", "more than", "over", ...)  -> low = N, high = None
* approximations ("about", "nearly", "some", ...)      -> low = high = N, qualifier kept
* upper bounds ("up to", "as many as", "at most", ...) -> low = None, high = N
* ranges ("between 10 and 15", "10-15", "four or five") -> low = 10, high = 15

Vague quantities follow ACLED's fatality-coding conventions, which take the most conservative
reading of a vague figure: ACLED codes "tens" as 10, "dozens" as 12 and "hundreds" as 100
(ACLED, "Fatalities" FAQ), and in its notes "several", "many", "an unknown number" or "heavy
casualties" are coded 10 (the 2016 Africa file codes "Several rebels killed" and "Unknown
number of government forces killed" as 10). We therefore map:

* "tens (of)" -> 10, "dozens" -> 12, "scores" -> 20, "hundreds" -> 100, "thousands" -> 1000
  (a plural unit counts as one unit: the lowest reading, as ACLED does for "dozens");
* "several", "many", "numerous", "multiple", "a number of" -> 10 (ACLED's vague-plural code);
* "a few", "a handful" -> 3 (our choice: ACLED defines no code for it, and 10 would overstate
  a phrase that promises a small number);
* "a dozen" -> 12, "half a dozen" -> 6, "a couple (of)" -> 2, "two dozen" -> 24 (exact words).

Vague figures are lower bounds (high = None) and keep their word as the qualifier, so a reader
always sees "dozens", never a bare 12. "An unknown number" has no figure at all (low = high =
None, qualifier "unknown number"); the ACLED evaluation codes it 10 like the other vague plurals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.extract.types import Quantity

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Vague plurals: (ACLED-style conservative code, qualifier shown to the reader).
VAGUE_UNITS = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
}
VAGUE_PLURAL_CODE = 10  # ACLED: "several", "many" and other figure-less plurals
VAGUE_WORDS = {"several": VAGUE_PLURAL_CODE, "many": VAGUE_PLURAL_CODE}
VAGUE_WORDS.update(numerous=VAGUE_PLURAL_CODE, multiple=VAGUE_PLURAL_CODE)
FEW_CODE = 3

LOWER_BOUND = (
    "at least",
    "at a minimum",
    "a minimum of",
    "no fewer than",
    "no less than",
    "not less than",
    "more than",
    "over",
    "upwards of",
    "in excess of",
    "above",
    "exceeding",
    "well over",
    "well above",
)
APPROXIMATE = (
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "some",
    "an estimated",
    "estimated",
    "nearly",
    "almost",
    "close to",
    "circa",
    "just under",
    "just over",
    "an approximate",
    # Abbreviations of coder notes: "approx. 15", "c. 20", "ca. 20", "~30".
    "approx .",
    "c .",
    "ca .",
    "~",
)
# How an abbreviated qualifier is shown to the reader.
_QUALIFIER_NAMES = {
    ("approx",): "approximately",
    ("approx", "."): "approximately",
    ("c", "."): "about",
    ("ca", "."): "about",
    ("~",): "about",
}
UPPER_BOUND = (
    "up to",
    "as many as",
    "at most",
    "no more than",
    "not more than",
    "fewer than",
    "less than",
    "under",
    "below",
)
RANGE_OPENERS = ("between", "from")

# Qualifiers as token tuples, indexed by first word, longest first, with the bound each implies.
_QUALIFIERS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words_, _kind in sorted(
    [(tuple(q.split()), "lower") for q in LOWER_BOUND]
    + [(tuple(q.split()), "approx") for q in APPROXIMATE]
    + [(tuple(q.split()), "upper") for q in UPPER_BOUND]
    + [((q,), "range") for q in RANGE_OPENERS],
    key=lambda item: -len(item[0]),
):
    _QUALIFIERS.setdefault(_words_[0], []).append((_words_, _kind))

MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
MONTH_ABBREVIATIONS = frozenset({m for m in MONTHS if len(m) <= 4} - {"may", "june", "july"})
# Words after a figure that make it a measure, not a head count.
UNIT_WORDS = {
    "%",
    "percent",
    "per",
    "km",
    "kms",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "m",
    "mm",
    "kg",
    "am",
    "pm",
    "gmt",
    "utc",
    "hours",
    "hour",
    "hrs",
    "minutes",
    "minute",
    "seconds",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "decades",
    "times",
    "dollars",
    "usd",
    "euros",
    "cfa",
    "francs",
    "naira",
    "shillings",
    "lakh",
    "lakhs",
    "crore",
    "crores",
    "o'clock",
}
# Before a figure these words make it a name or a label, not a head count: "Brigade 166",
# "Route 5", "PK 12" (a road's kilometre post), "Mile 12 market", "aged 45", "Resolution 2100".
LABEL_WORDS = frozenset(
    [
        "battalion",
        "battalions",
        "brigade",
        "brigades",
        "regiment",
        "division",
        "platoon",
        "squadron",
        "company",
        "unit",
        "sector",
        "zone",
        "ward",
        "block",
        "camp",
        "route",
        "road",
        "highway",
        "motorway",
        "rn",
        "pk",
        "km",
        "kilometre",
        "kilometer",
        "mile",
        "flight",
        "resolution",
        "article",
        "chapter",
        "phase",
        "line",
        "lot",
        "no",
        "number",
        "aged",
        "age",
        "rs",
        "inr",
        "ksh",
        "usd",
        "us",
        "$",
        "£",
        "€",
        "n",
        "₦",
    ]
)
# After a figure, capitalised and singular, these make it a military unit's name.
_UNIT_NAMES = frozenset(
    ["brigade", "battalion", "regiment", "division", "platoon", "squadron", "corps", "infantry"]
)
# Before a year-like figure these words mean it is a year ("in 2012", "since 2015").
_YEAR_LEAD = {"in", "since", "from", "until", "till", "by", "of", "during", "early", "late", "mid"}

_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)*|[-–—]|\S"
)


class _Tok:
    """A word, figure or punctuation mark with its offsets (kept small: this runs per word)."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.low = text.lower()
        self.start = start
        self.end = end


def _tokenize(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _glued(tok: _Tok, text: str) -> bool:
    """A figure glued to letters ("25km", "M23", "1st") or inside a date/time ("10/01", "10:30")."""
    before = text[tok.start - 1] if tok.start > 0 else " "
    after = text[tok.end] if tok.end < len(text) else " "
    if before.isalpha() or after.isalpha() or before in "/:" or after in "/%":
        return True
    if after == ":":  # "10:30" is a time; "kills 5: police" is a figure and its source
        return tok.end + 1 < len(text) and text[tok.end + 1].isdigit()
    return before == "." and tok.start > 1 and text[tok.start - 2].isdigit()


def _digit_value(tok: _Tok, text: str) -> int | None:
    """The integer a figure token stands for, or None for decimals, times, dates and codes."""
    if not tok.text[0].isdigit() or "." in tok.text or _glued(tok, text):
        return None
    return int(tok.text.replace(",", ""))


def _words_value(toks: Sequence[_Tok], i: int) -> tuple[int, int] | None:
    """Parse a number in words starting at toks[i]: (value, index after it) or None.

    Accepts "eighty-four", "twenty one", "one hundred and five", "a hundred", "two thousand
    three hundred", "seven hundred thousand". Stops at the first word that would not continue
    a well-formed number, so "eighty-four and forty-seven" yields 84 and leaves the rest.
    """
    n = len(toks)
    total = 0  # completed thousands/millions
    group = 0  # the current group below one thousand
    seen = False
    last = ""  # "unit", "teen", "tens", "hundred", "scale"
    j = i
    end = i
    while j < n:
        w = toks[j].low
        if w in ("a", "an") and not seen:
            # "a hundred", "a thousand" only.
            if j + 1 < n and toks[j + 1].low in ("hundred", "thousand"):
                group = 1
                seen = True
                last = "unit"
                j += 1
                continue
            break
        if w in UNITS:
            value = UNITS[w]
            if last == "tens" and value < 10 and group % 10 == 0:
                group += value
                last = "unit"
            elif last in ("", "hundred", "scale", "and"):
                if last == "hundred" and group % 100 != 0:
                    break
                group += value
                last = "teen" if value >= 10 else "unit"
            else:
                break
        elif w in TENS:
            if last in ("", "hundred", "scale", "and") and group % 100 == 0:
                group += TENS[w]
                last = "tens"
            else:
                break
        elif w == "hundred":
            if last in ("unit", "teen") and 0 < group < 20:
                group *= 100
                last = "hundred"
            else:
                break
        elif w in SCALES:
            if last in ("unit", "teen", "tens", "hundred") and group > 0:
                scale = SCALES[w]
                if total and total < scale * 1000 and total % (scale * 1000) != 0:
                    break
                total += group * scale
                group = 0
                last = "scale"
            else:
                break
        elif w == "and" and last in ("hundred", "scale"):
            # "one hundred and five": only if a number word follows.
            if j + 1 < n and (toks[j + 1].low in UNITS or toks[j + 1].low in TENS):
                last = "and"
                j += 1
                continue
            break
        elif w in ("-", "–") and last == "tens":
            # "eighty-four": a hyphen joins tens and units only.
            unit_follows = j + 1 < n and toks[j + 1].low in UNITS and UNITS[toks[j + 1].low] < 10
            if (
                unit_follows
                and toks[j].start == toks[j - 1].end
                and toks[j + 1].start == toks[j].end
            ):
                j += 1
                continue
            break
        else:
            break
        seen = True
        j += 1
        end = j
    if not seen or end == i:
        return None
    return total + group, end


def _figure_at(toks: Sequence[_Tok], i: int, text: str) -> tuple[int, int, str | None] | None:
    """A figure (digits, words or vague word) at toks[i]: (value, end index, vague word)."""
    if i >= len(toks):
        return None
    tok = toks[i]
    w = tok.low
    n = len(toks)
    if tok.text[0].isdigit():
        if "." in tok.text:
            # A decimal counts people only with a scale word: "1.5 million".
            if i + 1 < n and toks[i + 1].low in SCALES and not _glued(tok, text):
                return int(float(tok.text.replace(",", "")) * SCALES[toks[i + 1].low]), i + 2, None
            return None
        value = _digit_value(tok, text)
        if value is None:
            return None
        if i + 1 < n and toks[i + 1].low in SCALES:
            return value * SCALES[toks[i + 1].low], i + 2, None
        if i + 1 < n and toks[i + 1].low == "dozen":
            return value * 12, i + 2, None
        return value, i + 1, None
    if w == "half" and i + 2 < n and toks[i + 1].low == "a" and toks[i + 2].low == "dozen":
        return 6, i + 3, None
    if w in ("a", "an") and i + 1 < n:
        nxt = toks[i + 1].low
        if nxt == "dozen":
            return 12, i + 2, None
        if nxt == "score" and i + 2 < n and toks[i + 2].low == "of":
            return 20, i + 2, None
        if nxt == "couple" or (nxt == "pair" and i + 2 < n and toks[i + 2].low == "of"):
            return 2, i + 2, None  # "a couple of", "a pair of", and "a couple" (two people)
        if nxt in ("few", "handful"):
            return FEW_CODE, i + 2, "a " + nxt
        if nxt == "number" and i + 2 < n and toks[i + 2].low == "of":
            return VAGUE_PLURAL_CODE, i + 2, "a number of"
    if w in VAGUE_UNITS:
        # "tens" is only a quantity in "tens of"; the others stand alone ("dozens were hurt").
        if w == "tens" and not (i + 1 < n and toks[i + 1].low == "of"):
            return None
        return VAGUE_UNITS[w], i + 1, w
    if w in VAGUE_WORDS:
        return VAGUE_WORDS[w], i + 1, w
    parsed = _words_value(toks, i)
    if parsed is None:
        return None
    value, end = parsed
    if end < n and toks[end].low == "dozen":
        return value * 12, end + 1, None
    if end < n and toks[end].low in VAGUE_UNITS and value > 1:
        return value * VAGUE_UNITS[toks[end].low], end + 1, None  # "two hundreds" (rare)
    return value, end, None


def _is_date_or_measure(toks: Sequence[_Tok], i: int, end: int) -> bool:
    """A figure next to a month name, followed by a unit, or looking like a year."""
    first = toks[i]
    if first.text[0].isdigit():
        prev = toks[i - 1].low if i > 0 else ""
        if prev == "." and i > 1 and toks[i - 2].low in MONTH_ABBREVIATIONS:
            prev = toks[i - 2].low  # "Jan. 9" (but not "... in February. 6 people died")
        if prev.rstrip(".") in MONTHS or prev in LABEL_WORDS:
            return True
        if prev == "," and i > 1 and toks[i - 2].text[:1].isupper() and toks[i - 2].text.isalpha():
            # "Abdullahi Nur, 35, was shot": an age after a name, set off by commas.
            nxt = toks[end].text if end < len(toks) else "."
            if nxt in (",", ".", ")", ";") and first.text.isdigit() and int(first.text) < 120:
                return True
        value = int(first.text.replace(",", "")) if first.text.isdigit() else -1
        if 1900 <= value <= 2099 and len(first.text) == 4:
            # "in 2012", "October 25, 2012", "25 Oct 2012": a year, not a head count.
            before_comma = toks[i - 2].low if prev == "," and i > 1 else ""
            if (
                prev in _YEAR_LEAD
                or prev in MONTHS
                or before_comma[:1].isdigit()
                or (before_comma.rstrip(".") in MONTHS)
            ):
                return True
    if end < len(toks):
        nxt = toks[end].low.rstrip(".")
        glued_digits = (
            end + 1 < len(toks)
            and toks[end + 1].start == toks[end].end
            and toks[end + 1].text[0].isdigit()
        )
        if nxt in MONTHS or (nxt in UNIT_WORDS and not glued_digits):
            return True  # "3 km", but not "3 M23 fighters": a name that starts like a unit
        if nxt in _UNIT_NAMES and toks[end].text[:1].isupper() and first.text[:1].isdigit():
            return True  # "the 115 Brigade", "of 3 Division": a unit's name, not 115 people
        if nxt in ("-", "–") and end + 1 < len(toks) and toks[end + 1].low in UNIT_WORDS:
            return True  # "25-km"
    return False


def _quantity_at(toks: Sequence[_Tok], i: int, text: str) -> tuple[int, Quantity] | None:
    """The quantity phrase starting at toks[i], with its qualifier and range: (end, Quantity)."""
    n = len(toks)
    qualifier: str | None = None
    bound = "exact"
    j = i
    first = toks[i].low
    if first not in _START_WORDS and not first[0].isdigit():
        return None
    for words, kind in _QUALIFIERS.get(first, ()):
        k = len(words)
        if i + k <= n and all(toks[i + m].low == words[m] for m in range(1, k)):
            qualifier = _QUALIFIER_NAMES.get(words, " ".join(words))
            bound = kind
            j = i + k
            break
    figure = _figure_at(toks, j, text)
    if figure is None:
        return None  # also a qualifier without a figure: "about the attack"
    value, end, vague = figure
    if _is_date_or_measure(toks, j, end):
        return None
    low: int | None = value
    high: int | None = value
    # A range: "10-15", "10 to 15", "four or five", "between 10 and 15".
    if end + 1 < n and vague is None:
        joiner = toks[end].low
        ok_joiner = joiner in ("-", "–", "to", "or") or (joiner == "and" and bound == "range")
        if ok_joiner:
            second = _figure_at(toks, end + 1, text)
            if (
                second is not None
                and second[2] is None
                and second[0] >= value
                and not _is_date_or_measure(toks, end + 1, second[1])
            ):
                high = second[0]
                end = second[1]
                bound = "between" if bound == "range" else "exact"
                qualifier = "between" if qualifier in RANGE_OPENERS else qualifier
    if bound == "range":
        # "from 10" / "between 10" without a second figure: a plain figure, no qualifier.
        qualifier = None if high == low else "between"
    if (
        vague is None
        and qualifier is None
        and end < len(toks)
        and toks[end].text == "+"
        and toks[end].start == toks[end - 1].end
    ):
        bound, qualifier, end = "lower", "more than", end + 1  # "10+ dead"
    if (
        qualifier is None
        and end + 1 < len(toks)
        and toks[end].low == "or"
        and toks[end + 1].low == "so"
    ):
        bound, qualifier, end = "approx", "about", end + 2  # "a dozen or so"
    if vague is not None:
        high = None
        qualifier = vague if qualifier is None else f"{qualifier} {vague}"
    elif bound == "lower":
        high = None
    elif bound == "upper":
        low = None
    span_text = text[toks[i].start : toks[end - 1].end]
    return end, Quantity(low=low, high=high, qualifier=qualifier, text=span_text)


# Words that can begin a quantity phrase (figures aside): a cheap first test per word.
_START_WORDS = frozenset(
    set(_QUALIFIERS)
    | set(UNITS)
    | set(TENS)
    | set(VAGUE_UNITS)
    | set(VAGUE_WORDS)
    | {"a", "an", "half"}
)


# Where a figure itself can begin: digits, number words, vague words, "a dozen", "half a".
_CORE_RE = re.compile(
    r"(?<![\w.,])(?:\d|(?:"
    + "|".join(
        sorted(set(UNITS) | set(TENS) | set(VAGUE_UNITS) | set(VAGUE_WORDS), key=len, reverse=True)
    )
    + r"|half|an?(?=\s+(?:dozen|few|handful|number\s+of|couple|pair\s+of|score\s+of|hundred|thousand)\b))\b)",
    re.IGNORECASE,
)
_LOOKBACK_CHARS = 26  # enough for the longest qualifier ("no fewer than", "in excess of")
_LOOKAHEAD_CHARS = (48, 400)  # a short window first; a longer one if the figure runs on
_WORD_MARGIN = 16  # a figure ending this close to the window's edge may continue past it


def _scan(text: str) -> list[tuple[int, int, Quantity]]:
    """Find figures by their core words, then read qualifiers and ranges in a small window.

    Tokenising only around candidate figures keeps this proportional to the number of
    figures, not to the length of the text.
    """
    found: list[tuple[int, int, Quantity]] = []
    done = 0  # end offset of the last quantity found
    for match in _CORE_RE.finditer(text):
        core = match.start()
        if core < done:
            continue
        for ahead in _LOOKAHEAD_CHARS:
            hit = _quantity_near(text, core, done, ahead)
            if hit is None or hit[2] or core + ahead >= len(text):
                break
        if hit is not None:
            found.append((hit[0], hit[1], hit[3]))
            done = hit[1]
    return found


def _quantity_near(
    text: str, core: int, done: int, ahead: int
) -> tuple[int, int, bool, Quantity] | None:
    """The quantity whose figure starts at `core`: (start, end, complete, Quantity).

    `complete` is False when the phrase reaches the end of the window and may run on.
    """
    lo = max(done, core - _LOOKBACK_CHARS)
    toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, lo, core + ahead)]
    if lo > done and lo > 0 and toks and text[lo - 1].isalnum():
        toks = toks[1:]  # a word cut by the window
    idx = next((k for k, t in enumerate(toks) if t.start == core), None)
    if idx is None:
        return None
    if toks[idx].low == "one" and idx > 0 and toks[idx - 1].low in ("no", "any", "every", "each"):
        return None  # "no one was injured" is not a count of one
    for k in range(max(0, idx - 4), idx + 1):
        if k < idx and toks[k].low not in _QUALIFIERS:
            continue  # only a qualifier ("at least", "between") may start before the figure
        parsed = _quantity_at(toks, k, text)
        if parsed is None:
            continue
        end, quantity = parsed
        if end <= idx:
            continue
        stop = toks[end - 1].end
        complete = core + ahead >= len(text) or stop + _WORD_MARGIN <= core + ahead
        return toks[k].start, stop, complete, quantity
    return None


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number phrase in `text` with its character span, left to right, non-overlapping.

    Dates ("29 July", "10/01"), times, years after "in"/"since", decimals and measures
    ("25 km", "40%") are skipped: they are numbers but never head counts. A bare article
    ("a soldier") is not a quantity here; casualty rules read it in context.
    """
    return _scan(text)


_UNKNOWN_RE = re.compile(
    r"^(?:an?\s+)?(?:unknown|unspecified|undetermined|undisclosed)\s+numbers?\b", re.I
)
_ARTICLE_RE = re.compile(r"^(?:a|an|one)\s+[A-Za-z]", re.I)


def parse_quantity(phrase: str) -> Quantity | None:
    """Read the number phrase at the start of `phrase` ("at least 84 soldiers" -> 84..None).

    Also reads "a soldier" / "an officer" as one and "an unknown number" as a figure-less
    quantity. Returns None when the phrase does not start with a quantity.
    """
    stripped = phrase.strip()
    if not stripped:
        return None
    offset = len(phrase) - len(phrase.lstrip())
    found = _scan(stripped)
    if found and found[0][0] == 0:
        return found[0][2]
    unknown = _UNKNOWN_RE.match(stripped)
    if unknown:
        return Quantity(low=None, high=None, qualifier="unknown number", text=unknown.group())
    if _ARTICLE_RE.match(stripped):
        word = stripped.split()[0]
        return Quantity(low=1, high=1, qualifier=None, text=phrase[offset : offset + len(word)])
    return None
