"""digest subscriptions, exactly-once digest runs, events shown per subscription

Revision ID: 0003_digest
Revises: 0002_slack
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0003_digest"
down_revision: str | None = "0002_slack"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscription",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("cadence", sa.String(length=10), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("time_of_day", sa.String(length=5), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("skip_empty", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("paused_reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_period_end", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_digest_end", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_posted_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subscription_channel_id"), ["channel_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_subscription_status"), ["status"], unique=False)

    op.create_table(
        "digest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("period_start", UTCDateTime(timezone=True), nullable=False),
        sa.Column("period_end", UTCDateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("window_start", UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("parts_posted", sa.Integer(), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("chart_file_id", sa.String(length=32), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("update_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("posted_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscription_id", "period_start", name="uq_digest_run_period"),
    )
    with op.batch_alter_table("digest_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_run_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_digest_run_subscription_id"), ["subscription_id"], unique=False
        )

    op.create_table(
        "digest_shown_event",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("event_updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("shown_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("digest_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["digest_run_id"],
            ["digest_run.id"],
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
        ),
        sa.PrimaryKeyConstraint("subscription_id", "event_id"),
    )


def downgrade() -> None:
    op.drop_table("digest_shown_event")
    with op.batch_alter_table("digest_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_run_subscription_id"))
        batch_op.drop_index(batch_op.f("ix_digest_run_status"))

    op.drop_table("digest_run")
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_status"))
        batch_op.drop_index(batch_op.f("ix_subscription_channel_id"))

    op.drop_table("subscription")
