"""Interactive components: the buttons on answer cards."""

from __future__ import annotations

from slack_bolt import App

from handlers.actions import event_buttons


def register(app: App) -> None:
    event_buttons.register(app)
