"""Plain INSERTs for the write path, race-safe where several replicas may write the same row.

`INSERT ... ON CONFLICT DO NOTHING` exists on SQLite and PostgreSQL alike; the row another writer
won the race with is then simply read back. Statements run on the session's connection (same
transaction) without ORM objects: ingest writes a handful of rows per article and the ORM's
unit of work would be most of its cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (every NOT NULL column given: model default factories do not run here)."""
    if rows:
        session.connection().execute(table_of(model).insert(), list(rows))


def insert_returning_id(session: Session, model: type[SQLModel], row: dict[str, Any]) -> int:
    table = table_of(model)
    return int(session.connection().execute(table.insert().returning(table.c.id), row).scalar_one())


def insert_ignoring_conflicts(
    session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert `rows`, silently skipping any that would violate a unique constraint."""
    if rows:
        session.connection().execute(_insert_or_ignore(session, model), list(rows))


def insert_or_ignore(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert one row unless a unique constraint keeps it out; True when it went in."""
    result = session.connection().execute(_insert_or_ignore(session, model), values)
    return bool(result.rowcount)


def insert_or_ignore_returning_id(
    session: Session, model: type[SQLModel], values: dict[str, Any]
) -> int | None:
    """Insert one row and return its id, or None when a unique constraint kept it out."""
    statement = _insert_or_ignore(session, model).returning(table_of(model).c.id)
    found = session.connection().execute(statement, values).scalar_one_or_none()
    return int(found) if found is not None else None


def _insert_or_ignore(session: Session, model: type[SQLModel]) -> Any:
    table = table_of(model)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"unsupported database dialect: {dialect}")  # pragma: no cover
