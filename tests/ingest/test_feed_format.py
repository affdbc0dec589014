"""Reading feeds as they come: RSS, Atom, JSON Feed, ill-formed XML, odd encodings, huge archives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.feed_format import (
    FeedFormatError,
    html_to_text,
    newest_entries,
    parse_feed,
)
from tests.ingest.pages import Item, atom, json_feed, rss

URL = "https://news.example/feed"


def test_rss_entries_with_relative_links_and_html_summaries() -> None:
    body = rss(
        [
            Item(
                "First",
                "/world/first",
                summary="<p>Fighting in <b>Aralé</b>.</p><p>Second paragraph.</p><script>x()</script>",
                published="Tue, 30 Jul 2024 08:00:00 GMT",
            ),
            Item("Second", "https://news.example/world/second", guid="urn:2"),
        ]
    )
    parsed = parse_feed(body.encode(), url=URL)
    first, second = parsed.entries
    assert parsed.title == "Example World News" and parsed.warnings == []
    assert first.link == "https://news.example/world/first"
    assert first.guid == "https://news.example/world/first"
    assert first.summary == "Fighting in Aralé.\nSecond paragraph."
    assert first.published_at == datetime(2024, 7, 30, 8, 0, tzinfo=UTC)
    assert (second.guid, second.summary, second.published_at) == ("urn:2", None, None)


def test_atom_and_json_feed() -> None:
    parsed = parse_feed(atom([Item("A", "https://x.example/a", summary="Hi")]).encode(), url=URL)
    assert [(e.title, e.link, e.summary) for e in parsed.entries] == [
        ("A", "https://x.example/a", "Hi")
    ]
    parsed = parse_feed(
        json_feed(
            [
                Item(
                    "J",
                    "https://x.example/j",
                    summary="Text",
                    published="2024-07-30T08:00:00+02:00",
                )
            ]
        ).encode(),
        url=URL,
    )
    assert parsed.version == "json1.1"
    [entry] = parsed.entries
    assert (entry.title, entry.link, entry.summary) == ("J", "https://x.example/j", "Text")
    assert entry.published_at == datetime(2024, 7, 30, 6, 0, tzinfo=UTC)


def test_ill_formed_xml_is_read_with_a_warning() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T &amp; &nbsp; broken</title>'
        b"<item><title>Kept</title><link>https://x.example/1</link>"
        b"<description><![CDATA[unterminated"
    )
    parsed = parse_feed(body, url=URL)
    assert [e.title for e in parsed.entries] == ["Kept"]
    assert parsed.warnings and parsed.warnings[0].startswith("ill-formed feed, read anyway:")


def test_mislabelled_encoding_is_read_with_a_warning() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title>'
    body += "<item><title>Résumé des combats</title><guid>1</guid></item></channel></rss>"
    parsed = parse_feed(body.encode("cp1252"), url=URL)
    assert parsed.entries[0].title is not None and parsed.entries[0].title.startswith("R")
    assert parsed.warnings


def test_the_http_charset_decodes_a_feed_without_a_declaration() -> None:
    body = '<rss version="2.0"><channel><title>Новости</title><item><title>Бой</title><guid>1</guid></item></channel></rss>'
    parsed = parse_feed(
        body.encode("koi8-r"), url=URL, headers={"Content-Type": "application/xml; charset=koi8-r"}
    )
    assert parsed.title == "Новости" and parsed.entries[0].title == "Бой"


def test_utf16_feed() -> None:
    body = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Wide</title><item><title>É</title><guid>1</guid></item></channel></rss>'
    parsed = parse_feed(body.encode("utf-16"), url=URL)
    assert parsed.entries[0].title == "É"


def test_an_html_page_is_not_a_feed_and_its_feed_link_is_suggested() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>News</title>"
        b'<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>'
        b"<body><p>Hello</p></body></html>"
    )
    with pytest.raises(
        FeedFormatError, match=r"serves an HTML page.*https://news\.example/atom\.xml"
    ):
        parse_feed(page, url=URL, headers={"content-type": "text/html"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty document"),
        (b"  \n ", "empty document"),
        (b"just some words", "not a readable feed"),
        (b"<foo><bar/></foo>", "not a readable feed"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b"{not json", "invalid JSON"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', "without an items list"),
    ],
)
def test_things_that_are_not_feeds(body: bytes, message: str) -> None:
    with pytest.raises(FeedFormatError, match=message):
        parse_feed(body, url=URL)


def test_a_body_that_names_a_file_is_not_opened() -> None:
    """feedparser opens strings as paths or URLs; we hand it a stream so it never does."""
    with pytest.raises(FeedFormatError):
        parse_feed(b"/etc/hostname", url=URL)


def test_a_feed_of_50000_items_is_capped_to_the_newest() -> None:
    items = "".join(
        f"<item><guid>g{n}</guid><pubDate>{_rfc822(n)}</pubDate></item>" for n in range(50_000)
    )
    body = f'<rss version="2.0"><channel><title>Archive</title>{items}</channel></rss>'.encode()
    parsed = parse_feed(body, url=URL)
    assert len(parsed.entries) == 50_000
    newest, note = newest_entries(parsed.entries, 200)
    assert [e.guid for e in newest[:2]] == ["g49999", "g49998"] and len(newest) == 200
    assert note == "the feed lists 50,000 items; only the newest 200 were read"


def test_undated_entries_keep_feed_order_when_capped() -> None:
    parsed = parse_feed(rss([Item(f"T{n}", None, guid=str(n)) for n in range(5)]).encode(), url=URL)
    newest, note = newest_entries(parsed.entries, 2)
    assert [e.guid for e in newest] == ["0", "1"] and note is not None


def test_duplicate_guids_are_read_once() -> None:
    parsed = parse_feed(
        rss([Item("A", None, guid="1"), Item("B", None, guid="1")]).encode(), url=URL
    )
    assert [e.title for e in parsed.entries] == ["A"]


def test_html_to_text() -> None:
    assert html_to_text(None) is None
    assert html_to_text("   ") is None
    assert html_to_text("plain &amp; simple") == "plain &amp; simple"
    assert html_to_text("<p>One</p><p>Two <i>three</i></p><style>p{}</style>") == "One\nTwo three"


def _rfc822(n: int) -> str:
    """A distinct timestamp per item, increasing with n (minutes after 2020-01-01)."""
    stamp = datetime(2020, 1, 1, tzinfo=UTC).timestamp() + n * 60
    return datetime.fromtimestamp(stamp, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
