"""Extractive summaries: the lead sentences that carry the event, never the wire boilerplate."""

from __future__ import annotations

import re

from bot.extract.cues import mentions_fighting
from bot.extract.sentences import split_sentences

# Agency credits, newsletter prompts and bylines: never a summary, whatever their position.
_BOILERPLATE = re.compile(
    r"^\W*(?:with\s+(?:inputs|input|reporting)\s+from|reporting\s+by|writing\s+by|editing\s+by"
    r"|additional\s+reporting|compiled\s+by|sources?\s*:|read\s+more|read\s+also|see\s+also"
    r"|click\s+here|subscribe|sign\s+up|follow\s+us|copyright|all\s+rights\s+reserved|©"
    r"|photo\s*:|image\s*:|advertisement|related\s*:)",
    re.IGNORECASE,
)
# How far into the article the summary may reach for sentences that carry the event.
_LEAD_SENTENCES = 6
_ELLIPSIS = "…"


def _is_headline(sentence: str) -> bool:
    """A line without closing punctuation (a title or sub-head), not prose."""
    return not sentence.rstrip("\"'”’)]").endswith((".", "!", "?")) and len(sentence) < 200


def summarise(
    text: str,
    *,
    max_sentences: int = 2,
    max_chars: int = 400,
    spans: list[tuple[int, int]] | None = None,
    fighting: list[bool] | None = None,
) -> str:
    """Up to max_sentences lead sentences, preferring those that report violence or casualties.

    spans: the text's sentence offsets when the caller already has them (saves re-splitting);
    fighting: for each of those spans, whether it reports violence or casualties
    (cues.mentions_fighting), when the caller has already read them (saves re-reading).
    """
    spans = split_sentences(text) if spans is None else spans
    sentences = [text[start:end] for start, end in spans]
    prose = [
        i for i, s in enumerate(sentences) if not _BOILERPLATE.search(s) and not _is_headline(s)
    ]
    if not prose:
        prose = [i for i, s in enumerate(sentences) if not _BOILERPLATE.search(s)]
    lead = prose[:_LEAD_SENTENCES]

    def reports_fighting(index: int) -> bool:
        return fighting[index] if fighting is not None else mentions_fighting(sentences[index])

    reports = [i for i in lead if reports_fighting(i)]
    chosen = [sentences[i] for i in (reports[:max_sentences] or lead[:max_sentences])]
    summary = ""
    for sentence in chosen:
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > max_chars:
            break
        summary = candidate
    if not summary and chosen:
        summary = _shorten(chosen[0], max_chars)
    return " ".join(summary.split())


def _shorten(sentence: str, max_chars: int) -> str:
    cut = sentence[: max_chars - len(_ELLIPSIS)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + _ELLIPSIS
