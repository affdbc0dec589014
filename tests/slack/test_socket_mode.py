"""Socket Mode for real, on loopback: slack_sdk's own client against a fake Slack.

The app is served by the functions `sitrep serve` uses (build_socket_mode_handler and
serve_socket_mode, in a thread), on a temporary SQLite database holding the seed article. The
client asks the FakeSlack's apps.connections.open for its URL, connects to the FakeSocketMode
WebSocket server, acks envelopes over the socket and answers through the Web API. The last test
runs the `sitrep serve` command itself in a subprocess and stops it with SIGTERM.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.app import create_app
from bot.cli.serve import build_socket_mode_handler, serve_socket_mode
from bot.clock import FrozenClock
from bot.config import Settings
from bot.db import create_db_engine
from bot.errors import ConfigError
from bot.ingest.pipeline import ingest_text
from bot.slack_client import create_web_client, retry_handlers
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack, RecordedCall
from tests.fakes.socket_mode import FakeSocketMode
from tests.slack.checks import message_texts
from tests.slack.harness import (
    BOT_TOKEN,
    CHANNEL,
    USER,
    SlackHarness,
    make_settings,
    start_sitrep_serve,
)

APP_TOKEN = "xapp-1-A0SITREP-1-socketmodetesttoken"
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_wagner_mali.txt"
ACK_BOUND = 3.0  # seconds: Slack's own limit for acknowledging an envelope
ANSWER_BOUND = 15.0  # seconds: the answer is computed in the background on a shared machine
STARTUP_BOUND = 30.0  # seconds: a new `sitrep serve` process imports, migrates, starts workers
# How often the client pings and checks its connection (Bolt's default is 10 s): a connection
# the server closed is replaced within about this long.
PING_SECONDS = 0.5


def texts(calls: list[RecordedCall]) -> str:
    return "\n".join(
        message_texts(
            [{"text": c.params.get("text"), "blocks": c.params.get("blocks")} for c in calls]
        )
    )


def ingest_seed(engine: Engine) -> None:
    with Session(engine) as session:
        ingest_text(
            session=session,
            text=SEED.read_text(encoding="utf-8"),
            now=datetime(2024, 8, 1, 12, tzinfo=UTC),
            url="https://www.reuters.com/world/africa/mali-tuareg-rebels-wagner-2024-08-01/",
            publisher="Reuters",
            published_at=datetime(2024, 8, 1, 9, tzinfo=UTC),
        )
        session.commit()


@pytest.fixture
def seeded_sqlite(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A temporary SQLite database with the seed article ingested."""
    path = tmp_path / "socket.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    ingest_seed(engine)
    yield url, engine
    engine.dispose()


@dataclass
class Served:
    """The app being served over Socket Mode, and the fakes it talks to."""

    socket: FakeSocketMode
    slack: SlackHarness  # builds payloads exactly as Slack does; waits for background work

    @property
    def fake(self) -> FakeSlack:
        return self.slack.fake

    def command(self, text: str, *, response: str) -> str:
        fields = dict(parse_qsl(self.slack.command_body(text, response=response)))
        return self.socket.slash_command(fields)

    def mention(self, text: str, *, ts: str, event_id: str, retry_attempt: int = 0) -> str:
        event = {
            "type": "app_mention",
            "user": USER,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts,
            "channel": CHANNEL,
            "event_ts": ts,
        }
        body = json.loads(self.slack.event_body(event, event_id=event_id))
        reason = "timeout" if retry_attempt else ""
        return self.socket.event(body, retry_attempt=retry_attempt, retry_reason=reason)


def socket_mode_settings(database_url: str, fake: FakeSlack) -> Settings:
    return make_settings(database_url=database_url, fake=fake, slack_app_token=APP_TOKEN)


@pytest.fixture
def served(
    fake_slack: FakeSlack, seeded_sqlite: tuple[str, Engine], clock: FrozenClock
) -> Iterator[Served]:
    url, engine = seeded_sqlite
    settings = socket_mode_settings(url, fake_slack)
    policy = retry_handlers(backoff_factor=0.0, sleep=lambda s: None, jitter=lambda: 0.0)
    app = create_app(
        settings,
        engine,
        clock,
        web_client=create_web_client(settings, handlers=policy),
        socket_mode=True,
        slack_retry_handlers=policy,
    )
    stop = threading.Event()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            handler = build_socket_mode_handler(settings, app, ping_interval=PING_SECONDS)
            serve_socket_mode(handler, stop=stop)
        except BaseException as error:  # reported by the test's teardown
            failures.append(error)

    socket = FakeSocketMode(fake_slack).start()
    thread = threading.Thread(target=run, name="sitrep-socket-mode", daemon=True)
    thread.start()
    try:
        socket.wait_for_connections(1)
        yield Served(socket=socket, slack=SlackHarness(app=app, fake=fake_slack, settings=settings))
    finally:
        stop.set()
        # Slack's side closes too: slack_sdk's client holds its socket until a read returns,
        # which without traffic takes its 3 s read timeout.
        socket.stop()
        thread.join(timeout=15)
        app.close()
    assert not thread.is_alive(), "the Socket Mode client did not stop"
    assert not failures, failures


