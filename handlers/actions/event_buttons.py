"""The buttons under an event card: Sources, More like this, Open event (private replies)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.answer import recent_events
from bot.db import session_scope
from bot.store.views import get_event_view
from bot.views import EventView, QueryFilters
from handlers.blocks.answer import (
    ACTION_MORE_LIKE_THIS,
    ACTION_OPEN_EVENT,
    ACTION_SOURCES,
    event_messages,
    events_messages,
)
from handlers.blocks.sources import sources_messages
from handlers.blocks.split import Message
from handlers.blocks.wording import event_heading
from handlers.deps import SitrepDeps, deps_of
from handlers.jobs import reporting_failures
from handlers.replies import ModalReplies, Replies, ResponseUrlReplies
from handlers.tasks import Payload, enqueue

MORE_LIKE_THIS = 5


def more_like_this(deps: SitrepDeps, event: EventView) -> list[Message]:
    """Recent events with the same actors in the same country."""
    filters = QueryFilters(
        actors=[a.name for a in event.actors],
        countries=[event.country_code] if event.country_code else [],
    )
    with session_scope(deps.engine) as session:
        found = recent_events(
            session=session, now=deps.clock(), filters=filters, limit=MORE_LIKE_THIS + 1
        )
    others = [e for e in found if e.id != event.id][:MORE_LIKE_THIS]
    return events_messages(
        others,
        title=f"More like #{event.id} ({event_heading(event)})",
        empty=f"Nothing else like #{event.id} yet.",
    )


_RENDERERS: dict[str, Callable[[SitrepDeps, EventView], list[Message]]] = {
    ACTION_SOURCES: lambda deps, event: sources_messages(event),
    ACTION_MORE_LIKE_THIS: more_like_this,
    ACTION_OPEN_EVENT: lambda deps, event: event_messages(event),
}


def replies_for(deps: SitrepDeps, body: dict[str, Any]) -> Replies:
    user_id = str((body.get("user") or {}).get("id", ""))
    container = body.get("container") or {}
    if container.get("type") == "view" or not body.get("response_url"):
        in_modal = (body.get("view") or {}).get("type") == "modal"
        return ModalReplies(deps, user_id, str(body.get("trigger_id", "")), in_modal=in_modal)
    channel_id = str((body.get("channel") or {}).get("id", ""))
    return ResponseUrlReplies(deps, user_id, channel_id, body.get("response_url"))


def on_event_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
) -> None:
    ack()
    enqueue(deps_of(context), show_event, {"body": body, "action": action})


def show_event(deps: SitrepDeps, payload: Payload) -> None:
    """The task: the event the button belongs to, rendered for that button, privately."""
    replies = replies_for(deps, payload["body"])
    action = payload["action"]
    render = _RENDERERS[str(action.get("action_id"))]
    value = str(action.get("value", ""))
    if not value.isdigit():
        return
    with reporting_failures(replies, what=f"button {action.get('action_id')}"):
        with session_scope(deps.engine) as session:
            event = get_event_view(session, int(value))
        replies.private(render(deps, event))


def register(app: App) -> None:
    for action_id in _RENDERERS:
        app.action(action_id)(on_event_button)
