"""/sitrep add <url or pasted text>: ingest it now and report what was extracted."""

from __future__ import annotations

from bot.errors import UsageError
from handlers.blocks.ingest import ingest_messages
from handlers.commands.ask import messages_reply
from handlers.commands.registry import CommandContext, CommandReply, subcommand
from handlers.ingesting import ingest_slack_text


@subcommand("add", "/sitrep add <url or pasted article text> — add an article now")
def add(context: CommandContext) -> CommandReply:
    if not context.args.strip():
        raise UsageError("Give a link or paste the article text after `/sitrep add`.")
    if context.fetch_client is None:
        raise UsageError("Adding articles is not available here.")
    reports = ingest_slack_text(
        engine=context.engine,
        settings=context.settings,
        now=context.clock(),
        text=context.args,
        fetch_client=context.fetch_client,
    )
    return messages_reply(ingest_messages(reports))
