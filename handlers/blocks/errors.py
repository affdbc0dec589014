"""Short, private replies for things that went wrong (the user is never left without an answer)."""

from __future__ import annotations

import re

from handlers.blocks.escape import escape_text
from handlers.blocks.split import Message, section_blocks


def apology_message(error_id: str) -> Message:
    text = (
        f"Sorry, something went wrong on our side (error id `{escape_text(error_id)}`). "
        "Please try again; if it keeps happening, give this id to whoever runs sitrep."
    )
    return Message(text=text, blocks=section_blocks(f":x: {text}"))


def invite_hint_message(channel_id: str) -> Message:
    where = (
        f"<#{channel_id}>" if re.fullmatch(r"[CGD][A-Z0-9]{2,30}", channel_id) else "this channel"
    )
    text = (
        f"I can't post in {where}: I'm not a member. "
        "Invite me with `/invite @sitrep` and try again."
    )
    return Message(text=text, blocks=section_blocks(f":wave: {text}"))


def notice_message(text: str) -> Message:
    """A user-facing error (SitrepError) message, escaped."""
    safe = escape_text(text)
    return Message(text=safe, blocks=section_blocks(f":warning: {safe}"))
