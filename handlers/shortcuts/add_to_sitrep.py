"""Message shortcut "Add to sitrep": ingest a message's links (or its text), reply privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.blocks.ingest import ingest_messages
from handlers.deps import SitrepDeps, deps_of
from handlers.ingesting import ingest_slack_text
from handlers.jobs import submit
from handlers.replies import ResponseUrlReplies

CALLBACK_ID = "add_to_sitrep"


def add_message(deps: SitrepDeps, replies: ResponseUrlReplies, text: str) -> None:
    reports = ingest_slack_text(
        engine=deps.engine,
        settings=deps.settings,
        now=deps.clock(),
        text=text,
        fetch_client=deps.fetch_client,
    )
    replies.private(ingest_messages(reports))


def on_add_to_sitrep(ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    replies = ResponseUrlReplies(
        deps,
        user_id=str((shortcut.get("user") or {}).get("id", "")),
        channel_id=str((shortcut.get("channel") or {}).get("id", "")),
        response_url=shortcut.get("response_url"),
    )
    text = str((shortcut.get("message") or {}).get("text", ""))
    submit(deps, replies, "adding a message", lambda: add_message(deps, replies, text))


def register(app: App) -> None:
    app.shortcut(CALLBACK_ID)(on_add_to_sitrep)
