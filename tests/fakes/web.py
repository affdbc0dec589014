"""A scripted web server on 127.0.0.1: feeds, pages, redirects, hangs, huge bodies and ETag 304s.

Start with `with FakeWeb() as web:`, script paths with `web.page(...)`, `web.redirect(...)`,
`web.hang(...)`, `web.huge(...)`, and fetch `web.url("/path")`. A hanging path waits on
`web.released` (a threading.Event), so a test with a small read timeout sees the timeout without
sleeping, and stop() releases every waiting handler.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 when the request's If-None-Match equals it
    last_modified: str | None = None  # answer 304 when If-Modified-Since equals it
    redirect_to: str | None = None
    hang: bool = False  # wait on FakeWeb.released before answering (with the body, if any)
    stream_bytes: int = 0  # stream this many filler bytes, with no Content-Length
    gzip: bool = False  # send the body gzip-compressed (Content-Encoding: gzip)
    trickle_every: float = 0.0  # send the body one byte at a time, this many seconds apart


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]


class FakeWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeWeb:
        fake = self

        class Handler(_Handler):
            web = fake

        server = _QuietServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # -- scripting ---------------------------------------------------------------------------
    def route(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def page(
        self,
        path: str,
        body: str | bytes,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        gzip: bool = False,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        return self.route(
            path,
            Route(
                status=status,
                body=data,
                headers=all_headers,
                etag=etag,
                last_modified=last_modified,
                gzip=gzip,
            ),
        )

    def feed(self, path: str, body: str | bytes, **kwargs: Any) -> str:
        kwargs.setdefault("content_type", "application/rss+xml; charset=utf-8")
        return self.page(path, body, **kwargs)

    def redirect(self, path: str, to: str, *, status: int = 302) -> str:
        return self.route(path, Route(status=status, redirect_to=to))

    def hang(self, path: str, body: str = "") -> str:
        """A path that answers only once `released` is set (never, within a test's timeout)."""
        return self.route(
            path, Route(hang=True, body=body.encode(), headers={"Content-Type": "text/html"})
        )

    def trickle(self, path: str, body: str, *, every: float) -> str:
        """A slow-loris answer: each byte arrives within the read timeout, the whole never does."""
        return self.route(
            path,
            Route(body=body.encode(), headers={"Content-Type": "text/html"}, trickle_every=every),
        )

    def huge(self, path: str, size: int, *, content_type: str = "text/html") -> str:
        return self.route(path, Route(stream_bytes=size, headers={"Content-Type": content_type}))

    def wait_for_requests(self, count: int, *, timeout: float = 5.0) -> bool:
        """Block until `count` requests have arrived (True) or `timeout` passes (False)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout=timeout)

    def hits(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up on a kept-alive connection is normal here (caps, timeouts)."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    web: FakeWeb
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    # Headers and body go out in separate writes: with Nagle's algorithm on, the body would wait
    # for the client's delayed ACK (40 ms per response on Linux). Real servers set TCP_NODELAY.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        web = self.web
        with web._lock:
            web.requests.append(
                RecordedRequest(
                    path=self.path, headers={k.lower(): v for k, v in self.headers.items()}
                )
            )
            route = web.routes.get(self.path) or web.routes.get(self.path.split("?", 1)[0])
            web._arrived.notify_all()
        # The client may give up mid-answer (size cap, timeout): exactly what some tests want.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(route)

    def _answer(self, route: Route | None) -> None:
        if route is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.hang and not self.web.released.wait(timeout=60):
            self.close_connection = True  # never released: hang up without an answer
            return
        if route.redirect_to is not None:
            self._send(route.status, b"", {"Location": route.redirect_to})
            return
        if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        ):
            self._send(304, b"", self._validators(route))
            return
        if route.trickle_every:
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            for byte in route.body:
                if self.web.released.wait(timeout=route.trickle_every):
                    break  # the test is over
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.close_connection = True
            return
        if route.stream_bytes:
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
            sent = 0
            while sent < route.stream_bytes:
                self.wfile.write(chunk)
                sent += len(chunk)
            return
        headers = dict(route.headers)
        headers.update(self._validators(route))
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(route.status, body, headers)

    @staticmethod
    def _validators(route: Route) -> dict[str, str]:
        headers = {}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        return headers

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
