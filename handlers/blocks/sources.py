"""The Sources view: every source of an event with the sentences its claims were quoted from."""

from __future__ import annotations

from bot.views import EventView, SourceView
from handlers.blocks.escape import escape_text, link, truncate
from handlers.blocks.split import (
    Block,
    Message,
    divider,
    header_block,
    pack_messages,
    section_blocks,
)
from handlers.blocks.wording import claim_phrase, event_heading, outlets_phrase, source_phrase_parts

SENTENCE_CHARS = 500


def source_text(event: EventView, source: SourceView) -> str:
    """A source's link line followed by the quoted sentence of each claim it carries."""
    title, extra = source_phrase_parts(source)
    lines = [" · ".join([f"*{link(source.url, truncate(title, 200))}*", *map(escape_text, extra)])]
    for claim in event.claims:
        if claim.document_id != source.document_id:
            continue
        quote = escape_text(truncate(claim.sentence, SENTENCE_CHARS))
        lines.append(f"> “{quote}”\n> — {escape_text(claim_phrase(claim))}")
    return "\n".join(lines)


def sources_groups(event: EventView) -> list[Block]:
    """Blocks for one event's sources (header, one section per source)."""
    blocks: list[Block] = [header_block(f"Sources · {event_heading(event)}")]
    intro = f"*{escape_text(truncate(event.title, 300))}* (event #{event.id})"
    outlets = outlets_phrase(event)
    blocks += section_blocks(intro + (f"\n_{escape_text(outlets)}_" if outlets else ""))
    for source in event.sources:
        blocks += section_blocks(source_text(event, source))
    if not event.sources:
        blocks += section_blocks("_No source documents recorded._")
    blocks.append(divider())
    return blocks


def sources_messages(event: EventView) -> list[Message]:
    return pack_messages(
        [sources_groups(event)], text=escape_text(f"Sources for #{event.id} {event_heading(event)}")
    )
