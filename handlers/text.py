"""Text as Slack sends it -> text as a person wrote it (questions, pasted articles, links).

Slack escapes &, < and > as entities and wraps links, mentions and channels in `<...>`.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.ingest.urls import is_http_url

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!([^>|]*)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>|\s]+)(?:\|([^>]*))?>")
_BARE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def strip_mentions_of(text: str, user_id: str | None) -> str:
    """Remove the bot's own `<@U…>` mention (or, if its id is unknown, a leading mention)."""
    if user_id:
        text = re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = re.sub(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def unescape_entities(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_plain_text(text: str, *, links: Literal["label", "url"] = "label") -> str:
    """Slack message text -> plain text: links become their label (or their URL, for commands
    that take URLs), channels and users their names."""
    if links == "url":
        text = _LINK.sub(lambda m: m.group(1), text)
    else:
        text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _SPECIAL.sub(lambda m: m.group(2) or "", text)
    return unescape_entities(text)


def question_text(text: str, *, bot_user_id: str | None) -> str:
    """What the user asked, without the bot's mention, as plain one-line text."""
    return " ".join(to_plain_text(strip_mentions_of(text, bot_user_id)).split())


def http_links(text: str) -> list[str]:
    """The http(s) URLs in a Slack message, in order, without duplicates."""
    found: list[str] = [m.group(1) for m in _LINK.finditer(text)]
    found += _BARE_URL.findall(_LINK.sub(" ", text))
    urls = [unescape_entities(u).rstrip(".,;)") for u in found]
    return [u for u in dict.fromkeys(urls) if is_http_url(u)]
