"""Answer cards: Answer / EventView -> Slack messages (pure functions, no I/O).

Every event card reads: where and when (header), what happened, who claims what (one claim per
line, labelled), competing figures as a range, the sources as links, and three buttons.
"""

from __future__ import annotations

from typing import Any

from bot.answer.describe import describe_filters, describe_row_date
from bot.views import Answer, ClaimView, EventView, TotalsView
from handlers.blocks.escape import escape_text, link, truncate
from handlers.blocks.sources import sources_groups
from handlers.blocks.split import (
    MAX_BUTTON_TEXT,
    MAX_CONTEXT_ELEMENTS,
    Block,
    Message,
    context_blocks,
    divider,
    header_block,
    pack_messages,
    plain,
    section_blocks,
)
from handlers.blocks.wording import (
    claim_phrase,
    event_heading,
    kind_label,
    outlets_phrase,
    range_phrase,
    shows_range,
    source_phrase_parts,
)

# Button action ids: handlers/actions registers listeners for exactly these.
ACTION_SOURCES = "sitrep_sources"
ACTION_MORE_LIKE_THIS = "sitrep_more_like_this"
ACTION_OPEN_EVENT = "sitrep_open_event"

SUMMARY_CHARS = 600
SOURCE_TITLE_CHARS = 150
SOURCES_ON_CARD = MAX_CONTEXT_ELEMENTS - 2  # room for "+N more" and the outlet count


def claim_line(claim: ClaimView) -> str:
    """• CSP claims at least 84 Wagner Group killed · _adversary claim_"""
    return f"• {escape_text(claim_phrase(claim))} · _{escape_text(kind_label(claim.claim_kind))}_"


def claims_text(event: EventView) -> str:
    """One line per distinct claim (the same claim quoted twice shows once), then the ranges."""
    lines = list(dict.fromkeys(claim_line(c) for c in event.claims))
    lines += [f"↔ {escape_text(range_phrase(r))}" for r in event.ranges if shows_range(r)]
    return "\n".join(lines) if lines else "_No casualty claims recorded for this event._"


def source_element(event: EventView, index: int) -> str:
    source = event.sources[index]
    title, extra = source_phrase_parts(source)
    parts = [link(source.url, truncate(title, SOURCE_TITLE_CHARS))]
    parts += [escape_text(p) for p in extra]
    return " · ".join(parts)


def sources_context(event: EventView, *, limit: int = SOURCES_ON_CARD) -> list[str]:
    """Context elements: up to `limit` source links, "+N more", the outlet count, the id."""
    elements = [source_element(event, i) for i in range(min(limit, len(event.sources)))]
    hidden = len(event.sources) - limit
    if hidden > 0:
        elements.append(f"+{hidden} more (see Sources)")
    footer = " · ".join(p for p in (escape_text(outlets_phrase(event)), f"event #{event.id}") if p)
    elements.append(footer)
    return elements


def event_buttons(event: EventView) -> Block:
    value = str(event.id)

    def button(label: str, action_id: str) -> dict[str, Any]:
        return {
            "type": "button",
            "text": plain(label, MAX_BUTTON_TEXT),
            "action_id": action_id,
            "value": value,
        }

    return {
        "type": "actions",
        "block_id": f"event-{event.id}",
        "elements": [
            button("Sources", ACTION_SOURCES),
            button("More like this", ACTION_MORE_LIKE_THIS),
            button("Open event", ACTION_OPEN_EVENT),
        ],
    }


def event_card(event: EventView, *, buttons: bool = True) -> list[Block]:
    """The blocks of one event (header, summary, claims, sources, buttons)."""
    summary = escape_text(truncate(event.summary, SUMMARY_CHARS)) if event.summary else ""
    title = f"*{escape_text(truncate(event.title, 300))}*"
    blocks: list[Block] = [header_block(event_heading(event))]
    blocks += section_blocks("\n".join(p for p in (title, summary) if p))
    blocks += section_blocks(claims_text(event))
    blocks += context_blocks(sources_context(event))
    if buttons:
        blocks.append(event_buttons(event))
    return blocks


