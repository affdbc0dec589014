"""feeds, feed items and near-duplicate signatures

Revision ID: 0004_feeds
Revises: 0003_digest
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0004_feeds"
down_revision: str | None = "0003_digest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("next_poll_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_polled_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_warning", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("items_seen", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_next_poll_at"), ["next_poll_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_url"), ["url"], unique=True)

    op.create_table(
        "document_signature",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("document_id"),
    )
    with op.batch_alter_table("document_signature", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_signature_story_id"), ["story_id"], unique=False
        )

    op.create_table(
        "document_signature_band",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("document_id", "band"),
    )
    with op.batch_alter_table("document_signature_band", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_signature_band_key"), ["key"], unique=False)

    op.create_table(
        "feed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=2048), nullable=False),
        sa.Column("link", sa.String(length=2048), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("text_source", sa.String(length=20), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_retry_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["feed.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "guid", name="uq_feed_item_guid"),
    )
    with op.batch_alter_table("feed_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_item_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_item_feed_id"), ["feed_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feed_item_next_retry_at"), ["next_retry_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feed_item_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_item_status"))
        batch_op.drop_index(batch_op.f("ix_feed_item_next_retry_at"))
        batch_op.drop_index(batch_op.f("ix_feed_item_feed_id"))
        batch_op.drop_index(batch_op.f("ix_feed_item_document_id"))

    op.drop_table("feed_item")
    with op.batch_alter_table("document_signature_band", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_signature_band_key"))

    op.drop_table("document_signature_band")
    with op.batch_alter_table("document_signature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_signature_story_id"))

    op.drop_table("document_signature")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_url"))
        batch_op.drop_index(batch_op.f("ix_feed_next_poll_at"))

    op.drop_table("feed")
