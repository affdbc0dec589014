"""Block Kit for `/sitrep feed …` replies (pure: feed views in, blocks out)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.ingest.feeds import FeedView
from handlers.blocks.escape import escape_text, link, truncate

# Slack allows 50 blocks per message: a header, the feeds, and a "more" line.
MAX_FEEDS_SHOWN = 40


def feeds_list_blocks(views: list[FeedView]) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) listing the feeds with their health."""
    if not views:
        text = "No feeds yet. Add one with `/sitrep feed add <url> [every 15m]`."
        return text, [_section(text)]
    text = f"{len(views)} feed{'s' if len(views) != 1 else ''}"
    blocks = [_section(f"*{text}*")]
    blocks += [_section(feed_line(view)) for view in views[:MAX_FEEDS_SHOWN]]
    if len(views) > MAX_FEEDS_SHOWN:
        more = len(views) - MAX_FEEDS_SHOWN
        blocks.append(_context(f"…and {more} more: `sitrep feed list` shows them all."))
    return text, blocks


def feed_line(view: FeedView) -> str:
    """One feed in mrkdwn: id, link, interval, last success, counts, and any error or warning."""
    title = link(view.url, truncate(view.title, 80) if view.title else view.url)
    lines = [
        f"*#{view.id}* {title} · every {_interval(view.interval_minutes)}",
        f"Last success: {_when(view.last_success)} · {view.items_seen} items seen · "
        f"{view.documents} documents",
    ]
    if view.last_error:
        lines.append(
            f":warning: Last error ({_when(view.last_error_at)}): "
            f"{escape_text(truncate(view.last_error, 300))}"
        )
    if view.last_warning:
        lines.append(f"Note: {escape_text(truncate(view.last_warning, 300))}")
    return "\n".join(lines)


def feed_added_text(view: FeedView) -> str:
    return (
        f"Feed #{view.id} added: {link(view.url, view.url)}, polled every "
        f"{_interval(view.interval_minutes)}. The first poll runs within a minute."
    )


def _interval(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"{minutes // 1440} d"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
