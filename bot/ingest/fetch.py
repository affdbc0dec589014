"""Polite and safe HTTP fetching: one shared client, an SSRF guard, and typed errors.

Every URL sitrep fetches (a feed, an article, a page behind a feed item) comes from a user or a
third-party feed, so it is untrusted. The guard therefore sits at the socket: the client's
network backend resolves the host itself, refuses the connection unless every address is public
(or, when SITREP_FETCH_ALLOWED_HOSTS is set, unless the host is listed, checked before any DNS
lookup), and then connects to the very address it checked. A DNS answer that changes between the
check and the connection (DNS rebinding) cannot slip through. Redirects are followed by hand so
each hop goes through the same checks, with a cap and loop detection.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from importlib.metadata import PackageMetadata, PackageNotFoundError, metadata
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the socket wrapper httpcore's own backend uses

from bot import __version__
from bot.config import Settings
from bot.errors import IngestError

# [project.urls] labels naming the page a webmaster should see, best first.
PROJECT_URL_LABELS = ("homepage", "home", "repository", "source", "source code")
MAX_REDIRECTS = 5
# Parallel requests to one host: enough to pipeline a feed's pages, few enough to stay polite.
PER_HOST_CONCURRENCY = 2
# A server that trickles one byte per read-timeout would never time out; this caps the whole fetch.
DEADLINE_FACTOR = 3.0


def user_agent(settings: Settings) -> str:
    """Who we are and where to complain, for a webmaster: SITREP_USER_AGENT when set (on one
    line, as a header must be), else `sitrep/<version> (+<project URL>)`."""
    configured = " ".join((settings.user_agent or "").split())
    return configured or default_user_agent(_installed_metadata())


def default_user_agent(meta: PackageMetadata | None) -> str:
    """`sitrep/<version> (+<project URL>)` from the package's metadata ([project.urls] in
    pyproject.toml); without a URL there, no URL rather than an invented one."""
    if meta is None:  # running from a checkout that was never installed
        return f"sitrep/{__version__}"
    agent = f"sitrep/{meta['Version']}"
    url = project_url(meta.get_all("Project-URL") or [])
    return f"{agent} (+{url})" if url else agent


def project_url(entries: Iterable[str]) -> str | None:
    """The home page among `Label, URL` metadata entries, else the first http(s) one."""
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if url.strip().startswith(("https://", "http://")):
            urls.setdefault(label.strip().lower(), url.strip())
    for label in PROJECT_URL_LABELS:
        if label in urls:
            return urls[label]
    return next(iter(urls.values()), None)


def _installed_metadata() -> PackageMetadata | None:
    try:
        return metadata("sitrep")
    except PackageNotFoundError:
        return None


# -- errors -------------------------------------------------------------------------------------
class FetchError(IngestError):
    """A URL could not be fetched; the message says why in the user's terms."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class NotHttpError(FetchError):
    """Only http:// and https:// URLs are fetched (no file:, ftp:, data:, javascript:...)."""


class RefusedHostError(FetchError):
    """The host is not allowed: outside SITREP_FETCH_ALLOWED_HOSTS, or an internal address."""


class FetchTimeoutError(FetchError):
    """The server did not connect or answer in time."""


class ResponseTooLargeError(FetchError):
    """The body exceeded SITREP_FETCH_MAX_BYTES; reading stopped there."""


class TooManyRedirectsError(FetchError):
    """More than MAX_REDIRECTS hops."""


class RedirectLoopError(FetchError):
    """A redirect led back to a URL already visited."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx)."""

    def __init__(self, message: str, *, url: str, status_code: int) -> None:
        super().__init__(message, url=url)
        self.status_code = status_code


class FetchConnectionError(FetchError):
    """DNS failure, connection refused or reset, TLS failure..."""


