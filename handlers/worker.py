"""Answer worker processes: where tasks (handlers/tasks.py) run when `sitrep serve` has them.

Answering is CPU-bound Python (parsing, retrieval, Block Kit); in the serving process it would
hold the GIL that every ack needs. Each worker is a spawned process (the server runs threads,
and fork would copy their locks) with its own engine, Web API client and logging, built from the
same Settings, and a lower CPU priority, so that on a busy machine the acks still come first.

A task spends much of its time waiting for Slack (chat.postMessage, response_url), so a worker
runs several at once on its own threads: `threads` per worker, handed over only when one is free.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

from bot.clock import system_clock
from bot.config import Settings
from bot.db import create_db_engine, session_scope
from bot.log_redaction import configure_service_logging
from bot.slack_client import create_web_client, retry_handlers
from handlers.deps import SitrepDeps
from handlers.tasks import Payload, Task
from handlers.work import BackgroundWork

logger = logging.getLogger(__name__)

# Added to the workers' nice value: the serving process (acks) wins a contended CPU.
WORKER_NICENESS = 5
WARM_UP_QUESTION = "latest Wagner losses in Mali"

_deps: SitrepDeps | None = None
_threads: ThreadPoolExecutor | None = None
_free = threading.Semaphore(1)
_server: Connection | None = None  # to the serving process: "this call has finished"
_server_lock = threading.Lock()


def answer_processes(settings: Settings, size: int, *, threads: int = 1) -> AnswerPool:
    """A pool of `size` workers running `threads` tasks each, started now (not on the first
    question) and warmed up."""
    pool = AnswerPool(settings, size, threads=threads)
    for _ in range(size):  # each submission with no idle worker spawns one
        pool.submit(_ready)
    return pool


class AnswerPool(Executor):
    """Worker processes whose futures last as long as the work they run.

    A ProcessPoolExecutor's future is done once a worker has *taken* the call, which here is as
    soon as one of its threads is free; the work then goes on out of its sight. So each worker
    also keeps a connection to this process and reports there every call it has finished. A
    worker that dies breaks the pool, which stops all its workers; once every one of them has
    hung up, each call not reported finished was lost with them, and its future fails with
    BrokenProcessPool (the caller apologises to whoever was waiting for it).
    """

    def __init__(self, settings: Settings, size: int, *, threads: int = 1) -> None:
        self._authkey = os.urandom(32)
        self._listener = Listener(authkey=self._authkey)
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._running: dict[int, Future[Any]] = {}
        self._connected = 0
        self._broken = False
        self._closing = False
        self._accepting = threading.Thread(
            target=self._accept, name="sitrep-answer-pool", daemon=True
        )
        self._accepting.start()
        self._pool = ProcessPoolExecutor(
            max_workers=size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(settings, threads, self._listener.address, self._authkey),
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `fn(*args)` on a worker thread; the future is done when it has returned there."""
        if kwargs:
            raise TypeError("AnswerPool.submit takes positional arguments only")
        with self._lock:  # registered before the worker can report it
            if self._broken:
                raise BrokenProcessPool("an answer worker process died")
            task_id = next(self._ids)
            try:
                started = self._pool.submit(start_task, task_id, fn, args)
            except BrokenProcessPool:
                self._broken = True
                raise
            future: Future[Any] = Future()
            self._running[task_id] = future
        started.add_done_callback(partial(self._taken, task_id))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Workers finish what they took first; those still starting may find no one to report to."""
        with self._lock:
            self._closing = True
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
        self._stop_accepting()

    def _taken(self, task_id: int, started: Future[None]) -> None:
        """The pool's own future: done when a worker took the call, or failed to."""
        if started.cancelled():
            self._finish(task_id, cancel=True)
            return
        error = started.exception()
        if error is None:  # taken: the worker's report, or its death, settles it
            return
        if isinstance(error, BrokenProcessPool):
            with self._lock:
                self._broken = True
            self._settle_lost()
            return
        self._finish(task_id, error=error)  # it never ran (e.g. it did not pickle)

    def _finish(
        self, task_id: int, *, error: BaseException | None = None, cancel: bool = False
    ) -> None:
        with self._lock:
            future = self._running.pop(task_id, None)
        if future is None:
            return
        if cancel:
            future.cancel()
        elif error is not None:
            future.set_exception(error)
        else:
            future.set_result(None)

    def _settle_lost(self) -> None:
        """Once a broken pool's workers have all hung up, what they did not finish is lost."""
        with self._lock:
            if not (self._broken or self._closing) or self._connected:
                return
            lost = list(self._running.values())
            self._running.clear()
        for future in lost:
            future.set_exception(BrokenProcessPool("the answer worker process running it died"))

    def _accept(self) -> None:
        while True:
            try:
                connection = self._listener.accept()
            except (ConnectionError, EOFError, multiprocessing.AuthenticationError):
                logger.warning("refused a connection to the answer pool", exc_info=True)
                continue  # a stranger without the key, or one that hung up: not one of ours
            except OSError:
                if not self._closing:  # new workers could not report: replace this pool
                    logger.exception("answer workers can no longer report to this process")
                    with self._lock:
                        self._broken = True
                return
            with self._lock:
                if self._closing:
                    connection.close()
                    return
                self._connected += 1
            threading.Thread(
                target=self._read, args=(connection,), name="sitrep-answer-reports", daemon=True
            ).start()

    def _read(self, connection: Connection) -> None:
        """One worker's reports, until it exits (or dies: then its data still comes first)."""
        try:
            while True:
                self._finish(connection.recv())
        except Exception:  # EOFError: the worker has gone
            pass
        finally:
            connection.close()
        with self._lock:
            self._connected -= 1
            if not self._closing:
                self._broken = True
        self._settle_lost()

    def _stop_accepting(self) -> None:
        if self._accepting.is_alive():
            # accept() does not return when its socket is closed under it: knock instead.
            with contextlib.suppress(Exception):
                Client(self._listener.address, authkey=self._authkey).close()
            self._accepting.join(timeout=5)
        self._listener.close()


