"""A fake Slack Web API on 127.0.0.1: records every call, answers like Slack, fails on demand.

Point slack_sdk at it with `WebClient(base_url=fake.base_url)` (or SLACK_API_URL=fake.base_url).
Also serves `response_url` posts (`fake.response_url(name)`) and files_upload_v2's upload URLs,
and hands out a FakeSocketMode's WebSocket URL from apps.connections.open once one is attached.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER_ID = "UBOTSITREP"
BOT_ID = "BSITREP"
TEAM_ID = "T0SITREP"


@dataclass
class RecordedCall:
    method: str  # "chat.postMessage", or "response_url:<name>", or "upload:<file_id>"
    params: dict[str, Any]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class ScriptedResponse:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; inspect `slack.calls_to("chat.postMessage")`."""

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self.users: dict[str, dict[str, Any]] = {
            "U123": {"id": "U123", "name": "analyst", "tz": "Europe/Paris", "tz_offset": 3600},
        }
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.uploads: dict[str, bytes] = {}
        self._scripted: dict[str, deque[ScriptedResponse]] = defaultdict(deque)
        self._ts = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # What apps.connections.open hands out: set by FakeSocketMode (tests/fakes/socket_mode.py).
        self.socket_mode_url: Callable[[], str] | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        server = self._server
        # A short poll interval: stop() (shutdown) returns in ~10 ms instead of 0.5 s.
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.01), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        assert self._server is not None, "FakeSlack not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def base_url(self) -> str:
        """The Web API base, as SLACK_API_URL / WebClient(base_url=...) expects it."""
        return self.root_url + "api/"

    def response_url(self, name: str = "default") -> str:
        return self.root_url + f"response/{name}"

    # -- scripting -------------------------------------------------------------------------------
    def script(
        self,
        method: str,
        *,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls to `method` with this response instead of the default."""
        with self._lock:
            for _ in range(times):
                self._scripted[method].append(ScriptedResponse(status, body, dict(headers or {})))

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """Make the next calls to `method` answer `{"ok": false, "error": error}`."""
        self.script(method, body={"ok": False, "error": error}, times=times)

    def rate_limit(self, method: str, *, retry_after: int = 0, times: int = 1) -> None:
        self.script(
            method,
            status=429,
            body={"ok": False, "error": "ratelimited"},
            headers={"Retry-After": str(retry_after)},
            times=times,
        )

    # -- inspection ------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[RecordedCall]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[RecordedCall]:
        """Block until `count` calls to `method` arrived (background work), or raise."""
        with self._changed:
            ok = self._changed.wait_for(
                lambda: sum(1 for c in self.calls if c.method == method) >= count, timeout
            )
            found = [c for c in self.calls if c.method == method]
        if not ok:
            raise AssertionError(f"expected {count} call(s) to {method}, got {len(found)}")
        return found

    # -- request handling ------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlparse(request.path).path
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in request.headers.items()}
        params = _decode_params(raw, headers.get("content-type", ""), request.path)

        if path.startswith("/api/"):
            method = path[len("/api/") :]
        elif path.startswith("/response/"):
            method = "response_url:" + path[len("/response/") :]
        elif path.startswith("/upload/"):
            method = "upload:" + path[len("/upload/") :]
        else:
            method = path

        with self._changed:
            scripted = self._scripted[method].popleft() if self._scripted[method] else None
            if scripted is None or (scripted.status == 200 and (scripted.body or {}).get("ok")):
                self._record_side_effects(method, params, raw)
            self.calls.append(RecordedCall(method, params, headers, raw))
            response = scripted or self._default_response(method, params)
            self._changed.notify_all()

        payload = json.dumps(response.body if response.body is not None else {"ok": True}).encode()
        if method.startswith("upload:") and scripted is None:
            payload = b"OK"
        request.send_response(response.status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        for key, value in response.headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _record_side_effects(self, method: str, params: dict[str, Any], raw: bytes) -> None:
        if method.startswith("upload:"):
            self.uploads[method.split(":", 1)[1]] = raw

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _default_response(self, method: str, params: dict[str, Any]) -> ScriptedResponse:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return ScriptedResponse(
                body={**ok, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID}
            )
        if method == "apps.connections.open" and self.socket_mode_url is not None:
            return ScriptedResponse(body={**ok, "url": self.socket_mode_url()})
        if method == "chat.postMessage":
            channel = str(params.get("channel", ""))
            ts = self._next_ts()
            message = {"ts": ts, "text": params.get("text"), "bot_id": BOT_ID}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            self.messages[channel].append({**message, "blocks": params.get("blocks")})
            return ScriptedResponse(body={**ok, "channel": channel, "ts": ts, "message": message})
        if method == "chat.postEphemeral":
            return ScriptedResponse(body={**ok, "message_ts": self._next_ts()})
        if method == "chat.update":
            return ScriptedResponse(
                body={**ok, "channel": params.get("channel"), "ts": params.get("ts")}
            )
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            if user is None:
                return ScriptedResponse(body={"ok": False, "error": "user_not_found"})
            return ScriptedResponse(body={**ok, "user": user})
        if method == "conversations.info":
            channel_id = str(params.get("channel"))
            channel = self.channels.get(channel_id, {"id": channel_id, "is_archived": False})
            return ScriptedResponse(body={**ok, "channel": channel})
        if method in ("conversations.history", "conversations.replies"):
            channel_id = str(params.get("channel"))
            return ScriptedResponse(
                body={
                    **ok,
                    "messages": list(reversed(self.messages[channel_id])),
                    "has_more": False,
                }
            )
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):08d}"
            return ScriptedResponse(
                body={**ok, "upload_url": self.root_url + f"upload/{file_id}", "file_id": file_id}
            )
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            if isinstance(files, str):
                files = json.loads(files)
            return ScriptedResponse(
                body={**ok, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
            )
        return ScriptedResponse(body=ok)


def _decode_params(raw: bytes, content_type: str, path: str) -> dict[str, Any]:
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(urlparse(path).query).items()}
    if not raw:
        return params
    if "application/json" in content_type:
        try:
            decoded = json.loads(raw)
        except ValueError:
            return params
        if isinstance(decoded, dict):
            params.update(decoded)
        return params
    if "application/x-www-form-urlencoded" in content_type:
        for key, values in parse_qs(raw.decode("utf-8", "replace")).items():
            value: Any = values[0]
            if key in ("blocks", "attachments", "files", "view") and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            params[key] = value
    return params
