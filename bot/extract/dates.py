"""Date expressions in news text, resolved against the publication date.

Rules (the README repeats them for analysts):
- A month without a year is the most recent such month not after the reference date
  ("July" read on 2024-08-01 is July 2024; "December" read on 2024-01-05 is December 2023).
  A day-and-month without a year takes its year the same way.
- early = days 1-10, mid = 11-20, late = 21 to the month's end (precision part_of_month).
- A bare weekday ("on Thursday", "Monday night") is the most recent such day on or before the
  reference; when the reference is that weekday it is the reference itself, because news reports
  "on Thursday" for events of the publication day. "last Thursday" is strictly before.
- "last week" is the previous Monday-Sunday week; "this week"/"earlier this week" run from this
  week's Monday to the reference. Months and years work the same way.
- "two years ago" has year precision (the calendar year two years back); "N days ago" day
  precision, "N weeks ago" the Monday-Sunday week, "N months ago" the calendar month.
- A bare year needs a cue ("in 2012", "since 2012", "2020 and 2021") so that "2000 people" is not
  a year; a bare month needs one too for "May" and "March", which are also ordinary words.
- A numeric date ("03/01", "03/01/2016", "3.1.2016") is day/month or month/day: of the readings
  that are real dates, the latest one not after the reference wins ("03/01" read on 2016-01-05 is
  3 January 2016, not 1 March 2015); when both lie after it, day/month (the order used outside
  the United States). Without a year it needs a cue ("on 03/01", "the evening of 03/01"), so that
  "3/4 of the town" and "24/7" are not dates; "." separates only full dates ("12.03.2016").
- With no date for the event at all, an article still says *by when* it happened: the date it
  was reported or claimed. reported_window() turns that into the few days up to it, with the
  precision "reported" so nobody reads it as the day of the event.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Final

from dateutil.relativedelta import relativedelta

from bot.clock import system_clock
from bot.errors import UsageError
from bot.extract.types import DateRange

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_ANY_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYPART = r"(?i:\s+(?:night|morning|afternoon|evening))"
_NUMBER = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NUMBER_CI = rf"(?i:{_NUMBER})"
# "a force of 2000 soldiers": a count, not a year.
_COUNTED = (
    r"(?:people|persons|civilians|soldiers|troops|fighters|militants|rebels|men|women|children"
    r"|residents|refugees|families|households|homes|houses|vehicles|km|kilomet\w+|miles|dollars)\b"
)

# Alternatives are tried in order at each position: longer forms come first.
_PATTERN = rf"""
  (?P<iso>\b(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})\b)
| (?P<numeric>(?<![\d/.])(?P<num_a>[0-3]?\d)(?:/(?P<num_b>[0-3]?\d)(?:/(?P<num_y>{_YEAR}))?
     |\.(?P<num_b2>[0-3]?\d)\.(?P<num_y2>{_YEAR}))(?![\d/]|\.\d))
| (?P<mdy>\b(?:{_WEEKDAY},?\s+)?(?P<mdy_m>{_ANY_MONTH})(?:\s+|(?<=\.))(?P<mdy_d>{_DAY})(?:\s*[-–]\s*(?P<mdy_d2>{_DAY}))?
     (?:,?\s+(?P<mdy_y>{_YEAR}))?\b(?![-–]?\d))
| (?P<dmy>\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<dmy_d>{_DAY})(?:\s*[-–]\s*(?P<dmy_d2>{_DAY}))?\s+(?:of\s+)?
     (?P<dmy_m>{_ANY_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR}))?\b)
| (?P<part>\b(?P<part_w>(?i:early|late|mid|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of
     |the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of))[\s-]+(?P<part_m>{_FULL_MONTH}|{_ABBR_MONTH}(?=\s+{_YEAR}))
     (?:,?\s+(?P<part_y>{_YEAR}))?\b)
