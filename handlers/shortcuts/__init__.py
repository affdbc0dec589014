"""Shortcuts: the "Add to sitrep" message shortcut."""

from __future__ import annotations

from slack_bolt import App

from handlers.shortcuts import add_to_sitrep


def register(app: App) -> None:
    add_to_sitrep.register(app)
