"""The scheduler: jobs in the app's database, failures logged, one leader among replicas."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.db import create_db_engine, is_postgres
from bot.digest.runner import TickReport
from bot.leader import AdvisoryLockLeadership, AlwaysLeader, leadership_for
from bot.scheduler import JOBSTORE_TABLE, TICK_JOB_ID, SchedulerRunner, start_scheduler
from tests.digest.factories import ClaimSpec, add_event, add_subscription
from tests.fakes.slack_api import FakeSlack

FIRE = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)


def test_scheduler_runs_the_tick_from_jobs_stored_in_the_app_database(
    engine: Engine, db_url: str, slack: FakeSlack
) -> None:
    from sqlmodel import Session

    with Session(engine) as session:
        add_event(
            session,
            title="Clashes near Tinzaouaten",
            updated_at=FIRE - timedelta(hours=1),
            claims=[ClaimSpec("CSP", "Wagner Group", 84)],
        )
    add_subscription(engine, now=FIRE - timedelta(days=1))
    settings = Settings(database_url=db_url, slack_api_url=slack.base_url)
    runner = start_scheduler(
        engine=engine,
        settings=settings,
        web_client=WebClient(token="xoxb-test", base_url=slack.base_url),
        clock=FrozenClock(FIRE + timedelta(seconds=30)),
        tick_seconds=3600,
        retry_seconds=0.05,
    )
    try:
        slack.wait_for("chat.postMessage", 1, timeout=20)
        assert runner.is_leader.is_set()
    finally:
        runner.shutdown()
    with engine.connect() as connection:
        ids = {row[0] for row in connection.execute(text(f"SELECT id FROM {JOBSTORE_TABLE}"))}
    assert TICK_JOB_ID in ids  # persisted: the next leader picks the schedule up from here
    assert runner.job_runs[TICK_JOB_ID] >= 1


class Exploding:
    def run_due(self) -> TickReport:
        raise RuntimeError("database on fire")


def test_a_failing_job_is_logged_and_counted(
    engine: Engine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[tuple[str, Any]] = []
    runner = SchedulerRunner(
        engine=engine,
        settings=Settings(database_url=db_url),
        digests=Exploding(),  # type: ignore[arg-type]
        leadership=AlwaysLeader(),
        on_job_done=lambda job_id, result: seen.append((job_id, result)),
    )
    with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
        runner.run_job(TICK_JOB_ID)
    assert "scheduled job digest.tick failed" in caplog.text and "database on fire" in caplog.text
    assert runner.job_runs[TICK_JOB_ID] == 1
    assert isinstance(seen[0][1], RuntimeError)


def test_one_leader_at_a_time_and_takeover_when_its_connection_dies(
    engine: Engine, db_url: str
) -> None:
    if not is_postgres(engine):
        assert isinstance(leadership_for(engine), AlwaysLeader)
        return
    other_engine = create_db_engine(db_url)
    first, second = AdvisoryLockLeadership(engine), AdvisoryLockLeadership(other_engine)
    try:
        assert first.try_acquire() and first.still_held()
        assert not second.try_acquire()
        with other_engine.connect() as connection:  # the leader's backend dies
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"
                )
            )
        assert not first.still_held()
        assert second.try_acquire()
        assert not first.try_acquire()
        second.release()
        assert first.try_acquire()
    finally:
        first.release()
        second.release()
        other_engine.dispose()
