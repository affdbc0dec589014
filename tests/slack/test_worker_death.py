"""An answer worker process that dies mid-answer: everyone it was answering hears so, where the
answer would have gone, and the next question is answered by new workers.

The worker really dies: a task registered only here calls os._exit, or the test kills the
process. Tasks that must still be running when it dies block on a FIFO the test never writes
(until teardown), so nothing here sleeps.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.clock import FrozenClock
from bot.slack_client import create_web_client, retry_handlers
from handlers.deps import SitrepDeps
from handlers.tasks import Payload, enqueue
from tests.fakes.slack_api import FakeSlack, RecordedCall
from tests.slack.harness import CHANNEL, USER, SlackHarness, make_settings

SPAWN_TIMEOUT = 60  # a new worker imports the app and answers a warm-up question first
ERROR_ID = re.compile(r"error id `([0-9a-f]+)`")


def hold(deps: SitrepDeps, payload: Payload) -> None:
    """A task that is running when its worker dies: it says so (and in which process), then
    waits on its FIFO."""
    deps.webhook(payload["started"]).send(text=str(os.getpid()))
    with open(payload["fifo"]) as fifo:  # blocks until someone opens it to write
        fifo.read()


def die(deps: SitrepDeps, payload: Payload) -> None:
    os._exit(3)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "hold"
    os.mkfifo(path)
    yield str(path)
    with contextlib.suppress(OSError):  # a task still holding (the test failed): let it go
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@contextlib.contextmanager
def _harness(
    fake: FakeSlack, engine: Engine, db_url: str, clock: FrozenClock, workers: int
) -> Iterator[SlackHarness]:
    """The app with one answer worker process running up to `workers` tasks at once."""
    settings = make_settings(database_url=db_url, fake=fake, answer_workers=1)
    policy = retry_handlers(backoff_factor=0.0, sleep=lambda _: None, jitter=lambda: 0.0)
    client = create_web_client(settings, handlers=policy)
    app = create_app(
        settings, engine, clock, web_client=client, slack_retry_handlers=policy, workers=workers
    )
    try:
        yield SlackHarness(app=app, fake=fake, settings=settings)
    finally:
        app.close()


@pytest.fixture
def slack_workers(
    fake_slack: FakeSlack, engine: Engine, db_url: str, clock: FrozenClock
) -> Iterator[SlackHarness]:
    with _harness(fake_slack, engine, db_url, clock, workers=8) as slack:
        yield slack


@pytest.fixture
def slack_one_thread(
    fake_slack: FakeSlack, engine: Engine, db_url: str, clock: FrozenClock
) -> Iterator[SlackHarness]:
    with _harness(fake_slack, engine, db_url, clock, workers=1) as slack:
        yield slack


def mention_payload(ts: str, **extra: Any) -> Payload:
    event = {"type": "app_mention", "user": USER, "channel": CHANNEL, "ts": ts, "text": "hi"}
    return {"event_id": f"Ev{ts}", "event": event, **extra}


def command_payload(fake: FakeSlack, response: str, **extra: Any) -> Payload:
    command = {"user_id": USER, "channel_id": CHANNEL, "response_url": fake.response_url(response)}
    return {"command": command, **extra}


def held(fake: FakeSlack, fifo: str) -> dict[str, str]:
    """What `hold` needs besides where it answers."""
    return {"fifo": fifo, "started": fake.response_url("started")}


def started_pid(fake: FakeSlack) -> int:
    """Wait until `hold` runs; the process it runs in."""
    (started,) = fake.wait_for("response_url:started", timeout=SPAWN_TIMEOUT)
    return int(started.params["text"])


def apology_id(call: RecordedCall) -> str:
    found = ERROR_ID.search(json.dumps(call.params))
    assert found, call.params
    return found.group(1)


def assert_answered_again(slack: SlackHarness) -> None:
    """The pool recovered: a real command is answered by a new worker process."""
    slack.command("help", response="after")
    (reply,) = slack.fake.wait_for("response_url:after", timeout=SPAWN_TIMEOUT)
    assert "/sitrep ask" in json.dumps(reply.params)
    slack.wait()


def test_every_task_on_a_dying_worker_gets_an_apology_where_its_answer_would_go(
    slack_workers: SlackHarness, fifo: str, caplog: pytest.LogCaptureFixture
) -> None:
    slack, fake, deps = slack_workers, slack_workers.fake, slack_workers.app.deps
    enqueue(deps, hold, mention_payload("1700000500.000100", **held(fake, fifo)))
    started_pid(fake)  # running on one of the worker's threads
    enqueue(deps, die, command_payload(fake, "died"))

    (private,) = fake.wait_for("response_url:died", timeout=SPAWN_TIMEOUT)
    assert private.params["response_type"] == "ephemeral"  # as the command's answer would be
    (in_thread,) = fake.wait_for("chat.postMessage", timeout=SPAWN_TIMEOUT)
    assert in_thread.params["channel"] == CHANNEL  # public, where the mention's answer goes
    assert in_thread.params["thread_ts"] == "1700000500.000100"
    assert not fake.calls_to("chat.postEphemeral")
    slack.wait()
    logged = {
        m.group(1) for r in caplog.records if (m := re.match(r"error_id=(\w+): ", r.getMessage()))
    }
    assert {apology_id(private), apology_id(in_thread)} <= logged

    assert_answered_again(slack)


def test_a_killed_worker_apologises_for_the_tasks_it_had_not_started(
    slack_one_thread: SlackHarness, fifo: str
) -> None:
    slack, fake, deps = slack_one_thread, slack_one_thread.fake, slack_one_thread.app.deps
    enqueue(deps, hold, mention_payload("1700000600.000100", **held(fake, fifo)))
    pid = started_pid(fake)
    # The worker's only thread is busy: these wait in the pool and never start.
    enqueue(deps, hold, command_payload(fake, "queued-1", **held(fake, fifo)))
    enqueue(deps, hold, command_payload(fake, "queued-2", **held(fake, fifo)))
    os.kill(pid, signal.SIGKILL)

    for name in ("queued-1", "queued-2"):
        (apology,) = fake.wait_for(f"response_url:{name}", timeout=SPAWN_TIMEOUT)
        assert apology.params["response_type"] == "ephemeral"
        assert apology_id(apology)
    (in_thread,) = fake.wait_for("chat.postMessage", timeout=SPAWN_TIMEOUT)
    assert in_thread.params["thread_ts"] == "1700000600.000100"
    slack.wait()
    assert len(fake.calls_to("response_url:started")) == 1  # the queued ones never ran

    assert_answered_again(slack)


def test_without_a_death_nothing_is_apologised_and_work_counts_until_finished(
    slack_workers: SlackHarness, fifo: str
) -> None:
    slack, fake, deps = slack_workers, slack_workers.fake, slack_workers.app.deps
    enqueue(deps, hold, mention_payload("1700000700.000100", **held(fake, fifo)))
    started_pid(fake)
    assert deps.work.pending == 1  # still running in the worker: not idle yet
    os.close(os.open(fifo, os.O_WRONLY))  # let it finish
    slack.wait()
    assert not fake.calls_to("chat.postMessage") and not fake.calls_to("chat.postEphemeral")