| (?P<rel_part>\b(?P<rel_part_w>(?i:early|late|mid|the\s+end\s+of|end\s+of))[\s-]+(?P<rel_part_which>(?i:last|this))\s+(?i:month)\b)
| (?P<my>\b(?P<my_m>{_ANY_MONTH}),?\s+(?P<my_y>{_YEAR})\b)
| (?P<month>\b(?P<month_m>{_FULL_MONTH})\b(?!\s+\d))
| (?P<weekday>\b(?P<weekday_which>(?i:last|this|past)\s+)?(?P<weekday_d>{_WEEKDAY})(?:{_DAYPART})?\b)
| (?P<ago>\b(?P<ago_n>{_NUMBER_CI})\s+(?P<ago_u>(?i:day|week|month|year))s?\s+(?i:ago)\b)
| (?P<period>\b(?P<period_which>(?i:last|this|past|earlier\s+this|the\s+past|the\s+previous|previous))\s+(?P<period_u>(?i:week|month|year|weekend))\b)
| (?P<weekend>\b(?i:over\s+the\s+weekend|at\s+the\s+weekend|on\s+the\s+weekend)\b)
| (?P<recent>\b(?i:in\s+recent\s+days|(?:over\s+|in\s+)?the\s+past\s+(?:few|several)\s+days)\b)
| (?P<past_day>\b(?i:(?:over|in|during|within)\s+the\s+(?:past|last|previous|preceding)\s+(?:day|24\s+hours))\b)
| (?P<day_word>\b(?P<day_word_w>(?i:yesterday|today|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening))\b)
| (?P<year>\b(?P<year_y>{_YEAR})\b(?![-–/.,]?\d)(?!\s+{_COUNTED}))
"""
_PROSE = re.compile(_PATTERN, re.VERBOSE)
# How many days before its report an undated event is assumed to lie (the store's matching
# assumes the same for undated articles, bot/store/events.py UNDATED_LOOKBACK).
REPORTED_LOOKBACK_DAYS: Final = 3
# User input ("1 aug 2024") is matched case-insensitively; prose keeps capitalised month and
# weekday names so that "may" and "march" the verbs are never dates.
_USER = re.compile(_PATTERN, re.VERBOSE | re.IGNORECASE)

# A bare year or an ambiguous bare month needs one of these words right before it.
_CUE_BEFORE = re.compile(
    r"(?i:\b(?:in|since|of|during|until|till|by|from|between|and|or|to|through|before|after"
    r"|early|late|mid|year|summer|winter|spring|autumn|fall|last|this|until|throughout)\s+)$"
)
_AMBIGUOUS_MONTHS = frozenset({"May", "March"})
# A numeric day/month without a year ("on 03/01") needs one of these: "3/4 of the town" is not.
_NUMERIC_CUE_BEFORE = re.compile(
    r"(?i:\b(?:on|of|since|from|until|till|by|between|and|to|before|after|night|morning"
    r"|afternoon|evening)\s+)$"
)

# Words a date expression can start with: names as written (prose capitalises them), relative
# words in any case, and a few very common words only when a date phrase follows them.
_WORD = re.compile(r"\w+")
_NAMED_STARTS = frozenset([m.capitalize() for m in _MONTHS] + [d.capitalize() for d in _WEEKDAYS])
_RELATIVE_STARTS = frozenset(
    [
        "early",
        "late",
        "mid",
        "end",
        "beginning",
        "start",
        "middle",
        "last",
        "this",
        "past",
        "earlier",
        "previous",
        "yesterday",
        "today",
        "tonight",
    ]
) | frozenset(w for w in _NUMBER_WORDS if len(w) > 2)
# Every form a start word takes in prose: "late" and "Late", but "July" only capitalised.
_STARTS = _NAMED_STARTS | _RELATIVE_STARTS | {w.capitalize() for w in _RELATIVE_STARTS}
_COMMON_STARTS = frozenset(
    w
    for base in ("the", "a", "an", "in", "on", "at", "over", "during", "within")
    for w in (base, base.title())
)
_COMMON_PHRASE_PATTERN = (
    r"(?i:the\s+(?:end|beginning|start|middle|past|previous|\d)"
    r"|an?\s+(?:day|week|month|year)s?\s+ago"
    r"|(?:in|over|on|at|during|within)\s+(?:recent|the\s+(?:past|last|previous|preceding|weekend)))"
)
_COMMON_PHRASE = re.compile(_COMMON_PHRASE_PATTERN)
_LOWER_STARTS = sorted((w for w in _STARTS if w[0].islower()), key=len, reverse=True)
_PROSE_START = re.compile(
    rf"(?<![^\W_])(?:[0-9A-Z]\w*|(?:{'|'.join([*_LOWER_STARTS, *_COMMON_STARTS])})\b)"
)


def find_date_expressions(text: str, reference: date) -> list[tuple[int, int, DateRange]]:
    """Every date expression in text, resolved against reference, as (start, end, range)."""
    return _find(_PROSE, text, reference)


def resolve_date_expression(expression: str, reference: date) -> DateRange | None:
    """The date one expression denotes ("late July", "on Thursday"), or None."""
    found = _find(_USER, expression, reference, user_input=True)
    if not found:
        return None
    return max(found, key=lambda hit: hit[1] - hit[0])[2]


def parse_user_date(value: str, *, today: date | None = None) -> date:
    """A date typed on the command line; a period ("July 2024", "last week") gives its first day."""
    reference = today or system_clock().date()
    cleaned = value.strip()
    if cleaned:
        found = _find(_USER, cleaned, reference, user_input=True)
        if found and found[0][0] == 0 and found[0][1] == len(cleaned.rstrip(".")):
            return found[0][2].start
    raise UsageError(
        f"cannot read {value!r} as a date: use YYYY-MM-DD, '1 Aug 2024', 'August 1, 2024', "
        "'yesterday', 'today' or '3 days ago'"
    )


def _find(
    pattern: re.Pattern[str], text: str, reference: date, *, user_input: bool = False
) -> list[tuple[int, int, DateRange]]:
    """Try the big pattern only where a date can start: scanning it across every position of a
    long article costs milliseconds, trying it at a few dozen words costs microseconds."""
    found: list[tuple[int, int, DateRange]] = []
    resume = 0
    for start in _typed_starts(text) if user_input else _prose_starts(text):
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match is None or match.lastgroup is None:
            continue
        kind = match.lastgroup
        needs_cue = kind in ("year", "month", "numeric")
        if not user_input and needs_cue and not _has_cue(text, match, kind):
            continue
        resolved = _RESOLVERS[kind](match, reference)
        if resolved is not None:
            found.append((start, match.end(), _with_text(resolved, match.group())))
            resume = match.end()
    return found


def _prose_starts(text: str) -> Iterator[int]:
    """Offsets where a date may start in prose: one C-level scan picks capitalised words,
    numbers, relative words and "the"/"in"... followed by a date phrase."""
    for candidate in _PROSE_START.finditer(text):
        token = candidate.group()
        start = candidate.start()
        common = token in _COMMON_STARTS and _COMMON_PHRASE.match(text, start) is not None
        if common or token in _STARTS or token[0].isdigit():
            yield start


def _typed_starts(text: str) -> Iterator[int]:
    """Typed input is any case: "aug 1", "YESTERDAY"."""
    for word in _WORD.finditer(text):
        token = word.group()
        lowered = token.lower()
        named = token[0].isdigit() or token.capitalize() in _STARTS or lowered in _STARTS
        if named or (lowered in _COMMON_STARTS and _COMMON_PHRASE.match(text, word.start())):
            yield word.start()


def _has_cue(text: str, match: re.Match[str], kind: str) -> bool:
    if kind == "month" and match.group("month_m") not in _AMBIGUOUS_MONTHS:
        return True
    if kind == "numeric" and (match["num_y"] or match["num_y2"]):
        return True
    before = text[max(0, match.start() - 20) : match.start()]
    cue = _NUMERIC_CUE_BEFORE if kind == "numeric" else _CUE_BEFORE
    return cue.search(before) is not None


def _with_text(found: DateRange, text: str) -> DateRange:
    return DateRange(found.start, found.end, found.precision, " ".join(text.split()))


# --- resolvers: one per alternative -----------------------------------------------------------


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _year_for(month: int, reference: date) -> int:
    """The most recent such month not after the reference."""
    return reference.year if month <= reference.month else reference.year - 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _days(year: int, month: int, first: int, last: int | None) -> DateRange | None:
    last = last or first
    if last < first or last > calendar.monthrange(year, month)[1]:
        return None
    return DateRange(date(year, month, first), date(year, month, last), "day")


def _iso(match: re.Match[str], reference: date) -> DateRange | None:
    try:
        day = date(int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"]))
    except ValueError:
        return None
    return DateRange(day, day, "day")


def _mdy(match: re.Match[str], reference: date) -> DateRange | None:
    month = _month_number(match["mdy_m"])
    year = int(match["mdy_y"]) if match["mdy_y"] else _year_for(month, reference)
    last = _day_number(match["mdy_d2"]) if match["mdy_d2"] else None
    return _days(year, month, _day_number(match["mdy_d"]), last)


def _dmy(match: re.Match[str], reference: date) -> DateRange | None:
    month = _month_number(match["dmy_m"])
    year = int(match["dmy_y"]) if match["dmy_y"] else _year_for(month, reference)
    last = _day_number(match["dmy_d2"]) if match["dmy_d2"] else None
    return _days(year, month, _day_number(match["dmy_d"]), last)


def _numeric(match: re.Match[str], reference: date) -> DateRange | None:
    """Day/month or month/day: the latest real reading not after the reference."""
    first = int(match["num_a"])
    second = int(match["num_b"] or match["num_b2"])
    written_year = match["num_y"] or match["num_y2"]
    readings: list[date] = []
    for day, month in ((first, second), (second, first)):  # day/month first: it wins ties
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
            continue
        year = int(written_year) if written_year else _year_for(month, reference)
        if month == 2 and day == 29 and not calendar.isleap(year):
            continue
        readings.append(date(year, month, day))
    if not readings:
        return None
    past = [d for d in readings if d <= reference]
    chosen = max(past) if past else readings[0]
    return DateRange(chosen, chosen, "day")


def reported_window(anchor: date) -> DateRange:
    """An event the text gives no date for happened by `anchor` (the day it was reported or
    claimed), most likely in the days just before: a window marked "reported", never "day"."""
    start = anchor - timedelta(days=REPORTED_LOOKBACK_DAYS)
    return DateRange(start, anchor, "reported", "")


def _part_of(year: int, month: int, part: str) -> DateRange:
    """early = 1-10, mid = 11-20, late = 21-end (the ACLED-style thirds of a month)."""
    words = part.lower().split()
    if "early" in words or "beginning" in words or "start" in words:
        first, last = 1, 10
    elif "mid" in words or "middle" in words:
        first, last = 11, 20
    else:  # late, end of
        first, last = 21, calendar.monthrange(year, month)[1]
    return DateRange(date(year, month, first), date(year, month, last), "part_of_month")


def _part(match: re.Match[str], reference: date) -> DateRange:
    month = _month_number(match["part_m"])
    year = int(match["part_y"]) if match["part_y"] else _year_for(month, reference)
    return _part_of(year, month, match["part_w"])


def _rel_part(match: re.Match[str], reference: date) -> DateRange:
    anchor = reference
    if match["rel_part_which"].lower() == "last":
        anchor = reference.replace(day=1) - relativedelta(months=1)
    return _part_of(anchor.year, anchor.month, match["rel_part_w"])


def _month_year(match: re.Match[str], reference: date) -> DateRange:
    month, year = _month_number(match["my_m"]), int(match["my_y"])
    return DateRange(date(year, month, 1), _month_end(year, month), "month")


def _month(match: re.Match[str], reference: date) -> DateRange:
    month = _month_number(match["month_m"])
    year = _year_for(month, reference)
    return DateRange(date(year, month, 1), _month_end(year, month), "month")


def _weekday(match: re.Match[str], reference: date) -> DateRange:
    target = _WEEKDAYS[match["weekday_d"].lower()]
    back = (reference.weekday() - target) % 7
    which = (match["weekday_which"] or "").strip().lower()
    if which in ("last", "past") and back == 0:
        back = 7
    day = reference - timedelta(days=back)
    return DateRange(day, day, "day")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _ago(match: re.Match[str], reference: date) -> DateRange:
    raw = match["ago_n"].lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = match["ago_u"].lower()
    if unit == "day":
        day = reference - timedelta(days=count)
        return DateRange(day, day, "day")
    if unit == "week":
        monday = _monday(reference - timedelta(weeks=count))
        return DateRange(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        then = reference - relativedelta(months=count)
        return DateRange(then.replace(day=1), _month_end(then.year, then.month), "month")
    year = reference.year - count
    return DateRange(date(year, 1, 1), date(year, 12, 31), "year")


def _period(match: re.Match[str], reference: date) -> DateRange:
    unit = match["period_u"].lower()
    which = match["period_which"].split()[-1].lower()
    if unit == "weekend":
        return _last_weekend(reference)
    if which == "past":  # "the past week": a rolling window ending today
        span = {"week": relativedelta(days=7), "month": relativedelta(months=1)}
        return DateRange(reference - span.get(unit, relativedelta(years=1)), reference, unit)
    previous = which in ("last", "previous")
    if unit == "week":
        monday = _monday(reference)
        if previous:
            return DateRange(monday - timedelta(days=7), monday - timedelta(days=1), "week")
        return DateRange(monday, reference, "week")
    if unit == "month":
        if previous:
            then = reference.replace(day=1) - relativedelta(months=1)
            return DateRange(then, _month_end(then.year, then.month), "month")
        return DateRange(reference.replace(day=1), reference, "month")
    if previous:
        year = reference.year - 1
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    return DateRange(date(reference.year, 1, 1), reference, "year")


def _last_weekend(reference: date) -> DateRange:
    saturday = reference - timedelta(days=(reference.weekday() - 5) % 7)
    return DateRange(saturday, min(saturday + timedelta(days=1), reference), "week")


def _weekend(match: re.Match[str], reference: date) -> DateRange:
    return _last_weekend(reference)


def _recent(match: re.Match[str], reference: date) -> DateRange:
    return DateRange(reference - timedelta(days=7), reference, "week")


def _past_day(match: re.Match[str], reference: date) -> DateRange:
    return DateRange(reference - timedelta(days=1), reference, "day")


def _day_word(match: re.Match[str], reference: date) -> DateRange:
    word = " ".join(match["day_word_w"].lower().split())
    day = reference - timedelta(days=1) if word in ("yesterday", "last night") else reference
    return DateRange(day, day, "day")


def _year(match: re.Match[str], reference: date) -> DateRange:
    year = int(match["year_y"])
    return DateRange(date(year, 1, 1), date(year, 12, 31), "year")


_RESOLVERS: dict[str, Callable[[re.Match[str], date], DateRange | None]] = {
    "iso": _iso,
    "numeric": _numeric,
    "mdy": _mdy,
    "dmy": _dmy,
    "part": _part,
    "rel_part": _rel_part,
    "my": _month_year,
    "month": _month,
    "weekday": _weekday,
    "ago": _ago,
    "period": _period,
    "weekend": _weekend,
    "recent": _recent,
    "past_day": _past_day,
    "day_word": _day_word,
    "year": _year,
}
