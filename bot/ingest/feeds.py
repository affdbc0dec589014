"""Feeds: follow RSS, Atom and JSON Feed sources and ingest what they link to.

A poll fetches the feed with a conditional GET, remembers each new entry as a FeedItem, then
fetches the entries' pages in parallel (through the shared, guarded client) and stores them one
by one, each in its own transaction. A page that cannot be had falls back to the entry's own
summary, and the item records which text was used; a page with no article text (empty, paywall)
is retried later with backoff. A feed that fails backs off exponentially. Whatever goes wrong is
recorded on the feed or the item: one broken feed or item never stops the others.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.errors import IngestError, NotFoundError, UsageError
from bot.ingest.feed_format import (
    ACCEPT_FEED,
    FeedEntry,
    newest_entries,
    parse_feed,
)
from bot.ingest.fetch import (
    FetchConnectionError,
    FetchTimeoutError,
    HostPolicy,
    HTTPStatusError,
    fetch,
)
from bot.ingest.pipeline import Extractor, ingest_text
from bot.ingest.urls import canonicalize_url, is_http_url
from bot.ingest.web import ExtractionEmptyError, FetchedArticle, fetch_article
from bot.store.upsert import insert_ignoring_conflicts
from models import Feed, FeedItem

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_MINUTES = 15
MIN_INTERVAL_MINUTES = 5
MAX_INTERVAL_MINUTES = 7 * 24 * 60
# A feed listing tens of thousands of entries is an archive: read only its newest entries.
MAX_ITEMS_PER_POLL = 200
# Pages fetched in parallel per feed (the client also caps requests per host).
PAGE_WORKERS = 4
# Exponential backoff: a failing feed waits interval x 2^failures, at most a day.
MAX_FEED_BACKOFF = timedelta(hours=24)
# An item whose page had no article text is tried this many times in all, 30 min, 1 h, 2 h apart.
MAX_ITEM_ATTEMPTS = 4
ITEM_RETRY_BASE = timedelta(minutes=30)
# A feed summary shorter than this is a teaser ("Read more"), not worth storing as the document.
MIN_SUMMARY_CHARS = 80

_INTERVAL = re.compile(
    r"^(?:every\s+)?(\d+)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$", re.IGNORECASE
)


# -- feed management ----------------------------------------------------------------------------
class FeedView(BaseModel):
    id: int
    url: str
    title: str | None
    interval_minutes: int
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    last_warning: str | None
    items_seen: int
    documents: int
    consecutive_failures: int
    next_poll_at: datetime


def parse_interval(text: str | None) -> int:
    """Minutes from "every 15m", "30 minutes", "2h", "every 1 day"; the default when empty."""
    if text is None or not text.strip():
        return DEFAULT_INTERVAL_MINUTES
    match = _INTERVAL.match(text.strip())
    if not match:
        raise UsageError(f"cannot read the interval {text!r}: say e.g. `every 15m`, `every 2h`")
    amount, unit = int(match.group(1)), match.group(2).lower()
    minutes = amount * (60 if unit.startswith("h") else 1440 if unit.startswith("d") else 1)
    return check_interval(minutes)


def check_interval(minutes: int) -> int:
    if not MIN_INTERVAL_MINUTES <= minutes <= MAX_INTERVAL_MINUTES:
        raise UsageError(
            f"a feed is polled every {MIN_INTERVAL_MINUTES} minutes at most and every "
            f"{MAX_INTERVAL_MINUTES // 1440} days at least (asked: {minutes} minutes)"
        )
    return minutes


def add_feed(
    *,
    session: Session,
    url: str,
    now: datetime,
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
    title: str | None = None,
    settings: Settings | None = None,
) -> Feed:
    """Follow a feed (due at once). Refuses non-http URLs, disallowed hosts and duplicates."""
    url = url.strip().strip("<>")  # Slack wraps links in <...>
    if "|" in url:
        url = url.split("|", 1)[0]
    if not is_http_url(url):
        raise UsageError(f"a feed needs an http:// or https:// URL, not {url!r}")
    if settings is not None:
        HostPolicy.from_settings(settings).check_url(url)
    canonical = canonicalize_url(url)[:2048]
    existing = session.exec(select(Feed).where(Feed.url == canonical)).first()
    if existing is not None:
        raise UsageError(f"already following {canonical} (feed {existing.id})")
    feed = Feed(
        url=canonical,
        title=title,
        interval_minutes=check_interval(interval_minutes),
        next_poll_at=now,
        created_at=now,
    )
    session.add(feed)
    session.flush()
    return feed


def list_feeds(*, session: Session) -> list[FeedView]:
    feeds = session.exec(select(Feed).order_by(col(Feed.id))).all()
    return [feed_view(feed) for feed in feeds]


def feed_view(feed: Feed) -> FeedView:
    assert feed.id is not None
    return FeedView(
        id=feed.id,
        url=feed.url,
        title=feed.title,
        interval_minutes=feed.interval_minutes,
        last_success=feed.last_success_at,
        last_error=feed.last_error,
        last_error_at=feed.last_error_at,
        last_warning=feed.last_warning,
        items_seen=feed.items_seen,
        documents=feed.documents,
        consecutive_failures=feed.consecutive_failures,
        next_poll_at=feed.next_poll_at,
    )


def remove_feed(*, session: Session, feed_id: int) -> Feed:
    """Stop following a feed. Its items go; the documents already stored stay."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFoundError(f"no feed with id {feed_id} (see `feed list`)")
    for item in session.exec(select(FeedItem).where(FeedItem.feed_id == feed_id)):
        session.delete(item)
    session.flush()
    session.delete(feed)
    session.flush()
    return feed


