"""The only Slack-aware code: thin adapters from Slack payloads to domain calls and back."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Attach every surface's listeners (slash command, events, buttons, shortcut, App Home)."""
    from handlers import actions, commands, events, shortcuts, views

    for surface in (commands, events, actions, shortcuts, views):
        surface.register(app)
