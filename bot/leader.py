"""Which replica runs the scheduler: the one holding a PostgreSQL advisory lock.

The lock is session-level and held on a dedicated connection, so it is released by PostgreSQL
itself when the leader's process or connection dies; followers retry every few seconds and one
of them takes over. On SQLite there is one process by construction: it is always the leader.

Leadership is for efficiency only. Correctness (a digest posted at most once) comes from the
DigestRun unique constraint, so two leaders for a moment (a partitioned leader still finishing
a job) cannot double-post.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from bot.db import is_postgres

logger = logging.getLogger(__name__)

# "SITREP" in ASCII: one application-wide lock id (pg_try_advisory_lock takes a bigint).
SCHEDULER_LOCK_KEY = 0x534954524550


class Leadership(Protocol):
    def try_acquire(self) -> bool:
        """Become leader if nobody is; True if this process is the leader now."""
        ...

    def still_held(self) -> bool:
        """Keep-alive: False once leadership is lost (connection gone)."""
        ...

    def release(self) -> None: ...


class AlwaysLeader:
    """SQLite: a single process, always the leader."""

    def try_acquire(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        return None


class AdvisoryLockLeadership:
    """pg_try_advisory_lock on a connection kept open for as long as we lead."""

    def __init__(self, engine: Engine, *, key: int = SCHEDULER_LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._connection: Connection | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._held:
            return self.still_held()
        try:
            if self._connection is None:
                self._connection = self.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            got = self._connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            ).scalar()
        except Exception as error:
            logger.warning("leader election: database unreachable (%s)", type(error).__name__)
            self._drop()
            return False
        self._held = bool(got)
        return self._held

    def still_held(self) -> bool:
        """A live session keeps its session-level lock, so a working connection means we lead."""
        if not self._held or self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
        except Exception as error:
            logger.warning("leader connection lost (%s): leadership lost", type(error).__name__)
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._connection is not None and self._held:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            except Exception:
                logger.debug("advisory unlock failed; dropping the connection releases it")
        self._drop()

    def _drop(self) -> None:
        """Discard the connection (never back to the pool: it could still hold the lock)."""
        self._held = False
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except Exception:
                logger.debug("closing the leader connection failed", exc_info=True)
            self._connection = None


def leadership_for(engine: Engine) -> Leadership:
    return AdvisoryLockLeadership(engine) if is_postgres(engine) else AlwaysLeader()
