"""What every CLI command needs: settings, a migrated engine and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Engine

from bot.clock import Clock, system_clock
from bot.config import Settings, get_settings
from bot.db import create_db_engine, migrate


@dataclass(frozen=True)
class CliContext:
    settings: Settings
    engine: Engine
    clock: Clock


@lru_cache(maxsize=1)
def cli_context() -> CliContext:
    """Settings from the environment and a migrated engine, built once per process."""
    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    return CliContext(settings=settings, engine=engine, clock=system_clock)