def _intro(answer: Answer, count: int) -> list[Block]:
    noun = "event" if count == 1 else "events"
    question = escape_text(truncate(answer.question, 300))
    lines = [f"*{count} {noun}* for “{question}”" if question else f"*{count} {noun}*"]
    understood = describe_filters(answer.filters, empty="")
    if understood:
        lines.append(f"_Understood as: {escape_text(understood)}_")
    if answer.message:
        lines.append(escape_text(answer.message))
    return section_blocks("\n".join(lines))


def _fallback(answer: Answer, events: list[EventView]) -> str:
    """Notification text: the first event and its most relevant claim in one line, escaped."""
    noun = "event" if len(events) == 1 else "events"
    head = f"{len(events)} {noun} for “{truncate(answer.question, 200)}”"
    if events:
        first = events[0]
        wanted = set(answer.filters.victims)
        claims = [c for c in first.claims if c.victim in wanted] or first.claims
        claim = f": {claim_phrase(claims[0])}" if claims else ""
        head += f" — {event_heading(first)}{claim}"
    return escape_text(head)


def answer_messages(answer: Answer) -> list[Message]:
    """An Answer as one or more Slack messages, each within Block Kit's limits."""
    if answer.kind == "totals" and answer.totals is not None:
        return totals_messages(answer, answer.totals)
    if not answer.events:
        return [no_match_message(answer)]
    if answer.kind == "sources":
        groups = [
            _intro(answer, len(answer.events)),
            *(sources_groups(e) for e in answer.events),
        ]
        return pack_messages(groups, text=_fallback(answer, answer.events))
    groups = [_intro(answer, len(answer.events))]
    groups += [[*event_card(e), divider()] for e in answer.events]
    return pack_messages(groups, text=_fallback(answer, answer.events))


def events_messages(events: list[EventView], *, title: str, empty: str) -> list[Message]:
    """A titled list of event cards ("Recent events", "More like #12")."""
    if not events:
        return [Message(text=escape_text(empty), blocks=section_blocks(escape_text(empty)))]
    groups = [section_blocks(f"*{escape_text(title)}*")]
    groups += [[*event_card(e), divider()] for e in events]
    return pack_messages(groups, text=escape_text(title))


def event_messages(event: EventView) -> list[Message]:
    """One event on its own (the "Open event" button, `/sitrep event <id>`)."""
    return pack_messages(
        [event_card(event)], text=escape_text(f"#{event.id} {event_heading(event)}")
    )


def no_match_message(answer: Answer) -> Message:
    question = truncate(answer.question, 300)
    text = answer.message or f"No event matches “{question}”."
    lines = [escape_text(text)]
    if answer.suggestion:
        lines.append(f"Try: `{escape_text(truncate(answer.suggestion, 300))}`")
    understood = describe_filters(answer.filters, empty="")
    if understood and understood not in text:  # "No stored event matches <the same words>."
        lines.append(f"_Understood as: {escape_text(understood)}_")
    return Message(text=escape_text(text), blocks=section_blocks("\n".join(lines)))


def totals_messages(answer: Answer, totals: TotalsView) -> list[Message]:
    """Per-event rows and the summed range (each event's range counted once)."""
    span = totals.low if totals.low == totals.high else f"{totals.low}–{totals.high}"
    who = f" ({totals.victim})" if totals.victim else ""
    headline = f"Total: {span} {totals.outcome}{who} over {len(totals.rows)} events"
    blocks: list[Block] = [header_block(headline)]
    note = (
        "_Per-event ranges summed low-to-low and high-to-high; competing claims about one "
        "event are never added up. Claims, not verified._"
    )
    blocks += section_blocks(note)
    groups = [blocks]
    rows: list[str] = []
    for row in totals.rows:
        row_span = str(row.low) if row.low == row.high else f"{row.low}–{row.high}"
        when = describe_row_date(
            row.date_start, row.date_end, row.date_precision, unknown="date unknown"
        )
        claims = "; ".join(claim_phrase(c) for c in row.claims[:3])
        line = f"{when} · {truncate(row.event_title, 120)} (#{row.event_id}): {row_span}"
        rows.append("• " + escape_text(line + (f" — {claims}" if claims else "")))
    for start in range(0, len(rows), 20):
        groups.append(section_blocks("\n".join(rows[start : start + 20])))
    return pack_messages(groups, text=escape_text(headline))
