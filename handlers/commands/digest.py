"""/sitrep digest subscribe|list|unsubscribe|preview|send — digests for the current channel.

Importing this module registers the subcommand (handlers/commands/__init__.py imports it).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.db import session_scope
from bot.digest.runner import preview_digest
from bot.digest.subscriptions import (
    channel_subscription,
    list_subscriptions,
    parse_subscribe_args,
    parse_subscription_id,
    subscribe,
    subscription_view,
    unsubscribe,
)
from bot.errors import NotFoundError, SitrepError, UsageError
from bot.scheduler import build_digest_runner
from handlers.blocks.digest import digest_messages, subscribed_message, subscriptions_message
from handlers.blocks.split import Message
from handlers.commands.registry import CommandContext, CommandReply, subcommand

logger = logging.getLogger(__name__)

USAGE = """\
/sitrep digest subscribe [daily HH:MM | weekly DAY HH:MM] [time zone] [filters] — e.g. daily 08:00 Mali Burkina Wagner
/sitrep digest list — this channel's digests, with any pause reason
/sitrep digest unsubscribe <id>
/sitrep digest preview [id] — what the next digest would show (only you see it)
/sitrep digest send [id] — post the digest in the channel now"""


@subcommand("digest", usage=USAGE)
def digest(context: CommandContext) -> CommandReply:
    verb, _, rest = context.args.strip().partition(" ")
    action = ACTIONS.get(verb.lower())
    if action is None:
        raise UsageError(f"`{verb or 'digest'}` is not a digest command.")
    try:
        return action(context, rest.strip())
    except NotFoundError as error:
        return CommandReply(text=str(error))


def _subscribe(context: CommandContext, args: str) -> CommandReply:
    request = parse_subscribe_args(args)
    tz = request.tz or user_time_zone(context) or "UTC"
    now = context.clock()
    with session_scope(context.engine) as session:
        result = subscribe(
            session,
            channel_id=context.channel_id,
            team_id=context.team_id,
            created_by=context.user_id,
            request=request,
            tz=tz,
            now=now,
        )
        view = subscription_view(session, result.subscription, now=now)
    resumed = [s.id for s in result.resumed if s.id is not None and s.id != view.id]
    message = subscribed_message(view, created=result.created, resumed=resumed)
    return CommandReply(text=message.text, blocks=message.blocks, in_channel=result.created)


def user_time_zone(context: CommandContext) -> str | None:
    """The subscribing user's Slack time zone (users.info), None if Slack will not say."""
    try:
        response = context.client.users_info(user=context.user_id)
    except SlackApiError as error:
        logger.info("users.info failed (%s): digest time zone defaults to UTC", error)
        return None
    tz = (response.get("user") or {}).get("tz")
    return str(tz) if tz else None


def _list(context: CommandContext, args: str) -> CommandReply:
    with session_scope(context.engine) as session:
        views = list_subscriptions(session, channel_ids=[context.channel_id], now=context.clock())
    return _reply(subscriptions_message(views))


def _unsubscribe(context: CommandContext, args: str) -> CommandReply:
    subscription_id = parse_subscription_id(args)
    if subscription_id is None:
        raise UsageError("Say which digest to stop: `/sitrep digest unsubscribe 3`.")
    with session_scope(context.engine) as session:
        unsubscribe(session, subscription_id=subscription_id, channel_id=context.channel_id)
    return CommandReply(text=f"Digest #{subscription_id} unsubscribed.", in_channel=True)


def _preview(context: CommandContext, args: str) -> CommandReply:
    with session_scope(context.engine) as session:
        subscription = channel_subscription(
            session, channel_id=context.channel_id, subscription_id=parse_subscription_id(args)
        )
        content = preview_digest(session, subscription=subscription, now=context.clock())
    first, *rest = digest_messages(content)
    return CommandReply(
        text=first.text, blocks=first.blocks, extra_messages=[m.as_kwargs() for m in rest]
    )


def _send(context: CommandContext, args: str) -> CommandReply:
    runner = build_digest_runner(
        engine=context.engine,
        settings=context.settings,
        web_client=context.client,
        clock=context.clock,
    )
    with session_scope(context.engine) as session:
        subscription = channel_subscription(
            session, channel_id=context.channel_id, subscription_id=parse_subscription_id(args)
        )
    assert subscription.id is not None
    report = runner.send_now(subscription.id)
    if report.posted:
        return CommandReply(text=f"Digest #{subscription.id} posted.")
    if report.skipped:
        return CommandReply(text=f"Nothing new for digest #{subscription.id}; nothing posted.")
    with session_scope(context.engine) as session:
        view = subscription_view(session, subscription, now=context.clock())
    problem = view.paused_reason or view.last_problem or "unknown error"
    raise SitrepError(f"Digest #{subscription.id} could not be posted: {problem}")


def _reply(message: Message) -> CommandReply:
    return CommandReply(text=message.text, blocks=message.blocks)


ACTIONS = {
    "subscribe": _subscribe,
    "list": _list,
    "unsubscribe": _unsubscribe,
    "preview": _preview,
    "send": _send,
}
