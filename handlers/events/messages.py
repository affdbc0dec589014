"""Direct messages: each is a question, answered in the DM with the conversation as context.

Only plain user messages count: edits, deletions, joins (any subtype) and bot messages are
ignored, and so are channel messages (mentions there arrive as app_mention).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from handlers.deps import SitrepDeps, deps_of
from handlers.events.questions import QuestionEvent, answer_event
from handlers.jobs import reporting_failures
from handlers.replies import ThreadReplies
from handlers.tasks import Payload, enqueue


def is_question_in_dm(event: dict[str, Any], bot_user_id: str | None) -> bool:
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
        and bool(str(event.get("text", "")).strip())
    )


def on_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    if not is_question_in_dm(event, context.bot_user_id):
        return
    payload = {"event_id": body.get("event_id"), "event": event, "bot": context.bot_user_id}
    enqueue(deps_of(context), answer_dm, payload)


def answer_dm(deps: SitrepDeps, payload: Payload) -> None:
    """The task: answer in the DM (in the thread, if the question was asked in one)."""
    event = payload["event"]
    channel_id = str(event["channel"])
    thread_ts = event.get("thread_ts")
    replies = ThreadReplies(
        deps, user_id=str(event["user"]), channel_id=channel_id, thread_ts=thread_ts, is_dm=True
    )
    question = QuestionEvent(
        event_id=payload.get("event_id"),
        kind="message.im",
        channel_id=channel_id,
        thread_key=str(thread_ts or ""),
        text=str(event.get("text", "")),
        bot_user_id=payload.get("bot"),
    )
    with reporting_failures(replies, what="answering a direct message"):
        answer_event(deps, replies, question)


def register(app: App) -> None:
    app.event("message")(on_message)
