"""Reading an analyst's question: who, where, when, which outcome, and what kind of answer.

Actors and places come from the same catalog and gazetteer extraction uses, so "Wagner",
"Russian mercenaries", "Tinzaouaten" and "Mali" mean the same here as in articles. Dates are
relative to `now` ("last week", "in July", "since Monday"). Whatever is left becomes full-text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.extract.types import ActorMention, PlaceMention
from bot.views import AnswerKind, QueryFilters

TimeResolver = Callable[[re.Match[str], date, str], "tuple[date, date] | None"]


class ActorFinder(Protocol):
    def find_mentions(self, text: str) -> Sequence[ActorMention]: ...


class PlaceFinder(Protocol):
    def find_mentions(self, text: str) -> Sequence[PlaceMention]: ...


@dataclass
class ParsedQuestion:
    question: str
    kind: AnswerKind
    filters: QueryFilters
    # Which kind words the question used itself (a follow-up without them keeps the old kind).
    explicit_kind: bool = False
    # The country each named place lies in: a broader question drops the place for its country.
    place_countries: dict[str, str] = field(default_factory=dict)


OUTCOME_WORDS: dict[str, str | None] = {
    # None: any outcome ("losses" covers killed, wounded and captured alike).
    "losses": None,
    "loss": None,
    "casualties": None,
    "casualty": None,
    "toll": None,
    "killed": "killed",
    "kill": "killed",
    "kills": "killed",
    "killing": "killed",
    "killings": "killed",
    "deaths": "killed",
    "death": "killed",
    "dead": "killed",
    "died": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "injuries": "wounded",
    "hurt": "wounded",
    "captured": "captured",
    "capture": "captured",
    "captures": "captured",
    "prisoners": "captured",
    "prisoner": "captured",
    "abducted": "abducted",
    "abduction": "abducted",
    "abductions": "abducted",
    "kidnapped": "abducted",
    "kidnapping": "abducted",
    "kidnappings": "abducted",
    "hostages": "abducted",
    "missing": "missing",
}
_OUTCOME_RE = re.compile(r"\b(" + "|".join(sorted(OUTCOME_WORDS, key=len, reverse=True)) + r")\b")

_KIND_PATTERNS: list[tuple[AnswerKind, re.Pattern[str]]] = [
    ("sources", re.compile(r"\b(?:sources?|who reported|links?|references?)\b")),
    ("totals", re.compile(r"\b(?:how many|how much|totals?|number of|sum of)\b")),
    ("claims", re.compile(r"\b(?:who (?:claims?|claimed|says?|said)|claims?|claimed|versions?)\b")),
    ("place", re.compile(r"\b(?:what happened|what(?:'s| is) happening|what went on)\b")),
]

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_ISO = r"\d{4}-\d{2}-\d{2}"
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}

# Words that carry no search meaning in a question (kept as text: a word list reads better).
_STOPWORD_TEXT = """
    a about after again all along also am among an and any anything are around as at be been
    before being between both but by can could did do does doing during each else ever for from
    get give go going had has have having here how i if in into is it its just know latest let
    list me more most much my near new news of on only or other our out over please quick recent
    recently report reported reports s same say says said show since so some such tell than that
    the their them then there these they this those through to today up update updates us very
    was we were what whats when where which while who whom why will with within would you your
    happened happen happening happens event events incident incidents situation there's what's
    it's newest last past current currently people persons person individuals anyone someone
    total overall
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def parse_question(
    question: str, *, now: datetime, actors: ActorFinder, places: PlaceFinder
) -> ParsedQuestion:
    """What the question asks for; nothing here touches the database."""
    text = " ".join(question.split())
    lowered = text.lower()
    consumed: list[tuple[int, int]] = []

    kind: AnswerKind = "latest"
    explicit_kind = False
    for candidate, pattern in _KIND_PATTERNS:
        match = pattern.search(lowered)
        if match:
            kind, explicit_kind = candidate, True
            break

    date_from, date_to, time_spans = parse_time_window(text, today=now.date())
    consumed += time_spans

    outcome_matches = list(_OUTCOME_RE.finditer(lowered))
    outcomes = list(
        dict.fromkeys(o for m in outcome_matches if (o := OUTCOME_WORDS[m.group(1)]) is not None)
    )
    consumed += [m.span() for m in outcome_matches]

    actor_mentions = [
        m for m in actors.find_mentions(text) if not _inside(m.start, m.end, consumed)
    ]
    place_mentions = [
        m for m in places.find_mentions(text) if not _inside(m.start, m.end, consumed)
    ]
    # "Malian soldiers" is an actor even if the gazetteer also sees "Mali" in it; but a bare
    # place name is a place even when an actor alias happens to spell it the same way.
    place_spans = {(m.start, m.end) for m in place_mentions}
    actor_mentions = [m for m in actor_mentions if (m.start, m.end) not in place_spans]
    place_mentions = [m for m in place_mentions if not any(_overlaps(m, a) for a in actor_mentions)]

    victims: list[str] = []
    actor_names: list[str] = []
    for mention in actor_mentions:
        before = lowered[max(0, mention.start - 16) : mention.start]
        if outcome_matches and not re.search(r"\b(?:by|from)\s+(?:the\s+)?$", before):
            victims.append(mention.actor.name)
        else:
            actor_names.append(mention.actor.name)
        consumed.append((mention.start, mention.end))

    countries: list[str] = []
    place_names: list[str] = []
    place_countries: dict[str, str] = {}
    for place_mention in place_mentions:
        info = place_mention.place
        if info.kind == "country":
            countries.append(info.country_code)
        else:
            place_names.append(info.name)
            place_countries[info.name] = info.country_code
        consumed.append((place_mention.start, place_mention.end))

    if (
        kind == "latest"
        and place_names
        and not (victims or actor_names)
        and not _says_latest(lowered)
    ):
        kind = "place"

    filters = QueryFilters(
        actors=list(dict.fromkeys(actor_names)),
        victims=list(dict.fromkeys(victims)),
        countries=list(dict.fromkeys(countries)),
        places=list(dict.fromkeys(place_names)),
        outcomes=outcomes,
        date_from=date_from,
        date_to=date_to,
        text=_leftover_text(text, consumed),
        kind=kind,
    )
    return ParsedQuestion(
        question=question,
        kind=kind,
        filters=filters,
        explicit_kind=explicit_kind,
        place_countries=place_countries,
    )


