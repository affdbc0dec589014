"""A fake Slack Socket Mode endpoint on 127.0.0.1: a real WebSocket server speaking Slack's protocol.

Wire it to a FakeSlack with `FakeSocketMode(fake_slack)`: apps.connections.open then hands out
`ws://127.0.0.1:<port>/link/?ticket=<n>`, one ticket per call, each good for one connection
(as Slack's URLs are). On every connection the server sends `{"type": "hello", ...}`; a test then
pushes envelopes (`events_api`, `slash_commands`, `interactive`) to the newest connection,
waits for the client's acks (`{"envelope_id": ..., "payload": ...}`), and can ask the client to
reconnect (`{"type": "disconnect", "reason": "refresh_requested"}`) or close the connection.

The WebSocket protocol itself is the `websockets` library's (a dev dependency): only the Slack
part is faked here.
"""

from __future__ import annotations

import itertools
import json
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.slack_api import FakeSlack

APP_ID = "A0SITREP"
HOST = "127.0.0.1"


@dataclass
class Ack:
    """What the client sent back for one envelope."""

    envelope_id: str
    payload: dict[str, Any] | None
    connection: int  # index in FakeSocketMode.connections


@dataclass
class SocketConnection:
    index: int
    ticket: str
    websocket: ServerConnection = field(repr=False)
    open: bool = True


class FakeSocketMode:
    """Start with `with FakeSocketMode(fake_slack) as socket:`; push envelopes, wait for acks."""

    def __init__(self, slack: FakeSlack | None = None) -> None:
        self.connections: list[SocketConnection] = []
        self.acks: list[Ack] = []
        self.others: list[dict[str, Any]] = []  # anything else the client sent
        self._issued: set[str] = set()
        self._used: set[str] = set()
        self._tickets = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._slack = slack

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSocketMode:
        self._server = serve(
            self._serve_connection,
            HOST,
            0,
            process_request=self._check_ticket,
            compression=None,  # slack_sdk's built-in client offers no extensions anyway
            ping_interval=None,  # the client pings; the server only answers
            close_timeout=5,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        if self._slack is not None:
            self._slack.socket_mode_url = self.issue_url
        return self

    def stop(self) -> None:
        if self._slack is not None:
            self._slack.socket_mode_url = None
        if self._server is not None:
            self._server.shutdown()  # closes open connections (1001) and waits for their handlers
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeSocketMode not started"
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        """A fresh URL, as apps.connections.open returns (Slack's are wss://…/link/?ticket=…)."""
        ticket = str(next(self._tickets))
        with self._lock:
            self._issued.add(ticket)
        return f"ws://{HOST}:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"

    # -- pushing ---------------------------------------------------------------------------------
    def push(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        envelope_id: str | None = None,
        accepts_response_payload: bool = False,
        **extra: Any,
    ) -> str:
        """Send one envelope on the newest open connection; returns its envelope_id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            **extra,
        }
        self.current().websocket.send(json.dumps(envelope))
        return envelope_id

    def event(self, body: dict[str, Any], *, retry_attempt: int = 0, retry_reason: str = "") -> str:
        """An Events API `event_callback` body; a redelivery has the same event_id and a new envelope."""
        return self.push("events_api", body, retry_attempt=retry_attempt, retry_reason=retry_reason)

    def slash_command(self, fields: dict[str, str]) -> str:
        return self.push("slash_commands", fields, accepts_response_payload=True)

    def interactive(self, payload: dict[str, Any]) -> str:
        return self.push("interactive", payload, accepts_response_payload=False)

    def request_refresh(self) -> None:
        """What Slack sends before it retires a connection: the client should reconnect."""
        message = {
            "type": "disconnect",
            "reason": "refresh_requested",
            "debug_info": {"host": "fake-socket-mode"},
        }
        self.current().websocket.send(json.dumps(message))

    def drop(self, code: int = 1001, reason: str = "going away") -> None:
        """Close the newest connection from the server's side (closing handshake included)."""
        self.current().websocket.close(code, reason)

    # -- waiting and inspection ------------------------------------------------------------------
    def current(self) -> SocketConnection:
        with self._lock:
            for connection in reversed(self.connections):
                if connection.open:
                    return connection
        raise AssertionError("no open Socket Mode connection")

    def wait_for_connections(self, count: int, timeout: float = 10.0) -> list[SocketConnection]:
        """Block until `count` connections were opened in all (reconnections included)."""
        with self._changed:
            ok = self._changed.wait_for(
                lambda: len(self.connections) >= count and self.connections[count - 1].open,
                timeout,
            )
            found = list(self.connections)
        if not ok:
            raise AssertionError(f"expected {count} Socket Mode connection(s), got {len(found)}")
        return found

    def wait_closed(self, index: int, timeout: float = 10.0) -> None:
        with self._changed:
            ok = self._changed.wait_for(lambda: not self.connections[index].open, timeout)
        if not ok:
            raise AssertionError(f"Socket Mode connection {index} is still open")

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        with self._changed:
            self._changed.wait_for(
                lambda: any(a.envelope_id == envelope_id for a in self.acks), timeout
            )
            found = [a for a in self.acks if a.envelope_id == envelope_id]
        if not found:
            raise AssertionError(f"no ack for envelope {envelope_id} within {timeout} s")
        return found[0]

    def acks_for(self, envelope_id: str) -> list[Ack]:
        with self._lock:
            return [a for a in self.acks if a.envelope_id == envelope_id]

    # -- the server side -------------------------------------------------------------------------
    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse URLs that apps.connections.open did not hand out, and reused ones."""
        ticket = _ticket(request.path)
        with self._lock:
            if ticket in self._issued and ticket not in self._used:
                self._used.add(ticket)
                return None
        return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")

    def _serve_connection(self, websocket: ServerConnection) -> None:
        assert websocket.request is not None
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 3600},
            "connection_info": {"app_id": APP_ID},
        }
        websocket.send(json.dumps(hello))
        with self._changed:
            connection = SocketConnection(
                len(self.connections), _ticket(websocket.request.path), websocket
            )
            self.connections.append(connection)
            self._changed.notify_all()
        try:
            for raw in websocket:
                self._received(connection, raw)
        except ConnectionClosed:
            pass  # slack_sdk's client closes its socket without a closing handshake
        finally:
            with self._changed:
                connection.open = False
                self._changed.notify_all()

    def _received(self, connection: SocketConnection, raw: str | bytes) -> None:
        message = json.loads(raw)
        with self._changed:
            if isinstance(message, dict) and "envelope_id" in message:
                payload = message.get("payload")
                self.acks.append(
                    Ack(str(message["envelope_id"]), payload if payload else None, connection.index)
                )
            else:
                self.others.append(message)
            self._changed.notify_all()


def _ticket(path: str) -> str:
    return (parse_qs(urlsplit(path).query).get("ticket") or [""])[0]
