"""Add what a user gave us (links, or pasted text) and say what was extracted.

Used by `/sitrep add` and the "Add to sitrep" message shortcut. Each document is one
transaction: a failure on one link does not lose the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import httpx
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.db import session_scope
from bot.errors import IngestError
from bot.ingest.pipeline import ingest_text
from bot.ingest.web import fetch_article
from bot.store.views import load_event_views
from handlers.blocks.ingest import IngestReport
from handlers.text import http_links, to_plain_text

logger = logging.getLogger(__name__)

MAX_LINKS = 5  # one message, a handful of articles: more belongs in a feed


def ingest_slack_text(
    *,
    engine: Engine,
    settings: Settings,
    now: datetime,
    text: str,
    fetch_client: Callable[[], httpx.Client],
) -> list[IngestReport]:
    """Fetch and ingest the links in `text`, or ingest `text` itself when it has none."""
    links = http_links(text)
    if links:
        return [
            _ingest_url(engine=engine, settings=settings, now=now, url=u, client=fetch_client())
            for u in links[:MAX_LINKS]
        ]
    plain = to_plain_text(text).strip()
    if not plain:
        return []
    return [_ingest(engine, now=now, label="pasted text", url=None, text=plain)]


def _ingest_url(
    *, engine: Engine, settings: Settings, now: datetime, url: str, client: httpx.Client
) -> IngestReport:
    try:
        article = fetch_article(url, client=client, settings=settings)
    except IngestError as error:
        return IngestReport(label=url, url=url, error=str(error))
    return _ingest(
        engine,
        now=now,
        label=article.title or article.url,
        url=article.url,
        text=article.text,
        title=article.title,
        publisher=article.publisher,
        published_at=article.published_at,
        author=article.author,
        language=article.language,
        text_source=article.text_source,
    )


def _ingest(
    engine: Engine,
    *,
    now: datetime,
    label: str,
    url: str | None,
    text: str,
    title: str | None = None,
    publisher: str | None = None,
    published_at: datetime | None = None,
    author: str | None = None,
    language: str | None = None,
    text_source: str = "pasted",
) -> IngestReport:
    try:
        with session_scope(engine) as session:
            result = ingest_text(
                session=session,
                text=text,
                now=now,
                title=title,
                url=url,
                publisher=publisher,
                published_at=published_at,
                author=author,
                language=language,
                text_source=text_source,
            )
            events = load_event_views(session, result.event_ids)
    except IngestError as error:
        return IngestReport(label=label, url=url, error=str(error))
    return IngestReport(
        label=result.title or label,
        url=url,
        created=result.created,
        document_id=result.document_id,
        new_event_ids=list(result.new_event_ids),
        claims_added=result.claims_added,
        notes=list(result.notes),
        events=events,
    )
