"""Sentence boundaries for news text, as character offsets so claims can quote their source.

A claim must carry the exact sentence it came from, so splitting works on offsets into the
original text and never rewrites it. Rules, in order:

* a line break ends a sentence (headlines, datelines and paragraphs stand alone);
* ".", "!" or "?" (with any closing quotes/brackets after them) ends a sentence when the next
  character starts a new one (upper-case letter, digit, opening quote or bracket);
* except after abbreviations that are not sentence ends: titles ("Gen.", "Lt. Col."), "No. 5",
  month abbreviations before a day ("Jan. 4"), single initials, and dotted acronyms ("U.S.",
  "U.N.") unless a typical sentence opener ("The", "It", "In"...) follows.
"""

from __future__ import annotations

import re

from bot.extract.numbers import MONTH_ABBREVIATIONS

# Abbreviations that (almost) never end a sentence: titles and "No.", "St.", "vs.".
_NEVER_FINAL = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "cpl",
    "pvt",
    "pte",
    "spc",
    "lcpl",
    "adm",
    "brig",
    "cmdr",
    "cdr",
    "gov",
    "sen",
    "rep",
    "pres",
    "rev",
    "hon",
    "st",
    "mt",
    "ft",
    "no",
    "nos",
    "vs",
    "v",
    "approx",
    "e.g",
    "i.e",
    "cf",
    "fig",
    "art",
    "para",
    "sr",
    "jr",
    "messrs",
}
# After a dotted acronym ("U.S."), these words show that a new sentence has begun.
_OPENERS = {
    "the",
    "a",
    "an",
    "it",
    "its",
    "they",
    "he",
    "she",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "this",
    "that",
    "these",
    "those",
    "there",
    "however",
    "meanwhile",
    "after",
    "according",
    "since",
    "when",
    "while",
}

# A candidate end: terminal punctuation, any closing quotes/brackets, then whitespace.
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_ACRONYM_RE = re.compile(r"(?:[A-Za-z]\.){2,}$")


_NEXT_WORD_RE = re.compile(r"\s*([\"'“‘(\[]?)(\S*)")


def _next_word(text: str, pos: int) -> str:
    match = _NEXT_WORD_RE.match(text, pos)
    return match.group(2) if match else ""


def _is_boundary(text: str, dot_end: int, match_text: str) -> bool:
    """Whether the punctuation ending at `dot_end` really ends the sentence."""
    if match_text == "\n":
        return True
    rest = text[dot_end:]
    stripped = rest.lstrip()
    if not stripped:
        return True
    if "\n" in rest[: len(rest) - len(stripped)]:
        return True
    first = stripped[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘([‹«"):
        return False
    if not match_text.startswith(".") or match_text.startswith(".."):
        return True
    # The word before a single full stop decides.
    cut = dot_end - len(match_text) + 1
    head = text[max(0, cut - 40) : cut]
    word_match = _WORD_BEFORE_RE.search(head)
    if word_match is None:
        return True
    word = word_match.group(1)
    low = word.lower()
    nxt = _next_word(text, dot_end)
    if low in _NEVER_FINAL:
        return False
    if low in MONTH_ABBREVIATIONS and nxt[:1].isdigit():
        return False
    if low in ("c", "ca", "approx") and nxt[:1].isdigit():
        return False  # "killed c. 30 fighters": circa
    if len(word) == 1 and word.isupper():
        return False  # an initial: "John F. Kennedy"
    if _ACRONYM_RE.search(word + "."):
        return nxt.lower().strip("\"'“‘(") in _OPENERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END_RE.finditer(text):
        end = match.end()
        if not _is_boundary(text, end, match.group()):
            continue
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
