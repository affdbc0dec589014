"""Serving the app: HTTP (Events API, slash commands, interactivity on POST /slack/events) or
Socket Mode.

The HTTP server is the standard library's threading server handing raw requests to Bolt's own
dispatch (signature and timestamp checks included): one thread per connection, keep-alive, and
nothing to install. Put it behind a TLS-terminating reverse proxy: Slack only calls https URLs.
"""

from __future__ import annotations

import logging
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few kB; a message shortcut at most ~100 kB


class SlackHTTPServer(ThreadingHTTPServer):
    """One thread per connection, taken from threads started in advance when one is idle.

    socketserver starts a thread per connection, and Thread.start() makes the accepting thread
    wait until the new thread has run (a GIL hand-over): under a burst of new connections the
    last one waits for every earlier start. An idle thread is only signalled.
    """

    daemon_threads = True
    allow_reuse_address = True
    # The listen backlog: socketserver's default of 5 drops connection bursts, and a dropped
    # SYN is only retried a whole second later (a 1 s ack for Slack).
    request_queue_size = 128
    spare_threads = 32

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._connections: queue.SimpleQueue[tuple[Any, Any] | None] = queue.SimpleQueue()
        self._idle = 0
        self._idle_lock = threading.Lock()
        super().__init__(address, _SlackRequestHandler)
        for n in range(self.spare_threads):
            threading.Thread(
                target=self._take_connections, name=f"sitrep-http-{n}", daemon=True
            ).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._idle_lock:
            if self._idle > 0:
                self._idle -= 1
                self._connections.put((request, client_address))
                return
        super().process_request(request, client_address)  # all busy: a new thread, as usual

    def _take_connections(self) -> None:
        while True:
            with self._idle_lock:
                self._idle += 1
            taken = self._connections.get()
            if taken is None:
                return
            self.process_request_thread(*taken)  # handles the connection, then closes it

    def server_close(self) -> None:
        super().server_close()
        for _ in range(self.spare_threads):
            self._connections.put(None)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{EVENTS_PATH}"


class _SlackRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SlackHTTPServer
    # Headers and body go out as two writes: with Nagle's algorithm on, a keep-alive client's
    # delayed ACK holds the second one back ~40 ms (every non-empty response: /healthz, the
    # url_verification challenge).
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        if urlsplit(self.path).path != EVENTS_PATH:
            self._reply(404, b"not found")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._reply(413, b"request too large")
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        request = BoltRequest(
            body=body,
            query=urlsplit(self.path).query,
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        response = self.server.app.dispatch(request)
        payload = (response.body or "").encode("utf-8")
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        self._reply(response.status, payload, headers)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == HEALTH_PATH:
            self._reply(200, b"ok")
        else:
            self._reply(404, b"not found")

    def _reply(self, status: int, payload: bytes, headers: dict[str, Any] | None = None) -> None:
        self.send_response(status)
        for key, values in (headers or {"content-type": ["text/plain"]}).items():
            for value in values if isinstance(values, list | tuple) else [values]:
                self.send_header(key, str(value))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


def make_http_server(app: App, *, host: str = "0.0.0.0", port: int = 3000) -> SlackHTTPServer:
    """Bind (port 0 picks a free one); call serve_forever() to run."""
    return SlackHTTPServer((host, port), app)


def serve_in_thread(server: SlackHTTPServer) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: server.serve_forever(poll_interval=0.05), name="sitrep-http", daemon=True
    )
    thread.start()
    return thread
