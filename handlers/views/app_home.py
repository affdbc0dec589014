"""The App Home tab: published on app_home_opened with the latest events and digests."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackApiError

from bot.answer import recent_events
from bot.db import session_scope
from handlers.blocks.home import SubscriptionLike, home_view
from handlers.blocks.split import Message
from handlers.deps import SitrepDeps, deps_of
from handlers.jobs import reporting_failures
from handlers.tasks import Payload, enqueue

logger = logging.getLogger(__name__)

HOME_EVENTS = 10


@dataclass
class HomeReplies:
    """Failures while building the tab are shown in the tab itself."""

    deps: SitrepDeps
    user_id: str

    def answer(self, messages: list[Message]) -> None:
        self.private(messages)

    def private(self, messages: list[Message]) -> None:
        blocks = [b for m in messages for b in m.blocks]
        self.deps.client.views_publish(
            user_id=self.user_id, view={"type": "home", "blocks": blocks}
        )


def user_channel_ids(deps: SitrepDeps, user_id: str) -> list[str] | None:
    """The channels the user is in (that the bot may see), or None if Slack will not say."""
    try:
        response = deps.client.users_conversations(
            user=user_id, types="public_channel,private_channel", exclude_archived=True, limit=200
        )
    except SlackApiError as error:
        logger.info("users.conversations failed (%s): no digests on the Home tab", error)
        return None
    return [str(c["id"]) for c in response.get("channels") or [] if c.get("id")]


def subscriptions_for(deps: SitrepDeps, user_id: str) -> list[SubscriptionLike] | None:
    try:
        from bot.digest.subscriptions import list_subscriptions
    except ImportError:  # the digest area is not installed
        return None
    channel_ids = user_channel_ids(deps, user_id)
    if not channel_ids:
        return []
    with session_scope(deps.engine) as session:
        found: list[SubscriptionLike] = list(
            list_subscriptions(session, channel_ids=channel_ids, now=deps.clock())
        )
    return found


def publish_home(deps: SitrepDeps, user_id: str) -> None:
    with session_scope(deps.engine) as session:
        events = recent_events(session=session, now=deps.clock(), limit=HOME_EVENTS)
    view = home_view(events, subscriptions_for(deps, user_id))
    deps.client.views_publish(user_id=user_id, view=view)


def on_app_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    enqueue(deps_of(context), show_home, {"user_id": str(event.get("user", ""))})


def show_home(deps: SitrepDeps, payload: Payload) -> None:
    """The task: publish the user's Home tab (a failure is shown in the tab itself)."""
    user_id = payload["user_id"]
    with reporting_failures(HomeReplies(deps, user_id), what="publishing the Home tab"):
        publish_home(deps, user_id)


def register(app: App) -> None:
    app.event("app_home_opened")(on_app_home_opened)
