"""The shared HTTP client: limits, conditional GET, redirects, and the SSRF guard."""

from __future__ import annotations

import socket
import threading
from email.message import Message
from importlib.metadata import version as package_version
from typing import Any, ClassVar

import httpx
import pytest

import bot
from bot.config import Settings
from bot.ingest import fetch as fetch_module
from bot.ingest.fetch import (
    FetchConnectionError,
    FetchTimeoutError,
    HTTPStatusError,
    NotHttpError,
    RedirectLoopError,
    RefusedHostError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    build_http_client,
    default_user_agent,
    fetch,
    is_public_address,
    user_agent,
)
from tests.fakes.web import FakeWeb


def test_fetches_a_page_with_a_clear_user_agent(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page(
        "/a", "<html><body>hello</body></html>", content_type="text/html; charset=ISO-8859-1"
    )
    result = fetch(url, client=http_client, settings=fetch_settings)
    assert result.status_code == 200
    assert result.content == b"<html><body>hello</body></html>"
    assert (result.content_type, result.charset) == ("text/html", "iso-8859-1")
    agent = web.hits("/a")[0].headers["user-agent"]
    assert agent == user_agent(fetch_settings)
    assert agent.startswith(f"sitrep/{package_version('sitrep')}")


def test_sitrep_user_agent_setting_replaces_the_default(
    web: FakeWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SITREP_USER_AGENT", "  ExampleNewsDesk-bot/2.0\n (+https://news.example/bots) "
    )
    settings = Settings(_env_file=None, fetch_allowed_hosts=["127.0.0.1"])
    with build_http_client(settings) as client:
        fetch(web.page("/ua", "<p>hi</p>"), client=client, settings=settings)
    sent = web.hits("/ua")[0].headers["user-agent"]
    assert sent == "ExampleNewsDesk-bot/2.0 (+https://news.example/bots)"  # one line


def metadata_with(*project_urls: str, version: str = "9.8.7") -> Message:
    meta = Message()
    meta["Version"] = version
    for entry in project_urls:
        meta["Project-URL"] = entry
    return meta


def test_default_user_agent_names_the_version_and_the_project_home_page() -> None:
    meta = metadata_with(
        "Documentation, https://docs.example/sitrep",
        "Homepage, https://sitrep.example",
        "Source, https://code.example/sitrep",
    )
    assert default_user_agent(meta) == "sitrep/9.8.7 (+https://sitrep.example)"  # type: ignore[arg-type]
    only_docs = metadata_with("Documentation, https://docs.example/sitrep")
    assert default_user_agent(only_docs) == "sitrep/9.8.7 (+https://docs.example/sitrep)"  # type: ignore[arg-type]


def test_default_user_agent_invents_no_url() -> None:
    assert default_user_agent(metadata_with()) == "sitrep/9.8.7"  # type: ignore[arg-type]
    assert default_user_agent(metadata_with("Bug Tracker, mailto:x@example")) == "sitrep/9.8.7"  # type: ignore[arg-type]
    assert default_user_agent(None) == f"sitrep/{bot.__version__}"  # an uninstalled checkout


def test_conditional_get_answers_not_modified(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.feed("/feed", "<rss/>", etag='"v1"', last_modified="Tue, 30 Jul 2024 08:00:00 GMT")
    first = fetch(url, client=http_client, settings=fetch_settings)
    assert first.etag == '"v1"' and not first.not_modified
    second = fetch(
        url,
        client=http_client,
        settings=fetch_settings,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert second.not_modified and second.content == b""
    sent = web.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 30 Jul 2024 08:00:00 GMT"


def test_follows_redirects_and_reports_the_final_url(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    web.page("/final", "<p>here</p>")
    web.redirect("/old", "/middle", status=301)
    web.redirect("/middle", web.url("/final"))
    result = fetch(web.url("/old"), client=http_client, settings=fetch_settings)
    assert result.url == web.url("/final")
    assert result.redirects == [web.url("/old"), web.url("/middle")]


def test_redirect_loop_is_a_clear_error(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    web.redirect("/a", "/b")
    web.redirect("/b", "/a")
    with pytest.raises(RedirectLoopError, match="redirect loop"):
        fetch(web.url("/a"), client=http_client, settings=fetch_settings)


def test_too_many_redirects_is_a_clear_error(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    for hop in range(10):
        web.redirect(f"/r{hop}", f"/r{hop + 1}")
    with pytest.raises(TooManyRedirectsError, match="more than 5 redirects"):
        fetch(web.url("/r0"), client=http_client, settings=fetch_settings)
    assert len(web.requests) == 6


def test_redirect_to_a_non_http_url_is_refused(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    web.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(NotHttpError, match="only http"):
        fetch(web.url("/sneaky"), client=http_client, settings=fetch_settings)


def test_redirect_to_a_host_outside_the_allow_list_is_refused(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    web.redirect("/away", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(RefusedHostError, match="not in SITREP_FETCH_ALLOWED_HOSTS"):
        fetch(web.url("/away"), client=http_client, settings=fetch_settings)


def test_a_server_that_never_answers_times_out(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.hang("/never")
    with pytest.raises(FetchTimeoutError, match="did not answer"):
        fetch(url, client=http_client, settings=fetch_settings)


def test_a_trickling_server_meets_the_overall_deadline(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    """One byte per 0.1 s never trips the 0.5 s read timeout; the 1.5 s deadline stops it."""
    url = web.trickle("/slowloris", "x" * 10_000, every=0.1)
    with pytest.raises(FetchTimeoutError, match=r"still receiving after 1\.5s"):
        fetch(url, client=http_client, settings=fetch_settings)


def test_a_huge_response_stops_at_the_size_cap(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.huge("/huge", 200_000_000)
    with pytest.raises(ResponseTooLargeError, match="2,000,000-byte limit"):
        fetch(url, client=http_client, settings=fetch_settings)


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/big", b"x" * 2_100_000, content_type="text/html")
    with pytest.raises(ResponseTooLargeError, match="2,100,000 bytes"):
        fetch(url, client=http_client, settings=fetch_settings)


def test_the_cap_counts_decompressed_bytes(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/bomb", b"0" * 3_000_000, gzip=True)  # about 3 kB on the wire
    with pytest.raises(ResponseTooLargeError):
        fetch(url, client=http_client, settings=fetch_settings)


def test_http_errors_carry_the_status(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    with pytest.raises(HTTPStatusError, match="HTTP 404") as raised:
        fetch(web.url("/missing"), client=http_client, settings=fetch_settings)
    assert raised.value.status_code == 404


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "not a url", ""]
)
def test_non_http_urls_are_refused(
    url: str, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    with pytest.raises(NotHttpError):
        fetch(url, client=http_client, settings=fetch_settings)


def test_connection_refused_is_a_clear_error(
    http_client: httpx.Client, fetch_settings: Settings
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchConnectionError, match="could not fetch"):
        fetch(f"http://127.0.0.1:{port}/", client=http_client, settings=fetch_settings)


def test_requests_per_host_are_limited(web: FakeWeb) -> None:
    settings = Settings(fetch_allowed_hosts=["127.0.0.1"], fetch_timeout_seconds=10)
    client = build_http_client(settings, per_host=2)
    url = web.hang("/slow", body="<p>done</p>")
    results: list[bytes] = []

    def get() -> None:
        results.append(fetch(url, client=client, settings=settings).content)

    threads = [threading.Thread(target=get) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        assert web.wait_for_requests(2)
        # The third request waits for a free slot: it must not reach the server meanwhile.
        assert not web.wait_for_requests(3, timeout=0.3)
    finally:
        web.released.set()
        for thread in threads:
            thread.join(timeout=10)
        client.close()
    assert results == [b"<p>done</p>"] * 3


# -- the SSRF guard without an allow-list -------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata (link-local)
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("2002:0a00:0001::", False),  # 6to4 wrapping 10.0.0.1
        ("not-an-ip", False),
    ],
)
def test_public_address_classification(address: str, public: bool) -> None:
    assert is_public_address(address) is public


class _FakeDns:
    """getaddrinfo answering from a table, counting lookups."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    def __call__(self, host: str, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        self.lookups.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos = []
        for address in self.table[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            infos.append((family, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos


class _RecordingSocket:
    """Stands in for socket.socket: records where it was asked to connect, then refuses."""

    connected: ClassVar[list[Any]] = []

    def __init__(self, *args: Any) -> None:
        pass

    def settimeout(self, value: float | None) -> None:
        pass

    def connect(self, address: Any) -> None:
        _RecordingSocket.connected.append(address)
        raise ConnectionRefusedError("refused by the test")

    def close(self) -> None:
        pass


def test_hosts_resolving_to_internal_addresses_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dns = _FakeDns(
        {
            "intranet.example": ["10.0.0.5"],
            "mixed.example": ["93.184.215.14", "192.168.0.7"],
            "mapped.example": ["::ffff:169.254.169.254"],
        }
    )
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", dns)
    settings = Settings(fetch_timeout_seconds=1)
    with build_http_client(settings) as client:
        for host, address in [
            ("intranet.example", "10.0.0.5"),
            ("mixed.example", "192.168.0.7"),  # every record is checked, not just the first
            ("mapped.example", "::ffff:169.254.169.254"),
        ]:
            with pytest.raises(RefusedHostError, match=f"internal address {address}"):
                fetch(f"http://{host}/page", client=client, settings=settings)


def test_literal_internal_addresses_are_refused_by_default() -> None:
    settings = Settings(fetch_timeout_seconds=1)
    with build_http_client(settings) as client:
        for url in [
            "http://127.0.0.1:9/",
            "http://[::1]/",
            "http://169.254.169.254/latest",
            "http://2130706433/",  # 127.0.0.1 as one number: the resolver turns it into loopback
            "http://0x7f.1/",
        ]:
            with pytest.raises(RefusedHostError, match="internal address"):
                fetch(url, client=client, settings=settings)


def test_the_guard_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the checked IP is the one connected to; there is no second lookup."""
    dns = _FakeDns({"news.example": ["93.184.215.14"]})
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", dns)
    monkeypatch.setattr(fetch_module.socket, "socket", _RecordingSocket)
    _RecordingSocket.connected = []
    settings = Settings(fetch_timeout_seconds=1)
    with build_http_client(settings) as client, pytest.raises(FetchConnectionError):
        fetch("http://news.example/story", client=client, settings=settings)
    assert dns.lookups == ["news.example"]
    assert _RecordingSocket.connected == [("93.184.215.14", 80)]


def test_allow_list_refuses_other_hosts_before_any_dns_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dns = _FakeDns({})
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", dns)
    settings = Settings(fetch_allowed_hosts="feeds.example, 127.0.0.1")  # type: ignore[arg-type]
    assert settings.fetch_allowed_hosts == ["feeds.example", "127.0.0.1"]
    with build_http_client(settings) as client:
        for url in ["http://evil.example/", "http://10.0.0.1/", "https://localhost/"]:
            with pytest.raises(RefusedHostError, match="not in SITREP_FETCH_ALLOWED_HOSTS"):
                fetch(url, client=client, settings=settings)
    assert dns.lookups == []


def test_allowed_hosts_may_be_internal(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    """The operator vouches for listed hosts: that is how a local test server is reached."""
    url = web.page("/ok", "<p>fine</p>")
    assert fetch(url, client=http_client, settings=fetch_settings).content == b"<p>fine</p>"
