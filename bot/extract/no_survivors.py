"""Deaths told by denying survival: "none of the six passengers survived", "neither survived".

"survived" is no outcome word (survivors are alive), so the outcome reader never sees these;
the figure comes from the "none of" phrase, or is two for "neither". "No one survived" gives
no figure and is left to the sentence's other figures.
"""

from __future__ import annotations

from bot.extract.casualty import Casualty
from bot.extract.groups import clean_phrase, parse_group
from bot.extract.sentence_view import SentenceView
from bot.extract.types import Quantity

_SURVIVE = frozenset({"survived", "survive", "survives"})
_BETWEEN = frozenset({"had", "has", "have", "did", "could", "reportedly", "eventually"})
_REACH = 10  # "none of the six passengers on board the minibus survived"


def find_no_survivors(view: SentenceView) -> list[Casualty]:
    """One killed casualty per "none of <figure> ... survived" or "neither ... survived"."""
    words = view.words
    found: list[Casualty] = []
    for i, w in enumerate(words):
        if w not in _SURVIVE:
            continue
        k = i - 1
        while k >= 0 and words[k] in _BETWEEN:
            k -= 1
        if words[k] == "not" and k >= 1 and words[k - 1] == "did":
            continue  # "did not survive": the subject's own figure is read as a death elsewhere
        casualty = _none_of(view, k, i) or _neither(view, k, i)
        if casualty is not None:
            found.append(casualty)
    return found


def _none_of(view: SentenceView, k: int, verb: int) -> Casualty | None:
    """ "none of the six passengers (had) survived": six killed."""
    words = view.words
    start = next((j for j in range(k, max(-1, verb - _REACH), -1) if words[j] == "none"), None)
    if start is None or words[start + 1 : start + 2] != ["of"]:
        return None
    j = start + 2
    if words[j : j + 1] and words[j] in ("the", "its", "their", "his", "her", "those"):
        j += 1
    quantity = next((q for q in view.quantities if q.first == j), None)
    if quantity is None or quantity.quantity.low is None:
        return None
    last, mentions, _head = parse_group(view, quantity.last + 1, set())
    phrase = clean_phrase(view.span_text(quantity.last + 1, last)) if last > quantity.last else None
    return Casualty(
        outcome="killed",
        quantity=quantity.quantity,
        qualifier=None,
        anchor=start,
        victims=[m.mention.actor for m in mentions],
        victim_phrase=None if mentions else phrase,
    )


def _neither(view: SentenceView, k: int, verb: int) -> Casualty | None:
    """ "neither survived", "neither of them survived", "neither man survived": two killed."""
    words = view.words
    start = next((j for j in range(k, max(-1, verb - 4), -1) if words[j] == "neither"), None)
    if start is None:
        return None
    return Casualty(
        outcome="killed",
        quantity=Quantity(2, 2, None, view.tokens[start].text),
        qualifier=None,
        anchor=start,
    )
