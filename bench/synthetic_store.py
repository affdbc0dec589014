"""A synthetic event store for benchmarks: `populate(engine, n_events, seed=...)` bulk-inserts rows.

Events, their documents, claims and actors are written directly as rows (no extraction), spread
over the year before `end`, in the theatres of bench/synthetic.py. Deterministic for a given seed.
Reusable by any benchmark that needs a large store (answers, digests, App Home).
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import OUTLETS, THEATRES

from models import Actor, Claim, Document, Event, EventActor, EventDocument, Publisher

COUNTRY_CODES = {
    "Mali": "ML",
    "Sudan": "SD",
    "Burkina Faso": "BF",
    "Niger": "NE",
    "DR Congo": "CD",
    "Somalia": "SO",
    "Nigeria": "NG",
}
STATE_FORCES = {
    "ML": ["FAMa", "Wagner Group"],
    "SD": ["SAF"],
    "BF": ["Burkina Faso Armed Forces"],
    "NE": ["Niger Armed Forces"],
    "CD": ["FARDC"],
    "SO": ["Somali National Army"],
    "NG": ["Nigerian Army"],
}
EVENT_TYPES = ["armed_clash", "attack", "air_drone_strike", "explosion_ied", "abduction_capture"]
END = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)
BATCH = 5_000


def populate(
    engine: Engine, n_events: int, *, seed: int = 20240801, end: datetime = END, days: int = 365
) -> dict[str, int]:
    """Insert `n_events` events (1-3 sources, 1-3 claims, 2 actors each); returns row counts."""
    rng = random.Random(seed)
    actor_ids = _actors(engine)
    publisher_ids = _publishers(engine)
    counts = dict.fromkeys(("event", "document", "claim", "event_actor", "event_document"), 0)
    event_id = _next_id(engine, Event)
    document_id = _next_id(engine, Document)
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in counts}
    for _ in range(n_events):
        country, places, _govs, opponents = rng.choice(THEATRES)
        code = COUNTRY_CODES[country]
        place = rng.choice(places)
        updated = end - timedelta(seconds=rng.randrange(days * 86_400))
        first_seen = updated - timedelta(hours=rng.choice((0, 0, 0, 6, 30)))
        opponent = rng.choice(opponents)
        state = rng.choice(STATE_FORCES[code])
        event_type = rng.choice(EVENT_TYPES)
        title = f"{opponent} and {state} clash near {place}"
        rows["event"].append(
            {
                "id": event_id,
                "event_type": event_type,
                "title": title,
                "summary": title + ".",
                "place": place,
                "country_code": code,
                "date_start": first_seen.date(),
                "date_end": first_seen.date(),
                "date_precision": "day",
                "origin": "article",
                "first_seen": first_seen,
                "last_seen": updated,
                "updated_at": updated,
                "search_text": f"{title} {country} {event_type.replace('_', ' ')}",
            }
        )
        for name, role in ((opponent, "side_a"), (state, "side_b")):
            rows["event_actor"].append(
                {"event_id": event_id, "actor_id": actor_ids[name], "role": role}
            )
        sources = []
        for _ in range(rng.randint(1, 3)):
            sources.append(document_id)
            rows["document"].append(
                {
                    "id": document_id,
                    "url": f"https://example.org/bench-store/{document_id}",
                    "title": f"{title} ({document_id})",
                    "published_at": first_seen,
                    "retrieved_at": first_seen,
                    "text_source": "feed_page",
                    "content_hash": f"bench-{seed}-{document_id}",
                    "publisher_id": rng.choice(publisher_ids),
                    "story_id": document_id if rng.random() < 0.7 else sources[0],
                    "text": title,
                }
            )
            rows["event_document"].append(
                {"event_id": event_id, "document_id": document_id, "added_at": first_seen}
            )
            document_id += 1
        for index in range(rng.randint(1, 3)):
            low = rng.randint(1, 120)
            victim, claimant = (state, opponent) if index % 2 == 0 else (opponent, state)
            rows["claim"].append(
                {
                    "event_id": event_id,
                    "document_id": rng.choice(sources),
                    "claimant": claimant,
                    "victim": victim,
                    "outcome": "killed" if rng.random() < 0.8 else "wounded",
                    "low": low,
                    "high": low + rng.choice((0, 0, 5, 20)),
                    "claim_kind": "adversary_claim",
                    "stance": "asserted",
                    "sentence": f"{claimant} said it killed {low} {victim} near {place}.",
                    "sentence_start": index * 100,
                    "sentence_end": index * 100 + 60,
                    "claimant_actor_id": actor_ids[claimant],
                    "victim_actor_id": actor_ids[victim],
                    "created_at": updated,
                }
            )
        event_id += 1
        if len(rows["event"]) >= BATCH:
            _flush(engine, rows, counts)
    _flush(engine, rows, counts)
    return counts


def _flush(engine: Engine, rows: dict[str, list[dict[str, Any]]], counts: dict[str, int]) -> None:
    tables = {
        "event": Event,
        "document": Document,
        "claim": Claim,
        "event_actor": EventActor,
        "event_document": EventDocument,
    }
    with engine.begin() as connection:
        for name in ("event", "document", "event_actor", "event_document", "claim"):
            if rows[name]:
                connection.execute(insert(tables[name]), rows[name])  # type: ignore[arg-type]
                counts[name] += len(rows[name])
                rows[name] = []


def _actors(engine: Engine) -> dict[str, int]:
    names = {n for _c, _p, _g, opponents in THEATRES for n in opponents}
    names |= {n for forces in STATE_FORCES.values() for n in forces}
    with engine.begin() as connection:
        existing = dict(
            connection.execute(
                Actor.__table__.select().with_only_columns(
                    Actor.__table__.c.name, Actor.__table__.c.id
                )
            ).all()
        )  # type: ignore[attr-defined]
        missing = sorted(names - existing.keys())
        if missing:
            connection.execute(
                insert(Actor), [{"name": n, "kind": "armed_group", "aliases": []} for n in missing]
            )
        return dict(
            connection.execute(
                Actor.__table__.select().with_only_columns(
                    Actor.__table__.c.name, Actor.__table__.c.id
                )
            ).all()
        )  # type: ignore[attr-defined]


def _publishers(engine: Engine) -> list[int]:
    with engine.begin() as connection:
        table = Publisher.__table__  # type: ignore[attr-defined]
        existing = dict(
            connection.execute(table.select().with_only_columns(table.c.name, table.c.id)).all()
        )
        missing = [name for name in OUTLETS if name not in existing]
        if missing:
            connection.execute(insert(Publisher), [{"name": n} for n in missing])
        return [row[0] for row in connection.execute(table.select().with_only_columns(table.c.id))]


def _next_id(engine: Engine, model: Any) -> int:
    table = model.__table__
    with engine.connect() as connection:
        from sqlalchemy import func, select

        return (
            int(connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
        )
