"""Events API listeners: mentions and direct messages."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import app_mention, messages


def register(app: App) -> None:
    app_mention.register(app)
    messages.register(app)
