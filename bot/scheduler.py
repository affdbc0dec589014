"""The scheduler: APScheduler 3 with its jobs stored in the app's own database, run by one leader.

Jobs have explicit ids and fixed intervals:
- `digest.tick` (every minute) runs whatever digests are due according to the database. One tick
  job rather than one APScheduler job per subscription: the subscription table stays the single
  source of truth (no job to keep in sync on subscribe/unsubscribe/pause), due-ness and DST are
  computed by bot/digest/schedule.py in each subscription's zone, and catch-up after a restart is
  the same code path as a normal run. Exactly-once is the DigestRun record's job, not the timer's.
- `feeds.poll` (every minute) polls the feeds that are due (bot/ingest/feeds.py).

Persistent APScheduler jobs must name an importable function and pickle their arguments, so a job
stores only its id; `run_job` finds this process's running SchedulerRunner to do the work.
Only the leader (bot/leader.py) runs a BackgroundScheduler; followers retry for leadership every
`Settings.leader_retry_seconds` and start the jobs, with an immediate first run, on takeover.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.runner import DigestRunner
from bot.digest.sender import DigestSender, Pacer
from bot.leader import Leadership, leadership_for

logger = logging.getLogger(__name__)

JOBSTORE_TABLE = "apscheduler_jobs"
TICK_JOB_ID = "digest.tick"
FEEDS_JOB_ID = "feeds.poll"

JobListener = Callable[[str, Any], None]

_active: SchedulerRunner | None = None
_active_lock = threading.Lock()


def run_job(job_id: str) -> None:
    """The function every stored job names: dispatch to this process's scheduler runner."""
    runner = _active
    if runner is None:
        logger.warning("job %s fired with no scheduler running in this process", job_id)
        return
    runner.run_job(job_id)


def build_digest_runner(
    *,
    engine: Engine,
    settings: Settings,
    web_client: WebClient,
    clock: Clock = system_clock,
    pacer: Pacer | None = None,
    worker_id: str | None = None,
) -> DigestRunner:
    """A DigestRunner wired to Slack and the Block Kit renderer (CLI, /sitrep and the tick share it)."""
    from handlers.blocks.digest import render_digest

    return DigestRunner(
        engine=engine,
        sender=DigestSender(web_client, pacer=pacer),
        render=render_digest,
        clock=clock,
        grace=timedelta(hours=settings.digest_grace_hours),
        worker_id=worker_id,
    )


def feeds_job_available() -> bool:
    return importlib.util.find_spec("bot.ingest.feeds") is not None


class SchedulerRunner:
    """Leader election plus, while leading, a BackgroundScheduler running the jobs."""

    def __init__(
        self,
        *,
        engine: Engine,
        settings: Settings,
        digests: DigestRunner,
        clock: Clock = system_clock,
        leadership: Leadership | None = None,
        tick_seconds: float = 60.0,
        feeds_seconds: float = 60.0,
        retry_seconds: float | None = None,
        http_client: httpx.Client | None = None,
        on_job_done: JobListener | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.digests = digests
        self.clock = clock
        self.leadership = leadership or leadership_for(engine)
        self.tick_seconds = tick_seconds
        self.feeds_seconds = feeds_seconds
        self.retry_seconds = retry_seconds or settings.leader_retry_seconds
        self.on_job_done = on_job_done
        self.job_runs: Counter[str] = Counter()
        self.is_leader = threading.Event()
        self._http_client = http_client
        self._owns_http_client = http_client is None
        self._scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._lead, name="sitrep-leader", daemon=True)

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> SchedulerRunner:
        global _active
        with _active_lock:
            if _active is not None and _active is not self:
                raise RuntimeError("a scheduler is already running in this process")
            _active = self
        self._thread.start()
        return self

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop leading: jobs stop, the lock is released and a follower can take over."""
        global _active
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        self._stop_jobs(wait=wait)
        self.leadership.release()
        with _active_lock:
            if _active is self:
                _active = None
        if self._owns_http_client and self._http_client is not None:
            self._http_client.close()
            self._http_client = None

    def _lead(self) -> None:
        while not self._stop.is_set():
            try:
                if self._scheduler is None:
                    if self.leadership.try_acquire():
                        logger.info("scheduler leadership acquired: starting jobs")
                        self._start_jobs()
                elif not self.leadership.still_held():
                    logger.warning("scheduler leadership lost: stopping jobs")
                    self._stop_jobs(wait=False)
            except Exception:
                logger.exception("leader loop error")
                self._stop_jobs(wait=False)
            self._stop.wait(self.retry_seconds)

    def _start_jobs(self) -> None:
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine, tablename=JOBSTORE_TABLE)},
            executors={"default": ThreadPoolExecutor(max_workers=2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
            timezone=UTC,
        )
        scheduler.start()
        first_run = datetime.now(UTC)  # APScheduler's own timer: due-ness uses self.clock
        scheduler.add_job(
            run_job,
            "interval",
            seconds=self.tick_seconds,
            args=[TICK_JOB_ID],
            id=TICK_JOB_ID,
            name="run due digests",
            replace_existing=True,
            next_run_time=first_run,
        )
        if feeds_job_available():
            scheduler.add_job(
                run_job,
                "interval",
                seconds=self.feeds_seconds,
                args=[FEEDS_JOB_ID],
                id=FEEDS_JOB_ID,
                name="poll due feeds",
                replace_existing=True,
                next_run_time=first_run,
            )
        else:
            logger.warning("bot.ingest.feeds is not installed: no %s job", FEEDS_JOB_ID)
        self._scheduler = scheduler
        self.is_leader.set()

    def _stop_jobs(self, *, wait: bool) -> None:
        scheduler, self._scheduler = self._scheduler, None
        self.is_leader.clear()
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=wait)

    # -- jobs -----------------------------------------------------------------------------------
    def run_job(self, job_id: str) -> None:
        """Run one job; failures are logged (each job's units of work roll back on their own)."""
        result: Any = None
        try:
            if job_id == TICK_JOB_ID:
                result = self.digests.run_due()
                if result.posted or result.failed or result.skipped or result.possibly_sent:
                    logger.info("digest tick: %s", result)
            elif job_id == FEEDS_JOB_ID:
                result = self._poll_feeds()
            else:
                logger.warning("unknown scheduled job %s", job_id)
        except Exception as error:
            result = error
            logger.exception("scheduled job %s failed", job_id)
        finally:
            self.job_runs[job_id] += 1
            if self.on_job_done is not None:
                self.on_job_done(job_id, result)

    def _poll_feeds(self) -> Any:
        from bot.ingest.feeds import poll_due_feeds  # engineer F's module, optional until it lands

        if self._http_client is None:
            from bot.ingest.fetch import build_http_client

            self._http_client = build_http_client(self.settings)
        return poll_due_feeds(
            engine=self.engine, client=self._http_client, settings=self.settings, now=self.clock()
        )


def start_scheduler(
    *,
    engine: Engine,
    settings: Settings,
    web_client: WebClient,
    clock: Clock = system_clock,
    **options: Any,
) -> SchedulerRunner:
    """Start leader election and, once leading, the jobs; `sitrep serve` calls `.shutdown()`."""
    digests = build_digest_runner(
        engine=engine, settings=settings, web_client=web_client, clock=clock
    )
    return SchedulerRunner(
        engine=engine, settings=settings, digests=digests, clock=clock, **options
    ).start()
