"""core schema

Revision ID: 0001_core
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0001_core"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_name"), ["name"], unique=True)

    op.create_table(
        "event",
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_seen", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_country_code"), ["country_code"], unique=False)
        batch_op.create_index(
            "ix_event_country_code_date_end",
            ["country_code", "date_end", "date_start"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_event_date_end"), ["date_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_date_start"), ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_first_seen"), ["first_seen"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_place"), ["place"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "publisher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("publisher", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publisher_domain"), ["domain"], unique=False)
        batch_op.create_index(batch_op.f("ix_publisher_name"), ["name"], unique=True)

    op.create_table(
        "document",
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("author", sa.String(length=500), nullable=True),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("retrieved_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=True),
        sa.Column("text_source", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("extraction_note", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publisher_id"],
            ["publisher.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_content_hash"), ["content_hash"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_document_publisher_id"), ["publisher_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_story_id"), ["story_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_url"), ["url"], unique=True)

    op.create_table(
        "event_actor",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id"),
    )
    with op.batch_alter_table("event_actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actor_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "claim",
        sa.Column("claimant", sa.String(length=200), nullable=False),
        sa.Column("victim", sa.String(length=200), nullable=False),
        sa.Column("perpetrator", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("low", sa.Integer(), nullable=True),
        sa.Column("high", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=200), nullable=True),
        sa.Column("claim_kind", sa.String(length=30), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("claimed_on", sa.Date(), nullable=True),
        sa.Column("subset", sa.Boolean(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claimant_actor_id", sa.Integer(), nullable=True),
        sa.Column("victim_actor_id", sa.Integer(), nullable=True),
        sa.Column("perpetrator_actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claimant_actor_id"],
            ["actor.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["perpetrator_actor_id"],
            ["actor.id"],
        ),
        sa.ForeignKeyConstraint(
            ["victim_actor_id"],
            ["actor.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "document_id",
            "sentence_start",
            "claimant",
            "victim",
            "outcome",
            name="uq_claim_provenance",
        ),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_outcome"), ["outcome"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_victim_actor_id"), ["victim_actor_id"], unique=False
        )

    op.create_table(
        "event_document",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "document_id"),
    )
    with op.batch_alter_table("event_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_document_document_id"), ["document_id"], unique=False
        )

    _create_full_text_search()


def _create_full_text_search() -> None:
    """Full-text search over event.search_text, kept in sync by the database itself.

    SQLite: an external-content FTS5 table fed by triggers. PostgreSQL: a GIN index on the
    english tsvector; queries must use the same expression (bot/answer/search.py does).
    Note for later migrations: a SQLite batch rebuild of `event` drops these triggers; recreate them.
    """
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE event_fts USING fts5(search_text, content='event', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER event_fts_ai AFTER INSERT ON event BEGIN "
            "INSERT INTO event_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER event_fts_ad AFTER DELETE ON event BEGIN "
            "INSERT INTO event_fts(event_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER event_fts_au AFTER UPDATE OF search_text ON event BEGIN "
            "INSERT INTO event_fts(event_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO event_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_event_search_tsv ON event "
            "USING gin (to_tsvector('english', search_text))"
        )


def _drop_full_text_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("event_fts_ai", "event_fts_ad", "event_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS event_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_search_tsv")


def downgrade() -> None:
    _drop_full_text_search()
    with op.batch_alter_table("event_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_document_document_id"))

    op.drop_table("event_document")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_victim_actor_id"))
        batch_op.drop_index(batch_op.f("ix_claim_outcome"))
        batch_op.drop_index(batch_op.f("ix_claim_event_id"))
        batch_op.drop_index(batch_op.f("ix_claim_document_id"))

    op.drop_table("claim")
    with op.batch_alter_table("event_actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actor_actor_id"))

    op.drop_table("event_actor")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_url"))
        batch_op.drop_index(batch_op.f("ix_document_story_id"))
        batch_op.drop_index(batch_op.f("ix_document_publisher_id"))
        batch_op.drop_index(batch_op.f("ix_document_content_hash"))

    op.drop_table("document")
    with op.batch_alter_table("publisher", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publisher_name"))
        batch_op.drop_index(batch_op.f("ix_publisher_domain"))

    op.drop_table("publisher")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_updated_at"))
        batch_op.drop_index(batch_op.f("ix_event_place"))
        batch_op.drop_index(batch_op.f("ix_event_first_seen"))
        batch_op.drop_index(batch_op.f("ix_event_event_type"))
        batch_op.drop_index(batch_op.f("ix_event_date_start"))
        batch_op.drop_index(batch_op.f("ix_event_date_end"))
        batch_op.drop_index(batch_op.f("ix_event_country_code"))
        batch_op.drop_index("ix_event_country_code_date_end")
        batch_op.drop_index(batch_op.f("ix_event_admin1"))

    op.drop_table("event")
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_name"))

    op.drop_table("actor")
