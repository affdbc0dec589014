"""Slack's Block Kit limits, and splitting long answers into messages that respect them.

Limits (docs.slack.dev, Block Kit reference): 50 blocks per message, 3,000 characters per
section text, 10 elements per context block, 150 characters of header text, 75 of button text.
Text is cut at line breaks, then spaces, and never inside `<url|label>` or an `&amp;` entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.blocks.escape import escape_text, truncate

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK_TEXT = 3000


@dataclass
class Message:
    """One Slack message: Block Kit blocks plus the plain-text fallback for notifications."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, each ending at a line break or space when possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest.strip() or not pieces:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    """The best place to cut `text` at or before `limit`, outside any `<...>` or `&...;`."""
    for separator in ("\n", " "):
        position = text.rfind(separator, 0, limit + 1)
        while position > 0:
            if _safe_to_cut(text, position):
                return position
            position = text.rfind(separator, 0, position)
    position = limit
    while position > 0 and not _safe_to_cut(text, position):
        position -= 1
    return position if position > 0 else limit


def _safe_to_cut(text: str, position: int) -> bool:
    """True if position is not inside a `<...>` sequence or an HTML entity."""
    head = text[:position]
    if head.rfind("<") > head.rfind(">"):
        return False
    amp = head.rfind("&")
    return not (amp != -1 and ";" not in head[amp:] and len(head) - amp <= 8)


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object; verbatim so that Slack auto-links nothing we did not write."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(raw_text: str, limit: int | None = None) -> dict[str, Any]:
    """A plain_text object from RAW text: shortened first, then escaped (Slack decodes the
    three entities in plain text too, and never parses mentions there)."""
    shown = escape_text(raw_text)
    budget = limit or 0
    while limit and len(shown) > limit and budget > 1:
        budget -= len(shown) - limit
        shown = escape_text(truncate(raw_text, max(budget, 1)))
    return {"type": "plain_text", "text": shown or " ", "emoji": True}


def section_blocks(text: str) -> list[Block]:
    """One or more section blocks holding `text` (already escaped mrkdwn)."""
    return [{"type": "section", "text": mrkdwn(piece)} for piece in split_text(text) if piece]


def header_block(raw_text: str) -> Block:
    """A header from RAW text (at most 150 characters once escaped)."""
    return {"type": "header", "text": plain(raw_text, MAX_HEADER_TEXT)}


def context_blocks(elements: list[str]) -> list[Block]:
    """Context blocks of at most 10 mrkdwn elements each (elements already escaped)."""
    items = [piece for element in elements for piece in split_text(element) if piece]
    return [
        {
            "type": "context",
            "elements": [mrkdwn(e) for e in items[i : i + MAX_CONTEXT_ELEMENTS]],
        }
        for i in range(0, len(items), MAX_CONTEXT_ELEMENTS)
    ]


def divider() -> Block:
    return {"type": "divider"}


def pack_messages(
    groups: list[list[Block]], *, text: str, max_blocks: int = MAX_BLOCKS
) -> list[Message]:
    """Put groups of blocks (one event card each) into as few messages as the limits allow.

    A group is never spread over two messages unless it alone is longer than a message.
    The first message carries `text` as its fallback; the others say they continue it.
    """
    messages: list[list[Block]] = [[]]
    for group in groups:
        if len(messages[-1]) + len(group) > max_blocks and messages[-1]:
            messages.append([])
        for start in range(0, len(group), max_blocks):
            chunk = group[start : start + max_blocks]
            if len(messages[-1]) + len(chunk) > max_blocks:
                messages.append([])
            messages[-1].extend(chunk)
    fallback = split_text(text, MAX_FALLBACK_TEXT)[0]
    result = [Message(text=fallback, blocks=messages[0])]
    for index, blocks in enumerate(messages[1:], start=2):
        result.append(Message(text=f"(continued, part {index} of {len(messages)})", blocks=blocks))
    return result
