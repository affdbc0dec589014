"""/sitrep help and the usage shown on bad syntax, built from the subcommand registry."""

from __future__ import annotations

from handlers.blocks.escape import escape_text
from handlers.blocks.split import Message, section_blocks
from handlers.commands.registry import Subcommand

INTRO = (
    "*sitrep* answers questions about conflict events with attributed casualty claims.\n"
    "Ask `/sitrep &lt;question&gt;` (only you see the answer), `/sitrep share &lt;question&gt;` "
    "(posted in the channel), or mention me in a channel: I answer in the thread and "
    "follow-ups in that thread keep the context."
)


def usage_lines(subcommand: Subcommand) -> list[str]:
    return [
        f"`{escape_text(line.strip())}`" for line in subcommand.usage.splitlines() if line.strip()
    ]


def help_message(subcommands: list[Subcommand]) -> Message:
    lines = [INTRO, ""]
    for subcommand in subcommands:
        lines.extend(usage_lines(subcommand))
    return Message(text="sitrep help", blocks=section_blocks("\n".join(lines)))


def usage_message(problem: str, subcommand: Subcommand | None) -> Message:
    """An ephemeral "that did not work, here is how to ask" reply."""
    lines = [f":warning: {escape_text(problem)}"]
    if subcommand is not None:
        lines += ["Usage:", *usage_lines(subcommand)]
    else:
        lines.append("Type `/sitrep help` for every command.")
    return Message(text=escape_text(problem), blocks=section_blocks("\n".join(lines)))
