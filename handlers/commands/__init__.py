"""Slash commands: /sitrep and its subcommands (each area registers its own in registry.py)."""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from slack_bolt import App

logger = logging.getLogger(__name__)

# Subcommand modules: importing one registers its subcommands. digest and feed belong to the
# digest and feed areas and are optional until they land.
OWN_MODULES = ("ask", "lookup", "add", "help")
OTHER_AREAS = ("digest", "feed")


def load_subcommands() -> list[ModuleType]:
    """Import every subcommand module; returns the other areas' modules that exist."""
    for name in OWN_MODULES:
        importlib.import_module(f"handlers.commands.{name}")
    found = []
    for name in OTHER_AREAS:
        module_name = f"handlers.commands.{name}"
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            logger.debug("no %s subcommand installed", name)
    return found


def register(app: App) -> None:
    from handlers.commands import sitrep

    for module in load_subcommands():
        register_more = getattr(module, "register", None)
        if callable(register_more):  # an area's own listeners (e.g. digest buttons)
            register_more(app)
    sitrep.register(app)
