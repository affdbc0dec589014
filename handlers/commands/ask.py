"""/sitrep ask|share <question>: an answer card, private (ask) or posted in the channel (share)."""

from __future__ import annotations

from bot.answer import answer_question
from bot.db import session_scope
from bot.errors import UsageError
from bot.views import Answer
from handlers.blocks.answer import answer_messages
from handlers.blocks.escape import escape_text
from handlers.blocks.split import Message, section_blocks
from handlers.commands.registry import CommandContext, CommandReply, Conversation, subcommand

EXAMPLE = "/sitrep ask latest Wagner losses in Mali"


def messages_reply(
    messages: list[Message], *, in_channel: bool = False, conversation: Conversation | None = None
) -> CommandReply:
    first, *rest = messages
    return CommandReply(
        text=first.text,
        blocks=first.blocks,
        in_channel=in_channel,
        extra_messages=[m.as_kwargs() for m in rest],
        conversation=conversation,
    )


def _answer(context: CommandContext) -> Answer:
    question = context.args.strip()
    if not question:
        raise UsageError(f"Ask a question, e.g. `{EXAMPLE}`.")
    with session_scope(context.engine) as session:
        return answer_question(session=session, question=question, now=context.clock())


@subcommand("ask", "/sitrep ask <question> — answer privately (same as /sitrep <question>)")
def ask(context: CommandContext) -> CommandReply:
    return messages_reply(answer_messages(_answer(context)))


@subcommand("share", "/sitrep share <question> — answer in the channel, for everyone")
def share(context: CommandContext) -> CommandReply:
    answer = _answer(context)
    messages = answer_messages(answer)
    asked = f"<@{context.user_id}> asked: “{escape_text(context.args.strip())}”"
    messages[0].blocks = [*section_blocks(asked), *messages[0].blocks]
    conversation = Conversation(question=answer.question, filters=answer.filters)
    return messages_reply(messages, in_channel=True, conversation=conversation)
