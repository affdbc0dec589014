"""Run whatever digests are due, each exactly once, whatever the restarts, misfires and replicas.

Exactly once, step by step (models/digest.py holds the record):
1. Claim: INSERT a DigestRun for (subscription, period), committed before anything is posted.
   The unique constraint lets exactly one process win; the losers skip the period.
2. Plan: the rendered messages and the event versions they show are stored on the run, so a
   retry or a reconciliation posts and records exactly what was planned.
3. Post each message; `parts_posted` is committed after each one (a continuation is never re-sent).
4. Finalize, in one transaction: the run becomes `posted`, the shown-event versions are recorded
   and the subscription's period is marked done.
A crash between 3 and 4 leaves a `claimed` run. Once its lease has expired (so a slow but alive
replica is never second-guessed), the next tick reconciles it: it looks in the channel
(conversations.history) for messages carrying the run's block_id marker, counts them as posted and
sends only what is missing. If the history cannot be read, the run becomes `possibly_sent`:
we prefer a missing digest, visible in `digest list`, to a doubled one.

Missed digests: only a subscription's latest period is considered. Within the grace period
(Settings.digest_grace_hours) it is sent, marked late; beyond it, it is recorded as skipped and
logged. Nothing is lost either way: a digest covers everything since the previous posted one.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.db import session_scope
from bot.digest.chart import chart_data, render_chart
from bot.digest.content import DigestContent, ViewCache, ViewLoader, build_digest
from bot.digest.errors import ChannelUnavailableError, DigestPostError, HistoryUnavailableError
from bot.digest.filters import DigestFilters
from bot.digest.schedule import Period, describe_schedule, latest_period, period_ending
from bot.digest.sender import DigestSender
from bot.digest.subscriptions import schedule_of
from bot.errors import NotFoundError, SitrepError
from bot.store.views import load_event_views
from models import DigestRun, DigestShownEvent, Subscription

logger = logging.getLogger(__name__)

# Renders a digest into Slack messages ({"text", "blocks"}), every block list starting with a
# block whose block_id is f"{marker}:{part}". handlers/blocks/digest.py provides it.
Renderer = Callable[[DigestContent, str], list[dict[str, Any]]]

CLAIM_LEASE = timedelta(minutes=5)  # a claimed run older than this is presumed orphaned
LATE_AFTER = timedelta(minutes=10)  # later than this after its fire time, a digest says "late"
MAX_ATTEMPTS = 6  # backoff 1, 2, 4, 8, 16 minutes, then give up (logged, shown in `digest list`)
MAX_BACKOFF = timedelta(minutes=30)
DELIVERY_WORKERS = 8  # channels served at once in a tick


@dataclass
class TickReport:
    posted: list[int] = field(default_factory=list)  # run ids
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    paused: list[int] = field(default_factory=list)  # subscription ids
    possibly_sent: list[int] = field(default_factory=list)
    errors: int = 0


@dataclass(frozen=True)
class _Claim:
    run_id: int
    reconcile: bool  # look in the channel before posting anything
    since: datetime  # oldest moment a message of this run can date from


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DigestRunner:
    """Finds due digests and delivers them; one per process (the leader), called every tick."""

    def __init__(
        self,
        *,
        engine: Engine,
        sender: DigestSender,
        render: Renderer,
        clock: Clock,
        grace: timedelta,
        worker_id: str | None = None,
        load_views: ViewLoader = load_event_views,
        charts: bool = True,
        claim_lease: timedelta = CLAIM_LEASE,
        workers: int = DELIVERY_WORKERS,
    ) -> None:
        self.engine = engine
        self.sender = sender
        self.render = render
        self.clock = clock
        self.grace = grace
        self.worker_id = worker_id or worker_name()
        self.load_views = load_views
        self.charts = charts
        self.claim_lease = claim_lease
        self.workers = workers
        self._report_lock = threading.Lock()
        self._tick_views: ViewCache | None = None

    # -- the tick -------------------------------------------------------------------------------
    def run_due(self) -> TickReport:
        """Deliver every digest whose period has ended and is not done yet."""
        now = self.clock()
        report = TickReport()
        with session_scope(self.engine) as session:
            subscriptions = list(
                session.exec(select(Subscription).where(Subscription.status == "active"))
            )
        # One worker per channel at a time (Slack paces per channel), several channels at once.
        by_channel: dict[str, list[Subscription]] = defaultdict(list)
        for subscription in subscriptions:
            by_channel[subscription.channel_id].append(subscription)
        self._tick_views = ViewCache(self.load_views)
        try:
            if len(by_channel) <= 1 or self.workers <= 1:
                for group in by_channel.values():
                    self._run_channel(group, now=now, report=report)
            else:
                with ThreadPoolExecutor(
                    max_workers=min(self.workers, len(by_channel)), thread_name_prefix="digest"
                ) as pool:
                    for group in by_channel.values():
                        pool.submit(self._run_channel, group, now=now, report=report)
        finally:
            self._tick_views = None
        return report

    def _run_channel(
        self, subscriptions: list[Subscription], *, now: datetime, report: TickReport
    ) -> None:
        for subscription in subscriptions:
            try:
                self._run_subscription(subscription, now=now, report=report)
            except Exception:
                with self._report_lock:
                    report.errors += 1
                logger.exception("digest for subscription %s failed", subscription.id)

    def _run_subscription(
        self, subscription: Subscription, *, now: datetime, report: TickReport
    ) -> None:
        period = latest_period(schedule_of(subscription), now)
        if period.end <= subscription.created_at:
            return  # no fire time since it was created
        if subscription.last_period_end is not None and subscription.last_period_end >= period.end:
            return  # done (the quick path for every tick between fire times)
        claim = self._claim(subscription, period=period, now=now, trigger="schedule", report=report)
        if claim is not None:
            self._deliver(claim, report=report)

    # -- manual digests -------------------------------------------------------------------------
    def send_now(self, subscription_id: int) -> TickReport:
        """`digest send`: post now what is new since the previous digest (recorded like any)."""
        now = self.clock()
        report = TickReport()
        with session_scope(self.engine) as session:
            subscription = session.get(Subscription, subscription_id)
            if subscription is None:
                raise NotFoundError(f"No digest subscription #{subscription_id}.")
        claim = self._claim_new(
            subscription,
            period=Period(start=now, end=now),
            now=now,
            trigger="manual",
            report=report,
            window_start=subscription.last_digest_end or _previous_fire(subscription, now),
        )
        if claim is None:
            raise SitrepError("This digest is being sent right now; try again in a minute.")
        self._deliver(claim, report=report)
        return report

    # -- claiming -------------------------------------------------------------------------------
    def _claim(
        self,
        subscription: Subscription,
        *,
        period: Period,
        now: datetime,
        trigger: str,
        report: TickReport,
    ) -> _Claim | None:
        assert subscription.id is not None
        with session_scope(self.engine) as session:
            existing = session.exec(
                select(DigestRun).where(
                    DigestRun.subscription_id == subscription.id,
                    DigestRun.period_start == period.start,
                )
            ).first()
        if existing is None:
            return self._claim_new(
                subscription, period=period, now=now, trigger=trigger, report=report
            )
        assert existing.id is not None
        if existing.status == "failed" and existing.next_attempt_at is not None:
            if existing.next_attempt_at > now:
                return None
            reconcile = bool((existing.payload or {}).get("maybe_posted"))
            if self._take_over(existing, now=now, attempts=existing.attempts + 1):
                return _Claim(existing.id, reconcile=reconcile, since=existing.created_at)
            return None
        if existing.status == "claimed" and existing.claimed_at is not None:
            if now - existing.claimed_at < self.claim_lease:
                return None  # another worker is posting it right now
            logger.warning(
                "digest run %s was claimed by %s at %s and never finished: reconciling",
                existing.id,
                existing.claimed_by,
                existing.claimed_at,
            )
            if self._take_over(existing, now=now, attempts=existing.attempts):
                return _Claim(existing.id, reconcile=True, since=existing.created_at)
        return None  # posted, skipped, possibly sent, or failed for good

    def _claim_new(
        self,
        subscription: Subscription,
        *,
        period: Period,
        now: datetime,
        trigger: str,
        report: TickReport,
        window_start: datetime | None = None,
    ) -> _Claim | None:
        lateness = now - period.end
        missed = trigger == "schedule" and lateness > self.grace
        run = DigestRun(
            subscription_id=subscription.id or 0,
            period_start=period.start,
            period_end=period.end,
            trigger=trigger,
            channel_id=subscription.channel_id,
            status="skipped" if missed else "claimed",
            late=trigger == "schedule" and lateness > LATE_AFTER,
            window_start=window_start or subscription.last_digest_end or period.start,
            claimed_by=self.worker_id,
            claimed_at=now,
            attempts=0 if missed else 1,
            error=f"missed by {_hours(lateness)} (grace {_hours(self.grace)})" if missed else None,
            created_at=now,
            updated_at=now,
        )
        try:
            with session_scope(self.engine) as session:
                session.add(run)
                if missed:
                    _mark_missed(session, subscription.id or 0, period, now=now)
                session.flush()
        except IntegrityError:
            return None  # another worker claimed this period first
        assert run.id is not None
        if missed:
            logger.warning(
                "digest for subscription %s due at %s was missed by %s (grace %s): skipped",
                subscription.id,
                period.end.isoformat(),
                _hours(lateness),
                _hours(self.grace),
            )
            report.skipped.append(run.id)
            return None
        return _Claim(run.id, reconcile=False, since=now)

    def _take_over(self, run: DigestRun, *, now: datetime, attempts: int) -> bool:
        """Compare-and-set: claim `run` only if nobody changed it since we read it."""
        with session_scope(self.engine) as session:
            result = session.exec(
                update(DigestRun)
                .where(
                    col(DigestRun.id) == run.id,
                    col(DigestRun.status) == run.status,
                    col(DigestRun.updated_at) == run.updated_at,
                )
                .values(
                    status="claimed",
                    claimed_by=self.worker_id,
                    claimed_at=now,
                    attempts=attempts,
                    next_attempt_at=None,
                    updated_at=now,
                )
            )
            return bool(result.rowcount == 1)

    # -- delivering -----------------------------------------------------------------------------
    def _deliver(self, claim: _Claim, *, report: TickReport) -> None:
        run, payload = self._plan(claim.run_id)
        if run is None or payload is None:
            return
        assert run.id is not None
        messages: list[dict[str, Any]] = payload["messages"]
        if not messages:  # nothing new and the subscription skips empty digests
            self._finalize(run, payload, status="skipped")
            report.skipped.append(run.id)
            return
        parts_posted, first_ts = run.parts_posted, run.message_ts
        if claim.reconcile:
            try:
                found = self.sender.find_marked_messages(
                    channel=run.channel_id, marker=_marker(run.id), oldest=claim.since
                )
            except HistoryUnavailableError as error:
                self._possibly_sent(run, str(error))
                report.possibly_sent.append(run.id)
                return
            if found:
                parts_posted = max(parts_posted, max(found) + 1)
                first_ts = found.get(0, first_ts)
                logger.info("digest run %s: %d part(s) found in the channel", run.id, len(found))
        for part in range(parts_posted, len(messages)):
            try:
                posted = self.sender.post_message(channel=run.channel_id, message=messages[part])
            except DigestPostError as error:
                self._failed(run, error, parts_posted=part, first_ts=first_ts, report=report)
                return
            first_ts = first_ts or posted.ts
            if not self._progress(run, parts_posted=part + 1, first_ts=first_ts):
                logger.warning("digest run %s was taken over by another worker", run.id)
                return
        run.message_ts = first_ts
        run.parts_posted = len(messages)
        if self._finalize(run, payload, status="posted"):
            report.posted.append(run.id)
            self._upload_chart(run, payload)

    def _plan(self, run_id: int) -> tuple[DigestRun | None, dict[str, Any] | None]:
        """The run and its frozen plan (built now at the first attempt)."""
        with session_scope(self.engine) as session:
            run = session.get(DigestRun, run_id)
            if run is None or run.status != "claimed" or run.claimed_by != self.worker_id:
                return None, None
            if run.payload is not None:
                return run, run.payload
            subscription = session.get(Subscription, run.subscription_id)
            assert subscription is not None and run.window_start is not None
            content = self._content(
                session,
                subscription,
                Period(start=run.period_start, end=run.period_end),
                run.window_start,
                run.period_end,
                late=run.late,
            )
            empty = not content.items and subscription.skip_empty
            filters = DigestFilters.from_json(subscription.filters)
            payload: dict[str, Any] = {
                "messages": [] if empty else self.render(content, _marker(run_id)),
                "shown": content.shown_versions(),
                "window_end": content.window_end.isoformat(),
                "chart": self.charts and not empty and bool(content.items),
                "chart_title": f"Claimed killed per day, last 30 days — {filters.describe()}",
            }
            run.payload = payload
            run.event_count = content.new_count
            run.update_count = content.update_count
            run.updated_at = self.clock()
            session.add(run)
            return run, payload

    def _content(
        self,
        session: Session,
        subscription: Subscription,
        period: Period,
        window_start: datetime,
        window_end: datetime,
        *,
        late: bool = False,
    ) -> DigestContent:
        return digest_content(
            session,
            subscription=subscription,
            period=period,
            window_start=window_start,
            window_end=window_end,
            late=late,
            now=self.clock(),
            load_views=self._tick_views or self.load_views,
        )

    def _owned(self, run_id: int) -> Any:
        return (
            col(DigestRun.id) == run_id,
            col(DigestRun.status) == "claimed",
            col(DigestRun.claimed_by) == self.worker_id,
        )

    def _progress(self, run: DigestRun, *, parts_posted: int, first_ts: str | None) -> bool:
        assert run.id is not None
        with session_scope(self.engine) as session:
            result = session.exec(
                update(DigestRun)
                .where(*self._owned(run.id))
                .values(parts_posted=parts_posted, message_ts=first_ts, updated_at=self.clock())
            )
            return bool(result.rowcount == 1)

    def _finalize(self, run: DigestRun, payload: dict[str, Any], *, status: str) -> bool:
        """Mark the run done, record what it showed and advance the subscription: one transaction."""
        assert run.id is not None
        now = self.clock()
        window_end = datetime.fromisoformat(payload["window_end"])
        with session_scope(self.engine) as session:
            result = session.exec(
                update(DigestRun)
                .where(*self._owned(run.id))
                .values(
                    status=status,
                    message_ts=run.message_ts,
                    parts_posted=run.parts_posted,
                    posted_at=now if status == "posted" else None,
                    error=None if status == "posted" else "nothing new",
                    updated_at=now,
                )
            )
            if result.rowcount != 1:
                logger.warning("digest run %s was taken over before it was finalized", run.id)
                session.rollback()
                return False
            subscription = session.get(Subscription, run.subscription_id)
            assert subscription is not None
            if run.trigger == "schedule":
                _advance(subscription, run.period_end)
            if status == "posted":
                subscription.last_digest_end = max(
                    subscription.last_digest_end or window_end, window_end
                )
                subscription.last_posted_at = now
                _record_shown(session, subscription.id or 0, run.id, payload["shown"], now=now)
            subscription.updated_at = now
            session.add(subscription)
        logger.info("digest run %s for subscription %s: %s", run.id, run.subscription_id, status)
        return True

    def _failed(
        self,
        run: DigestRun,
        error: DigestPostError,
        *,
        parts_posted: int,
        first_ts: str | None,
        report: TickReport,
    ) -> None:
        assert run.id is not None
        now = self.clock()
        attempts = run.attempts
        retry = error.retryable and attempts < MAX_ATTEMPTS
        next_attempt = now + min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)
        payload = {**(run.payload or {}), "maybe_posted": error.maybe_posted}
        with session_scope(self.engine) as session:
            session.exec(
                update(DigestRun)
                .where(*self._owned(run.id))
                .values(
                    status="failed",
                    error=str(error)[:500],
                    next_attempt_at=next_attempt if retry else None,
                    parts_posted=parts_posted,
                    message_ts=first_ts,
                    payload=payload,
                    updated_at=now,
                )
            )
            subscription = session.get(Subscription, run.subscription_id)
            assert subscription is not None
            if isinstance(error, ChannelUnavailableError):
                subscription.status = "paused"
                subscription.paused_reason = _pause_reason(error)
                subscription.updated_at = now
                if run.trigger == "schedule":
                    _advance(subscription, run.period_end)
                session.add(subscription)
                report.paused.append(subscription.id or 0)
        report.failed.append(run.id)
        if isinstance(error, ChannelUnavailableError):
            logger.warning(
                "digest subscription %s paused: %s", run.subscription_id, _pause_reason(error)
            )
        elif retry:
            logger.warning(
                "digest run %s failed (attempt %d, retry at %s): %s",
                run.id,
                attempts,
                next_attempt.isoformat(),
                error,
            )
        else:
            logger.error("digest run %s gave up after %d attempts: %s", run.id, attempts, error)

    def _possibly_sent(self, run: DigestRun, reason: str) -> None:
        assert run.id is not None
        now = self.clock()
        with session_scope(self.engine) as session:
            session.exec(
                update(DigestRun)
                .where(*self._owned(run.id))
                .values(
                    status="possibly_sent",
                    error=f"could not check the channel: {reason}"[:500],
                    updated_at=now,
                )
            )
            subscription = session.get(Subscription, run.subscription_id)
            if subscription is not None and run.trigger == "schedule":
                _advance(subscription, run.period_end)
                session.add(subscription)
        logger.error(
            "digest run %s may or may not have been posted (history unavailable: %s); "
            "not re-posting",
            run.id,
            reason,
        )

    def _upload_chart(self, run: DigestRun, payload: dict[str, Any]) -> None:
        """Best effort, after the digest is recorded: a failed chart never re-posts a digest."""
        if not payload.get("chart") or not run.message_ts or run.id is None:
            return
        try:
            with session_scope(self.engine) as session:
                subscription = session.get(Subscription, run.subscription_id)
                assert subscription is not None
                data = chart_data(
                    session,
                    filters=DigestFilters.from_json(subscription.filters),
                    end=run.period_end,
                )
            if data.is_empty:
                return
            png = render_chart(data, title=payload["chart_title"])
            file_id = self.sender.upload_chart(
                channel=run.channel_id,
                thread_ts=run.message_ts,
                png=png,
                filename=f"sitrep-digest-{run.id}.png",
                title=payload["chart_title"],
            )
            with session_scope(self.engine) as session:
                session.exec(
                    update(DigestRun)
                    .where(col(DigestRun.id) == run.id)
                    .values(chart_file_id=file_id)
                )
        except Exception:
            logger.exception("chart upload for digest run %s failed", run.id)


def digest_content(
    session: Session,
    *,
    subscription: Subscription,
    period: Period,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    late: bool = False,
    load_views: ViewLoader = load_event_views,
) -> DigestContent:
    return build_digest(
        session,
        subscription=subscription,
        schedule=describe_schedule(
            cadence=subscription.cadence,
            time_of_day=subscription.time_of_day,
            tz=subscription.tz,
            weekday=subscription.weekday,
        ),
        period=period,
        window_start=window_start,
        window_end=window_end,
        late=late,
        sent_at=now,
        load_views=load_views,
    )


def preview_digest(
    session: Session,
    *,
    subscription: Subscription,
    now: datetime,
    load_views: ViewLoader = load_event_views,
) -> DigestContent:
    """What `digest send` would post now: events new or changed since the previous digest.
    Records nothing."""
    start = subscription.last_digest_end or _previous_fire(subscription, now)
    return digest_content(
        session,
        subscription=subscription,
        period=Period(start=start, end=now),
        window_start=start,
        window_end=now,
        now=now,
        load_views=load_views,
    )


def _marker(run_id: int) -> str:
    return f"sitrep-digest:{run_id}"


def _previous_fire(subscription: Subscription, now: datetime) -> datetime:
    """Where a first manual digest starts: one period back from now."""
    schedule = schedule_of(subscription)
    return period_ending(schedule, latest_period(schedule, now).end).start


def _advance(subscription: Subscription, period_end: datetime) -> None:
    if subscription.last_period_end is None or subscription.last_period_end < period_end:
        subscription.last_period_end = period_end


def _mark_missed(session: Session, subscription_id: int, period: Period, *, now: datetime) -> None:
    """A missed period is done; its events roll into the next digest (the window start stays)."""
    subscription = session.get(Subscription, subscription_id)
    if subscription is not None:
        _advance(subscription, period.end)
        if subscription.last_digest_end is None:
            subscription.last_digest_end = period.start
        subscription.updated_at = now
        session.add(subscription)


def _record_shown(
    session: Session,
    subscription_id: int,
    run_id: int,
    shown: list[dict[str, Any]],
    *,
    now: datetime,
) -> None:
    ids = [entry["event_id"] for entry in shown]
    existing = (
        {
            row.event_id: row
            for row in session.exec(
                select(DigestShownEvent).where(
                    DigestShownEvent.subscription_id == subscription_id,
                    col(DigestShownEvent.event_id).in_(ids),
                )
            )
        }
        if ids
        else {}
    )
    for entry in shown:
        row = existing.get(entry["event_id"]) or DigestShownEvent(
            subscription_id=subscription_id,
            event_id=entry["event_id"],
            event_updated_at=datetime.fromisoformat(entry["updated_at"]),
        )
        row.claim_ids = list(entry["claim_ids"])
        row.document_ids = list(entry["document_ids"])
        row.event_updated_at = datetime.fromisoformat(entry["updated_at"])
        row.shown_at = now
        row.digest_run_id = run_id
        session.add(row)


def _pause_reason(error: DigestPostError) -> str:
    reasons = {
        "not_in_channel": "the bot was removed from the channel",
        "channel_not_found": "the channel no longer exists or the bot cannot see it",
        "is_archived": "the channel is archived",
    }
    reason = reasons.get(error.slack_error or "", str(error))
    return f"{reason} ({error.slack_error}); re-subscribe in the channel to resume"


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.1f} h"
