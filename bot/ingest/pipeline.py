"""One document in: normalise, deduplicate, extract, and store events and claims.

The caller owns the transaction (one per document): ingest_text only flushes, so a failure
anywhere leaves nothing half-written once the caller rolls back.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.errors import IngestError
from bot.extract.types import ArticleExtraction
from bot.ingest.language import detect_language
from bot.ingest.urls import canonicalize_url, is_http_url
from bot.store.actors import AliasSource
from bot.store.events import store_extraction
from bot.store.publishers import publisher_id
from bot.store.upsert import insert_or_ignore_returning_id, table_of
from models import Document, EventDocument

NO_EVENT_NOTE = "no conflict event found"
# Language identification is as sure on the first paragraphs as on the whole text, and cheaper.
LANGUAGE_SAMPLE_CHARS = 800
# A first line longer than this is a paragraph, not a headline.
MAX_HEADLINE_CHARS = 200

_DOCUMENTS = table_of(Document)
# Built once: composing SQLAlchemy statements costs more than running these indexed lookups.
_SAME_DOCUMENT = sa.select(_DOCUMENTS.c.id, _DOCUMENTS.c.content_hash).where(
    sa.or_(
        _DOCUMENTS.c.content_hash == sa.bindparam("digest"),
        _DOCUMENTS.c.url == sa.bindparam("url"),
    )
)
_SET_STORY = (
    _DOCUMENTS.update()
    .where(_DOCUMENTS.c.id == sa.bindparam("document_id"))
    .values(story_id=sa.bindparam("family"))
)

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class Extractor(Protocol):
    def __call__(
        self,
        text: str,
        *,
        title: str | None,
        published: date,
        language: str | None = None,
        default_claimant: str | None = None,
    ) -> ArticleExtraction: ...


@dataclass
class IngestResult:
    document_id: int
    created: bool  # False: the same content or URL was already stored, and nothing changed
    event_ids: list[int] = field(default_factory=list)
    new_event_ids: list[int] = field(default_factory=list)
    claims_added: int = 0
    notes: list[str] = field(default_factory=list)
    title: str | None = None


def normalise_text(text: str) -> str:
    """NFC, no invisible characters, single spaces, paragraphs kept (at most one blank line)."""
    text = unicodedata.normalize("NFC", text)
    # str.translate is slow on non-ASCII text (~0.25 ms an article); most texts need none.
    if any(char in text for char in _INVISIBLE_CHARS):
        text = text.translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The pattern never crosses a newline: one pass over the text equals one per line.
    lines = [line.strip() for line in _HORIZONTAL_SPACE.sub(" ", text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) when the first line reads like a headline: short, no final period,
    and followed by more text. Markdown heading marks are dropped from the headline."""
    first, sep, rest = text.partition("\n")
    headline = first.lstrip("#").strip()
    if (
        sep
        and rest.strip()
        and headline
        and len(headline) <= MAX_HEADLINE_CHARS
        and not headline.endswith((".", ":", ";", ","))
    ):
        return headline, rest.strip()
    return None, text


def ingest_text(
    *,
    session: Session,
    text: str,
    now: datetime,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published_at: datetime | None = None,
    author: str | None = None,
    language: str | None = None,
    text_source: str = "pasted",
    extractor: Extractor | None = None,
    catalog: AliasSource | None = None,
) -> IngestResult:
    """Store one document and the events and claims found in it (same document twice: no change).

    The reference date for relative dates ("on Thursday", "late July") is the publication date,
    or the ingest date when the publication date is unknown.
    """
    body = normalise_text(text)
    if title is None:
        title, body = split_headline(body)
    title = normalise_text(title)[:1000] if title else None
    if not body:
        raise IngestError("the document is empty")
    canonical_url = _canonical(url)
    digest = content_hash(body)

    existing = _existing_document(session, digest, canonical_url)
    if existing is not None:
        return _unchanged(session, existing)

    language = language or detect_language(body[:LANGUAGE_SAMPLE_CHARS])
    reference = published_at.date() if published_at is not None else now.date()
    extraction = (extractor or _default_extractor())(
        body, title=title, published=reference, language=language, default_claimant=publisher
    )
    notes = list(extraction.notes)
    if not extraction.events:
        notes.append(NO_EVENT_NOTE)
    document = Document(
        url=canonical_url,
        title=title,
        author=author[:500] if author else None,
        published_at=published_at,
        retrieved_at=now,
        language=language,
        text_source=text_source,
        content_hash=digest,
        extraction_note="; ".join(notes)[:500] or None,
        text=body,
        publisher_id=_publisher_id(session, publisher, canonical_url),
    )
    document.id = insert_or_ignore_returning_id(
        session, Document, document.model_dump(exclude={"id"})
    )
    if document.id is None:  # another writer stored the same document a moment ago
        raced = _existing_document(session, digest, canonical_url)
        if raced is None:  # pragma: no cover - the conflicting row must be visible now
            raise IngestError("the document conflicts with one being stored concurrently")
        return _unchanged(session, raced)
    document.story_id = _assign_story(session, document)
    session.connection().execute(
        _SET_STORY, {"document_id": document.id, "family": document.story_id}
    )
    stored = store_extraction(
        session,
        document=document,
        extraction=extraction,
        reference=reference,
        now=now,
        catalog=catalog,
    )
    assert document.id is not None
    return IngestResult(
        document_id=document.id,
        created=True,
        event_ids=list(dict.fromkeys(s.event_id for s in stored)),
        new_event_ids=[s.event_id for s in stored if s.created],
        claims_added=sum(s.claims_added for s in stored),
        notes=notes,
        title=title,
    )


def _assign_story(session: Session, document: Document) -> int:
    """The document's near-duplicate family (wire story): by default its own.

    The one place story membership is decided; near-duplicate detection plugs in here.
    """
    from bot.ingest.dedupe import assign_story_family  # MinHash LSH over stored signatures

    return assign_story_family(session=session, document=document)


def _default_extractor() -> Extractor:
    from bot.extract.article import extract_article

    return extract_article


def _canonical(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    if not is_http_url(url):
        raise IngestError(f"not an http(s) URL: {url!r}")
    return canonicalize_url(url)[:2048]


def _existing_document(session: Session, digest: str, url: str | None) -> Document | None:
    """The stored document with this text, else the one at this URL (one indexed query)."""
    rows = session.execute(_SAME_DOCUMENT, {"digest": digest, "url": url}).all()
    if not rows:
        return None
    found = next((id_ for id_, hash_ in rows if hash_ == digest), rows[0][0])
    return session.get(Document, found)


def _unchanged(session: Session, document: Document) -> IngestResult:
    assert document.id is not None
    event_ids = session.exec(
        select(EventDocument.event_id)
        .where(EventDocument.document_id == document.id)
        .order_by(col(EventDocument.event_id))
    ).all()
    return IngestResult(
        document_id=document.id,
        created=False,
        event_ids=list(event_ids),
        notes=["already stored: nothing changed"],
        title=document.title,
    )


def _publisher_id(session: Session, name: str | None, url: str | None) -> int | None:
    if not name or not name.strip():
        return None
    return publisher_id(session, normalise_text(name)[:200], url)