# -- polling ------------------------------------------------------------------------------------
@dataclass
class FeedPollResult:
    feed_id: int
    url: str
    ok: bool = True
    not_modified: bool = False
    new_items: int = 0
    from_page: int = 0  # items stored from their article page
    from_summary: int = 0  # items stored from the feed's own summary
    pending: int = 0  # items left for a later retry
    failed: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PollReport:
    results: list[FeedPollResult] = field(default_factory=list)

    @property
    def failed_feeds(self) -> list[FeedPollResult]:
        return [r for r in self.results if not r.ok]

    @property
    def documents(self) -> int:
        return sum(r.from_page + r.from_summary for r in self.results)


def poll_due_feeds(
    *,
    engine: Engine,
    client: httpx.Client,
    settings: Settings,
    now: datetime,
    max_workers: int = 4,
    all_feeds: bool = False,
    extractor: Extractor | None = None,
    extract_processes: int = 0,
) -> PollReport:
    """Poll every feed due at `now` (or all of them), each in its own session, in parallel.

    The scheduler's job "feeds.poll" calls this every minute; `sitrep feed poll` calls it too.
    """
    with Session(engine) as session:
        query = select(Feed.id).order_by(col(Feed.next_poll_at), col(Feed.id))
        if not all_feeds:
            query = query.where(col(Feed.next_poll_at) <= now)
        feed_ids = [feed_id for feed_id in session.exec(query).all() if feed_id is not None]
    if not feed_ids:
        return PollReport()

    def poll_one(feed_id: int) -> FeedPollResult | None:
        return _poll_isolated(
            engine=engine,
            feed_id=feed_id,
            client=client,
            settings=settings,
            now=now,
            extractor=extractor,
            extract_processes=extract_processes,
        )

    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="feed") as pool:
        results = [r for r in pool.map(poll_one, feed_ids) if r is not None]
    return PollReport(results=results)


def _poll_isolated(
    *,
    engine: Engine,
    feed_id: int,
    client: httpx.Client,
    settings: Settings,
    now: datetime,
    extractor: Extractor | None,
    extract_processes: int,
) -> FeedPollResult | None:
    """One feed in its own session; an unexpected crash is logged and recorded, never raised."""
    try:
        with Session(engine, expire_on_commit=False) as session:
            feed = session.get(Feed, feed_id)
            if feed is None:  # removed since the list was read
                return None
            return poll_feed(
                session=session,
                feed=feed,
                client=client,
                settings=settings,
                now=now,
                extractor=extractor,
                extract_processes=extract_processes,
            )
    except Exception as error:
        logger.exception("feed %s: poll failed unexpectedly", feed_id)
        message = f"internal error while polling: {type(error).__name__}: {error}"
        with Session(engine, expire_on_commit=False) as session:
            feed = session.get(Feed, feed_id)
            if feed is None:
                return None
            _record_failure(feed, message, now)
            session.add(feed)
            session.commit()
            return FeedPollResult(feed_id=feed_id, url=feed.url, ok=False, error=message)


