"""Assertions over Block Kit output: Slack's limits, and nothing hostile getting through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from handlers.blocks.split import Message

_CONTROL = re.compile(r"<([^<>]*)>")
_LINK = re.compile(r"^(https?://[^|\s<>]+)(?:\|([^|<>]+))?$")
_BROADCAST = re.compile(r"(?<![＠\w])@(channel|here|everyone)\b", re.IGNORECASE)


def texts_in(value: Any) -> Iterator[str]:
    """Every string a user can see: text objects' `text` and messages' fallback text."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)


def message_texts(messages: Iterable[Message | dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for message in messages:
        payload = message.as_kwargs() if isinstance(message, Message) else message
        found += list(texts_in(payload))
    return found


def assert_safe(
    texts: Iterable[str], *, allowed_urls: set[str], allowed_mentions: set[str] = frozenset()
) -> None:
    """No ping, no foreign mention, no link except to the given (escaped) source URLs."""
    for text in texts:
        for match in _CONTROL.finditer(text):
            inner = match.group(1)
            if inner.startswith("#C") or inner in {f"@{u}" for u in allowed_mentions}:
                continue
            link = _LINK.match(inner)
            assert link, f"unexpected control sequence <{inner}> in {text!r}"
            assert link.group(1) in allowed_urls, f"link to {link.group(1)} in {text!r}"
        assert not _BROADCAST.search(text), f"bare broadcast in {text!r}"
        for raw in ("<!", "<@U999", "|bbc.com>"):
            assert raw not in text, f"{raw} in {text!r}"


def assert_within_limits(messages: list[Message]) -> None:
    for message in messages:
        assert 0 < len(message.blocks) <= 50, len(message.blocks)
        assert len(message.text) <= 3000
        for block in message.blocks:
            kind = block["type"]
            if kind == "section":
                assert 0 < len(block["text"]["text"]) <= 3000
                _assert_links_whole(block["text"]["text"])
            elif kind == "header":
                assert 0 < len(block["text"]["text"]) <= 150
            elif kind == "context":
                assert 0 < len(block["elements"]) <= 10
                for element in block["elements"]:
                    assert len(element["text"]) <= 3000
                    _assert_links_whole(element["text"])
            elif kind == "actions":
                assert len(block["elements"]) <= 25
                for element in block["elements"]:
                    assert len(element["text"]["text"]) <= 75
                    assert len(element["value"]) <= 2000


def _assert_links_whole(text: str) -> None:
    """Every `<` is closed by a `>` in the same text (a link was not cut in half)."""
    depth = 0
    for char in text:
        if char == "<":
            assert depth == 0, f"nested < in {text!r}"
            depth += 1
        elif char == ">":
            assert depth == 1, f"stray > in {text!r}"
            depth -= 1
    assert depth == 0, f"unclosed < in {text!r}"