def test_connects_to_the_url_apps_connections_open_hands_out(served: Served) -> None:
    (opened,) = served.fake.calls_to("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"  # the app-level token
    assert served.socket.connections[0].ticket == "1"


def test_slash_command_is_acked_over_the_socket_then_answered_at_response_url(
    served: Served,
) -> None:
    started = time.monotonic()
    envelope = served.command("latest Wagner losses in Mali", response="socket")
    ack = served.socket.wait_for_ack(envelope, timeout=ACK_BOUND)
    assert time.monotonic() - started < ACK_BOUND
    assert ack.payload is None  # an empty ack: the answer follows at response_url
    (reply,) = served.fake.wait_for("response_url:socket", timeout=ANSWER_BOUND)
    answer = texts([reply])
    assert "Tinzaouaten, Mali" in answer
    assert "CSP claims 84 Wagner Group killed · _adversary claim_" in answer
    assert "Claims range 50–84 killed (Wagner Group), not verified" in answer
    assert served.fake.calls_to("chat.postMessage") == []  # private: only the asker sees it


def test_mention_is_acked_and_answered_in_its_thread(served: Served) -> None:
    root = "1700007000.000100"
    envelope = served.mention("latest Wagner losses in Mali", ts=root, event_id="EvSOCKET001")
    served.socket.wait_for_ack(envelope, timeout=ACK_BOUND)
    (post,) = served.fake.wait_for("chat.postMessage", timeout=ANSWER_BOUND)
    assert post.params["channel"] == CHANNEL and post.params["thread_ts"] == root
    assert "CSP claims 84 Wagner Group killed" in texts([post])


def test_a_redelivered_event_is_acked_but_answered_once(served: Served) -> None:
    root = "1700007100.000100"
    first = served.mention("latest Wagner losses in Mali", ts=root, event_id="EvSOCKET002")
    again = served.mention(
        "latest Wagner losses in Mali", ts=root, event_id="EvSOCKET002", retry_attempt=1
    )
    assert first != again  # Slack redelivers in a new envelope, with the same event_id
    served.socket.wait_for_ack(first, timeout=ACK_BOUND)
    served.socket.wait_for_ack(again, timeout=ACK_BOUND)
    served.fake.wait_for("chat.postMessage", timeout=ANSWER_BOUND)
    served.slack.wait()  # both deliveries fully handled
    assert len(served.fake.calls_to("chat.postMessage")) == 1


def test_disconnect_request_makes_the_client_reconnect_and_keep_serving(served: Served) -> None:
    served.socket.request_refresh()
    served.fake.wait_for("apps.connections.open", 2, timeout=10)  # a new URL for a new socket
    old, new = served.socket.wait_for_connections(2)
    assert (old.ticket, new.ticket) == ("1", "2")
    served.socket.wait_closed(old.index)  # the client let the retired connection go

    envelope = served.command("help", response="after-refresh")
    ack = served.socket.wait_for_ack(envelope, timeout=10)
    assert ack.connection == new.index
    (reply,) = served.fake.wait_for("response_url:after-refresh", timeout=ANSWER_BOUND)
    assert "/sitrep ask" in json.dumps(reply.params)


def test_a_connection_closed_by_slack_is_replaced(served: Served) -> None:
    served.socket.drop()
    served.socket.wait_for_connections(2, timeout=10 + 4 * PING_SECONDS)
    assert len(served.fake.calls_to("apps.connections.open")) == 2
    envelope = served.command("help", response="after-drop")
    served.socket.wait_for_ack(envelope, timeout=10)
    served.fake.wait_for("response_url:after-drop", timeout=ANSWER_BOUND)


def test_an_app_token_slack_refuses_is_a_config_error(
    fake_slack: FakeSlack, seeded_sqlite: tuple[str, Engine], clock: FrozenClock
) -> None:
    url, engine = seeded_sqlite
    settings = socket_mode_settings(url, fake_slack)
    app = create_app(settings, engine, clock, socket_mode=True)
    fake_slack.fail("apps.connections.open", "invalid_auth")
    try:
        handler = build_socket_mode_handler(settings, app)
        with pytest.raises(
            ConfigError, match=r"SLACK_APP_TOKEN was refused.*invalid_auth"
        ) as raised:
            serve_socket_mode(handler, stop=threading.Event())
    finally:
        app.close()
    assert APP_TOKEN not in str(raised.value)


def test_sitrep_serve_in_socket_mode_end_to_end(
    fake_slack: FakeSlack, seeded_sqlite: tuple[str, Engine]
) -> None:
    url, _ = seeded_sqlite
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake_slack.base_url,
        "SITREP_LOG_LEVEL": "INFO",
    }
    env.pop("SLACK_SIGNING_SECRET", None)  # Socket Mode needs none
    with FakeSocketMode(fake_slack) as socket:
        process, line = start_sitrep_serve(env=env)
        try:
            assert "connecting to Slack in Socket Mode" in line, (
                process.communicate()[1] if process.poll() is not None else line
            )
            socket.wait_for_connections(1, timeout=STARTUP_BOUND)
            fields: dict[str, Any] = {
                "team_id": "T0SITREP",
                "channel_id": CHANNEL,
                "user_id": USER,
                "command": "/sitrep",
                "text": "what happened in Tinzaouaten?",
                "response_url": fake_slack.response_url("serve"),
                "trigger_id": "trigger-serve",
            }
            envelope = socket.slash_command(fields)
            socket.wait_for_ack(envelope, timeout=ACK_BOUND)
            (reply,) = fake_slack.wait_for("response_url:serve", timeout=STARTUP_BOUND)
            assert "CSP claims 84 Wagner Group killed" in texts([reply])
        finally:
            process.terminate()  # SIGTERM: serve_socket_mode stops and closes the socket
            _, stderr = process.communicate(timeout=20)
        assert process.returncode == 0, stderr
        socket.wait_closed(0)
    assert APP_TOKEN not in stderr and BOT_TOKEN not in stderr
