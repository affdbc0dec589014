"""Sentence boundaries as offsets: abbreviations, acronyms, lines and asides."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.extract.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_abbreviations_and_acronyms() -> None:
    text = (
        "The U.S. Army said 5 died. Gen. Smith agreed with Lt. Col. Diarra. "
        "Backed by the U.S. The army left. He lives at No. 5 Main St. in Gao. On Jan. 4 it rained."
    )
    assert sentences(text) == [
        "The U.S. Army said 5 died.",
        "Gen. Smith agreed with Lt. Col. Diarra.",
        "Backed by the U.S.",
        "The army left.",
        "He lives at No. 5 Main St. in Gao.",
        "On Jan. 4 it rained.",
    ]


def test_lines_quotes_and_asides() -> None:
    text = 'Headline Without A Stop\n"We won," he said. U.N. forces left!\n\n(With inputs from agencies.)'
    assert sentences(text) == [
        "Headline Without A Stop",
        '"We won," he said.',
        "U.N. forces left!",
        "(With inputs from agencies.)",
    ]


def test_decimals_initials_and_ranges_do_not_split() -> None:
    text = "John F. Kennedy was there on Apr.26-27 with 1.5 million people. Next."
    assert sentences(text) == [
        "John F. Kennedy was there on Apr.26-27 with 1.5 million people.",
        "Next.",
    ]


@given(st.text(alphabet='ab .!?\n"()ABC', max_size=80))
def test_offsets_are_ordered_trimmed_and_cover_all_words(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(text.split()) == "".join(covered.split())
