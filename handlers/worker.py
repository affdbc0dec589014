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
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

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


def answer_processes(settings: Settings, size: int, *, threads: int = 1) -> ProcessPoolExecutor:
    """A pool of `size` workers running `threads` tasks each, started now (not on the first
    question) and warmed up."""
    pool = ProcessPoolExecutor(
        max_workers=size,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(settings, threads),
    )
    for _ in range(size):  # each submission with no idle worker spawns one
        pool.submit(_ready)
    return pool


def start_worker(settings: Settings, threads: int = 1) -> None:
    """Initializer of each worker process."""
    global _deps, _threads, _free
    with contextlib.suppress(OSError):  # not allowed here: run at the same priority
        os.nice(WORKER_NICENESS)
    # Ctrl-C reaches the whole process group: the server decides when its workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure_service_logging(settings)
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


def run_in_worker(task: Task, payload: Payload) -> None:
    """What the pool calls: start the task on a free thread of this worker.

    It waits while every thread is busy, so this process takes no more from the pool than it
    can start. Shutting the pool down lets started tasks finish: a worker process exits only
    when its threads have.
    """
    assert _deps is not None and _threads is not None, "start_worker did not run here"
    deps = _deps
    _free.acquire()

    def run() -> None:
        try:
            task(deps, payload)
        except Exception:  # tasks report their own failures; this only logs what escapes
            logger.exception("background task %s failed", getattr(task, "__qualname__", task))
        finally:
            _free.release()

    try:
        _threads.submit(run)
    except BaseException:
        _free.release()
        raise


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
