"""Block Kit for digests: a summary message, then event cards, split within Slack's limits.

The first block of every message carries a block_id marker (`sitrep-digest:<run>:<part>`):
invisible to readers, returned by conversations.history, and how a crashed post is recognised.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.content import DigestContent, DigestItem, claim_figure
from bot.digest.subscriptions import SubscriptionView
from handlers.blocks.escape import escape_text, link, truncate
from handlers.blocks.split import (
    Block,
    Message,
    context_blocks,
    header_block,
    pack_messages,
    section_blocks,
)
from handlers.blocks.wording import date_label

MAX_CLAIM_LINES = 8
MAX_SOURCE_LINKS = 6


def digest_messages(content: DigestContent, *, marker: str | None = None) -> list[Message]:
    """The digest as Slack messages: the first carries the summary, the rest continue it."""
    tz = ZoneInfo(content.tz)
    groups: list[list[Block]] = [_summary_blocks(content, tz)]
    if not content.items:
        since = _when(content.window_start, tz)
        groups[0].extend(section_blocks(f"Nothing new since {escape_text(since)}."))
    groups.extend(_event_blocks(item) for item in content.items)
    if content.omitted:
        groups.append(
            section_blocks(
                f"…and {content.omitted} more matching events; ask `@sitrep` for the rest."
            )
        )
    messages = pack_messages(groups, text=fallback_text(content))
    if marker:
        for index, message in enumerate(messages):
            message.blocks[0]["block_id"] = f"{marker}:{index}"
    return messages


def fallback_text(content: DigestContent) -> str:
    tz = ZoneInfo(content.tz)
    counts = f"{content.new_count} new, {content.update_count} updated"
    late = " (late)" if content.late else ""
    return (
        f"Sitrep digest{late} — {content.filters.describe()}: {counts} "
        f"({_when(content.period.start, tz)} – {_when(content.period.end, tz)} {content.tz})"
    )


def _summary_blocks(content: DigestContent, tz: ZoneInfo) -> list[Block]:
    blocks: list[Block] = [header_block(f"Sitrep digest — {content.filters.describe()}")]
    period = f"{_when(content.period.start, tz)} – {_when(content.period.end, tz)} ({content.tz})"
    counts = f"*{content.new_count}* new, *{content.update_count}* updated"
    per_country = " · ".join(f"{escape_text(name)} {n}" for name, n in content.country_counts())
    elements = [escape_text(period), counts]
    if per_country:
        elements.append(per_country)
    elements.append(escape_text(content.schedule))
    blocks.extend(context_blocks(elements))
    if content.late and content.sent_at is not None:
        blocks.extend(
            section_blocks(
                f":hourglass_flowing_sand: *Late:* this digest was due "
                f"{escape_text(_when(content.period.end, tz))} and is sent "
                f"{escape_text(_when(content.sent_at, tz))}, after the bot was unavailable."
            )
        )
    return blocks


def _event_blocks(item: DigestItem) -> list[Block]:
    event = item.event
    title = f"*{escape_text(truncate(event.title, 200))}*"
    if item.is_update:
        title = f":arrows_counterclockwise: *Update* · {title}"
    facts = [x for x in (_where(item), _dates(item), event.event_type.replace("_", " ")) if x]
    lines = [title, escape_text(" · ".join(facts))]
    if item.changes:
        lines.append("_What changed:_ " + escape_text("; ".join(item.changes)))
    lines.extend(_claim_lines(item))
    blocks = section_blocks("\n".join(lines))
    sources = [link(s.url, s.publisher or s.title or s.url) for s in event.sources]
    sources = [s for s in sources if s]
    if sources:
        shown = ", ".join(sources[:MAX_SOURCE_LINKS])
        more = (
            f" and {len(sources) - MAX_SOURCE_LINKS} more"
            if len(sources) > MAX_SOURCE_LINKS
            else ""
        )
        outlets = f" ({event.outlets} reports, {event.independent_outlets} independent)"
        blocks.extend(context_blocks([f"Sources: {shown}{more}{outlets}"]))
    return blocks


def _claim_lines(item: DigestItem) -> list[str]:
    """One line per claimant, its figures side by side: competing claims are never merged."""
    per_claimant: dict[str, list[str]] = defaultdict(list)
    for claim in item.event.claims:
        figure = escape_text(claim_figure(claim))
        if claim.id in item.new_claim_ids:
            figure = f"{figure} :new:"
        if figure not in per_claimant[claim.claimant]:
            per_claimant[claim.claimant].append(figure)
    lines = [
        f"• *{escape_text(claimant)}*: {'; '.join(figures)}"
        for claimant, figures in per_claimant.items()
    ]
    if len(lines) > MAX_CLAIM_LINES:
        extra = len(lines) - MAX_CLAIM_LINES
        lines = [*lines[:MAX_CLAIM_LINES], f"• …and {extra} more claimants"]
    return lines


def _where(item: DigestItem) -> str:
    event = item.event
    return ", ".join(x for x in (event.place, event.country) if x)


def _dates(item: DigestItem) -> str:
    """As precise as the source was, in the same words as answers ("late Jul 2024")."""
    event = item.event
    return date_label(event.date_start, event.date_end, event.date_precision)


def _when(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %H:%M}"


def render_digest(content: DigestContent, marker: str) -> list[dict[str, Any]]:
    """The runner's Renderer: messages as chat.postMessage keyword arguments."""
    return [message.as_kwargs() for message in digest_messages(content, marker=marker)]


def subscriptions_message(subscriptions: list[SubscriptionView]) -> Message:
    """`digest list`: each subscription with its schedule, filters and any pause or failure."""
    if not subscriptions:
        text = (
            "No digest subscriptions here. `/sitrep digest subscribe daily 08:00 Mali` starts one."
        )
        return Message(text=text, blocks=section_blocks(escape_text(text)))
    lines = ["*Digest subscriptions*"]
    for sub in subscriptions:
        line = f"• *#{sub.id}* {escape_text(sub.schedule)} · {escape_text(sub.filters)}"
        if sub.status == "paused":
            line += f"\n    :double_vertical_bar: _paused: {escape_text(sub.paused_reason or '')}_"
        elif sub.next_digest_at is not None:
            line += f" · next {escape_text(_when(sub.next_digest_at, ZoneInfo('UTC')))} UTC"
        if sub.skip_empty:
            line += " · skips empty digests"
        if sub.last_problem:
            line += f"\n    :warning: {escape_text(sub.last_problem)}"
        lines.append(line)
    return Message(
        text=f"{len(subscriptions)} digest subscription(s)", blocks=section_blocks("\n".join(lines))
    )


def subscribed_message(
    subscription: SubscriptionView, *, created: bool, resumed: list[int]
) -> Message:
    """The confirmation of `digest subscribe`."""
    verb = "Subscribed" if created else "Already subscribed"
    text = (
        f"{verb}: digest #{subscription.id}, {subscription.schedule}, for {subscription.filters}."
    )
    lines = [escape_text(text)]
    if resumed:
        ids = ", ".join(f"#{i}" for i in resumed)
        lines.append(f"Resumed paused digest(s) {escape_text(ids)} in this channel.")
    return Message(text=text, blocks=section_blocks("\n".join(lines)))
