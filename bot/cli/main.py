"""Root typer app: each area registers its own commands (core, serve, digest, feeds)."""

from __future__ import annotations

import logging

import typer

from bot.cli import core, digest, feeds, serve
from bot.errors import SitrepError

app = typer.Typer(
    name="sitrep",
    help="sitrep reads conflict news and answers with attributed casualty claims.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

for module in (core, feeds, digest, serve):
    module.register(app)


def main() -> None:
    """Console-script entry point: user-facing errors print cleanly and exit 1."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except SitrepError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise SystemExit(1) from None