def poll_feed(
    *,
    session: Session,
    feed: Feed,
    client: httpx.Client,
    settings: Settings,
    now: datetime,
    max_items: int = MAX_ITEMS_PER_POLL,
    extractor: Extractor | None = None,
    extract_processes: int = 0,
) -> FeedPollResult:
    """Fetch one feed, remember its new entries, and ingest every item that is due.

    Commits as it goes (the new items, then each item's document), so a failure late in a poll
    never loses what was already stored.
    """
    assert feed.id is not None
    result = FeedPollResult(feed_id=feed.id, url=feed.url)
    feed.last_polled_at = now
    try:
        fetched = fetch(
            feed.url,
            client=client,
            settings=settings,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=ACCEPT_FEED,
        )
        parsed = (
            None
            if fetched.not_modified
            else parse_feed(fetched.content, url=fetched.url, headers=fetched.headers)
        )
    except IngestError as error:
        result.ok, result.error = False, str(error)
        _record_failure(feed, str(error), now)
        session.add(feed)
        session.commit()
    else:
        result.not_modified = fetched.not_modified
        if parsed is not None:
            feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
            feed.title = feed.title or (parsed.title[:500] if parsed.title else None)
            entries, note = newest_entries(parsed.entries, max_items)
            result.warnings = parsed.warnings + ([note] if note else [])
            result.new_items = _remember_entries(session, feed_id=feed.id, entries=entries, now=now)
        session.add(feed)
        session.commit()

    # Due items are worked on even when the feed itself failed: they have their own links.
    _work_due_items(
        session,
        feed=feed,
        client=client,
        settings=settings,
        now=now,
        limit=max_items,
        result=result,
        extractor=extractor,
        extract_processes=extract_processes,
    )

    feed = session.get(Feed, result.feed_id) or feed
    if result.ok:
        feed.consecutive_failures = 0
        feed.last_success_at = now
        feed.next_poll_at = now + timedelta(minutes=feed.interval_minutes)
        if not result.not_modified:
            feed.last_warning = "; ".join(result.warnings)[:2000] or None
    feed.items_seen, feed.documents = _item_counts(session, feed_id=result.feed_id)
    session.add(feed)
    session.commit()
    return result


def _record_failure(feed: Feed, message: str, now: datetime) -> None:
    """Remember the error and back off: interval x 2^failures, capped at a day."""
    feed.consecutive_failures += 1
    feed.last_error = message[:2000]
    feed.last_error_at = now
    delay = timedelta(minutes=feed.interval_minutes) * (2 ** min(feed.consecutive_failures, 16))
    feed.next_poll_at = now + min(delay, MAX_FEED_BACKOFF)


def _remember_entries(
    session: Session, *, feed_id: int, entries: Sequence[FeedEntry], now: datetime
) -> int:
    """Insert entries not seen before as items due now; returns how many were new."""
    guids = [entry.guid for entry in entries]
    seen = set(
        session.exec(
            select(FeedItem.guid).where(FeedItem.feed_id == feed_id, col(FeedItem.guid).in_(guids))
        ).all()
    )
    fresh = [entry for entry in entries if entry.guid not in seen]
    insert_ignoring_conflicts(
        session,
        FeedItem,
        [
            {
                "feed_id": feed_id,
                "guid": entry.guid,
                "link": entry.link[:2048] if entry.link else None,
                "title": entry.title[:1000] if entry.title else None,
                "summary": entry.summary,
                "published_at": entry.published_at,
                "status": "pending_retry",
                "attempts": 0,
                "next_retry_at": now,
                "first_seen_at": now,
                "updated_at": now,
            }
            for entry in fresh
        ],
    )
    return len(fresh)


def _work_due_items(
    session: Session,
    *,
    feed: Feed,
    client: httpx.Client,
    settings: Settings,
    now: datetime,
    limit: int,
    result: FeedPollResult,
    extractor: Extractor | None,
    extract_processes: int,
) -> None:
    due = session.exec(
        select(FeedItem)
        .where(
            FeedItem.feed_id == feed.id,
            FeedItem.status == "pending_retry",
            col(FeedItem.next_retry_at) <= now,
        )
        .order_by(col(FeedItem.published_at).desc().nulls_last(), col(FeedItem.id))
        .limit(limit)
    ).all()
    if not due:
        return
    feed_title = feed.title
    links = [item.link for item in due]
    # Pages are fetched and extracted in the background while earlier ones are being stored.
    fetch_one = _page_fetcher(client=client, settings=settings, processes=extract_processes)
    with ThreadPoolExecutor(max_workers=PAGE_WORKERS, thread_name_prefix="page") as pool:
        for item, page in zip(due, pool.map(fetch_one, links), strict=True):
            _store_item(
                session,
                feed=feed,
                item=item,
                page=page,
                feed_title=feed_title,
                now=now,
                result=result,
                extractor=extractor,
            )


def _store_item(
    session: Session,
    *,
    feed: Feed,
    item: FeedItem,
    page: FetchedArticle | IngestError | None,
    feed_title: str | None,
    now: datetime,
    result: FeedPollResult,
    extractor: Extractor | None,
) -> None:
    """Settle one item in its own transaction; a failure is recorded on the item, not raised."""
    item_id = item.id
    try:
        outcome = _settle_item(
            session, item=item, page=page, feed_title=feed_title, now=now, extractor=extractor
        )
        session.commit()
    except Exception as error:
        session.rollback()
        if isinstance(error, IngestError):
            message = str(error)
        else:
            logger.exception("feed %s item %s: ingest failed unexpectedly", feed.id, item_id)
            message = f"internal error while storing: {type(error).__name__}: {error}"
        stored = session.get(FeedItem, item_id)
        if stored is None:  # pragma: no cover - the feed was removed meanwhile
            return
        stored.attempts += 1
        stored.status, stored.error, stored.updated_at = "failed", message[:2000], now
        stored.next_retry_at = None
        session.add(stored)
        session.commit()
        outcome = "failed"
    if outcome == "page":
        result.from_page += 1
    elif outcome == "feed_summary":
        result.from_summary += 1
    elif outcome == "pending":
        result.pending += 1
    else:
        result.failed += 1


