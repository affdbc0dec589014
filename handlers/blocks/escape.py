"""mrkdwn safety: nothing from an article, a title, a claimant or a user reaches Slack unescaped.

Slack reads `<...>` as a control sequence (`<!channel>` pings everyone, `<@U1>` mentions a user,
`<http://evil|bbc.com>` disguises a link) and some clients still highlight a bare "@here".
Every string that did not come from this code goes through `escape_text` before it is put in a
block, and links are only ever built by `link`, which refuses anything but http(s).
"""

from __future__ import annotations

import re

from bot.ingest.urls import is_http_url

# "@channel" & co. as plain words: replace the "@" with a full-width "＠", which reads the
# same to a person and is nothing to Slack.
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_FULL_WIDTH_AT = "\uff20"
# Characters that must never appear raw inside a URL we put between < and >.
_URL_UNSAFE = {" ": "%20", "|": "%7C", "<": "%3C", ">": "%3E", '"': "%22", "\n": "", "\r": ""}


def escape_text(text: str | None) -> str:
    """Escape &, < and > (Slack's three control characters) and defuse bare broadcasts."""
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(_FULL_WIDTH_AT, escaped)


def escape_label(text: str | None) -> str:
    """Text shown inside `<url|label>`: escaped, one line, and without the `|` separator."""
    one_line = " ".join((text or "").replace("|", "/").split())
    return escape_text(one_line)


def escape_url(url: str) -> str:
    """A URL made safe to sit between `<` and `|` (caller has checked it is http(s))."""
    cleaned = url.strip()
    for raw, encoded in _URL_UNSAFE.items():
        cleaned = cleaned.replace(raw, encoded)
    return cleaned.replace("&", "&amp;")


def link(url: str | None, label: str | None) -> str:
    """`<url|label>` for http(s) URLs; otherwise just the escaped label (never a bad link)."""
    shown = escape_label(label) or escape_label(url)
    if not is_http_url(url):
        return shown
    assert url is not None
    return f"<{escape_url(url)}|{shown}>" if shown else f"<{escape_url(url)}>"


def truncate(text: str, limit: int) -> str:
    """Shorten raw text to `limit` characters on a word boundary, with an ellipsis.

    Call on raw text before escaping: escaping afterwards cannot cut an entity in half.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
