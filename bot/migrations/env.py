"""Alembic environment: run against the connection bot.db.migrate() hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text search objects (created by hand in 0001_core) out of autogenerate,
    and APScheduler's job table, which its SQLAlchemyJobStore creates and owns (bot/scheduler.py)."""
    if name and "apscheduler_jobs" in name:
        return False
    return not (name and (name.startswith("event_fts") or name == "ix_event_search_tsv"))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = config.attributes["engine"]
        with engine.begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
