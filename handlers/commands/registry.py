"""Subcommands of /sitrep register here, so each area (answers, digests, feeds) owns its own.

`/sitrep digest subscribe daily 08:00 Mali` -> the "digest" handler gets args "subscribe daily 08:00 Mali".
Handlers run after ack(); they return a CommandReply (ephemeral unless in_channel) or raise UsageError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings
from bot.views import QueryFilters


@dataclass(frozen=True)
class CommandContext:
    args: str  # the text after the subcommand word, stripped
    user_id: str
    channel_id: str
    team_id: str | None
    response_url: str | None
    engine: Engine
    settings: Settings
    client: WebClient
    clock: Clock
    # The app's shared article/feed fetching client (bot.ingest.fetch), built on first call.
    fetch_client: Callable[[], httpx.Client] | None = None


@dataclass(frozen=True)
class Conversation:
    """What an answer posted in a channel meant: the context of replies in its thread."""

    question: str
    filters: QueryFilters


@dataclass
class CommandReply:
    text: str  # plain-text fallback (notifications, screen readers)
    blocks: list[dict[str, Any]] | None = None
    in_channel: bool = False  # ephemeral by default: answers are shown to the asker only
    extra_messages: list[dict[str, Any]] = field(default_factory=list)  # continuation messages
    conversation: Conversation | None = None  # in_channel: remembered for the message's thread


SubcommandHandler = Callable[[CommandContext], CommandReply]


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str  # one line per form, shown by /sitrep help and on bad syntax
    handler: SubcommandHandler


_SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, usage: str) -> Callable[[SubcommandHandler], SubcommandHandler]:
    """Register `handler` as `/sitrep <name> ...`."""

    def decorator(handler: SubcommandHandler) -> SubcommandHandler:
        _SUBCOMMANDS[name] = Subcommand(name=name, usage=usage, handler=handler)
        return handler

    return decorator


def get_subcommand(name: str) -> Subcommand | None:
    return _SUBCOMMANDS.get(name.lower())


def all_subcommands() -> list[Subcommand]:
    return sorted(_SUBCOMMANDS.values(), key=lambda s: s.name)
