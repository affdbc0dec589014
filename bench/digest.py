"""Benchmark: build digests for 1,000 subscriptions with varied filters over a 100k-event store.

    .venv/bin/python bench/digest.py [--events 100000] [--subscriptions 1000] [--database-url URL]

Timed: selecting new/changed events and rendering Block Kit for every subscription (target
<= 10 s in total). Shown separately: a whole tick (claim, plan, post to an instant fake client,
record) and the pacing a real post would add (one message per second per channel), computed
with a simulated clock, plus chart rendering per digest.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_sdk import WebClient
from sqlalchemy import insert, text
from sqlmodel import Session, select
from synthetic_store import COUNTRY_CODES, END, EVENT_TYPES, STATE_FORCES, populate

from bot.db import create_db_engine, is_postgres, migrate
from bot.digest.chart import chart_data, render_chart
from bot.digest.content import ViewCache
from bot.digest.filters import DigestFilters
from bot.digest.runner import DELIVERY_WORKERS, DigestRunner, digest_content
from bot.digest.schedule import latest_period
from bot.digest.sender import DigestSender, Pacer
from bot.digest.subscriptions import schedule_of
from handlers.blocks.digest import render_digest
from models import Subscription

PLACES = ["Tinzaouaten", "Kidal", "Gao", "El Fasher", "Djibo", "Goma", "Mogadishu", "Maiduguri"]
ACTORS = ["JNIM", "CSP", "RSF", "M23", "al-Shabaab", "Boko Haram", "Wagner Group", "ADF"]


def subscription_filters(rng: random.Random, index: int) -> DigestFilters:
    """A mix of what analysts subscribe to: countries, places, actors, event types, words."""
    codes = list(COUNTRY_CODES.values())
    kind = index % 7
    if kind == 0:
        return DigestFilters(countries=(rng.choice(codes),))
    if kind == 1:
        return DigestFilters(countries=tuple(rng.sample(codes, 2)))
    if kind == 2:
        return DigestFilters(countries=(rng.choice(codes),), actors=(rng.choice(ACTORS),))
    if kind == 3:
        return DigestFilters(places=tuple(rng.sample(PLACES, 2)))
    if kind == 4:
        return DigestFilters(event_types=(rng.choice(EVENT_TYPES),), countries=(rng.choice(codes),))
    if kind == 5:
        return DigestFilters(actors=tuple(rng.sample(ACTORS, 2)), words=("clash",))
    return DigestFilters(
        actors=(rng.choice(sorted({a for f in STATE_FORCES.values() for a in f})),)
    )


class InstantSlack:
    """A stand-in WebClient that answers at once: the tick is timed without network."""

    def __init__(self, simulated: SimulatedTime, latency: float = 0.15) -> None:
        self.count = 0
        self.per_channel: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.simulated = simulated
        self.latency = latency  # a typical chat.postMessage round trip, added to simulated time

    def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        with self._lock:
            self.count += 1
            self.per_channel[kwargs["channel"]] += 1
            self.simulated.now += self.latency
        return {"ok": True, "ts": f"1700000000.{self.count:06d}"}

    def files_upload_v2(self, **_: Any) -> dict[str, Any]:
        return {"ok": True, "files": [{"id": "F1"}]}

    def conversations_history(self, **_: Any) -> dict[str, Any]:
        return {"ok": True, "messages": []}


class SimulatedTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept += seconds
            self.now += seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=1_000)
    parser.add_argument("--channels", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="sitrep-bench-digest-")
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    engine = create_db_engine(url)
    migrate(engine)

    started = time.perf_counter()
    counts = populate(engine, args.events)
    if is_postgres(engine):
        with engine.begin() as connection:
            for table in ("event", "document", "claim"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
            connection.execute(text("ANALYZE"))
    print(f"store: {counts} in {time.perf_counter() - started:.1f} s ({engine.dialect.name})")

    rng = random.Random(7)
    created = END - timedelta(days=2)
    with engine.begin() as connection:
        connection.execute(
            insert(Subscription),  # type: ignore[arg-type]
            [
                {
                    "channel_id": f"C{index % args.channels:05d}",
                    "created_by": "bench",
                    "cadence": "daily",
                    "time_of_day": "08:00",
                    "tz": "Europe/Paris",
                    "skip_empty": False,
                    "status": "active",
                    "filters": subscription_filters(rng, index).to_json(),
                    "created_at": created,
                    "updated_at": created,
                }
                for index in range(args.subscriptions)
            ],
        )

    now = END + timedelta(seconds=30)
    with Session(engine) as session:
        subscriptions = list(session.exec(select(Subscription)))
        views = ViewCache()  # as in a tick: each event's view is loaded once for all digests
        started = time.perf_counter()
        events = messages = blocks = 0
        for subscription in subscriptions:
            period = latest_period(schedule_of(subscription), now)
            content = digest_content(
                session,
                subscription=subscription,
                period=period,
                window_start=period.start,
                window_end=period.end,
                now=now,
                load_views=views,
            )
            rendered = render_digest(content, f"sitrep-digest:{subscription.id}")
            events += len(content.items)
            messages += len(rendered)
            blocks += sum(len(m["blocks"]) for m in rendered)
        build = time.perf_counter() - started
    n = len(subscriptions)
    print(
        f"build: {n} digests in {build:.2f} s ({1000 * build / n:.1f} ms each; target <= 10 s total) "
        f"— {events} event cards, {messages} messages, {blocks} blocks"
    )

    simulated = SimulatedTime()
    client = InstantSlack(simulated)
    runner = DigestRunner(
        engine=engine,
        sender=DigestSender(
            cast(WebClient, client),
            pacer=Pacer(monotonic=simulated.monotonic, sleep=simulated.sleep),
            sleep=simulated.sleep,
        ),
        render=render_digest,
        clock=lambda: now,
        grace=timedelta(hours=6),
        charts=False,
        workers=1,  # sequential, so the simulated pacing below adds up exactly
    )
    started = time.perf_counter()
    report = runner.run_due()
    tick = time.perf_counter() - started
    print(
        f"tick (claim + build + post to an instant client + record): {len(report.posted)} digests, "
        f"{client.count} messages in {tick:.2f} s"
    )
    busiest = max(client.per_channel.values())
    print(
        f"pacing (simulated, {client.latency * 1000:.0f} ms per post): {client.count} messages to "
        f"{len(client.per_channel)} channels at one per second per channel: "
        f"{simulated.slept:.0f} s of waits and {simulated.now:.0f} s in all sent one after "
        f"another (a digest's continuations wait for their channel); the tick serves "
        f"{DELIVERY_WORKERS} channels at once (~{simulated.now / DELIVERY_WORKERS:.0f} s); "
        f"the busiest channel gets {busiest} messages"
    )

    with Session(engine) as session:
        sample = subscriptions[:20]
        started = time.perf_counter()
        for subscription in sample:
            data = chart_data(
                session, filters=DigestFilters.from_json(subscription.filters), end=now
            )
            render_chart(data, title="Claimed killed per day")
        charts = time.perf_counter() - started
    print(f"charts: {1000 * charts / len(sample):.0f} ms per digest chart (query + PNG)")
    engine.dispose()


if __name__ == "__main__":
    main()
