"""Reading feeds: RSS and Atom through feedparser, JSON Feed by hand, into one FeedEntry shape.

Feeds in the wild are ill-formed, mis-encoded, HTML pages in disguise, or archives of 50,000
entries. parse_feed() reads what can be read (recording feedparser's `bozo` complaints as
warnings) and refuses the rest with a FeedFormatError that says what the URL served instead.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from bot.errors import IngestError
from bot.ingest.fetch import parse_content_type
from bot.ingest.urls import is_http_url

ACCEPT_FEED = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)
JSON_TYPES = frozenset({"application/feed+json", "application/json"})
FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
)
MAX_GUID_CHARS = 2048
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


class FeedFormatError(IngestError):
    """The URL answered, but not with a feed we can read (HTML page, broken XML, empty...)."""


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    link: str | None  # absolute http(s) URL of the article, when the entry gives one
    title: str | None
    summary: str | None  # plain text
    published_at: datetime | None
    author: str | None = None


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    version: str
    warnings: list[str] = field(default_factory=list)


def parse_feed(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """RSS, Atom (feedparser) or JSON Feed; raises FeedFormatError for anything else.

    Ill-formed XML that feedparser can still read is accepted with a warning (its `bozo` flag).
    """
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    body = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        raise FeedFormatError(f"{url} returned an empty document, not a feed")
    media, charset = parse_content_type(headers.get("content-type"))
    if media in JSON_TYPES or body[:1] in (b"{", b"["):
        return _parse_json_feed(body, url=url, charset=charset)
    import feedparser

    # A file object, never bytes or str: given a string, feedparser would open it as a path or URL.
    parsed = feedparser.parse(
        io.BytesIO(content),
        # Without a Content-Type, headers make feedparser flag "no Content-type specified";
        # a feed served without one is read the way a file is, from its own declaration.
        response_headers=headers if "content-type" in headers else None,
        sanitize_html=False,  # we keep plain text only, never render the HTML
        resolve_relative_uris=False,  # links are resolved against the feed URL below
    )
    problem = parsed.get("bozo_exception")
    # An unknown format with no entries is not a feed, unless it parsed cleanly into feed-level
    # data (a CDF channel, say): that is an empty feed.
    html = _looks_like_html(body, media) and not parsed.get("version")
    readable = (
        parsed.get("version")
        or parsed.entries
        or (parsed.feed and not parsed.get("bozo") and not html)
    )
    if not readable:
        if html:
            raise FeedFormatError(_html_not_feed_message(content, url=url))
        reason = _describe(problem) if problem else "no RSS, Atom or JSON Feed structure found"
        raise FeedFormatError(f"{url} is not a readable feed: {reason}")
    warnings = []
    if parsed.get("bozo"):
        warnings.append(f"ill-formed feed, read anyway: {_describe(problem)}")
    base = headers.get("content-location") or url
    entries = [_entry(raw, base=base) for raw in parsed.entries]
    title = _clean(parsed.feed.get("title"))
    return ParsedFeed(
        title=title,
        entries=_unique(entries),
        version=str(parsed.get("version") or "unknown"),
        warnings=warnings,
    )


def _entry(raw: Any, *, base: str) -> FeedEntry:
    link = _absolute_http(raw.get("link"), base=base)
    title = _clean(raw.get("title"))
    summary = None
    for content in raw.get("content") or []:
        summary = html_to_text(content.get("value"))
        if summary:
            break
    summary = summary or html_to_text(raw.get("summary"))
    published = raw.get("published_parsed") or raw.get("updated_parsed")
    guid = _clean(raw.get("id")) or link or _content_guid(title, summary)
    return FeedEntry(
        guid=_bounded_guid(guid),
        link=link,
        title=title,
        summary=summary,
        published_at=_struct_time(published),
        author=_clean(raw.get("author")),
    )


def _parse_json_feed(body: bytes, *, url: str, charset: str | None) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org): feedparser 6.0 does not read it."""
    try:
        data = json.loads(body.decode(charset or "utf-8", errors="replace"))
    except (ValueError, LookupError) as error:
        raise FeedFormatError(f"{url} is not a readable feed: invalid JSON ({error})") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise FeedFormatError(f"{url} serves JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedFormatError(f"{url} is a JSON Feed without an items list")
    entries: list[FeedEntry] = []
    skipped = 0
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        link = _absolute_http(item.get("url") or item.get("external_url"), base=url)
        title = _clean(_str(item.get("title")))
        summary = (
            _clean_text(_str(item.get("content_text")))
            or html_to_text(_str(item.get("content_html")))
            or _clean_text(_str(item.get("summary")))
        )
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
        guid = _clean(_str(item.get("id"))) or link or _content_guid(title, summary)
        entries.append(
            FeedEntry(
                guid=_bounded_guid(guid),
                link=link,
                title=title,
                summary=summary,
                published_at=_iso_datetime(
                    _str(item.get("date_published")) or _str(item.get("date_modified"))
                ),
                author=_clean(_str(author)),
            )
        )
    warnings = [f"{skipped} JSON Feed items were not objects and were skipped"] if skipped else []
    return ParsedFeed(
        title=_clean(_str(data.get("title"))),
        entries=_unique(entries),
        version="json" + str(data["version"]).rsplit("/", 1)[-1],
        warnings=warnings,
    )


def newest_entries(entries: Sequence[FeedEntry], limit: int) -> tuple[list[FeedEntry], str | None]:
    """At most `limit` entries, newest first where dated (feed order otherwise), and a note."""
    if len(entries) <= limit:
        return list(entries), None
    if any(e.published_at is not None for e in entries):
        floor = datetime.min.replace(tzinfo=UTC)
        ordered = sorted(entries, key=lambda e: e.published_at or floor, reverse=True)
    else:  # undated: feeds list their newest entries first
        ordered = list(entries)
    note = f"the feed lists {len(entries):,} items; only the newest {limit} were read"
    return ordered[:limit], note


def html_to_text(html: str | None) -> str | None:
    """Plain text of an HTML fragment (a feed summary), paragraphs kept as lines."""
    if not html or not html.strip():
        return None
    if "<" not in html:
        return _clean_text(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean_text(re.sub(r"<[^>]+>", " ", html))
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("script", "style"):
        element.drop_tree()
    return _clean_text(root.text_content())


def _looks_like_html(body: bytes, media: str | None) -> bool:
    head = body[:2048].lower()
    return (
        media in ("text/html", "application/xhtml+xml")
        or b"<html" in head
        or b"<!doctype html" in head
    )


def _html_not_feed_message(content: bytes, *, url: str) -> str:
    message = f"{url} serves an HTML page, not an RSS, Atom or JSON feed"
    try:
        tree = lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return message
    for link in tree.xpath("//link[@rel][@href]"):
        rel = str(link.get("rel", "")).lower().split()
        kind = str(link.get("type", "")).lower()
        if "alternate" in rel and kind in FEED_LINK_TYPES:
            alternate = _absolute_http(link.get("href"), base=url)
            if alternate:
                return f"{message}; the page names its feed: {alternate} (add that instead)"
    return message


def _describe(error: object) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:300]


def _absolute_http(link: object, *, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(base, link.strip())
    return absolute if is_http_url(absolute) else None


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique


def _content_guid(title: str | None, summary: str | None) -> str:
    digest = hashlib.sha256(f"{title or ''}\n{summary or ''}".encode()).hexdigest()
    return f"sha256:{digest}"


def _bounded_guid(guid: str) -> str:
    if len(guid) <= MAX_GUID_CHARS:
        return guid
    return "sha256:" + hashlib.sha256(guid.encode()).hexdigest()


def _struct_time(value: Any) -> datetime | None:
    """feedparser's UTC struct_time to an aware datetime (None when absent or impossible)."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _iso_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _clean_text(value: str | None) -> str | None:
    if not value:
        return None
    lines = [" ".join(line.split()) for line in value.splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None
