"""Stored documents as the CLI and Slack show them: metadata, and the text on request."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.errors import NotFoundError
from models import Document, DocumentRead, Publisher


class DocumentWithText(DocumentRead):
    text: str


def list_documents(
    *, session: Session, limit: int = 50, text_source: str | None = None
) -> list[DocumentRead]:
    """The newest documents first (by id), without their text."""
    query = (
        select(Document, Publisher.name, func.length(Document.text))
        .join(Publisher, col(Publisher.id) == col(Document.publisher_id), isouter=True)
        .order_by(col(Document.id).desc())
        .limit(limit)
    )
    if text_source:
        query = query.where(Document.text_source == text_source)
    return [
        _read(document, publisher, int(length or 0))
        for document, publisher, length in session.exec(query).all()
    ]


def get_document(*, session: Session, document_id: int) -> DocumentWithText:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"no document with id {document_id} (see `sitrep documents`)")
    publisher = session.get(Publisher, document.publisher_id) if document.publisher_id else None
    read = _read(document, publisher.name if publisher else None, len(document.text))
    return DocumentWithText(**read.model_dump(), text=document.text)


def _read(document: Document, publisher: str | None, length: int) -> DocumentRead:
    assert document.id is not None
    return DocumentRead(
        **document.model_dump(exclude={"id", "publisher_id", "story_id", "text"}),
        id=document.id,
        publisher=publisher,
        story_id=document.story_id,
        text_length=length,
    )
