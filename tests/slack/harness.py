"""Drive the real Bolt app the way Slack does: signed, form-encoded or JSON requests.

`SlackHarness` builds requests exactly as Slack sends them (slash commands as form fields,
events as `event_callback` JSON, interactivity as a `payload=` form field), signs them with the
signing secret and hands them to Bolt's own dispatch (signature check included). Background
work is awaited with `wait()`; Web API calls land in the FakeSlack on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import BoltRequest, BoltResponse

from bot.app import SitrepApp
from bot.config import Settings
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlack

SIGNING_SECRET = "3f8e2c1a9b7d6e5f4a3b2c1d0e9f8a7b"
BOT_TOKEN = "xoxb-111-222-testingtoken"
USER = "U123"
CHANNEL = "C0CHANNEL"


def make_settings(*, database_url: str, fake: FakeSlack, **extra: Any) -> Settings:
    """Settings for the fake; tasks run on threads of the test process unless `extra` says
    otherwise (answer_workers=N), so the injected clock and clients apply."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
        **{"answer_workers": 0, **extra},
    )


def sign(
    body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    """Slack's v0 signature headers for `body`."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": ts, "x-slack-signature": f"v0={digest}"}


@dataclass
class SlackHarness:
    app: SitrepApp
    fake: FakeSlack
    settings: Settings
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # -- building requests -----------------------------------------------------------------
    def command_body(
        self, text: str, *, user: str = USER, channel: str = CHANNEL, response: str = "cmd"
    ) -> str:
        return urlencode(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "sitrep-test",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": "analyst",
                "command": "/sitrep",
                "text": text,
                "api_app_id": "A0SITREP",
                "is_enterprise_install": "false",
                "response_url": self.fake.response_url(response),
                "trigger_id": f"trigger-{next(self._ids)}",
            }
        )

    def event_body(self, event: dict[str, Any], *, event_id: str | None = None) -> str:
        return json.dumps(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "api_app_id": "A0SITREP",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(self._ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )

    def interactive_body(self, payload: dict[str, Any]) -> str:
        return urlencode({"payload": json.dumps(payload)})

    # -- sending --------------------------------------------------------------------------
    def dispatch(
        self,
        body: str,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        signed: bool = True,
    ) -> BoltResponse:
        all_headers = {"content-type": content_type, **(sign(body) if signed else {})}
        all_headers.update(headers or {})
        return self.app.dispatch(BoltRequest(body=body, headers=all_headers))

    def command(self, text: str, **kwargs: Any) -> BoltResponse:
        return self.dispatch(
            self.command_body(text, **kwargs), content_type="application/x-www-form-urlencoded"
        )

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> BoltResponse:
        headers = {}
        if retry_num is not None:
            headers = {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"}
        return self.dispatch(
            self.event_body(event, event_id=event_id),
            content_type="application/json",
            headers=headers,
        )

    def mention(
        self,
        text: str,
        *,
        ts: str,
        thread_ts: str | None = None,
        channel: str = CHANNEL,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> BoltResponse:
        event = {
            "type": "app_mention",
            "user": USER,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, event_id=event_id, retry_num=retry_num)

    def dm(self, text: str, *, ts: str, **extra: Any) -> BoltResponse:
        event = {
            "type": "message",
            "channel": "D0DIRECT",
            "channel_type": "im",
            "user": USER,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            **extra,
        }
        return self.event(event)

    def button(
        self, action_id: str, value: str, *, response: str = "button", container: str = "message"
    ) -> BoltResponse:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "sitrep-test"},
            "user": {"id": USER, "username": "analyst", "team_id": TEAM_ID},
            "api_app_id": "A0SITREP",
            "token": "deprecated-verification-token",
            "trigger_id": f"trigger-{next(self._ids)}",
            "container": {
                "type": container,
                "message_ts": "1700000000.000001",
                "channel_id": CHANNEL,
                "is_ephemeral": True,
            },
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": f"event-{value}",
                    "value": value,
                    "text": {"type": "plain_text", "text": "x"},
                    "action_ts": "1700000001.000001",
                }
            ],
        }
        if container == "message":
            payload["channel"] = {"id": CHANNEL, "name": "general"}
            payload["response_url"] = self.fake.response_url(response)
        else:
            payload["view"] = {"type": "home", "id": "V1"}
        return self.dispatch(
            self.interactive_body(payload), content_type="application/x-www-form-urlencoded"
        )

    def message_shortcut(self, text: str, *, response: str = "shortcut") -> BoltResponse:
        payload = {
            "type": "message_action",
            "callback_id": "add_to_sitrep",
            "team": {"id": TEAM_ID, "domain": "sitrep-test"},
            "user": {"id": USER, "name": "analyst"},
            "channel": {"id": CHANNEL, "name": "general"},
            "message": {"type": "message", "user": "U777", "ts": "1700000000.000100", "text": text},
            "message_ts": "1700000000.000100",
            "response_url": self.fake.response_url(response),
            "trigger_id": f"trigger-{next(self._ids)}",
            "token": "deprecated-verification-token",
            "action_ts": "1700000002.000001",
        }
        return self.dispatch(
            self.interactive_body(payload), content_type="application/x-www-form-urlencoded"
        )

    # -- waiting --------------------------------------------------------------------------
    def wait(self) -> None:
        assert self.app.deps.work.wait_idle(10), "background work did not finish"


REPO = Path(__file__).resolve().parents[2]


def start_sitrep_serve(*args: str, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """The real `sitrep serve ARGS` as a process, and the first line it prints (mode or address)."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "serve", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stdout is not None
    return process, process.stdout.readline()
