"""Database fixtures: every test that takes `engine` runs on SQLite and on PostgreSQL.

PostgreSQL is the server named by SITREP_TEST_POSTGRES_URL (default: the local one on
127.0.0.1:5432, user postgres). Where it is unreachable, the PostgreSQL variants skip with the
reason; with SITREP_REQUIRE_POSTGRES=1 or CI=true that is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from bot.clock import FrozenClock
from bot.db import create_db_engine, migrate

POSTGRES_ADMIN_URL = os.environ.get(
    "SITREP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_unavailable_reason() -> str | None:
    try:
        admin = create_db_engine(POSTGRES_ADMIN_URL, poolclass=None)
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
        admin.dispose()
    except Exception as error:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {type(error).__name__}"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrations run once per session)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    reason = _postgres_unavailable_reason()
    if reason:
        if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"sitrep_test_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = create_db_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_postgres(engine: Engine) -> None:
    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    extra = os.environ.get("SITREP_TEST_EXTRA_TABLES", "")
    tables += [t for t in extra.split(",") if t]
    tables.append("apscheduler_jobs")  # APScheduler's job store (bot/scheduler.py), not SQLModel
    with engine.begin() as connection:
        existing = {
            row[0]
            for row in connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        }
        names = [f'"{t}"' for t in tables if t in existing and t != "alembic_version"]
        if names:
            connection.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL: a copied SQLite file or the truncated PostgreSQL one."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "sitrep.db"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
    else:
        url: str = request.getfixturevalue("postgres_url")
        engine = create_db_engine(url)
        _truncate_postgres(engine)
        engine.dispose()
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def clock() -> FrozenClock:
    """2024-08-01 12:00 UTC: a Thursday, the seed article's publication day."""
    return FrozenClock(datetime(2024, 8, 1, 12, 0, tzinfo=UTC))
