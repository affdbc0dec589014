"""/sitrep event|sources <id> and /sitrep recent [place or actor]."""

from __future__ import annotations

from bot.answer import answer_question, recent_events
from bot.db import session_scope
from bot.errors import UsageError
from bot.store.views import get_event_view
from handlers.blocks.answer import answer_messages, event_messages, events_messages
from handlers.blocks.sources import sources_messages
from handlers.commands.ask import messages_reply
from handlers.commands.registry import CommandContext, CommandReply, subcommand

RECENT_LIMIT = 10


def parse_event_id(args: str) -> int:
    """ "42" or "#42" -> 42; anything else is a usage error."""
    word = args.strip().lstrip("#")
    if not word.isdigit() or " " in args.strip() or int(word) <= 0:
        raise UsageError(f"An event id is a number, like `42` (got “{args.strip() or 'nothing'}”).")
    return int(word)


@subcommand("event", "/sitrep event <id> — one event: claims, ranges and sources")
def event(context: CommandContext) -> CommandReply:
    event_id = parse_event_id(context.args)
    with session_scope(context.engine) as session:
        view = get_event_view(session, event_id)
    return messages_reply(event_messages(view))


@subcommand("sources", "/sitrep sources <id> — every source of an event, with quoted sentences")
def sources(context: CommandContext) -> CommandReply:
    event_id = parse_event_id(context.args)
    with session_scope(context.engine) as session:
        view = get_event_view(session, event_id)
    return messages_reply(sources_messages(view))


@subcommand("recent", "/sitrep recent [place or actor] — the latest events, optionally filtered")
def recent(context: CommandContext) -> CommandReply:
    where = context.args.strip()
    with session_scope(context.engine) as session:
        if where:
            answer = answer_question(
                session=session, question=f"latest {where}", now=context.clock(), limit=RECENT_LIMIT
            )
            return messages_reply(answer_messages(answer))
        events = recent_events(session=session, now=context.clock(), limit=RECENT_LIMIT)
    return messages_reply(
        events_messages(events, title="Latest events", empty="No events stored yet.")
    )
