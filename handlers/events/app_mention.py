"""@sitrep in a channel: answered in the thread of the mention, with the thread as context."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from handlers.deps import SitrepDeps, deps_of
from handlers.events.questions import QuestionEvent, answer_event
from handlers.jobs import reporting_failures
from handlers.replies import ThreadReplies
from handlers.tasks import Payload, enqueue


def on_app_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    # Events are acknowledged by Bolt before this runs; all work happens in the task.
    payload = {"event_id": body.get("event_id"), "event": event, "bot": context.bot_user_id}
    enqueue(deps_of(context), answer_mention, payload)


def answer_mention(deps: SitrepDeps, payload: Payload) -> None:
    """The task: answer in the mention's thread (a mention outside a thread starts one)."""
    event = payload["event"]
    channel_id = str(event.get("channel", ""))
    thread_ts = str(event.get("thread_ts") or event.get("ts") or "")
    replies = ThreadReplies(
        deps, user_id=str(event.get("user", "")), channel_id=channel_id, thread_ts=thread_ts
    )
    question = QuestionEvent(
        event_id=payload.get("event_id"),
        kind="app_mention",
        channel_id=channel_id,
        thread_key=thread_ts,
        text=str(event.get("text", "")),
        bot_user_id=payload.get("bot"),
    )
    with reporting_failures(replies, what="answering a mention"):
        answer_event(deps, replies, question)


def register(app: App) -> None:
    app.event("app_mention")(on_app_mention)
