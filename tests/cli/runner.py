"""Running the real `sitrep` app against the test database (DATABASE_URL) with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner, Result

from bot.cli.context import cli_context
from bot.cli.main import app
from bot.clock import FrozenClock
from bot.config import get_settings


@dataclass
class Cli:
    runner: CliRunner

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=True)


@pytest.fixture(name="cli")
def cli_fixture(db_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    """`cli("ask", "...")` runs sitrep as a user would, on the test database.

    Import `cli_fixture` into a test module to use the `cli` fixture there."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setattr("bot.cli.context.system_clock", clock)
    get_settings.cache_clear()
    cli_context.cache_clear()
    yield Cli(CliRunner())
    cli_context().engine.dispose()
    cli_context.cache_clear()
    get_settings.cache_clear()
