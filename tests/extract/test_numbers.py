"""Number phrases: digits, words, vague quantities, qualifiers and ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract.numbers import find_quantities, parse_quantity
from bot.extract.types import Quantity

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int, *, hyphen: bool = True, use_and: bool = False) -> str:
    """English words for 0..999,999 ("eighty-four", "one hundred and five")."""

    def below_thousand(k: int) -> str:
        parts: list[str] = []
        hundreds, rest = divmod(k, 100)
        if hundreds:
            parts.append(f"{_UNITS[hundreds]} hundred")
        if rest:
            if hundreds and use_and:
                parts.append("and")
            if rest < 20:
                parts.append(_UNITS[rest])
            else:
                tens, units = divmod(rest, 10)
                if units:
                    parts.append(f"{_TENS[tens]}{'-' if hyphen else ' '}{_UNITS[units]}")
                else:
                    parts.append(_TENS[tens])
        return " ".join(parts)

    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        words.append(f"{below_thousand(thousands)} thousand")
    if rest:
        words.append(below_thousand(rest))
    return " ".join(words)


def base(q: Quantity) -> int | None:
    return q.low if q.low is not None else q.high


@pytest.mark.parametrize(
    ("phrase", "low", "high", "qualifier"),
    [
        ("84", 84, 84, None),
        ("1,200", 1200, 1200, None),
        ("eighty-four", 84, 84, None),
        ("twenty one", 21, 21, None),
        ("a dozen", 12, 12, None),
        ("half a dozen", 6, 6, None),
        ("two dozen", 24, 24, None),
        ("dozens", 12, None, "dozens"),
        ("scores", 20, None, "scores"),
        ("hundreds", 100, None, "hundreds"),
        ("tens of", 10, None, "tens"),
        ("several", 10, None, "several"),
        ("a few", 3, None, "a few"),
        ("a number of", 10, None, "a number of"),
        ("at least 84", 84, None, "at least"),
        ("more than 100", 100, None, "more than"),
        ("over 30", 30, None, "over"),
        ("about 50", 50, 50, "about"),
        ("nearly 40", 40, 40, "nearly"),
        ("some 50", 50, 50, "some"),
        ("an estimated 30", 30, 30, "an estimated"),
        ("up to 20", None, 20, "up to"),
        ("as many as 36", None, 36, "as many as"),
        ("between 10 and 15", 10, 15, "between"),
        ("10 to 15", 10, 15, None),
        ("10-15", 10, 15, None),
        ("four or five", 4, 5, None),
        ("one", 1, 1, None),
        ("a soldier", 1, 1, None),
        ("two civilians", 2, 2, None),
        ("one hundred and five", 105, 105, None),
        ("1.5 million", 1_500_000, 1_500_000, None),
        ("an unknown number of", None, None, "unknown number"),
    ],
)
def test_parse_quantity(
    phrase: str, low: int | None, high: int | None, qualifier: str | None
) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.low, q.high, q.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize("phrase", ["", "soldiers", "the attack", "about the attack", "in 2012"])
def test_parse_quantity_rejects_non_quantities(phrase: str) -> None:
    assert parse_quantity(phrase) is None


def test_find_quantities_skips_dates_times_and_measures() -> None:
    text = "On 29 July 2024 at 10:30, 25 km from town (10/01), 40% of 84 soldiers died in 2012."
    found = [(text[s:e], q.low) for s, e, q in find_quantities(text)]
    assert found == [("84", 84)]


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers of Battalion 412 and the 3rd Brigade 77 patrolled Route 9 near PK 14.",
        "A farmer aged 61 lived at Mile 8, off Highway 30.",
        "It happened on Sunday, June 8, 2014, and again on 9 June, 2015.",
        "A bounty of Rs 3 lakh, USD 500 or $ 200 was offered.",
        "Police named the man as Musa Bello, 41, a trader, and his son Ade, 17.",
    ],
)
def test_find_quantities_skips_labels_ages_years_and_money(text: str) -> None:
    assert find_quantities(text) == []


def test_a_figure_before_a_colon_is_not_a_time() -> None:
    assert [q.low for _, _, q in find_quantities("Raiders kill 6: police. At 10:30 it ended.")] == [
        6
    ]


@pytest.mark.parametrize("phrase", ["a pair of guards", "a couple of guards", "a couple"])
def test_pairs_and_couples_are_two(phrase: str) -> None:
    quantity = parse_quantity(phrase)
    assert quantity is not None and (quantity.low, quantity.high) == (2, 2)


def test_find_quantities_offsets_and_groups() -> None:
    text = "At least 84 Russian Wagner mercenaries and forty-seven Malian soldiers; dozens more."
    found = find_quantities(text)
    assert [text[s:e] for s, e, _ in found] == ["At least 84", "forty-seven", "dozens"]
    assert [q.text for _, _, q in found] == ["At least 84", "forty-seven", "dozens"]


def test_separate_figures_joined_by_and_stay_apart() -> None:
    found = find_quantities("eighty-four and forty-seven")
    assert [q.low for _, _, q in found] == [84, 47]


@given(st.integers(min_value=0, max_value=999_999))
def test_digits_round_trip(n: int) -> None:
    for written in (str(n), f"{n:,}"):
        q = parse_quantity(written)
        assert q is not None and q.low == n and q.high == n and q.qualifier is None


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans())
def test_words_round_trip(n: int, hyphen: bool, use_and: bool) -> None:
    written = in_words(n, hyphen=hyphen, use_and=use_and)
    q = parse_quantity(written)
    assert q is not None, written
    assert (q.low, q.high) == (n, n), written
    assert q.text == written


QUALIFIERS = [
    "at least",
    "more than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "up to",
    "as many as",
    "no fewer than",
    "approximately",
    "some",
    "roughly",
]


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(QUALIFIERS), st.booleans())
def test_qualifiers_never_change_the_base_figure(n: int, qualifier: str, words: bool) -> None:
    figure = in_words(n) if words else f"{n:,}"
    q = parse_quantity(f"{qualifier} {figure}")
    assert q is not None
    assert base(q) == n
    assert q.qualifier == qualifier


@given(st.integers(min_value=0, max_value=9_999), st.integers(min_value=0, max_value=9_999))
def test_ranges_are_ordered(a: int, b: int) -> None:
    low, high = sorted((a, b))
    for phrase in (f"between {low} and {high}", f"{low}-{high}", f"{low} to {high}"):
        q = parse_quantity(phrase)
        assert q is not None
        assert q.low is not None and q.high is not None and q.low <= q.high
        assert (q.low, q.high) == (low, high)


@given(st.text(alphabet="abc 0123456789,.-/:%\n", max_size=60))
def test_found_spans_quote_the_text(text: str) -> None:
    for start, end, q in find_quantities(text):
        assert text[start:end] == q.text
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
