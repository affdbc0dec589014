"""Publisher ids served from memory: only once committed, never from a rolled-back transaction."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.store.publishers import publisher_id
from models import Publisher


def _name_of(session: Session, id_: int) -> str | None:
    row = session.get(Publisher, id_)
    return row.name if row is not None else None


def test_a_rolled_back_publisher_is_not_remembered(engine: Engine) -> None:
    with Session(engine) as session:
        publisher_id(session, "Sahel Wire", "https://sahel.example/a")
        session.rollback()
    with session_scope(engine) as session:  # may take the id the rolled-back row had
        other = publisher_id(session, "Horn Dispatch", None)
    with session_scope(engine) as session:
        sahel = publisher_id(session, "Sahel Wire", "https://sahel.example/b")
        assert sahel != other
        assert _name_of(session, sahel) == "Sahel Wire"
        assert session.exec(select(Publisher.domain).where(Publisher.id == sahel)).one() == (
            "sahel.example"
        )


def test_a_committed_publisher_is_read_once(engine: Engine) -> None:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with session_scope(engine) as session:
        first = publisher_id(session, "Sahel Wire", None)
        assert publisher_id(session, "Sahel Wire", None) == first  # pending: same transaction
    reads = len(statements)
    for _ in range(3):
        with session_scope(engine) as session:
            assert publisher_id(session, "Sahel Wire", None) == first
    assert not [s for s in statements[reads:] if "publisher" in s]
    with session_scope(engine) as session:
        assert _name_of(session, first) == "Sahel Wire"
