"""Near-duplicates: the same wire story republished by many outlets is one story family.

An outlet that republishes an agency story changes the headline, trims the ending ("(With inputs
from agencies.)") or adds a line; it is still one source, not a second witness. Each document's
text becomes a MinHash over 5-word shingles (datasketch). The MinHash is split into the LSH bands
that datasketch's MinHashLSH picks for our threshold, and each band's key is stored with an index,
so finding candidates for a new document is one indexed query in whichever database we run on,
with no in-memory index to rebuild or keep in sync across processes. Candidates are then confirmed
by their estimated Jaccard similarity. A document joins the family of its most similar match
(Document.story_id = the family's first document); with no match it starts its own.

Limits: families are never merged after the fact (a document that bridges two families joins the
more similar one), and two copies ingested at the same instant in parallel transactions can each
start a family.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import insert
from sqlmodel import Session, col, select

from models import Document, DocumentSignature, DocumentSignatureBand

NUM_PERM = 128
# Pinned: signatures are persisted, so the hashing must not change with a library default.
MINHASH_SCHEME = "affine32"
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of shingle sets above which two texts are the same story.
# A re-headlined wire copy with a trimmed ending scores 0.8-0.95; separate reports of the same
# event by different outlets share a few phrases and score well under 0.2.
SIMILARITY_THRESHOLD = 0.5
# Under this many shingles (about 30 words) a text is too short to tell a copy from a coincidence.
MIN_SHINGLES = 25
# Dataset rows are records, not outlets: they never form or join a story family.
EXCLUDED_TEXT_SOURCES = frozenset({"dataset"})

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Bands:
    count: int
    rows: int


@lru_cache(maxsize=1)
def _bands() -> _Bands:
    """The band layout MinHashLSH chooses for our threshold (minimising false +/- weights)."""
    lsh = MinHashLSH(threshold=SIMILARITY_THRESHOLD, num_perm=NUM_PERM)
    return _Bands(count=lsh.b, rows=lsh.r)


def shingles(text: str) -> set[bytes]:
    """Overlapping 5-word windows of the lower-cased words (punctuation and spacing ignored)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@lru_cache(maxsize=1)
def _permutations() -> object:
    """The hash permutations, generated once: MinHash() regenerates them on every construction."""
    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def text_signature(text: str) -> MinHash | None:
    """The MinHash of a text, or None when it is too short to compare meaningfully."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, permutations=_permutations())
    minhash.update_batch(list(grams))
    return minhash


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(np.asarray(a.hashvalues) == np.asarray(b.hashvalues)))


def _similarities(signature: MinHash, stored: list[bytes]) -> np.ndarray:
    """Estimated similarity of `signature` with each stored signature, in one vectorised pass."""
    matrix = np.frombuffer(b"".join(stored), dtype="<u4").reshape(len(stored), NUM_PERM)
    values = np.asarray(signature.hashvalues, dtype=np.uint32)
    return (matrix == values).mean(axis=1)


def band_keys(minhash: MinHash) -> list[int]:
    """One signed 64-bit key per LSH band (fits a BIGINT column on both databases)."""
    layout = _bands()
    values = np.asarray(minhash.hashvalues, dtype=np.uint32)
    keys = []
    for band in range(layout.count):
        chunk = values[band * layout.rows : (band + 1) * layout.rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"sitrep-lsh%03d" % band).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def _to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def find_story_family(
    *, session: Session, signature: MinHash, exclude_document_id: int | None = None
) -> tuple[int, float] | None:
    """(story_id, similarity) of the stored document most similar to `signature`, if any passes."""
    keys = band_keys(signature)
    query = select(DocumentSignatureBand.document_id).where(
        col(DocumentSignatureBand.key).in_(keys)
    )
    if exclude_document_id is not None:
        query = query.where(DocumentSignatureBand.document_id != exclude_document_id)
    candidate_ids = set(session.exec(query.distinct()).all())
    if not candidate_ids:
        return None
    best: tuple[int, float] | None = None
    rows = session.exec(
        select(
            DocumentSignature.document_id, DocumentSignature.story_id, DocumentSignature.minhash
        ).where(col(DocumentSignature.document_id).in_(candidate_ids))
    ).all()
    rows = sorted(rows, key=lambda r: r[0])
    scores = _similarities(signature, [row[2] for row in rows])
    for (_document_id, story_id, _minhash), score in zip(rows, scores, strict=True):
        if score >= SIMILARITY_THRESHOLD and (best is None or score > best[1]):
            best = (story_id, float(score))
    return best


def assign_story_family(*, session: Session, document: Document) -> int:
    """The story_id for a newly stored document, recording its signature for later documents.

    Needs document.id (flush first). Returns the family's first document id, or the document's
    own id when it is the first of its story (or too short, or a dataset row).
    """
    assert document.id is not None, "flush the document before assigning its story family"
    if document.text_source in EXCLUDED_TEXT_SOURCES:
        return document.id
    signature = text_signature(document.text)
    if signature is None:
        return document.id
    existing = session.get(DocumentSignature, document.id)
    if existing is not None:  # assigned already (a re-run): keep the family it has
        return existing.story_id
    match = find_story_family(session=session, signature=signature, exclude_document_id=document.id)
    story_id = match[0] if match else document.id
    session.add(
        DocumentSignature(document_id=document.id, story_id=story_id, minhash=_to_bytes(signature))
    )
    # One executemany instead of an ORM object per band.
    session.execute(
        insert(DocumentSignatureBand),
        [
            {"document_id": document.id, "band": band, "key": key}
            for band, key in enumerate(band_keys(signature))
        ],
    )
    return story_id


def story_family_members(*, session: Session, story_id: int) -> list[Document]:
    """Every stored document of one story family, oldest first."""
    return list(
        session.exec(
            select(Document).where(Document.story_id == story_id).order_by(col(Document.id))
        ).all()
    )
