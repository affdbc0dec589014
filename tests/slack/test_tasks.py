"""Tasks and the pools that run them: what reaches a worker process, and a dead worker's pool."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from handlers.deps import SitrepDeps
from handlers.tasks import Payload, enqueue
from handlers.work import BackgroundWork
from tests.slack.harness import SlackHarness

seen: list[Payload] = []


def note_payload(deps: SitrepDeps, payload: Payload) -> None:
    seen.append(payload)


def test_a_task_gets_a_copy_of_its_payload(slack: SlackHarness) -> None:
    seen.clear()
    payload = {"event": {"text": "latest"}}
    enqueue(slack.app.deps, note_payload, payload)
    slack.wait()
    assert seen == [payload] and seen[0] is not payload  # pickled, as for a worker process


def test_closures_and_clients_are_refused_even_on_threads(slack: SlackHarness) -> None:
    deps = slack.app.deps
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        enqueue(deps, lambda d, p: None, {})
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        enqueue(deps, note_payload, {"client": deps.client})


class _Pool(Executor):
    """Runs calls at once; the first `broken` submissions fail like a pool whose worker died."""

    def __init__(self, broken: bool, ran: list[tuple[Any, ...]]) -> None:
        self.broken = broken
        self.ran = ran
        self.closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self.broken:
            raise BrokenProcessPool("a worker died")
        self.ran.append(args)
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.closed = True


def test_a_pool_whose_worker_died_is_replaced() -> None:
    ran: list[tuple[Any, ...]] = []
    pools = [_Pool(broken=True, ran=ran), _Pool(broken=False, ran=ran)]
    made = iter(pools)
    work = BackgroundWork(1, processes=lambda: next(made))
    work.start_processes()
    work.submit_to_process(len, "answer")
    assert ran == [("answer",)]
    assert pools[0].closed and not pools[1].closed
    assert work.pending == 0
    work.shutdown()
    assert pools[1].closed


def test_a_failure_in_a_worker_is_logged_and_counted_done(caplog: pytest.LogCaptureFixture) -> None:
    def failed(fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future

    pool = _Pool(broken=False, ran=[])
    pool.submit = failed  # type: ignore[method-assign]
    work = BackgroundWork(1, processes=lambda: pool)
    work.submit_to_process(len, "answer")
    assert work.pending == 0
    assert "failed in a worker process" in caplog.text
    work.shutdown()
