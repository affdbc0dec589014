"""Near-duplicates: the same wire story republished by many outlets is one story family.

An outlet that republishes an agency story changes the headline, trims the ending ("(With inputs
from agencies.)") or adds a line; it is still one source, not a second witness. Each document's
text becomes a MinHash over 5-word shingles. The MinHash is split into LSH bands, and each band's
key is stored with an index, so finding candidates for a new document is one indexed query in
whichever database we run on, with no in-memory index to rebuild or keep in sync across
processes. Candidates are then confirmed by their estimated Jaccard similarity. A document joins
the family of its most similar match (Document.story_id = the family's first document); with no
match it starts its own.

The MinHash is datasketch's, with its scheme ("affine32"), seed and permutation count pinned
here and the band layout its MinHashLSH picks for our threshold written down: signatures and band
keys are persisted, so a library default must never move them (tests/ingest/test_dedupe.py checks
both against datasketch). The permutations are drawn once per process, not per document.

Limits: families are never merged after the fact (a document that bridges two families joins the
more similar one), and two copies ingested at the same instant in parallel transactions can each
start a family.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
import sqlalchemy as sa
from datasketch import MinHash
from sqlmodel import Session, col, select

from bot.store.upsert import insert_rows, table_of
from models import Document, DocumentSignature, DocumentSignatureBand

NUM_PERM = 128
# Pinned: signatures are persisted, so the hashing must not change with a library default.
MINHASH_SCHEME = "affine32"
MINHASH_SEED = 1  # datasketch's default seed
# The layout MinHashLSH(threshold=0.5, num_perm=128) chooses (minimising false +/- weights).
BANDS = 25
BAND_ROWS = 5
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of shingle sets above which two texts are the same story.
# A re-headlined wire copy with a trimmed ending scores 0.8-0.95; separate reports of the same
# event by different outlets share a few phrases and score well under 0.2.
SIMILARITY_THRESHOLD = 0.5
# Under this many shingles (about 30 words) a text is too short to tell a copy from a coincidence.
MIN_SHINGLES = 25
# Dataset rows are records, not outlets: they never form or join a story family.
EXCLUDED_TEXT_SOURCES = frozenset({"dataset"})

# A signature: NUM_PERM uint32 minimum hash values.
Signature = np.ndarray

_WORD = re.compile(r"\w+", re.UNICODE)
# blake2b personalisation per band, so equal rows in different bands give different keys.
_PERSON = [b"sitrep-lsh%03d" % band for band in range(BANDS)]

_BANDS = table_of(DocumentSignatureBand)
_SIGNATURES = table_of(DocumentSignature)
# Every stored document sharing a band key with ours, with its signature: candidates in one query.
_CANDIDATES = (
    sa.select(_SIGNATURES.c.document_id, _SIGNATURES.c.story_id, _SIGNATURES.c.minhash)
    .where(
        _SIGNATURES.c.document_id.in_(
            sa.select(_BANDS.c.document_id).where(
                _BANDS.c.key.in_(sa.bindparam("keys", expanding=True))
            )
        )
    )
    .order_by(_SIGNATURES.c.document_id)
)


def shingles(text: str) -> set[bytes]:
    """Overlapping 5-word windows of the lower-cased words (punctuation and spacing ignored)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    windows = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return {" ".join(window).encode() for window in windows}


@lru_cache(maxsize=1)
def _hasher() -> MinHash:
    """A template MinHash: its pinned permutations are drawn once, not per document."""
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def minhash(grams: set[bytes]) -> Signature:
    """The MinHash of a set of shingles: per permutation, the least permuted hash."""
    template = _hasher()
    hasher = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        permutations=template.permutations,
        scheme=MINHASH_SCHEME,
    )
    hasher.update_batch(list(grams))
    return np.asarray(hasher.hashvalues, dtype=np.uint32)


def text_signature(text: str) -> Signature | None:
    """The MinHash of a text, or None when it is too short to compare meaningfully."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    return minhash(grams)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


def _similarities(signature: Signature, stored: list[bytes]) -> np.ndarray:
    """Estimated similarity of `signature` with each stored signature, in one vectorised pass."""
    matrix = np.frombuffer(b"".join(stored), dtype="<u4").reshape(len(stored), NUM_PERM)
    return (matrix == signature).mean(axis=1)


def band_keys(signature: Signature) -> list[int]:
    """One signed 64-bit key per LSH band (fits a BIGINT column on both databases)."""
    data = np.asarray(signature, dtype=np.uint32).tobytes()
    width = 4 * BAND_ROWS
    return [
        int.from_bytes(
            hashlib.blake2b(
                data[band * width : (band + 1) * width], digest_size=8, person=_PERSON[band]
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def _to_bytes(signature: Signature) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def _candidates(session: Session, keys: list[int]) -> list[tuple[int, int, bytes]]:
    """(document_id, story_id, minhash) of every stored document sharing a band key."""
    rows = session.execute(_CANDIDATES, {"keys": keys}).all()
    return [(int(d), int(s), bytes(m)) for d, s, m in rows]


def _best_family(
    signature: Signature, rows: list[tuple[int, int, bytes]]
) -> tuple[int, float] | None:
    """(story_id, similarity) of the most similar row that passes the threshold (first on ties)."""
    if not rows:
        return None
    scores = _similarities(signature, [row[2] for row in rows])
    best = int(np.argmax(scores))
    score = float(scores[best])
    return (rows[best][1], score) if score >= SIMILARITY_THRESHOLD else None


def find_story_family(
    *, session: Session, signature: Signature, exclude_document_id: int | None = None
) -> tuple[int, float] | None:
    """(story_id, similarity) of the stored document most similar to `signature`, if any passes."""
    rows = _candidates(session, band_keys(signature))
    return _best_family(signature, [r for r in rows if r[0] != exclude_document_id])


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
    keys = band_keys(signature)
    rows = _candidates(session, keys)
    # The document's own bands share every key with it: it is among the candidates exactly
    # when its signature is stored already (a re-run), and then keeps the family it has.
    for document_id, story_id, _minhash in rows:
        if document_id == document.id:
            return story_id
    match = _best_family(signature, rows)
    story_id = match[0] if match else document.id
    insert_rows(
        session,
        DocumentSignature,
        [{"document_id": document.id, "story_id": story_id, "minhash": _to_bytes(signature)}],
    )
    insert_rows(
        session,
        DocumentSignatureBand,
        [{"document_id": document.id, "band": band, "key": key} for band, key in enumerate(keys)],
    )
    return story_id


def story_family_members(*, session: Session, story_id: int) -> list[Document]:
    """Every stored document of one story family, oldest first."""
    return list(
        session.exec(
            select(Document).where(Document.story_id == story_id).order_by(col(Document.id))
        ).all()
    )