def start_worker(settings: Settings, threads: int, server: Any, authkey: bytes) -> None:
    """Initializer of each worker process (`server`: the AnswerPool's address to report to)."""
    global _deps, _threads, _free, _server
    with contextlib.suppress(OSError):  # not allowed here: run at the same priority
        os.nice(WORKER_NICENESS)
    # Ctrl-C reaches the whole process group: the server decides when its workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure_service_logging(settings)
    _server = Client(server, authkey=authkey)
    _deps = SitrepDeps(
        settings=settings,
        engine=create_db_engine(settings.database_url),
        clock=system_clock,
        client=create_web_client(settings),
        work=BackgroundWork(1),  # unused: tasks run on this worker's own threads
        retry_handlers=retry_handlers(),
    )
    _threads = ThreadPoolExecutor(threads, thread_name_prefix="sitrep-answer")
    _free = threading.Semaphore(threads)
    _warm_up(_deps)


def start_task(task_id: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """What the pool calls: start `fn(*args)` on a free thread of this worker.

    It waits while every thread is busy, so this process takes no more from the pool than it
    can start. Shutting the pool down lets started work finish: a worker process exits only
    when its threads have.
    """
    assert _threads is not None, "start_worker did not run here"
    _free.acquire()

    def run() -> None:
        try:
            fn(*args)
        except Exception:
            logger.exception("%s failed in an answer worker", getattr(fn, "__qualname__", fn))
        finally:
            _free.release()
            _report_finished(task_id)

    try:
        _threads.submit(run)
    except BaseException:
        _free.release()
        raise


def run_in_worker(task: Task, payload: Payload) -> None:
    """Run a task with this worker's own engine and clients (tasks report their own failures)."""
    assert _deps is not None, "start_worker did not run here"
    try:
        task(_deps, payload)
    except Exception:  # tasks report their own failures; this only logs what escapes
        logger.exception("background task %s failed", getattr(task, "__qualname__", task))


def _report_finished(task_id: int) -> None:
    assert _server is not None, "start_worker did not run here"
    with _server_lock:
        try:
            _server.send(task_id)
        except OSError:  # the serving process has gone: nobody is waiting any more
            logger.warning("answer worker %s: cannot report to the serving process", os.getpid())


def _ready() -> None:
    """A no-op: submitted once per worker to start the pool."""


def _warm_up(deps: SitrepDeps) -> None:
    """Load the listeners, the catalogs and the database's pages before the first question."""
    import handlers.commands
    from bot.answer import answer_question

    handlers.commands.load_subcommands()
    try:
        with session_scope(deps.engine) as session:
            answer_question(session=session, question=WARM_UP_QUESTION, now=deps.clock())
    except Exception:  # the first real question will say what is wrong, to the user and the log
        logger.warning("answer worker %s: warm-up question failed", os.getpid(), exc_info=True)
