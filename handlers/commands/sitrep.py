"""/sitrep: ack at once, then route to the registered subcommand in a task (handlers/tasks.py).

`/sitrep <question>` with no known subcommand word is a question (`ask`); an empty
`/sitrep` shows help. A UsageError from any subcommand becomes that subcommand's usage, privately.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.db import session_scope
from bot.errors import UsageError
from handlers.blocks.help import usage_message
from handlers.blocks.split import Message, section_blocks
from handlers.commands.registry import (
    CommandContext,
    CommandReply,
    Conversation,
    Subcommand,
    get_subcommand,
)
from handlers.deps import SitrepDeps, deps_of
from handlers.jobs import reporting_failures
from handlers.replies import ResponseUrlReplies
from handlers.store import save_thread_filters
from handlers.tasks import Payload, enqueue
from handlers.text import to_plain_text

DEFAULT_SUBCOMMAND = "ask"


def resolve(text: str) -> tuple[Subcommand, str]:
    """(subcommand, args) for the text after /sitrep."""
    word, _, rest = text.strip().partition(" ")
    found = get_subcommand(word) if word else get_subcommand("help")
    if found is not None:
        return found, rest.strip() if word else ""
    default = get_subcommand(DEFAULT_SUBCOMMAND)
    assert default is not None, "the ask subcommand is not registered"
    return default, text.strip()


def reply_messages(reply: CommandReply) -> list[Message]:
    first = Message(text=reply.text, blocks=reply.blocks or section_blocks(reply.text))
    extra = [
        Message(text=str(m.get("text", "")), blocks=list(m.get("blocks") or []))
        for m in reply.extra_messages
    ]
    return [first, *extra]


def run_subcommand(
    subcommand: Subcommand, context: CommandContext, replies: ResponseUrlReplies
) -> None:
    try:
        reply = subcommand.handler(context)
    except UsageError as error:
        replies.private([usage_message(str(error), subcommand)])
        return
    messages = reply_messages(reply)
    if not reply.in_channel:
        replies.private(messages)
        return
    posted = replies.public(messages)
    if reply.conversation is not None:  # replies in the posted answer's thread refine it
        remember_conversation(context, reply.conversation, thread_ts=posted)


def remember_conversation(
    context: CommandContext, conversation: Conversation, *, thread_ts: list[str]
) -> None:
    with session_scope(context.engine) as session:
        for ts in thread_ts:
            save_thread_filters(
                session,
                channel_id=context.channel_id,
                thread_ts=ts,
                question=conversation.question,
                filters=conversation.filters,
                now=context.clock(),
            )


def command_context(deps: SitrepDeps, command: dict[str, Any], args: str) -> CommandContext:
    return CommandContext(
        args=args,
        user_id=str(command.get("user_id", "")),
        channel_id=str(command.get("channel_id", "")),
        team_id=command.get("team_id"),
        response_url=command.get("response_url"),
        engine=deps.engine,
        settings=deps.settings,
        client=deps.client,
        clock=deps.clock,
        fetch_client=deps.fetch_client,
    )


def on_sitrep(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
    ack()
    enqueue(deps_of(context), run_command, {"command": command})


def run_command(deps: SitrepDeps, payload: Payload) -> None:
    """The task: route the command text to its subcommand and reply."""
    command = payload["command"]
    text = to_plain_text(str(command.get("text", "")), links="url")
    subcommand, args = resolve(text)
    replies = ResponseUrlReplies(
        deps,
        user_id=str(command.get("user_id", "")),
        channel_id=str(command.get("channel_id", "")),
        response_url=command.get("response_url"),
    )
    with reporting_failures(replies, what=f"/sitrep {subcommand.name}"):
        run_subcommand(subcommand, command_context(deps, command, args), replies)


def register(app: App) -> None:
    app.command("/sitrep")(on_sitrep)
