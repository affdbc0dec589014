"""Benchmark: time-to-ack and time-to-answer of `sitrep serve --http` under 20 concurrent senders.

Starts a FakeSlack Web API on 127.0.0.1, a SQLite store with N synthetic events
(bench/synthetic_store.py, cached between runs), and `sitrep serve --http` as a subprocess on a
free port (answers computed in --answer-workers processes, SITREP_ANSWER_WORKERS). Then:

  phase 0 (floor): the same senders flat out on GET /healthz, which does nothing: what this
          machine, client and HTTP server cost a request before any Slack work.
  phase 1 (ack, flat out): 20 threads send signed slash commands and app_mention events back
          to back, far more than the answer workers can keep up with (overload); time-to-ack is
          the HTTP round trip of each request (Slack's 3-second rule).
  phase 2 (ack, paced): the same at --rate requests/s in total (default 40/s, a very busy
          workspace), once phase 1's answers have all been delivered.
  phase 3 (answer): 20 threads each send a mention and wait for its answer to reach the fake's
          chat.postMessage before sending the next: mention -> posted answer latency with 20
          users asking at once.

    .venv/bin/python bench/slack_ack.py [--events 100000] [--senders 20] [--requests 50]
        [--workers 8] [--answer-workers 2]

Targets: ack p99 <= 100 ms; mention -> posted answer p95 <= 500 ms at 100k events.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from sqlalchemy import func, select  # noqa: E402
from synthetic_store import populate  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.db import create_db_engine, migrate  # noqa: E402
from models import Event  # noqa: E402
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlack  # noqa: E402
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, sign  # noqa: E402

QUESTIONS = [
    "latest Wagner losses in Mali",
    "what happened in Sudan?",
    "JNIM attacks in Burkina Faso",
    "latest in Kidal",
    "RSF claims in El Fasher last month",
    "latest clashes in Niger",
    "al-Shabaab attacks in Somalia",
    "how many killed in Mali in July",
]


class TimedFakeSlack(FakeSlack):
    """FakeSlack that notes when each answer arrived (keyed by thread ts / response_url name)."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, float] = {}
        self.arrival = threading.Condition()

    def _default_response(self, method: str, params: dict[str, Any]) -> Any:
        key = None
        if method == "chat.postMessage":
            key = str(params.get("thread_ts"))
        elif method.startswith("response_url:"):
            key = method
        if key is not None:
            with self.arrival:
                self.arrived.setdefault(key, time.perf_counter())
                self.arrival.notify_all()
        return super()._default_response(method, params)

    def wait_arrival(self, key: str, timeout: float = 30.0) -> float:
        with self.arrival:
            self.arrival.wait_for(lambda: key in self.arrived, timeout)
            return self.arrived[key]