def parse_time_window(
    text: str, *, today: date
) -> tuple[date | None, date | None, list[tuple[int, int]]]:
    """(from, to, spans used) for the time words of a question; (None, None, []) if there are none."""
    lowered = text.lower()
    for pattern, resolve in _TIME_RULES:
        for match in pattern.finditer(lowered):
            window = resolve(match, today, text)
            if window is not None:
                return window[0], window[1], [match.span()]
    return None, None, []


def _says_latest(lowered: str) -> bool:
    return bool(re.search(r"\b(?:latest|newest|new|recent|recently|last)\b", lowered))


def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(a: PlaceMention, b: ActorMention) -> bool:
    return a.start < b.end and b.start < a.end


def _leftover_text(text: str, consumed: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in consumed:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    words = [
        w
        for w in _WORD_RE.findall("".join(chars).lower().replace("’", "'"))
        if w not in STOPWORDS and w.split("'")[0] not in STOPWORDS and w not in OUTCOME_WORDS
    ]
    kind_words = {"how", "many", "much", "total", "totals", "number", "sum", "claims", "claim"}
    kind_words |= {"claimed", "sources", "source", "links", "link", "who", "versions", "version"}
    return " ".join(w for w in words if w not in kind_words)


# --- time rules: each returns (from, to) or None when the match is not really a date ---


def _month_window(month: int, year: int | None, today: date) -> tuple[date, date]:
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_range(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    try:
        start, end = date.fromisoformat(m.group("a")), date.fromisoformat(m.group("b"))
    except ValueError:
        return None
    return (start, end) if start <= end else (end, start)


def _since_iso(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    try:
        return date.fromisoformat(m.group("a")), today
    except ValueError:
        return None


def _since_weekday(m: re.Match[str], today: date, _text: str) -> tuple[date, date]:
    back = (today.weekday() - _WEEKDAYS[m.group("weekday")]) % 7
    return today - timedelta(days=back), today


def _since_day_month(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    month = _MONTHS[m.group("month")]
    year = int(m.group("year")) if m.group("year") else None
    day = int(m.group("day"))
    if year is None:
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    start = _safe_date(year, month, day)
    return (start, today) if start else None


def _since_month(m: re.Match[str], today: date, text: str) -> tuple[date, date] | None:
    if not _is_month(m, text):
        return None
    start, _end = _month_window(
        _MONTHS[m.group("month")], int(m.group("year")) if m.group("year") else None, today
    )
    return start, today


def _since_year(m: re.Match[str], today: date, _text: str) -> tuple[date, date]:
    return date(int(m.group("year")), 1, 1), today


def _on_iso(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    try:
        day = date.fromisoformat(m.group("a"))
    except ValueError:
        return None
    return day, day


def _on_day(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    month = _MONTHS[m.group("month")]
    day = int(m.group("day"))
    year = int(m.group("year")) if m.group("year") else None
    if year is None:
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    found = _safe_date(year, month, day)
    return (found, found) if found else None


def _part_of_month(m: re.Match[str], today: date, text: str) -> tuple[date, date] | None:
    if not _is_month(m, text):
        return None
    start, end = _month_window(
        _MONTHS[m.group("month")], int(m.group("year")) if m.group("year") else None, today
    )
    part = m.group("part")
    if part == "early":
        return start, start.replace(day=10)
    if part == "mid":
        return start.replace(day=11), start.replace(day=20)
    return start.replace(day=21), end


def _in_month(m: re.Match[str], today: date, text: str) -> tuple[date, date] | None:
    if not _is_month(m, text):
        return None
    return _month_window(
        _MONTHS[m.group("month")], int(m.group("year")) if m.group("year") else None, today
    )


def _in_year(m: re.Match[str], today: date, _text: str) -> tuple[date, date]:
    year = int(m.group("year"))
    return date(year, 1, 1), date(year, 12, 31)


def _relative(m: re.Match[str], today: date, _text: str) -> tuple[date, date] | None:
    phrase = m.group(0).strip()
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    if phrase == "today":
        return today, today
    if phrase == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if phrase == "this week":
        return monday, today
    if phrase == "last week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if phrase == "this month":
        return first, today
    if phrase == "last month":
        end = first - timedelta(days=1)
        return end.replace(day=1), end
    if phrase == "this year":
        return today.replace(month=1, day=1), today
    if phrase == "last year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


def _last_n(m: re.Match[str], today: date, _text: str) -> tuple[date, date]:
    count = int(m.group("n")) if m.group("n") else 1
    days = count * _UNITS[m.group("unit")] if m.group("unit") in _UNITS else count // 24 or 1
    return today - timedelta(days=days), today


def _is_month(m: re.Match[str], text: str) -> bool:
    """ "may" is a month only when written "May" or followed by a year."""
    if m.group("month") != "may":
        return True
    start = m.start("month")
    return text[start : start + 3] == "May" or bool(m.group("year"))


_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_TIME_RULES: list[tuple[re.Pattern[str], TimeResolver]] = [
    (
        re.compile(rf"\b(?:from|between) (?P<a>{_ISO}) (?:to|until|and|-) (?P<b>{_ISO})\b"),
        _iso_range,
    ),
    (re.compile(rf"\bsince (?P<a>{_ISO})\b"), _since_iso),
    (re.compile(rf"\bsince (?:last )?{_WEEKDAY}\b"), _since_weekday),
    (re.compile(rf"\bsince {_DAY} {_MONTH}(?:,? {_YEAR})?\b"), _since_day_month),
    (re.compile(rf"\bsince {_MONTH} {_DAY}(?:,? {_YEAR})?\b"), _since_day_month),
    (re.compile(rf"\bsince {_MONTH}(?: {_YEAR})?\b"), _since_month),
    (re.compile(rf"\bsince {_YEAR}\b"), _since_year),
    (re.compile(rf"\b(?:on )?(?P<a>{_ISO})\b"), _on_iso),
    (re.compile(rf"\b(?:on )?(?:the )?{_DAY} (?:of )?{_MONTH}(?:,? {_YEAR})?\b"), _on_day),
    (re.compile(rf"\b(?:on )?{_MONTH} {_DAY}(?:,? {_YEAR})?\b"), _on_day),
    (
        re.compile(rf"\b(?:in |during )?(?P<part>early|mid|late)[- ]{_MONTH}(?: {_YEAR})?\b"),
        _part_of_month,
    ),
    (re.compile(rf"\b(?:in |during )?{_MONTH}(?: {_YEAR})?\b"), _in_month),
    (re.compile(rf"\b(?:in |during )?{_YEAR}\b"), _in_year),
    (
        re.compile(
            r"\b(?:today|yesterday|this week|last week|this month|last month|this year|last year)\b"
        ),
        _relative,
    ),
    (
        re.compile(
            r"\b(?:in )?(?:the )?(?:last|past) (?:(?P<n>\d+) )?(?P<unit>days?|weeks?|months?|hours?)\b"
        ),
        _last_n,
    ),
]
