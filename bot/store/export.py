"""Exporting events with their claims: JSON (one object per event) or CSV (one row per claim).

Events are read in id batches through load_event_views, so memory stays flat however many
events there are, and the export shows exactly what answers show.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Literal, TextIO

from sqlmodel import Session, col, select

from bot.store.views import load_event_views
from bot.views import EventView
from models import Event

ExportFormat = Literal["csv", "json"]
BATCH_SIZE = 500

CSV_FIELDS = [
    "event_id",
    "event_title",
    "event_type",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "admin1",
    "country_code",
    "country",
    "lat",
    "lon",
    "claim_id",
    "claimant",
    "victim",
    "perpetrator",
    "outcome",
    "low",
    "high",
    "qualifier",
    "claim_kind",
    "stance",
    "claimed_on",
    "sentence",
    "source_title",
    "source_publisher",
    "source_url",
]


def iter_event_views(session: Session, *, batch_size: int = BATCH_SIZE) -> Iterator[EventView]:
    """Every stored event, oldest id first."""
    last_id = 0
    while True:
        ids = session.exec(
            select(Event.id)
            .where(col(Event.id) > last_id)
            .order_by(col(Event.id))
            .limit(batch_size)
        ).all()
        if not ids:
            return
        yield from load_event_views(session, [i for i in ids if i is not None])
        last_id = ids[-1] or last_id


def export_events(session: Session, *, fmt: ExportFormat, out: TextIO) -> int:
    """Write every event to `out`; returns how many events were written."""
    if fmt == "json":
        return _export_json(session, out)
    return _export_csv(session, out)


def _export_json(session: Session, out: TextIO) -> int:
    count = 0
    out.write("[")
    for view in iter_event_views(session):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(view.model_dump(mode="json"), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _export_csv(session: Session, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for view in iter_event_views(session):
        count += 1
        base = {
            "event_id": view.id,
            "event_title": view.title,
            "event_type": view.event_type,
            "date_start": view.date_start,
            "date_end": view.date_end,
            "date_precision": view.date_precision,
            "place": view.place,
            "admin1": view.admin1,
            "country_code": view.country_code,
            "country": view.country,
            "lat": view.lat,
            "lon": view.lon,
        }
        if not view.claims:
            writer.writerow(base)
        for claim in view.claims:
            writer.writerow(
                base
                | {
                    "claim_id": claim.id,
                    "claimant": claim.claimant,
                    "victim": claim.victim,
                    "perpetrator": claim.perpetrator,
                    "outcome": claim.outcome,
                    "low": claim.low,
                    "high": claim.high,
                    "qualifier": claim.qualifier,
                    "claim_kind": claim.claim_kind,
                    "stance": claim.stance,
                    "claimed_on": claim.claimed_on,
                    "sentence": claim.sentence,
                    "source_title": claim.source_title,
                    "source_publisher": claim.source_publisher,
                    "source_url": claim.source_url,
                }
            )
    return count
