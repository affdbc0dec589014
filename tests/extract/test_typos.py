"""Misspellings of the words casualty reports turn on are read as meant."""

from __future__ import annotations

import pytest

from bot.extract.actors import load_actor_catalog
from bot.extract.claims import extract_claims
from bot.extract.typos import TYPOS, correct


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kiled", "killed"),
        ("killling", "killing"),
        ("fatalties", "fatalities"),
        ("soliders", "soldiers"),
    ],
)
def test_one_slip_is_undone(typed: str, meant: str) -> None:
    assert correct(typed) == meant


def test_real_words_are_left_alone() -> None:
    for word in ("solders", "filled", "killed", "did", "injure"):
        assert correct(word) == word
    assert all(len(slip) >= 5 for slip in TYPOS)


def test_a_typo_does_not_lose_the_figure() -> None:
    claims = extract_claims(
        "Gunmen fired on the market, killling 4 traders.", catalog=load_actor_catalog()
    )
    assert [(c.outcome, c.low) for c in claims] == [("killed", 4)]
