"""What `/sitrep add` and "Add to sitrep" report back: per document, what was extracted."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.views import EventView
from handlers.blocks.answer import claim_line
from handlers.blocks.escape import escape_text, link, truncate
from handlers.blocks.split import Block, Message, divider, pack_messages, section_blocks
from handlers.blocks.wording import event_heading

CLAIMS_PER_EVENT = 6


@dataclass
class IngestReport:
    """One document's outcome, in the words the user needs (built by handlers/ingesting.py)."""

    label: str  # the title, or the URL, or "pasted text"
    url: str | None = None
    created: bool = True
    document_id: int | None = None
    new_event_ids: list[int] = field(default_factory=list)
    claims_added: int = 0
    notes: list[str] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    error: str | None = None  # a user-facing IngestError message


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def report_blocks(report: IngestReport) -> list[Block]:
    name = (
        link(report.url, truncate(report.label, 200))
        if report.url
        else escape_text(truncate(report.label, 200))
    )
    if report.error:
        return section_blocks(f":warning: Could not add *{name}*: {escape_text(report.error)}")
    if not report.created:
        head = f"*{name}* was already stored (document #{report.document_id}); nothing new."
    else:
        new = len(report.new_event_ids)
        head = (
            f":white_check_mark: Added *{name}* (document #{report.document_id}): "
            f"{_plural(len(report.events), 'event')} ({new} new), "
            f"{_plural(report.claims_added, 'new claim')}."
        )
    lines = [head]
    lines += [f"_{escape_text(note)}_" for note in report.notes]
    for event in report.events:
        lines.append(
            f"*#{event.id} {escape_text(event_heading(event))}* — "
            f"{escape_text(truncate(event.title, 200))}"
        )
        lines += [claim_line(c) for c in event.claims[:CLAIMS_PER_EVENT]]
        if len(event.claims) > CLAIMS_PER_EVENT:
            lines.append(
                f"… and {len(event.claims) - CLAIMS_PER_EVENT} more (`/sitrep event {event.id}`)"
            )
    return section_blocks("\n".join(lines))


def ingest_messages(reports: list[IngestReport]) -> list[Message]:
    if not reports:
        text = "Nothing to add: give a link or paste the article text."
        return [Message(text=text, blocks=section_blocks(text))]
    groups = [[*report_blocks(r), divider()] for r in reports]
    added = sum(1 for r in reports if r.created and not r.error)
    return pack_messages(groups, text=f"sitrep: {_plural(added, 'document')} added")
