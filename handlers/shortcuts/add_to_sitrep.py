"""Message shortcut "Add to sitrep": ingest a message's links (or its text), reply privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.blocks.ingest import ingest_messages
from handlers.deps import SitrepDeps, deps_of
from handlers.ingesting import ingest_slack_text
from handlers.jobs import reporting_failures
from handlers.replies import ResponseUrlReplies
from handlers.tasks import Payload, enqueue

CALLBACK_ID = "add_to_sitrep"


def on_add_to_sitrep(ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
    ack()
    enqueue(deps_of(context), add_message, {"shortcut": shortcut})


def add_message(deps: SitrepDeps, payload: Payload) -> None:
    """The task: ingest the message's links (or its text) and say what was extracted."""
    shortcut = payload["shortcut"]
    replies = ResponseUrlReplies(
        deps,
        user_id=str((shortcut.get("user") or {}).get("id", "")),
        channel_id=str((shortcut.get("channel") or {}).get("id", "")),
        response_url=shortcut.get("response_url"),
    )
    with reporting_failures(replies, what="adding a message"):
        reports = ingest_slack_text(
            engine=deps.engine,
            settings=deps.settings,
            now=deps.clock(),
            text=str((shortcut.get("message") or {}).get("text", "")),
            fetch_client=deps.fetch_client,
        )
        replies.private(ingest_messages(reports))


def register(app: App) -> None:
    app.shortcut(CALLBACK_ID)(on_add_to_sitrep)