# -- the address guard --------------------------------------------------------------------------
def _bare_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses.

    IPv6 addresses that embed an IPv4 one (IPv4-mapped, 6to4, Teredo) are judged by that one too,
    so `::ffff:127.0.0.1` is as internal as `127.0.0.1`.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            candidates.append(ip.sixtofour)
        if ip.teredo is not None:
            candidates.extend(ip.teredo)
    for candidate in candidates:
        if (
            candidate.is_private
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or not candidate.is_global
        ):
            return False
    return True


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostPolicy:
    """Which hosts may be contacted. An empty allow-list means "any public address"."""

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> HostPolicy:
        return cls(frozenset(_bare_host(h) for h in settings.fetch_allowed_hosts))

    def check_url(self, url: str) -> None:
        """Refuse non-http(s) URLs and hosts outside the allow-list, with no network access."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018  (raises ValueError on a malformed port)
        except ValueError as error:
            raise NotHttpError(f"not a valid URL: {url!r} ({error})", url=url) from None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise NotHttpError(
                f"only http:// and https:// URLs can be fetched, not {url!r}", url=url
            )
        self.check_host(host, url=url)

    def check_host(self, host: str, *, url: str) -> None:
        """The checks that need no DNS: the allow-list, or else an internal IP literal."""
        bare = _bare_host(host)
        if self.allowed_hosts:
            if bare not in self.allowed_hosts:
                raise RefusedHostError(
                    f"host {host!r} is not in SITREP_FETCH_ALLOWED_HOSTS; refusing {url}", url=url
                )
            return
        if _is_ip_literal(bare) and not is_public_address(bare):
            raise RefusedHostError(
                f"host {host!r} is an internal address; refusing {url} "
                "(set SITREP_FETCH_ALLOWED_HOSTS to allow named hosts)",
                url=url,
            )

    def resolve(self, host: str, port: int, *, url: str) -> list[tuple[Any, ...]]:
        """Addresses to connect to, every one of them checked; refuses the host if any is internal.

        With an allow-list the operator has vouched for the listed hosts, so their addresses are
        not second-guessed (that is how tests reach 127.0.0.1).
        """
        self.check_host(host, url=url)
        try:
            infos = socket.getaddrinfo(_bare_host(host), port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchConnectionError(
                f"cannot resolve host {host!r} ({error}); cannot fetch {url}", url=url
            ) from None
        if not infos:
            raise FetchConnectionError(f"host {host!r} has no address; cannot fetch {url}", url=url)
        if not self.allowed_hosts:
            for info in infos:
                address = str(info[4][0])
                if not is_public_address(address):
                    raise RefusedHostError(
                        f"host {host!r} resolves to the internal address {address}; "
                        f"refusing {url} (set SITREP_FETCH_ALLOWED_HOSTS to allow named hosts)",
                        url=url,
                    )
        return infos


class GuardedNetworkBackend(httpcore.SyncBackend):
    """httpcore's socket layer, except that it resolves, checks, and connects to the checked IP.

    TLS still verifies the certificate against the original host name (httpcore passes it as
    server_hostname), and the Host header is untouched.
    """

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        infos = self.policy.resolve(host, port, url=f"{host}:{port}")
        last_error: OSError | None = None
        for family, kind, proto, _name, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                if local_address is not None:
                    sock.bind((local_address, 0))
                sock.connect(sockaddr)
            except TimeoutError as error:
                sock.close()
                raise httpcore.ConnectTimeout(str(error)) from error
            except OSError as error:
                sock.close()
                last_error = error
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        raise httpcore.ConnectError(str(last_error or "no address to connect to"))


# -- per-host concurrency -----------------------------------------------------------------------
class _ReleasingStream(httpx.SyncByteStream):
    """Hands the host's slot back when the response is closed, not when the headers arrive."""

    def __init__(self, inner: httpx.SyncByteStream, release: threading.Semaphore) -> None:
        self._inner = inner
        self._release = release
        self._released = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self._inner

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            if not self._released:
                self._released = True
                self._release.release()


class PoliteTransport(httpx.BaseTransport):
    """At most `per_host` requests in flight per host, over a guarded connection pool."""

    def __init__(
        self, *, policy: HostPolicy, per_host: int, acquire_timeout: float, limits: httpx.Limits
    ) -> None:
        self._inner = httpx.HTTPTransport(limits=limits, trust_env=False, retries=0)
        # httpx does not expose httpcore's network backend; swap the pool for one that uses ours.
        self._inner._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend(policy),
        )
        self._per_host = per_host
        self._acquire_timeout = acquire_timeout
        self._slots: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def _slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self._per_host)
            return self._slots[host]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        slot = self._slot(request.url.host)
        if not slot.acquire(timeout=self._acquire_timeout):
            raise httpx.PoolTimeout(f"waited too long for a free slot on {request.url.host}")
        try:
            response = self._inner.handle_request(request)
        except BaseException:
            slot.release()
            raise
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _ReleasingStream(response.stream, slot)
        return response

    def close(self) -> None:
        self._inner.close()


def build_http_client(settings: Settings, *, per_host: int = PER_HOST_CONCURRENCY) -> httpx.Client:
    """The one client every fetch goes through (build once per process, share, close at exit).

    Redirects are not followed by httpx: fetch() follows them so that each hop is re-checked.
    Environment proxies are ignored, since a proxy would connect on our behalf past the guard.
    """
    seconds = settings.fetch_timeout_seconds
    timeout = httpx.Timeout(connect=seconds, read=seconds, write=seconds, pool=seconds)
    transport = PoliteTransport(
        policy=HostPolicy.from_settings(settings),
        per_host=per_host,
        acquire_timeout=seconds * DEADLINE_FACTOR,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
    )
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": user_agent(settings), "Accept-Encoding": "gzip, deflate"},
    )


