"""Shallow syntax over one sentence's tokens: clauses, names, adverbs and brackets.

The casualty and attribution rules need only a few facts about sentence structure ("where
does this clause start?", "is this a person's name?"); they live here so every rule answers
them the same way.
"""

from __future__ import annotations

from bot.extract.claim_words import (
    BOUNDARIES,
    LOCATIVE_PREPS,
    MONTH_WORDS,
    NP_STOP,
    TRIGGERS_BY_FIRST,
    WHEN_WORDS,
)
from bot.extract.sentence_view import MentionSpan, SentenceView


def clause_start(view: SentenceView, i: int) -> int:
    """The first token of the clause containing token i."""
    words = view.words
    k = i - 1
    while k >= 0:
        if words[k] in BOUNDARIES and view.mention_covering(k) is None:
            return k + 1
        k -= 1
    return 0


def closing(words: list[str], i: int, close: str, reach: int) -> int | None:
    """The index of `close` within `reach` tokens after i ("(" ... ")"), if any."""
    return next((k for k in range(i + 1, min(len(words), i + reach)) if words[k] == close), None)


def is_adverb(word: str) -> bool:
    """ "reportedly", "fatally": skippable between a group and its outcome."""
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOT_ADVERBS


# Words ending in "-ly" that are no adverbs: "an elderly imam", "a holy site", "a family".
_LY_NOT_ADVERBS = frozenset(
    {"only", "early", "family", "rally", "elderly", "friendly", "holy", "italy", "assembly"}
)


def name_word(view: SentenceView, i: int) -> bool:
    """A capitalised word that can be part of a person's name (not an actor, month or day)."""
    token = view.tokens[i]
    return (
        token.text[:1].isupper()
        and token.text[1:2].islower()
        and view.mention_covering(i) is None
        and token.low not in NP_STOP
        and token.low not in TRIGGERS_BY_FIRST  # "Peacekeepers Killed": a headline, not a name
        and token.low not in WHEN_WORDS
        and token.low.rstrip(".") not in MONTH_WORDS
    )


def name_starts(view: SentenceView, i: int) -> bool:
    """A run of two or more capitalised words starts at i (not the sentence's first word)."""
    return (
        i > 0
        and i + 1 < len(view.tokens)
        and name_word(view, i)
        and name_word(view, i + 1)
        and not name_word(view, i - 1)
    )


def subject_before(view: SentenceView, verb: int) -> MentionSpan | None:
    """The actor heading the clause before a verb ("Wagner suffered ..."), skipping actors
    inside phrases like "in Mali"."""
    start = clause_start(view, verb)
    words = view.words
    for k in range(verb - 1, start - 1, -1):
        span = view.mention_covering(k)
        if span is not None:
            prev = words[span.first - 1] if span.first > 0 else ""
            if prev in LOCATIVE_PREPS:
                continue
            return span
    return None