def _page_fetcher(
    *, client: httpx.Client, settings: Settings, processes: int
) -> Callable[[str | None], FetchedArticle | IngestError | None]:
    """A function giving a link's article or the reason there is none (None: no link)."""
    extract = None
    if processes > 0:
        from bot.ingest.extract_pool import pooled_extractor

        extract = pooled_extractor(processes)

    def one(link: str | None) -> FetchedArticle | IngestError | None:
        if not link:
            return None
        try:
            return fetch_article(link, client=client, settings=settings, extract=extract)
        except IngestError as error:
            return error
        except Exception as error:  # a parser bug on one odd page must not sink the poll
            logger.exception("extracting %s failed unexpectedly", link)
            return IngestError(f"could not extract {link}: {type(error).__name__}: {error}")

    return one


def _settle_item(
    session: Session,
    *,
    item: FeedItem,
    page: FetchedArticle | IngestError | None,
    feed_title: str | None,
    now: datetime,
    extractor: Extractor | None,
) -> str:
    """Store the item from its page or its summary, or schedule a retry; returns the outcome."""
    item.attempts += 1
    item.updated_at = now
    session.add(item)
    if isinstance(page, FetchedArticle):
        stored = ingest_text(
            session=session,
            text=page.text,
            now=now,
            title=page.title or item.title,
            url=page.url,
            publisher=page.publisher,
            published_at=page.published_at or item.published_at,
            author=page.author,
            language=page.language,
            text_source="feed_page",
            extractor=extractor,
        )
        _settled(item, status="ingested", text_source="page", document_id=stored.document_id)
        return "page"

    reason = str(page) if page is not None else "the entry has no http(s) link to fetch"
    worth_retrying = isinstance(page, ExtractionEmptyError) or _transient(page)
    # An empty or paywalled page is given a few more chances before settling for the summary.
    if isinstance(page, ExtractionEmptyError) and item.attempts < MAX_ITEM_ATTEMPTS:
        return _retry_later(item, reason, now)
    summary = (item.summary or "").strip()
    if len(summary) >= MIN_SUMMARY_CHARS:
        stored = ingest_text(
            session=session,
            text=summary,
            now=now,
            title=item.title,
            url=item.link,
            publisher=_publisher_from_link(item.link) or feed_title,
            published_at=item.published_at,
            text_source="feed_summary",
            extractor=extractor,
        )
        _settled(
            item,
            status="fallback_summary",
            text_source="feed_summary",
            document_id=stored.document_id,
        )
        item.error = f"page not used: {reason}"[:2000]
        return "feed_summary"
    if worth_retrying and item.attempts < MAX_ITEM_ATTEMPTS:
        return _retry_later(item, reason, now)
    item.status, item.error, item.next_retry_at = "failed", reason[:2000], None
    return "failed"


def _settled(item: FeedItem, *, status: str, text_source: str, document_id: int) -> None:
    item.status, item.text_source, item.document_id = status, text_source, document_id
    item.error, item.next_retry_at = None, None


def _retry_later(item: FeedItem, reason: str, now: datetime) -> str:
    item.status, item.error = "pending_retry", reason[:2000]
    item.next_retry_at = now + ITEM_RETRY_BASE * (2 ** max(item.attempts - 1, 0))
    return "pending"


def _transient(error: IngestError | None) -> bool:
    """Errors that may well go away: timeouts, connection trouble, 429 and 5xx answers."""
    if isinstance(error, FetchTimeoutError | FetchConnectionError):
        return True
    return isinstance(error, HTTPStatusError) and (
        error.status_code == 429 or error.status_code >= 500
    )


def _item_counts(session: Session, *, feed_id: int) -> tuple[int, int]:
    items = session.exec(
        select(func.count()).select_from(FeedItem).where(FeedItem.feed_id == feed_id)
    ).one()
    documents = session.exec(
        select(func.count(func.distinct(FeedItem.document_id))).where(
            FeedItem.feed_id == feed_id, col(FeedItem.document_id).is_not(None)
        )
    ).one()
    return int(items), int(documents)


def _publisher_from_link(link: str | None) -> str | None:
    if not link:
        return None
    host = (urlsplit(link).hostname or "").lower()
    return host.removeprefix("www.") or None
