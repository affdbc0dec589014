"""One sentence as the claim rules see it: word tokens, plus the actors and figures in it.

Casualty and attribution rules reason over token positions ("the word before the figure",
"the subject of this verb"). Actor mentions and quantities are found once for the whole
document and mapped onto each sentence's tokens here, so the rules never rescan text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.extract.types import ActorMention, Quantity
from bot.extract.typos import TYPOS

_TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?|\w+(?:['’]\w+)*|[^\w\s]")


class Token(NamedTuple):
    text: str
    low: str
    start: int  # offsets into the sentence text
    end: int


@dataclass(frozen=True)
class MentionSpan:
    """An actor mention mapped onto tokens [first, last]."""

    mention: ActorMention
    first: int
    last: int
    possessive: bool  # "Wagner's losses": the mention modifies the noun after it


@dataclass(frozen=True)
class QuantitySpan:
    quantity: Quantity
    first: int
    last: int


@dataclass
class SentenceView:
    text: str
    offset: int  # where the sentence starts in the document
    tokens: list[Token]
    words: list[str] = field(default_factory=list)  # lower-cased token texts
    mentions: list[MentionSpan] = field(default_factory=list)
    quantities: list[QuantitySpan] = field(default_factory=list)
    quantity_starts: set[int] = field(default_factory=set)  # tokens where a quantity starts
    mention_at: list[int | None] = field(default_factory=list)  # token -> index in mentions

    def span_text(self, first: int, last: int) -> str:
        """The sentence text covered by tokens first..last (inclusive)."""
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def mention_covering(self, index: int) -> MentionSpan | None:
        if 0 <= index < len(self.mention_at):
            found = self.mention_at[index]
            return None if found is None else self.mentions[found]
        return None


def tokenize(text: str) -> list[Token]:
    # tuple.__new__ skips NamedTuple's argument handling: this runs for every word.
    make = tuple.__new__
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        low = word.lower()
        tokens.append(make(Token, (word, TYPOS.get(low, low), start, end)))
    if any(q in text for q in _QUOTES):
        return _without_scare_quotes(tokens)
    return tokens


_QUOTES = frozenset({"'", '"', "“", "”", "‘", "’"})
_CLOSING = {"'": "'", '"': '"', "“": "”", "‘": "’", "’": "’", "”": "”"}


def _without_scare_quotes(tokens: list[Token]) -> list[Token]:
    """Tokens without quotes around one to three words ("dozens of 'terrorists' were
    killed", 'were "neutralised"'): scare quotes mark a word, not a quotation, and would cut
    a noun phrase from its verb. Longer quotations keep their marks."""
    drop: set[int] = set()
    for i, token in enumerate(tokens):
        close = _CLOSING.get(token.text)
        if close is None or i in drop or i + 1 >= len(tokens) or token.end != tokens[i + 1].start:
            continue
        for j in range(i + 2, min(len(tokens), i + 5)):
            inner = tokens[i + 1 : j]
            if not all(t.text[:1].isalnum() for t in inner):
                break
            if tokens[j].text == close and tokens[j].start == tokens[j - 1].end:
                drop.update((i, j))
                break
    return [t for k, t in enumerate(tokens) if k not in drop] if drop else tokens


def build_view(
    text: str,
    start: int,
    end: int,
    *,
    mentions: list[ActorMention],
    quantities: list[tuple[int, int, Quantity]],
    mention_starts: list[int] | None = None,
    quantity_starts: list[int] | None = None,
) -> SentenceView:
    """The view of text[start:end]; `mentions`/`quantities` are document-wide, sorted by start.

    Pass their start offsets (`mention_starts`, `quantity_starts`) to skip straight to the
    sentence instead of scanning the document's lists from the beginning.
    """
    sentence = text[start:end]
    tokens = tokenize(sentence)
    view = SentenceView(text=sentence, offset=start, tokens=tokens, words=[t.low for t in tokens])
    view.mention_at = [None] * len(tokens)
    if not tokens:
        return view
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]

    def token_range(s: int, e: int) -> tuple[int, int] | None:
        first = bisect_right(starts, s - start) - 1
        last = bisect_left(ends, e - start)
        if first < 0 or last >= len(tokens) or first > last:
            return None
        return first, last

    m_lo = bisect_left(mention_starts, start) if mention_starts is not None else 0
    for mention in mentions[m_lo:]:
        if mention.start >= end:
            break
        if mention.start < start or mention.end > end:
            continue
        rng = token_range(mention.start, mention.end)
        if rng is None:
            continue
        after = sentence[mention.end - start : mention.end - start + 2]
        possessive = after[:1] in ("'", "’") and after[1:2] in ("s", "")
        view.mentions.append(MentionSpan(mention, rng[0], rng[1], possessive))
        for i in range(rng[0], rng[1] + 1):
            view.mention_at[i] = len(view.mentions) - 1
    q_lo = bisect_left(quantity_starts, start) if quantity_starts is not None else 0
    for q_start, q_end, quantity in quantities[q_lo:]:
        if q_start >= end:
            break
        if q_start < start or q_end > end:
            continue
        rng = token_range(q_start, q_end)
        if rng is not None:
            view.quantities.append(QuantitySpan(quantity, rng[0], rng[1]))
            view.quantity_starts.add(rng[0])
    return view
