"""Running digests against the fake Slack Web API with an injected clock: no sleeping anywhere.

The subscription is "daily 08:00 Mali" in Europe/Paris: 06:00 UTC in August.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.clock import FrozenClock
from bot.digest.runner import DigestRunner
from bot.digest.subscriptions import list_subscriptions
from models import DigestRun, DigestShownEvent, Event, Subscription
from tests.digest.factories import (
    ClaimSpec,
    FakeTime,
    add_claim,
    add_event,
    add_subscription,
    make_runner,
)
from tests.fakes.slack_api import FakeSlack

CREATED = datetime(2024, 7, 31, 12, 0, tzinfo=UTC)
FIRE = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)  # 08:00 Paris
CSP_84 = ClaimSpec("CSP", "Wagner Group", 84)


@pytest.fixture
def at_fire() -> FrozenClock:
    return FrozenClock(FIRE + timedelta(seconds=30))


def posts(slack: FakeSlack, channel: str = "C1") -> list[dict[str, Any]]:
    """Top-level messages posted in the channel (thread replies excluded)."""
    return [
        c.params
        for c in slack.calls_to("chat.postMessage")
        if c.params.get("channel") == channel and not c.params.get("thread_ts")
    ]


def blocks_text(params: dict[str, Any]) -> str:
    parts = [str(params.get("text", ""))]
    for block in params.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        for element in block.get("elements") or []:
            parts.append(str(element.get("text", "")))
    return "\n".join(parts)


def runs(engine: Engine) -> list[DigestRun]:
    with Session(engine) as session:
        return list(session.exec(select(DigestRun).order_by(DigestRun.id)))  # type: ignore[arg-type]


def subscription(engine: Engine, subscription_id: int) -> Subscription:
    with Session(engine) as session:
        found = session.get(Subscription, subscription_id)
        assert found is not None
        return found


def seed_mali_event(engine: Engine, title: str = "Clashes near Tinzaouaten") -> int:
    with Session(engine, expire_on_commit=False) as session:
        event = add_event(
            session, title=title, updated_at=FIRE - timedelta(hours=3), claims=[CSP_84]
        )
        assert event.id is not None
        return event.id


def test_daily_digest_posts_once_at_local_time(
    engine: Engine, slack: FakeSlack, at_fire: FrozenClock
) -> None:
    seed_mali_event(engine)
    with Session(engine, expire_on_commit=False) as session:
        add_event(
            session,
            title="Attack in Ouagadougou",
            country_code="BF",
            place="Ouagadougou",
            updated_at=FIRE - timedelta(hours=2),
        )
    sub = add_subscription(engine, now=CREATED)
    early = FrozenClock(FIRE - timedelta(minutes=1))
    assert make_runner(engine, slack.base_url, early).run_due().posted == []
    assert posts(slack) == []

    runner = make_runner(engine, slack.base_url, at_fire)
    report = runner.run_due()
    assert len(report.posted) == 1
    assert runner.run_due().posted == []  # the next tick finds the period done
    (message,) = posts(slack)
    text = blocks_text(message)
    assert "Clashes near Tinzaouaten" in text and "Ouagadougou" not in text
    assert "*CSP*: 84 Wagner Group killed" in text
    assert "Mali 1" in text  # counts per country in the header
    assert "Late" not in text
    (run,) = runs(engine)
    assert run.status == "posted" and run.message_ts and not run.late
    assert run.period_start == FIRE - timedelta(days=1) and run.period_end == FIRE
    assert subscription(engine, sub.id or 0).last_period_end == FIRE


def test_weekly_digest_fires_on_its_day_only(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, args="weekly thursday 08:00 Mali", now=CREATED)
    wednesday = FrozenClock(FIRE - timedelta(days=1) + timedelta(minutes=1))
    assert make_runner(engine, slack.base_url, wednesday).run_due().posted == []
    thursday = FrozenClock(FIRE + timedelta(minutes=1))
    assert len(make_runner(engine, slack.base_url, thursday).run_due().posted) == 1
    (run,) = runs(engine)
    assert run.period_end - run.period_start == timedelta(days=7)


def test_daily_digest_fires_at_0800_paris_on_both_sides_of_dst(
    engine: Engine, slack: FakeSlack
) -> None:
    add_subscription(engine, now=datetime(2024, 10, 25, 12, 0, tzinfo=UTC))
    clock = FrozenClock(datetime(2024, 10, 26, 6, 0, 5, tzinfo=UTC))  # 08:00 CEST
    runner = make_runner(engine, slack.base_url, clock)
    assert len(runner.run_due().posted) == 1
    clock.now = datetime(2024, 10, 27, 6, 30, tzinfo=UTC)  # 07:30 CET: not yet
    assert runner.run_due().posted == []
    clock.now = datetime(2024, 10, 27, 7, 0, 5, tzinfo=UTC)  # 08:00 CET
    assert len(runner.run_due().posted) == 1
    second = runs(engine)[1]
    assert second.period_end - second.period_start == timedelta(hours=25)


def test_restart_between_fire_time_and_run_sends_it_late(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    # The bot was down from before 08:00 until 10:30 Paris time: the first tick after start-up.
    restarted = FrozenClock(FIRE + timedelta(hours=2, minutes=30))
    assert len(make_runner(engine, slack.base_url, restarted).run_due().posted) == 1
    (message,) = posts(slack)
    assert "Late:" in blocks_text(message) and "due 1 Aug 08:00" in blocks_text(message)
    assert runs(engine)[0].late


def test_digest_missed_beyond_grace_is_skipped_logged_and_its_events_roll_over(
    engine: Engine, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    seed_mali_event(engine)
    sub = add_subscription(engine, now=CREATED)
    too_late = FrozenClock(FIRE + timedelta(hours=7))
    with caplog.at_level(logging.WARNING, logger="bot.digest.runner"):
        report = make_runner(engine, slack.base_url, too_late).run_due()
    assert report.posted == [] and len(report.skipped) == 1
    assert posts(slack) == []
    assert "missed by 7.0 h (grace 6.0 h)" in caplog.text
    (run,) = runs(engine)
    assert run.status == "skipped"
    # Nothing is lost: the next day's digest covers the missed day too.
    next_day = FrozenClock(FIRE + timedelta(days=1, seconds=30))
    assert len(make_runner(engine, slack.base_url, next_day).run_due().posted) == 1
    assert "Clashes near Tinzaouaten" in blocks_text(posts(slack)[0])
    assert subscription(engine, sub.id or 0).last_period_end == FIRE + timedelta(days=1)


def test_two_schedulers_racing_post_once(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=30))
    runners = [
        make_runner(engine, slack.base_url, clock, worker_id=f"replica-{i}") for i in range(4)
    ]
    barrier = threading.Barrier(len(runners))
    results: list[list[int]] = []

    def tick(runner: DigestRunner) -> None:
        barrier.wait()
        results.append(runner.run_due().posted)

    threads = [threading.Thread(target=tick, args=(r,)) for r in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    assert len(posts(slack)) == 1
    assert [r.status for r in runs(engine)] == ["posted"]


def test_a_fresh_claim_by_another_replica_is_left_alone(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=30))
    first = make_runner(engine, slack.base_url, clock, worker_id="a")
    first_claim = _claim_only(first, clock)
    assert first_claim is not None
    assert make_runner(engine, slack.base_url, clock, worker_id="b").run_due().posted == []
    assert posts(slack) == []


def _claim_only(runner: DigestRunner, clock: FrozenClock) -> Any:
    from bot.digest.runner import TickReport
    from bot.digest.schedule import latest_period
    from bot.digest.subscriptions import schedule_of

    with Session(runner.engine, expire_on_commit=False) as session:
        sub = session.exec(select(Subscription)).one()
    period = latest_period(schedule_of(sub), clock())
    return runner._claim(sub, period=period, now=clock(), trigger="schedule", report=TickReport())


def test_unchanged_event_is_never_shown_twice(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=30))
    runner = make_runner(engine, slack.base_url, clock)
    runner.run_due()
    clock.advance(days=1)
    runner.run_due()
    first, second = posts(slack)
    assert "Clashes near Tinzaouaten" in blocks_text(first)
    assert "Clashes near Tinzaouaten" not in blocks_text(second)
    assert "Nothing new since 1 Aug 08:00" in blocks_text(second)


def test_an_event_shown_in_the_window_again_is_not_repeated(
    engine: Engine, slack: FakeSlack
) -> None:
    """A manual `send` shows the event; the scheduled digest right after must not repeat it."""
    event_id = seed_mali_event(engine)
    sub = add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE - timedelta(hours=1))
    runner = make_runner(engine, slack.base_url, clock)
    assert len(runner.send_now(sub.id or 0).posted) == 1
    clock.now = FIRE + timedelta(seconds=30)
    assert len(runner.run_due().posted) == 1
    manual, scheduled = posts(slack)
    assert "Clashes near Tinzaouaten" in blocks_text(manual)
    assert "Clashes near Tinzaouaten" not in blocks_text(scheduled)
    with Session(engine) as session:
        shown = session.get(DigestShownEvent, (sub.id, event_id))
        assert shown is not None and len(shown.claim_ids) == 1


def test_skip_empty_subscription_posts_nothing_when_nothing_changed(
    engine: Engine, slack: FakeSlack
) -> None:
    add_subscription(engine, args="daily 08:00 Mali skip-empty", now=CREATED)
    report = make_runner(engine, slack.base_url, FrozenClock(FIRE + timedelta(seconds=5))).run_due()
    assert report.posted == [] and len(report.skipped) == 1
    assert posts(slack) == []
    assert runs(engine)[0].status == "skipped"


def test_changed_event_is_marked_as_an_update_saying_what_changed(
    engine: Engine, slack: FakeSlack
) -> None:
    event_id = seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=30))
    runner = make_runner(engine, slack.base_url, clock)
    runner.run_due()
    with Session(engine, expire_on_commit=False) as session:
        event = session.get_one(Event, event_id)
        add_claim(
            session, event, ClaimSpec("JNIM", "Wagner Group", 50), at=FIRE + timedelta(hours=5)
        )
    clock.advance(days=1)
    runner.run_due()
    text = blocks_text(posts(slack)[1])
    assert "*Update*" in text and "Clashes near Tinzaouaten" in text
    assert "new claim: JNIM: 50 Wagner Group killed; 1 new source" in text
    assert "50 Wagner Group killed :new:" in text
    assert runs(engine)[1].update_count == 1


def test_archived_channel_pauses_the_subscription_until_resubscribed(
    engine: Engine, slack: FakeSlack
) -> None:
    seed_mali_event(engine)
    sub = add_subscription(engine, now=CREATED)
    slack.fail("chat.postMessage", "is_archived")
    clock = FrozenClock(FIRE + timedelta(seconds=30))
    runner = make_runner(engine, slack.base_url, clock)
    report = runner.run_due()
    assert report.paused == [sub.id]
    paused = subscription(engine, sub.id or 0)
    assert paused.status == "paused"
    assert "archived" in (paused.paused_reason or "")
    with Session(engine) as session:
        (view,) = list_subscriptions(session, channel_ids=["C1"], now=clock())
    assert view.status == "paused" and "archived" in (view.paused_reason or "")
    clock.advance(days=1)
    assert runner.run_due().posted == []
    assert len(slack.calls_to("chat.postMessage")) == 1  # no attempt while paused
    add_subscription(engine, now=clock())  # re-subscribing resumes it
    assert subscription(engine, sub.id or 0).status == "active"
    clock.advance(days=1)
    assert len(runner.run_due().posted) == 1


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_bot_removed_pauses_with_its_reason(engine: Engine, slack: FakeSlack, error: str) -> None:
    sub = add_subscription(engine, now=CREATED)
    slack.fail("chat.postMessage", error)
    make_runner(engine, slack.base_url, FrozenClock(FIRE + timedelta(seconds=5))).run_due()
    assert error in (subscription(engine, sub.id or 0).paused_reason or "")


def test_rate_limited_post_is_retried_after_retry_after(engine: Engine, slack: FakeSlack) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    slack.rate_limit("chat.postMessage", retry_after=7)
    fake_time = FakeTime()
    runner = make_runner(
        engine, slack.base_url, FrozenClock(FIRE + timedelta(seconds=5)), fake_time=fake_time
    )
    assert len(runner.run_due().posted) == 1
    assert 7.0 in fake_time.sleeps
    assert len(slack.calls_to("chat.postMessage")) == 2 and len(posts(slack)) == 2


def test_failed_post_is_retried_with_backoff_never_dropped(
    engine: Engine, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    slack.fail("chat.postMessage", "internal_error", times=2)
    clock = FrozenClock(FIRE + timedelta(seconds=5))
    runner = make_runner(engine, slack.base_url, clock)
    with caplog.at_level(logging.WARNING):
        assert len(runner.run_due().failed) == 1
    (run,) = runs(engine)
    assert run.status == "failed" and run.next_attempt_at == clock() + timedelta(minutes=1)
    assert "internal_error" in caplog.text
    assert runner.run_due().failed == []  # not before its time
    clock.advance(minutes=1)
    assert len(runner.run_due().failed) == 1  # second failure: backoff doubles
    assert runs(engine)[0].next_attempt_at == clock() + timedelta(minutes=2)
    clock.advance(minutes=2)
    assert len(runner.run_due().posted) == 1
    (run,) = runs(engine)
    assert run.status == "posted" and run.attempts == 3
    assert len(slack.calls_to("chat.postMessage")) == 3


class Crash(BaseException):
    """The process dies here (not an Exception: nothing catches it)."""


class CrashAfterPosting(DigestRunner):
    def _finalize(self, *args: Any, **kwargs: Any) -> bool:
        raise Crash


def _crash_runner(engine: Engine, slack: FakeSlack, clock: FrozenClock) -> DigestRunner:
    runner = make_runner(engine, slack.base_url, clock, worker_id="crashed")
    runner.__class__ = CrashAfterPosting
    return runner


def test_crash_between_post_and_record_is_reconciled_from_channel_history(
    engine: Engine, slack: FakeSlack
) -> None:
    event_id = seed_mali_event(engine)
    sub = add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=5))
    with pytest.raises(Crash):
        _crash_runner(engine, slack, clock).run_due()
    assert len(posts(slack)) == 1 and runs(engine)[0].status == "claimed"
    restarted = make_runner(engine, slack.base_url, clock, worker_id="restarted")
    assert restarted.run_due().posted == []  # the claim is fresh: maybe still being posted
    clock.advance(minutes=6)  # past the claim lease
    assert len(restarted.run_due().posted) == 1
    assert len(slack.calls_to("conversations.history")) == 1
    assert len(posts(slack)) == 1  # found in the channel, not posted again
    (run,) = runs(engine)
    assert run.status == "posted" and run.message_ts == posts_ts(slack)[0]
    with Session(engine) as session:
        assert session.get(DigestShownEvent, (sub.id, event_id)) is not None


def posts_ts(slack: FakeSlack) -> list[str]:
    return [m["ts"] for m in slack.messages["C1"] if not m.get("thread_ts")]


def test_crash_before_posting_is_posted_once_after_the_lease(
    engine: Engine, slack: FakeSlack
) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=5))
    runner = make_runner(engine, slack.base_url, clock, worker_id="crashed")

    def die(**_: Any) -> Any:
        raise Crash

    runner.sender.post_message = die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        runner.run_due()
    clock.advance(minutes=6)
    assert len(make_runner(engine, slack.base_url, clock, worker_id="b").run_due().posted) == 1
    assert len(posts(slack)) == 1


def test_unverifiable_crash_is_marked_possibly_sent_not_reposted(
    engine: Engine, slack: FakeSlack
) -> None:
    seed_mali_event(engine)
    add_subscription(engine, now=CREATED)
    clock = FrozenClock(FIRE + timedelta(seconds=5))
    with pytest.raises(Crash):
        _crash_runner(engine, slack, clock).run_due()
    slack.fail("conversations.history", "missing_scope")
    clock.advance(minutes=6)
    report = make_runner(engine, slack.base_url, clock, worker_id="b").run_due()
    assert len(report.possibly_sent) == 1
    assert len(posts(slack)) == 1
    assert runs(engine)[0].status == "possibly_sent"
    with Session(engine) as session:
        (view,) = list_subscriptions(session, now=clock())
    assert view.last_problem and "possibly sent" in view.last_problem
    clock.advance(minutes=10)
    make_runner(engine, slack.base_url, clock, worker_id="c").run_due()
    assert len(posts(slack)) == 1


def test_chart_is_uploaded_into_the_digest_thread(engine: Engine, slack: FakeSlack) -> None:
    with Session(engine, expire_on_commit=False) as session:
        add_event(
            session,
            title="Clashes near Tinzaouaten",
            updated_at=FIRE - timedelta(hours=3),
            claims=[CSP_84, ClaimSpec("JNIM", "Wagner Group", 50)],
        )
    add_subscription(engine, now=CREATED)
    make_runner(engine, slack.base_url, FrozenClock(FIRE + timedelta(seconds=5))).run_due()
    digest_ts = posts_ts(slack)[0]
    (complete,) = slack.calls_to("files.completeUploadExternal")
    assert complete.params["thread_ts"] == digest_ts
    assert complete.params["channel_id"] == "C1"
    (upload,) = [c for c in slack.calls if c.method.startswith("upload:")]
    assert b"\x89PNG" in upload.body
    assert runs(engine)[0].chart_file_id


def test_long_digest_is_split_within_slack_limits_and_paced(
    engine: Engine, slack: FakeSlack
) -> None:
    with Session(engine, expire_on_commit=False) as session:
        for i in range(60):
            add_event(
                session,
                title=f"Incident {i}",
                updated_at=FIRE - timedelta(minutes=10 + i),
                claims=[ClaimSpec("CSP", "FAMa", i)],
            )
    add_subscription(engine, now=CREATED)
    fake_time = FakeTime()
    runner = make_runner(
        engine, slack.base_url, FrozenClock(FIRE + timedelta(seconds=5)), fake_time=fake_time
    )
    runner.charts = False
    runner.run_due()
    messages = posts(slack)
    assert len(messages) >= 3
    assert all(len(m["blocks"]) <= 50 for m in messages)
    assert "60* new" in blocks_text(messages[0]) and "Sitrep digest" in blocks_text(messages[0])
    run_id = runs(engine)[0].id
    assert [m["blocks"][0]["block_id"] for m in messages] == [
        f"sitrep-digest:{run_id}:{i}" for i in range(len(messages))
    ]
    assert fake_time.sleeps == [1.0] * (len(messages) - 1)  # one message per second
    # Most significant first: the highest claimed toll leads.
    first = blocks_text(messages[0])
    assert first.index("Incident 59") < first.index("Incident 58") < first.index("Incident 57")
