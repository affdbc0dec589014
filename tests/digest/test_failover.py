"""Two real replicas on PostgreSQL: kill the leader, the follower takes over; nothing lost or doubled.

Each replica is tests/digest/worker_process.py in its own process, posting to the fake Slack on
127.0.0.1, with a clock read from a file the test writes. The test waits on the processes' output
and on the fake Slack with timeouts; it never sleeps.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.db import create_db_engine
from models import DigestRun
from tests.conftest import _truncate_postgres
from tests.digest.factories import ClaimSpec, add_event, add_subscription
from tests.fakes.slack_api import FakeSlack

FIRE = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)  # 08:00 Europe/Paris
REPO = Path(__file__).resolve().parents[2]


class Replica:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "digest" / "worker_process.py")],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line.strip())

    def wait_for_line(self, prefix: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.name}: no '{prefix}' line in {''.join(self.output)}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line.startswith(prefix):
                return line

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def replicas() -> Iterator[list[Replica]]:
    started: list[Replica] = []
    yield started
    for replica in started:
        replica.kill()


def top_level_posts(slack: FakeSlack) -> int:
    return sum(1 for c in slack.calls_to("chat.postMessage") if not c.params.get("thread_ts"))


def test_follower_takes_over_when_the_leader_is_killed(
    postgres_url: str, slack: FakeSlack, tmp_path: Path, replicas: list[Replica]
) -> None:
    engine = create_db_engine(postgres_url)
    _truncate_postgres(engine)
    with Session(engine) as session:
        add_event(
            session,
            title="Clashes near Tinzaouaten",
            updated_at=FIRE - timedelta(hours=2),
            claims=[ClaimSpec("CSP", "Wagner Group", 84)],
        )
    add_subscription(engine, now=FIRE - timedelta(days=1))
    clock_file = tmp_path / "now"
    clock_file.write_text((FIRE + timedelta(seconds=30)).isoformat())
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        "SLACK_API_URL": slack.base_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SITREP_LEADER_RETRY_SECONDS": "0.2",
        "SITREP_TEST_CLOCK_FILE": str(clock_file),
        "SITREP_TEST_TICK_SECONDS": "0.5",
        "PYTHONPATH": str(REPO),
    }
    leader = Replica("leader", env)
    replicas.append(leader)
    leader.wait_for_line("leader")
    slack.wait_for("chat.postMessage", 1, timeout=30)
    follower = Replica("follower", env)
    replicas.append(follower)
    follower.wait_for_line("ready")
    leader.wait_for_line("job digest.tick")  # the leader keeps ticking, the follower waits
    leader.wait_for_line("job digest.tick")
    assert not [line for line in follower.output if line.startswith(("leader", "job"))]

    leader.kill()
    killed_at = time.monotonic()
    follower.wait_for_line("leader", timeout=30)
    assert time.monotonic() - killed_at < 30
    follower.wait_for_line("job digest.tick")  # its first tick: day 1 is already done
    assert top_level_posts(slack) == 1  # not doubled

    clock_file.write_text((FIRE + timedelta(days=1, seconds=30)).isoformat())
    slack.wait_for("chat.postMessage", 2, timeout=30)  # day 2 comes from the new leader
    follower.wait_for_line("job digest.tick")
    assert top_level_posts(slack) == 2
    with Session(engine) as session:
        posted = session.exec(select(DigestRun).where(DigestRun.status == "posted")).all()
    assert sorted(run.period_end for run in posted) == [FIRE, FIRE + timedelta(days=1)]
    engine.dispose()
