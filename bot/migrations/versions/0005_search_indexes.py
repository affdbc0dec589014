"""search indexes: claim.victim (victim phrases are looked up, not scanned) and
event (date_end, date_start) (a period's events are found in the index alone)

Revision ID: 0005_search_indexes
Revises: 0004_feeds
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_search_indexes"
down_revision: str | None = "0004_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE INDEX, not a batch operation: a SQLite batch rebuild of `event` would drop
    # the full-text triggers (0001_core).
    op.create_index(op.f("ix_claim_victim"), "claim", ["victim"], unique=False)
    op.create_index(
        "ix_event_date_end_date_start", "event", ["date_end", "date_start"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_event_date_end_date_start", table_name="event")
    op.drop_index(op.f("ix_claim_victim"), table_name="claim")
