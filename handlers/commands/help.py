"""/sitrep help: the usage of every registered subcommand (digest and feed included)."""

from __future__ import annotations

from handlers.blocks.help import help_message
from handlers.commands.registry import CommandContext, CommandReply, all_subcommands, subcommand


@subcommand("help", "/sitrep help — this list")
def show_help(context: CommandContext) -> CommandReply:
    message = help_message(all_subcommands())
    return CommandReply(text=message.text, blocks=message.blocks)
