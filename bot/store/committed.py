"""Row ids cached per engine, trusted only once the transaction that learnt them has committed.

Reference rows (actors, publishers) are looked up by name for every ingested article, and are
never deleted: after the first lookup their ids can be served from memory. An id learnt inside
a transaction waits in the session until it commits (a rollback would take an inserted row
with it), and is then shared by every later session on the same engine.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

V = TypeVar("V")

_caches: list[CommittedCache[object]] = []


class CommittedCache(Generic[V]):
    """name -> value per engine; values learnt in an open transaction are pending until commit."""

    def __init__(self, name: str) -> None:
        self._pending_key = f"sitrep.pending.{name}"
        self._committed: weakref.WeakKeyDictionary[Engine, dict[str, V]] = (
            weakref.WeakKeyDictionary()
        )
        _caches.append(self)  # type: ignore[arg-type]

    def committed(self, session: Session) -> dict[str, V]:
        """Values known committed on the session's engine (read-only: do not modify)."""
        return self._committed.get(engine_of(session), {})

    def pending(self, session: Session) -> dict[str, V]:
        """Values learnt in the session's open transaction (add to it as rows are read)."""
        pending: dict[str, V] = session.info.setdefault(self._pending_key, {})
        return pending

    def get(self, session: Session, name: str) -> V | None:
        found = self.committed(session).get(name)
        if found is None:
            found = session.info.get(self._pending_key, {}).get(name)
        return found

    def _promote(self, session: Session) -> None:
        pending = session.info.pop(self._pending_key, None)
        if pending:
            self._committed.setdefault(engine_of(session), {}).update(pending)

    def _forget(self, session: Session) -> None:
        session.info.pop(self._pending_key, None)


def engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


@event.listens_for(Session, "after_commit")
def _promote_pending(session: Session) -> None:
    for cache in _caches:
        cache._promote(session)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    for cache in _caches:
        cache._forget(session)