# -- fetching -----------------------------------------------------------------------------------
@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status_code: int
    content: bytes = b""
    content_type: str | None = None  # the media type, lower case, without parameters
    charset: str | None = None  # from the Content-Type header, when given
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # 304: nothing changed since etag / last_modified
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header value."""
    if not value:
        return None, None
    message = Message()
    message["content-type"] = value
    media = message.get_content_type().lower() if "/" in value.split(";")[0] else None
    charset = message.get_param("charset")
    return media, (str(charset).strip().lower() if isinstance(charset, str) and charset else None)


def fetch(
    url: str,
    *,
    client: httpx.Client,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
) -> FetchResult:
    """GET `url` within every limit, following redirects by hand; raises a FetchError subclass."""
    policy = HostPolicy.from_settings(settings)
    deadline = time.monotonic() + settings.fetch_timeout_seconds * DEADLINE_FACTOR
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    if accept:
        headers["Accept"] = accept
    visited: list[str] = []
    current = url
    while True:
        policy.check_url(current)
        if current in visited:
            raise RedirectLoopError(
                f"redirect loop: {current} was already visited (starting from {url})", url=url
            )
        if len(visited) > MAX_REDIRECTS:
            raise TooManyRedirectsError(
                f"more than {MAX_REDIRECTS} redirects starting from {url}", url=url
            )
        visited.append(current)
        location, result = _fetch_once(
            current, client=client, settings=settings, headers=headers, deadline=deadline
        )
        if result is not None:
            result.redirects = visited[:-1]
            return result
        assert location is not None
        current = urljoin(current, location)


def _fetch_once(
    url: str,
    *,
    client: httpx.Client,
    settings: Settings,
    headers: dict[str, str],
    deadline: float,
) -> tuple[str | None, FetchResult | None]:
    """One hop: (redirect location, None) or (None, result)."""
    limit = settings.fetch_max_bytes
    seconds = settings.fetch_timeout_seconds
    try:
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise HTTPStatusError(
                        f"HTTP {status} redirect without a Location from {url}",
                        url=url,
                        status_code=status,
                    )
                return location, None
            media, charset = parse_content_type(response.headers.get("content-type"))
            result = FetchResult(
                url=url,
                status_code=status,
                content_type=media,
                charset=charset,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
            if status == 304:
                result.not_modified = True
                return None, result
            if status >= 400:
                raise HTTPStatusError(
                    f"HTTP {status} {response.reason_phrase or ''} from {url}".replace("  ", " "),
                    url=url,
                    status_code=status,
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise ResponseTooLargeError(
                    f"response of {int(declared):,} bytes exceeds the {limit:,}-byte limit "
                    f"(SITREP_FETCH_MAX_BYTES) for {url}",
                    url=url,
                )
            chunks: list[bytes] = []
            received = 0
            # Counted after decompression, so a gzip bomb stops at the limit too. No chunk size:
            # each read is seen as it arrives, so a trickling server meets the deadline.
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > limit:
                    raise ResponseTooLargeError(
                        f"response exceeds the {limit:,}-byte limit (SITREP_FETCH_MAX_BYTES); "
                        f"stopped reading {url}",
                        url=url,
                    )
                if time.monotonic() > deadline:
                    raise FetchTimeoutError(
                        f"gave up on {url}: still receiving after {seconds * DEADLINE_FACTOR:g}s",
                        url=url,
                    )
                chunks.append(chunk)
            result.content = b"".join(chunks)
            return None, result
    except (RefusedHostError, FetchConnectionError) as error:
        if error.url == url:
            raise
        # Raised by the network backend, which only knows host:port: name the whole URL.
        raise type(error)(str(error).replace(error.url, url), url=url) from None
    except FetchError:
        raise
    except httpx.TimeoutException as error:
        what = "connect" if isinstance(error, httpx.ConnectTimeout) else "answer"
        raise FetchTimeoutError(
            f"timed out after {seconds:g}s: the server did not {what} ({url})", url=url
        ) from None
    except httpx.TooManyRedirects as error:  # pragma: no cover  (we never let httpx follow)
        raise TooManyRedirectsError(str(error), url=url) from None
    except (httpx.HTTPError, httpcore.NetworkError, OSError) as error:
        detail = str(error) or type(error).__name__
        raise FetchConnectionError(f"could not fetch {url}: {detail}", url=url) from None
    except httpx.InvalidURL as error:
        raise NotHttpError(f"not a valid URL: {url!r} ({error})", url=url) from None