def schema_key() -> str:
    """Changes whenever a migration or model changes: a cached store is rebuilt, not reused."""
    digest = hashlib.sha256()
    for source in sorted([*ROOT.glob("bot/migrations/versions/*.py"), *ROOT.glob("models/*.py")]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def store(path: Path, events: int) -> None:
    """A migrated SQLite file with `events` synthetic events (reused when it already has them)."""
    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as connection:
        have = connection.execute(select(func.count()).select_from(Event)).scalar_one()
    if have != events:
        engine.dispose()
        path.unlink()
        engine = create_db_engine(f"sqlite:///{path}")
        migrate(engine)
        started = time.perf_counter()
        populate(engine, events)
        print(f"stored {events:,} synthetic events in {time.perf_counter() - started:.1f} s")
    engine.dispose()


def start_server(
    db: Path, fake: FakeSlack, workers: int, answer_workers: int
) -> tuple[subprocess.Popen[str], str]:
    env = {
        **os.environ,
        "SITREP_ANSWER_WORKERS": str(answer_workers),
        "DATABASE_URL": f"sqlite:///{db}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "SITREP_LOG_LEVEL": os.environ.get("SITREP_LOG_LEVEL", "WARNING"),
    }
    env.pop("SLACK_APP_TOKEN", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from bot.cli import main; main()",
            "serve",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "serving Slack on" not in line:
        process.kill()
        raise SystemExit(f"sitrep serve did not start: {line!r}")
    return process, line.split(" on ", 1)[1].strip()


class Sender:
    """Builds signed requests the way Slack sends them."""

    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.url = url
        self.fake = fake
        self.ids = itertools.count(1)
        # Event ids are remembered in the (cached) store: a fresh prefix per run, or every
        # mention would be dropped as a retry of the previous run's.
        self.run = uuid.uuid4().hex[:8]
        self.lock = threading.Lock()

    def next_id(self) -> int:
        with self.lock:
            return next(self.ids)

    def command(self, client: httpx.Client, text: str) -> tuple[float, str]:
        name = f"cmd{self.next_id()}"
        body = urlencode(
            {
                "team_id": TEAM_ID,
                "channel_id": "C0BENCH",
                "user_id": "U123",
                "command": "/sitrep",
                "text": text,
                "response_url": self.fake.response_url(name),
                "trigger_id": name,
            }
        )
        return self._post(client, body, "application/x-www-form-urlencoded"), f"response_url:{name}"

    def mention(self, client: httpx.Client, text: str) -> tuple[float, str]:
        n = self.next_id()
        # A fresh thread per mention: threads remembered from an earlier run would turn the
        # question into a follow-up of whatever was asked there.
        ts = f"{int(time.time())}.{n:06d}{self.run}"
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "api_app_id": "A0BENCH",
                "event_id": f"Ev{self.run}{n:08d}",
                "event_time": int(time.time()),
                "event": {
                    "type": "app_mention",
                    "user": "U123",
                    "channel": "C0BENCH",
                    "ts": ts,
                    "event_ts": ts,
                    "text": f"<@{BOT_USER_ID}> {text}",
                },
            }
        )
        return self._post(client, body, "application/json"), ts

    def _post(self, client: httpx.Client, body: str, content_type: str) -> float:
        headers = {"content-type": content_type, **sign(body)}
        started = time.perf_counter()
        response = client.post(self.url, content=body, headers=headers)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def run_parallel(senders: int, job: Callable[[int, httpx.Client], list[Any]]) -> list[Any]:
    """job(index, client) on `senders` threads at once, each with a new client (connection).

    The clients are made before the threads start: making one costs ~40 ms of CPU (its TLS
    context), which would otherwise hold this process's GIL while other senders are timing.
    """
    clients = [httpx.Client() for _ in range(senders)]
    try:
        with ThreadPoolExecutor(senders) as pool:
            chunks = pool.map(job, range(senders), clients)
            return [item for chunk in chunks for item in chunk]
    finally:
        for client in clients:
            client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="per sender and phase")
    parser.add_argument("--workers", type=int, default=8, help="sitrep serve --workers")
    parser.add_argument(
        "--answer-workers",
        type=int,
        default=Settings.model_fields["answer_workers"].default,
        help="SITREP_ANSWER_WORKERS: answer processes (0: threads of the server)",
    )
    parser.add_argument(
        "--rate", type=float, default=40.0, help="requests/s (all senders) in the paced phase"
    )
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (cached by default)")
    args = parser.parse_args()
    if args.db is None:
        args.db = (
            Path(tempfile.gettempdir()) / f"sitrep-bench-slack-{args.events}-{schema_key()}.db"
        )

    store(args.db, args.events)
    with TimedFakeSlack() as fake:
        process, url = start_server(args.db, fake, args.workers, args.answer_workers)
        try:
            sender = Sender(url, fake)
            with httpx.Client() as warm:  # first requests pay auth.test and cold caches
                for question in QUESTIONS:
                    _, key = sender.command(warm, question)
                    fake.wait_arrival(key)

            def floor_phase(index: int, client: httpx.Client) -> list[float]:
                health = url.rsplit("/slack/events", 1)[0] + "/healthz"
                found = []
                for _ in range(args.requests):
                    started = time.perf_counter()
                    client.get(health).raise_for_status()
                    found.append(time.perf_counter() - started)
                return found

            floor = run_parallel(args.senders, floor_phase)

            def ack_phase(
                index: int, client: httpx.Client, interval: float | None
            ) -> list[tuple[str, float]]:
                """Alternate commands and mentions; back to back, or one every `interval` s."""
                found = []
                next_at = time.perf_counter() + (interval or 0) * index / args.senders
                for i in range(args.requests):
                    if interval:
                        time.sleep(max(0.0, next_at - time.perf_counter()))
                        next_at += interval
                    question = QUESTIONS[(index + i) % len(QUESTIONS)]
                    if i % 2:
                        found.append(("mention", sender.mention(client, question)[0]))
                    else:
                        found.append(("command", sender.command(client, question)[0]))
                return found

            delivered = len(QUESTIONS)
            phases: dict[str, tuple[list[tuple[str, float]], float, float]] = {}
            for label, rate in (("flat out", None), (f"at {args.rate:g}/s", args.rate)):
                interval = args.senders / rate if rate else None
                started = time.perf_counter()
                acks = run_parallel(args.senders, lambda i, c, iv=interval: ack_phase(i, c, iv))
                wall = time.perf_counter() - started
                delivered += len(acks)
                with fake.arrival:  # every answer delivered before the next phase starts
                    fake.arrival.wait_for(lambda n=delivered: len(fake.arrived) >= n, timeout=900)
                phases[label] = (acks, wall, time.perf_counter() - started)

            def answer_phase(index: int, client: httpx.Client) -> list[float]:
                found = []
                for i in range(max(args.requests // 5, 3)):
                    question = QUESTIONS[(index * 3 + i) % len(QUESTIONS)]
                    sent = time.perf_counter()
                    _, ts = sender.mention(client, question)
                    found.append(fake.wait_arrival(ts) - sent)
                return found

            answers = run_parallel(args.senders, answer_phase)
        finally:
            process.terminate()
            process.wait(timeout=30)

    rows = [("GET /healthz, flat out (floor)", len(floor), [v * 1000 for v in floor])]
    notes = []
    for label, (acks, wall, until_delivered) in phases.items():
        for kind in ("command", "mention"):
            values = [v * 1000 for k, v in acks if k == kind]
            rows.append((f"ack {kind}, {label}", len(values), values))
        notes.append(
            f"{label}: {len(acks)} requests in {wall:.1f} s ({len(acks) / wall:.0f}/s), "
            f"all {len(acks)} answers delivered after {until_delivered:.1f} s"
        )
    rows.append(("mention -> answer posted", len(answers), [v * 1000 for v in answers]))
    print(
        f"\nsitrep serve --http · {args.events:,} stored events · {args.senders} senders · "
        f"{args.answer_workers} answer processes · {args.workers} answers at once · "
        f"{os.cpu_count()} CPUs"
    )
    for note in notes:
        print(note)
    print(f"{'measure':<32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, n, values in rows:
        print(
            f"{name:<32} {n:>5} {statistics.median(values):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f} {max(values):>8.1f}"
        )


if __name__ == "__main__":
    main()
