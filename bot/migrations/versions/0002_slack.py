"""slack: handled event ids (retry dedupe) and thread contexts (follow-ups)

Revision ID: 0002_slack
Revises: 0001_core
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0002_slack"
down_revision: str | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_handled_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("slack_handled_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_handled_event_event_id"), ["event_id"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_slack_handled_event_received_at"), ["received_at"], unique=False
        )

    op.create_table(
        "slack_thread_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=40), nullable=False),
        sa.Column("thread_ts", sa.String(length=40), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel_id", "thread_ts", name="uq_thread_context"),
    )
    with op.batch_alter_table("slack_thread_context", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_thread_context_updated_at"), ["updated_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_thread_context", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_thread_context_updated_at"))
    op.drop_table("slack_thread_context")
    with op.batch_alter_table("slack_handled_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_handled_event_received_at"))
        batch_op.drop_index(batch_op.f("ix_slack_handled_event_event_id"))
    op.drop_table("slack_handled_event")
