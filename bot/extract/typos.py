"""Common misspellings of the few words casualty reports turn on: "kiled", "soliders",
"fatalties". Event notes are typed fast; a figure lost to a typo is a figure lost.

Only one slip per word is undone (a letter dropped or doubled inside the word, or two letters
swapped), only for long words, and never into a word that is itself English ("solders").
"""

from __future__ import annotations

_KEY_WORDS = [
    "killed",
    "killing",
    "wounded",
    "injured",
    "civilians",
    "soldiers",
    "fatalities",
    "casualties",
    "militants",
    "fighters",
    "attackers",
    "insurgents",
    "policemen",
    "villagers",
    "assailants",
    "executed",
]
_REAL_WORDS = frozenset({"solders", "filled", "willing", "killings"})


def _slips(word: str) -> set[str]:
    found: set[str] = set()
    for i in range(1, len(word) - 1):
        found.add(word[:i] + word[i + 1 :])  # a letter dropped
        found.add(word[:i] + word[i] + word[i:])  # a letter doubled
    for i in range(1, len(word) - 2):
        found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # two letters swapped
    return found - {word}


TYPOS: dict[str, str] = {
    slip: word
    for word in _KEY_WORDS
    for slip in _slips(word)
    if slip not in _REAL_WORDS and slip not in _KEY_WORDS
}


def correct(word: str) -> str:
    """The word meant, for a lower-cased word with one of the slips above; else the word."""
    return TYPOS.get(word, word)
