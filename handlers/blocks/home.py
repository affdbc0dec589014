"""The App Home tab: the latest events and the digests of the user's channels."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Protocol

from bot.views import EventView
from handlers.blocks.answer import ACTION_OPEN_EVENT, claim_line, sources_context
from handlers.blocks.escape import escape_text, truncate
from handlers.blocks.split import (
    Block,
    context_blocks,
    divider,
    header_block,
    plain,
    section_blocks,
)
from handlers.blocks.wording import event_heading

MAX_VIEW_BLOCKS = 100
CLAIMS_PER_EVENT = 3


class SubscriptionLike(Protocol):
    """What the Home tab shows of a digest subscription (bot.digest's SubscriptionView)."""

    id: int
    channel_id: str
    schedule: str
    filters: str
    status: str
    next_digest_at: datetime | None


def _event_blocks(event: EventView) -> list[Block]:
    lines = [f"*{escape_text(event_heading(event))}* — {escape_text(truncate(event.title, 200))}"]
    lines += [claim_line(c) for c in event.claims[:CLAIMS_PER_EVENT]]
    if len(event.claims) > CLAIMS_PER_EVENT:
        lines.append(f"_+{len(event.claims) - CLAIMS_PER_EVENT} more claims_")
    blocks = section_blocks("\n".join(lines))
    blocks[0]["accessory"] = {
        "type": "button",
        "text": plain("Open"),
        "action_id": ACTION_OPEN_EVENT,
        "value": str(event.id),
    }
    return [*blocks, *context_blocks(sources_context(event, limit=3)), divider()]


def _channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if re.fullmatch(r"[CGD][A-Z0-9]{2,30}", channel_id) else "a channel"


def _subscription_line(sub: SubscriptionLike) -> str:
    parts = [_channel(sub.channel_id), escape_text(sub.schedule), escape_text(sub.filters)]
    if sub.status != "active":
        parts.append(f"_{escape_text(sub.status)}_")
    elif sub.next_digest_at is not None:
        parts.append(f"next {sub.next_digest_at:%Y-%m-%d %H:%M} UTC")
    return f"• #{sub.id} " + " · ".join(parts)


def home_view(
    events: list[EventView], subscriptions: list[SubscriptionLike] | None
) -> dict[str, Any]:
    """A `home` view (at most 100 blocks: events are dropped from the end to fit)."""
    intro = (
        "Ask `/sitrep &lt;question&gt;` (e.g. `/sitrep Wagner losses in Mali last month`), "
        "mention me in a channel, or message me here. `/sitrep help` lists every command."
    )
    top: list[Block] = [header_block("sitrep"), *section_blocks(intro)]
    subs: list[Block] = [header_block("Digests in your channels")]
    if subscriptions:
        subs += section_blocks("\n".join(_subscription_line(s) for s in subscriptions))
    else:
        subs += section_blocks("_No subscriptions. Set one up with `/sitrep digest subscribe …`._")
    body: list[Block] = [header_block("Latest events")]
    if not events:
        body += section_blocks(
            "_No events stored yet. Add an article with `/sitrep add &lt;url&gt;`._"
        )
    for event in events:
        card = _event_blocks(event)
        if len(top) + len(body) + len(card) + len(subs) > MAX_VIEW_BLOCKS:
            break
        body += card
    return {"type": "home", "blocks": [*top, *body, *subs]}
