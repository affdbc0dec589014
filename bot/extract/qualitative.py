"""Casualty statements without a figure: "heavy losses", "severe casualties", "caused
casualties", "inflicting heavy numbers of fatalities on rebels".

"X losses" and "losses among/on X" are suffered by X; "X suffered heavy losses" too; "X
inflicted heavy losses" names X as the perpetrator. After an admission with no victim named
("Wagner admitted to heavy losses") claims.py makes the claimant the victim.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.extract.casualty import Casualty
from bot.extract.claim_words import (
    NEGATIONS,
    QUALITATIVE_ADJ,
    QUALITATIVE_NOUNS,
    QUALITATIVE_VERBS,
    UNKNOWN_PREDICATE,
    VICTIM_PREPS,
)
from bot.extract.groups import Group
from bot.extract.sentence_view import MentionSpan, SentenceView
from bot.extract.syntax import clause_start, subject_before
from bot.extract.types import ActorInfo

# Words that may sit between an adjective and its noun: "heavy human losses".
_FILLERS = frozenset(
    {"and", "-", "very", "extremely", "particularly", "relatively", "human", "military", "civilian"}
)
_SUFFERING = frozenset(
    {"suffered", "sustained", "incurred", "suffering", "sustaining", "incurring"}
)
_INFLICTING = frozenset({"inflicted", "inflicting", "caused", "causing"})
_CLAIMING = frozenset({"claim", "claims", "claimed", "claiming"})
_VAGUE_ADJECTIVES = frozenset({"some", "several", "many", "multiple"})
_VERB_AFTER = (["were", "reported"], ["reported"], ["were", "inflicted"], ["were", "suffered"])


@dataclass
class _Modifiers:
    """What stands before a casualty noun: "Wagner's heavy", "suffered heavy", "the"."""

    stop: int  # the first token that is neither an adjective nor an actor (-1: none)
    adjective: int | None
    actor: MentionSpan | None


def find_qualitative(view: SentenceView, groups: list[Group]) -> list[Casualty]:
    """ "heavy losses", "severe casualties", "caused casualties": claims without a figure."""
    words = view.words
    if QUALITATIVE_NOUNS.keys().isdisjoint(words):
        return []
    covered = {k for g in groups for k in range(g.q_first, g.end + 1)}
    found: list[Casualty] = []
    for i, w in enumerate(words):
        outcome = QUALITATIVE_NOUNS.get(w)
        if outcome is None or i in covered:
            continue
        mods = _modifiers(view, i)
        k = mods.stop
        verb = words[k] if k >= 0 else ""
        if verb in ("to", "in", "of") and k >= 1:
            verb = words[k - 1]  # "admitted to heavy losses", "resulted in casualties"
        if verb == "in" and k >= 2:
            verb = words[k - 2]
        verb_before = verb in QUALITATIVE_VERBS
        verb_after = words[i + 1 : i + 3] in _VERB_AFTER or words[i + 1 : i + 2] in _VERB_AFTER
        if not _is_claim(view, i, mods, verb_before or verb_after):
            continue
        first = mods.adjective if mods.adjective is not None else i
        if mods.actor is not None and mods.actor.first < first:
            first = mods.actor.last + 1
        victims, victim_phrase = _sufferers(view, i, mods)
        if not victims and verb in _SUFFERING:
            subject = subject_before(view, k)
            victims = [subject.mention.actor] if subject else []
        perpetrator = subject_before(view, k) if verb in _INFLICTING else None
        if not victims and victim_phrase is None and verb in _CLAIMING:
            # "Rebels claim heavy losses in clashes with Russian mercenaries": a party
            # claiming losses in a fight with an enemy claims them inflicted on that enemy.
            claimant = subject_before(view, k)
            opponent = _opponent_after(view, i)
            if claimant is not None and opponent is not None:
                victims, perpetrator = [opponent.mention.actor], claimant
        found.append(
            Casualty(
                outcome=outcome,
                quantity=None,
                qualifier=view.span_text(first, i),
                anchor=i,
                victims=victims,
                victim_phrase=victim_phrase,
                perpetrator=perpetrator.mention.actor if perpetrator else None,
            )
        )
    return found


def _modifiers(view: SentenceView, noun: int) -> _Modifiers:
    words = view.words
    k = noun - 1
    adjective: int | None = None
    actor: MentionSpan | None = None
    while k >= 0 and noun - k <= 5:
        span = view.mention_covering(k)
        if span is not None:
            actor = span
            k = span.first - 1
        elif words[k] in QUALITATIVE_ADJ:
            adjective = k
            k -= 1
        elif words[k] == "of" and k >= 1 and words[k - 1] in ("numbers", "number", "toll"):
            k -= 2  # "heavy numbers of fatalities"
        elif words[k] in _FILLERS:
            k -= 1
        else:
            break
    return _Modifiers(k, adjective, actor)


def _is_claim(view: SentenceView, noun: int, mods: _Modifiers, has_verb: bool) -> bool:
    """A casualty noun is a claim with an adjective or a verb around it, never when negated
    ("no casualties"), unknown ("casualties unknown") or anaphoric ("despite the losses")."""
    words = view.words
    if mods.adjective is None and not has_verb:
        return False
    vague_adjective = mods.adjective is not None and words[mods.adjective] in _VAGUE_ADJECTIVES
    if vague_adjective and not has_verb:
        return False  # "some losses" is a claim only with a verb: "suffered some losses"
    window = words[max(clause_start(view, noun), noun - 8) : noun]
    if any(x in NEGATIONS or x == "any" for x in window):
        return False
    if any(x in UNKNOWN_PREDICATE for x in words[noun + 1 : noun + 4]):
        return False
    k = mods.stop
    anaphoric = k >= 0 and words[k] in ("these", "the", "those", "such", "its", "their")
    return not (
        anaphoric and mods.adjective is None and words[k] not in QUALITATIVE_VERBS and not has_verb
    )


def _opponent_after(view: SentenceView, noun: int) -> MentionSpan | None:
    """The actor fought "with"/"against" in the same clause after a casualty noun."""
    words = view.words
    for j in range(noun + 1, min(len(words) - 1, noun + 9)):
        if words[j] in (",", ";", ".", ":", "and", "but"):
            return None
        if words[j] in ("with", "against"):
            k = j + 2 if words[j + 1] == "the" else j + 1
            return view.mention_covering(k)
    return None


def _sufferers(
    view: SentenceView, noun: int, mods: _Modifiers
) -> tuple[list[ActorInfo], str | None]:
    """ "Wagner's heavy losses", "casualties among the rebels", "losses on both sides"."""
    if mods.actor is not None:
        return [mods.actor.mention.actor], None
    words = view.words
    j = noun + 1
    if j >= len(words) or words[j] not in VICTIM_PREPS:
        return [], None
    j += 1
    if j < len(words) and words[j] in ("the", "its", "their", "his"):
        j += 1
    span = view.mention_covering(j)
    if span is not None:
        return [span.mention.actor], None
    if words[j : j + 2] == ["both", "sides"]:
        return [], "both sides"
    return [], None
