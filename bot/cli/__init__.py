"""The `sitrep` command line: thin typer commands over the same domain functions Slack uses."""

from bot.cli.main import app, main

__all__ = ["app", "main"]
