"""Over real sockets: `sitrep serve --http` (subprocess), the HTTP server, and Socket Mode payloads."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import httpx
import pytest
from slack_bolt import BoltRequest
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.db import session_scope
from bot.slack_server import SlackHTTPServer, make_http_server, serve_in_thread
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.slack.factories import TINZAOUATEN, add_event
from tests.slack.harness import (
    BOT_TOKEN,
    CHANNEL,
    SIGNING_SECRET,
    SlackHarness,
    sign,
    start_sitrep_serve,
)


@pytest.fixture
def server(slack: SlackHarness) -> Iterator[SlackHTTPServer]:
    with session_scope(slack.app.deps.engine) as session:
        add_event(session, TINZAOUATEN)
    http = make_http_server(slack.app, host="127.0.0.1", port=0)
    serve_in_thread(http)
    yield http
    http.shutdown()
    http.server_close()


def post(url: str, body: str, *, content_type: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, content=body, headers={"content-type": content_type, **headers})


def test_signed_requests_over_http(slack: SlackHarness, server: SlackHTTPServer) -> None:
    command = slack.command_body("latest Wagner losses in Mali")
    ok = post(
        server.url, command, content_type="application/x-www-form-urlencoded", headers=sign(command)
    )
    assert ok.status_code == 200
    forged = post(
        server.url,
        command,
        content_type="application/x-www-form-urlencoded",
        headers=sign(command, secret="wrong"),
    )
    assert forged.status_code == 401
    event = slack.event_body(
        {
            "type": "app_mention",
            "user": "U123",
            "channel": CHANNEL,
            "text": f"<@{BOT_USER_ID}> latest Wagner losses in Mali",
            "ts": "1700002000.000100",
        },
        event_id="Ev0HTTP001",
    )
    for retry in (None, "1"):
        headers = sign(event)
        if retry:
            headers |= {"x-slack-retry-num": retry, "x-slack-retry-reason": "http_timeout"}
        assert (
            post(server.url, event, content_type="application/json", headers=headers).status_code
            == 200
        )
    slack.wait()
    assert len(slack.fake.calls_to("response_url:cmd")) == 1
    (answer,) = slack.fake.calls_to("chat.postMessage")
    assert answer.params["thread_ts"] == "1700002000.000100"
    base = server.url.rsplit("/slack/events", 1)[0]
    assert httpx.get(base + "/healthz").text == "ok"
    assert httpx.post(base + "/other", content="x").status_code == 404


def test_url_verification_challenge(slack: SlackHarness, server: SlackHTTPServer) -> None:
    body = json.dumps({"token": "t", "challenge": "c0ffee", "type": "url_verification"})
    response = post(server.url, body, content_type="application/json", headers=sign(body))
    assert response.status_code == 200
    assert "c0ffee" in response.text


def test_socket_mode_dispatch_needs_no_signature(
    fake_slack: FakeSlack, slack: SlackHarness, engine: object, clock: object
) -> None:
    with session_scope(slack.app.deps.engine) as session:
        add_event(session, TINZAOUATEN)
    app = create_app(
        slack.settings,
        slack.app.deps.engine,
        clock,  # type: ignore[arg-type]
        web_client=slack.app.deps.client,
        socket_mode=True,
    )
    try:
        body = json.loads(
            slack.event_body(
                {
                    "type": "app_mention",
                    "user": "U123",
                    "channel": CHANNEL,
                    "ts": "1700003000.000100",
                    "text": f"<@{BOT_USER_ID}> latest Wagner losses in Mali",
                }
            )
        )
        response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
        assert response.status == 200
        assert app.deps.work.wait_idle(10)
    finally:
        app.close()
    assert fake_slack.calls_to("chat.postMessage")[0].params["thread_ts"] == "1700003000.000100"


def test_sitrep_serve_http_end_to_end(fake_slack: FakeSlack, db_url: str, engine: Engine) -> None:
    """The real server with an answer worker process: the answers are computed and posted there."""
    with session_scope(engine) as session:
        add_event(session, TINZAOUATEN)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
        "SITREP_LOG_LEVEL": "INFO",
        "SITREP_ANSWER_WORKERS": "1",
    }
    env.pop("SLACK_APP_TOKEN", None)
    process, line = start_sitrep_serve("--http", "--host", "127.0.0.1", "--port", "0", env=env)
    try:
        assert "serving Slack on http://127.0.0.1:" in line, (
            process.stderr.read() if process.poll() is not None else line
        )
        url = line.split(" on ", 1)[1].strip()
        harness_body = (
            "team_id=T0SITREP&channel_id=C0CHANNEL&user_id=U123&command=%2Fsitrep&text=help"
            f"&response_url={fake_slack.response_url('serve')}"
        )
        response = httpx.post(
            url,
            content=harness_body,
            headers={"content-type": "application/x-www-form-urlencoded", **sign(harness_body)},
        )
        assert response.status_code == 200
        mention = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T0SITREP",
                "event_id": "Ev0SERVE01",
                "event": {
                    "type": "app_mention",
                    "user": "U123",
                    "channel": CHANNEL,
                    "text": f"<@{BOT_USER_ID}> latest Wagner losses in Mali",
                    "ts": "1700004000.000100",
                },
            }
        )
        for retry in ({}, {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}):
            headers = {"content-type": "application/json", **sign(mention), **retry}
            assert httpx.post(url, content=mention, headers=headers).status_code == 200
        # The worker process starts with the server: allow for its imports on a busy machine.
        (reply,) = fake_slack.wait_for("response_url:serve", timeout=60)
        assert "/sitrep ask" in json.dumps(reply.params)
        (answer,) = fake_slack.wait_for("chat.postMessage", timeout=60)
        assert answer.params["thread_ts"] == "1700004000.000100"
        assert "CSP claims at least 84 Wagner Group killed" in json.dumps(
            answer.params, ensure_ascii=False
        )
        stale = httpx.post(
            url,
            content=harness_body,
            headers={
                "content-type": "application/x-www-form-urlencoded",
                **sign(harness_body, timestamp=1_600_000_000),
            },
        )
        assert stale.status_code == 401
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr
    # The retry was dropped by the worker (event id in the database), not answered twice.
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
