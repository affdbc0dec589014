"""@sitrep in a channel: answered in the thread of the mention, with the thread as context."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from handlers.deps import deps_of
from handlers.events.questions import QuestionEvent, answer_event
from handlers.jobs import submit
from handlers.replies import ThreadReplies


def on_app_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    # Events are acknowledged by Bolt before this runs; all work happens on the pool.
    deps = deps_of(context)
    channel_id = str(event.get("channel", ""))
    thread_ts = str(event.get("thread_ts") or event.get("ts") or "")
    replies = ThreadReplies(
        deps, user_id=str(event.get("user", "")), channel_id=channel_id, thread_ts=thread_ts
    )
    question = QuestionEvent(
        event_id=body.get("event_id"),
        kind="app_mention",
        channel_id=channel_id,
        thread_key=thread_ts,
        text=str(event.get("text", "")),
        bot_user_id=context.bot_user_id,
    )
    submit(deps, replies, "answering a mention", lambda: answer_event(deps, replies, question))


def register(app: App) -> None:
    app.event("app_mention")(on_app_mention)
