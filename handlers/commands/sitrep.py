"""/sitrep: ack at once, then route to the registered subcommand on the worker pool.

`/sitrep <question>` with no known subcommand word is a question (`ask`); an empty
`/sitrep` shows help. A UsageError from any subcommand becomes that subcommand's usage, privately.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.errors import UsageError
from handlers.blocks.help import usage_message
from handlers.blocks.split import Message, section_blocks
from handlers.commands.registry import CommandContext, CommandReply, Subcommand, get_subcommand
from handlers.deps import SitrepDeps, deps_of
from handlers.jobs import submit
from handlers.replies import ResponseUrlReplies
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
    if reply.in_channel:
        replies.public(messages)
    else:
        replies.private(messages)


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
    deps = deps_of(context)
    text = to_plain_text(str(command.get("text", "")), links="url")
    subcommand, args = resolve(text)
    replies = ResponseUrlReplies(
        deps,
        user_id=str(command.get("user_id", "")),
        channel_id=str(command.get("channel_id", "")),
        response_url=command.get("response_url"),
    )
    ctx = command_context(deps, command, args)
    submit(
        deps,
        replies,
        f"/sitrep {subcommand.name}",
        lambda: run_subcommand(subcommand, ctx, replies),
    )


def register(app: App) -> None:
    app.command("/sitrep")(on_sitrep)
