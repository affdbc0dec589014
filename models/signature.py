"""Near-duplicate signatures of documents: how syndicated copies find their story family."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, LargeBinary
from sqlmodel import Field, SQLModel


class DocumentSignature(SQLModel, table=True):
    """A document's MinHash, kept so that later documents can be compared with it."""

    __tablename__ = "document_signature"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    story_id: int = Field(index=True)
    # num_perm unsigned 32-bit hash values, little-endian.
    minhash: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class DocumentSignatureBand(SQLModel, table=True):
    """LSH band keys: documents sharing any key are near-duplicate candidates (an index lookup)."""

    __tablename__ = "document_signature_band"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    band: int = Field(primary_key=True)
    key: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
