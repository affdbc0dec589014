"""The worker pools behind the 3-second rule: listeners ack() and hand the slow part to them.

Held by the app (not hidden in Bolt) so that the number of concurrent answers is ours to choose
and anyone can wait until all work has finished (`wait_idle`: tests, graceful shutdown). Bolt's
own listener threads are counted too (`listener_executor`), since with
process_before_response=False a listener may still be running when the HTTP response has gone.

Answers can run in other processes (`processes`): computing an answer is CPU-bound Python, and
on threads of the serving process it holds the GIL that every ack needs too. Work sent there is
counted until it has finished (handlers/worker.AnswerPool's futures last that long). When a
worker dies, the work it had in hand is lost: each piece's `on_lost` is called (the task
apologises where its answer would have gone) and new worker processes are started at once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, ParamSpec, TypeVar

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 8
LISTENER_THREADS = 16  # listeners only ack and enqueue: many cheap threads

P = ParamSpec("P")
T = TypeVar("T")


class BackgroundWork:
    def __init__(
        self,
        max_workers: int = DEFAULT_WORKERS,
        *,
        processes: Callable[[], Executor] | None = None,
    ) -> None:
        """`processes` makes the executor for submit_to_process (again after a worker died)."""
        self._workers = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="sitrep")
        self._pending = 0
        self._idle = threading.Condition()
        self.listener_executor: Executor = _CountingExecutor(
            self, ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="sitrep-listener")
        )
        self._make_processes = processes
        self._processes: Executor | None = None
        self._processes_lock = threading.Lock()
        self._closed = False

    @property
    def has_processes(self) -> bool:
        return self._make_processes is not None

    def start_processes(self) -> None:
        """Make the worker processes now rather than on the first submission."""
        if self._make_processes is not None:
            self._process_executor()

    def submit_to_process(
        self, fn: Callable[..., None], /, *args: Any, on_lost: Callable[[], None] | None = None
    ) -> None:
        """Run `fn(*args)` in a worker process (fn and args must pickle: module-level function,
        plain data). Its failures are the job's to report; this only logs what escapes, and
        calls `on_lost` (in this process, on a pool's thread: keep it short) if the worker
        process died before it finished."""
        self._begin()
        try:
            pool = self._process_executor()
            try:
                future = pool.submit(fn, *args)
            except BrokenProcessPool:
                pool = self._process_executor(replacing=pool)
                future = pool.submit(fn, *args)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(partial(self._process_done, pool, on_lost))

    def _process_executor(self, *, replacing: Executor | None = None) -> Executor:
        """The current process pool; a new one if it is `replacing` (broken), or none yet."""
        with self._processes_lock:
            if self._make_processes is None:
                raise RuntimeError("this BackgroundWork has no worker processes")
            if self._closed:
                raise RuntimeError("cannot start worker processes after shutdown")
            if self._processes is None or self._processes is replacing:
                if self._processes is not None:
                    logger.error("an answer worker process died: starting new ones")
                    self._processes.shutdown(wait=False, cancel_futures=True)
                self._processes = self._make_processes()
            return self._processes

    def _process_done(
        self, pool: Executor, on_lost: Callable[[], None] | None, future: Future[None]
    ) -> None:
        try:
            error = future.exception()
        except CancelledError:  # shut down before it ran
            error = None
        lost = isinstance(error, BrokenProcessPool)
        try:
            if lost:
                self._replace_soon(pool)
            if lost and on_lost is not None:
                on_lost()
            elif error is not None:
                logger.error("background job failed in a worker process", exc_info=error)
        except Exception:
            logger.exception("could not handle the end of a job in a worker process")
        finally:
            self._done()

    def _replace_soon(self, broken: Executor) -> None:
        """New workers now (on a thread: spawning takes a while), not on the next question.

        No lock here: this may run on the broken pool's own threads while shutdown() holds
        the lock waiting for them. _process_executor checks again."""
        if self._closed or self._processes is not broken:
            return
        with contextlib.suppress(RuntimeError):  # shutting down
            self._workers.submit(self._replace, broken)

    def _replace(self, broken: Executor) -> None:
        try:
            self._process_executor(replacing=broken)
        except RuntimeError:  # shut down meanwhile
            pass
        except Exception:  # the next submission tries again
            logger.exception("could not start new answer worker processes")

    def submit(self, job: Callable[[], None]) -> None:
        """Run `job` on a worker thread; a job handles its own errors, this only logs leaks."""
        self._begin()
        try:
            self._workers.submit(self._run, job)
        except RuntimeError:  # shut down: nothing will run it
            self._done()
            raise

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:
            logger.exception("background job failed")
        finally:
            self._done()

    def _begin(self) -> None:
        with self._idle:
            self._pending += 1

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    @property
    def pending(self) -> int:
        with self._idle:
            return self._pending

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no listener or job is queued or running."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self, *, wait: bool = True) -> None:
        with self._processes_lock:
            self._closed = True
        self.listener_executor.shutdown(wait=wait, cancel_futures=not wait)
        self._workers.shutdown(wait=wait, cancel_futures=not wait)
        with self._processes_lock:
            if self._processes is not None:
                self._processes.shutdown(wait=wait, cancel_futures=not wait)


class _CountingExecutor(Executor):
    """An executor whose tasks count as pending work of a BackgroundWork."""

    def __init__(self, work: BackgroundWork, inner: ThreadPoolExecutor) -> None:
        self._work = work
        self._inner = inner

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        self._work._begin()

        def run() -> T:
            try:
                return fn(*args, **kwargs)
            finally:
                self._work._done()

        try:
            return self._inner.submit(run)
        except RuntimeError:
            self._work._done()
            raise

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
