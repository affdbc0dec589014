"""Backfills from event datasets: UCDP GED and ACLED CSV files become events and dataset claims.

Each row becomes one Document (text_source "dataset": the ACLED notes or the UCDP headline) so
that its figure, like every claim, has a document and a sentence behind it. The document's url
is a pseudo-URL, `acled:<event_id_cnty>` or `ucdp:ged:<id>`: unique and stable, so a re-import
finds the row already there and changes nothing, and not http(s), so it is never shown as a link.

The row's event goes through the same storage path as an article's (bot.store.events), so it
joins an article-derived event about the same incident, or articles later join it. One rule is
added: an event holds at most one row of a given dataset. Two ACLED rows are two coded events
whose fatalities add up; merged into one event they would read as competing claims (a range).

Figures become claims attributed to the dataset (claimant "UCDP" / "ACLED", claim_kind
"dataset"): UCDP's low-high range with its best estimate, ACLED's fatalities with the notes kept
as the sentence. Zero-fatality rows are imported as events without a claim.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from pydantic import TypeAdapter
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.errors import IngestError
from bot.extract.types import (
    ActorInfo,
    ArticleExtraction,
    DateRange,
    ExtractedClaim,
    ExtractedEvent,
    PlaceInfo,
)
from bot.ingest.pipeline import normalise_text
from bot.store.actors import stored_actors
from bot.store.events import StoredEvent, rebuild_search_text, store_extraction
from bot.store.upsert import insert_ignoring_conflicts, insert_or_ignore_returning_id
from models import Document, Event, EventDocument, Publisher

COUNTRY_ALIASES_PATH = Path(__file__).resolve().parents[1] / "data" / "dataset_countries.yaml"
# Rows stored per transaction: a crash loses at most one batch, and re-running resumes.
BATCH_ROWS = 200
# Victim phrase for a total over every party to the event.
ALL_SIDES = "all sides"

Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass
class ImportReport:
    dataset: str
    rows: int = 0
    imported: int = 0  # new rows stored
    unchanged: int = 0  # rows already imported before
    events_created: int = 0
    events_joined: int = 0  # rows that joined an event already known (from articles or others)
    claims: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


@dataclass
class _Row:
    """One dataset row, read and checked, before storage."""

    key: str  # the pseudo-URL
    title: str
    text: str
    event: ExtractedEvent
    published: date


# -- public entry points ------------------------------------------------------------------------
def import_ucdp(
    path: Path, *, engine: Engine, now: datetime, progress: Progress | None = None
) -> ImportReport:
    """Import a UCDP GED CSV (v23.1 columns); safe to run again on the same file."""
    return _import(path, dataset="UCDP", parse=_ucdp_row, engine=engine, now=now, progress=progress)


def import_acled(
    path: Path, *, engine: Engine, now: datetime, progress: Progress | None = None
) -> ImportReport:
    """Import an ACLED CSV, current lowercase layout or the old uppercase one (v6, dd/mm/yyyy)."""
    return _import(
        path, dataset="ACLED", parse=_acled_row, engine=engine, now=now, progress=progress
    )


def _import(
    path: Path,
    *,
    dataset: str,
    parse: Callable[[dict[str, str]], _Row],
    engine: Engine,
    now: datetime,
    progress: Progress | None,
) -> ImportReport:
    text = _read_text(path)
    total = max(sum(1 for _ in csv.reader(io.StringIO(text))) - 1, 0)
    report = ImportReport(dataset=dataset, rows=total)
    rows = _dict_rows(text, path=path)
    done = 0
    while True:
        batch = [row for _, row in zip(range(BATCH_ROWS), rows, strict=False)]
        if not batch:
            break
        with Session(engine, expire_on_commit=False) as session:
            publisher_id = _publisher_id(session, dataset)
            for line, raw in batch:
                try:
                    row = parse(raw)
                except (KeyError, ValueError) as error:
                    report.skipped.append((line, _reason(error)))
                    continue
                _store_row(
                    session, row, dataset=dataset, publisher_id=publisher_id, now=now, report=report
                )
            session.commit()
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return report


def _store_row(
    session: Session,
    row: _Row,
    *,
    dataset: str,
    publisher_id: int,
    now: datetime,
    report: ImportReport,
) -> None:
    document_id = insert_or_ignore_returning_id(
        session,
        Document,
        {
            "url": row.key,
            "title": row.title[:1000],
            "published_at": datetime.combine(row.published, time(), tzinfo=UTC),
            "retrieved_at": now,
            "language": "en",
            "text_source": "dataset",
            "content_hash": hashlib.sha256(f"{row.key}\n{row.text}".encode()).hexdigest(),
            "text": row.text,
            "publisher_id": publisher_id,
        },
    )
    if document_id is None:  # imported before (or by a concurrent import): nothing changes
        report.unchanged += 1
        return
    document = session.get(Document, document_id)
    assert document is not None
    document.story_id = document_id  # a record, not an outlet: its own family
    # Actor rows are made outside the savepoint below, so rolling it back cannot orphan them.
    stored_actors(session, _actor_infos(row.event))

    extraction = ArticleExtraction(events=[row.event], language="en")
    savepoint = session.begin_nested()
    [stored] = store_extraction(
        session, document=document, extraction=extraction, reference=row.published, now=now
    )
    if not stored.created and _holds_row_of(session, stored.event_id, dataset, document_id):
        savepoint.rollback()
        stored = _store_as_new_event(session, row, document=document, now=now)
    else:
        savepoint.commit()
    if stored.created:
        event = session.get(Event, stored.event_id)
        assert event is not None
        event.origin = dataset.lower()
        session.add(event)
        report.events_created += 1
    else:
        report.events_joined += 1
    report.imported += 1
    report.claims += stored.claims_added


def _store_as_new_event(
    session: Session, row: _Row, *, document: Document, now: datetime
) -> StoredEvent:
    """Store the row's event as a new one: without a country, the matcher proposes no event."""
    code = row.event.country_code
    unmatched = ExtractedEvent(
        event_type=row.event.event_type,
        title=row.event.title,
        summary=row.event.summary,
        place=row.event.place,
        country_code=None,
        when=row.event.when,
        actors=row.event.actors,
        claims=row.event.claims,
    )
    [stored] = store_extraction(
        session,
        document=document,
        extraction=ArticleExtraction(events=[unmatched], language="en"),
        reference=row.published,
        now=now,
    )
    event = session.get(Event, stored.event_id)
    assert event is not None
    event.country_code = code
    session.add(event)
    session.flush()
    event.search_text = rebuild_search_text(session, event)
    session.add(event)
    return stored


def _holds_row_of(session: Session, event_id: int, dataset: str, document_id: int) -> bool:
    """Whether the event already has another row of this dataset among its documents."""
    prefix = _url_prefix(dataset)
    found = session.exec(
        select(EventDocument.document_id)
        .join(Document, col(Document.id) == col(EventDocument.document_id))
        .where(
            EventDocument.event_id == event_id,
            EventDocument.document_id != document_id,
            col(Document.url).startswith(prefix),
        )
        .limit(1)
    ).first()
    return found is not None


def _url_prefix(dataset: str) -> str:
    return "ucdp:ged:" if dataset == "UCDP" else "acled:"


# -- UCDP GED -----------------------------------------------------------------------------------
UCDP_DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
UCDP_PLACE_UNITS = re.compile(
    r"\s+(?:town|city|village|locality|township|province|department|district|region|"
    r"governorate|prefecture|area|county|state|municipality)$",
    re.IGNORECASE,
)


def _ucdp_row(raw: dict[str, str]) -> _Row:
    ged_id = _required(raw, "id")
    country = _required(raw, "country")
    code = country_code(country)
    start = _date(_required(raw, "date_start"))
    end = _date(raw.get("date_end") or "") if raw.get("date_end") else start
    precision = UCDP_DATE_PRECISION.get(raw.get("date_prec", "").strip(), "day")
    side_a, side_b = raw.get("side_a", "").strip(), raw.get("side_b", "").strip()
    violence = raw.get("type_of_violence", "").strip()
    headline = normalise_text(raw.get("source_headline") or "")
    place = _ucdp_place(raw, code)
    where = place.name if place else country
    dyad = raw.get("dyad_name", "").strip() or f"{side_a} - {side_b}"
    title = headline or f"{dyad} in {where}"
    text = headline or f"UCDP GED event {ged_id}: {dyad}, {where}, {start.isoformat()}."

    best, low, high = _int(raw.get("best")), _int(raw.get("low")), _int(raw.get("high"))
    claims = []
    if max(best or 0, high or 0) > 0:
        one_sided = violence == "3"
        victim = _resolve_actor(side_b, default_kind="civilians") if one_sided else None
        claims.append(
            _dataset_claim(
                "UCDP",
                text=text,
                victim=victim.name if victim else ALL_SIDES,
                victim_actor=victim,
                perpetrator=side_a if one_sided else None,
                low=low if low is not None else best,
                high=high if high is not None else best,
                qualifier=f"best estimate {best}" if best is not None and low != high else None,
            )
        )
    actors = [
        (actor, role)
        for name, role in ((side_a, "side_a"), (side_b, "side_b"))
        if (actor := _resolve_actor(name)) is not None
    ]
    event = ExtractedEvent(
        event_type="violence_against_civilians" if violence == "3" else "armed_clash",
        title=title[:500],
        summary=text,
        place=place,
        country_code=code,
        when=DateRange(start=start, end=max(end, start), precision=precision),
        actors=actors,
        claims=claims,
    )
    return _Row(
        key=f"ucdp:ged:{ged_id}",
        title=f"UCDP GED {ged_id}: {dyad}"[:1000],
        text=text,
        event=event,
        published=start,
    )


def _ucdp_place(raw: dict[str, str], code: str | None) -> PlaceInfo | None:
    if not code:
        return None
    precision = _int(raw.get("where_prec")) or 6
    lat, lon = _float(raw.get("latitude")), _float(raw.get("longitude"))
    admin1 = UCDP_PLACE_UNITS.sub("", raw.get("adm_1", "").strip()) or None
    if precision <= 3:
        name = UCDP_PLACE_UNITS.sub("", raw.get("where_coordinates", "").strip())
        if name:
            return _place(name, kind="town", code=code, admin1=admin1, lat=lat, lon=lon)
    if precision == 4 and admin1:
        return _place(admin1, kind="region", code=code, admin1=admin1, lat=lat, lon=lon)
    return None


# -- ACLED --------------------------------------------------------------------------------------
ACLED_EVENT_TYPES = {
    # current taxonomy (event_type / sub_event_type)
    "armed clash": "armed_clash",
    "government regains territory": "armed_clash",
    "non-state actor overtakes territory": "armed_clash",
    "air/drone strike": "air_drone_strike",
    "shelling/artillery/missile attack": "attack",
    "remote explosive/landmine/ied": "explosion_ied",
    "suicide bomb": "explosion_ied",
    "grenade": "explosion_ied",
    "abduction/forced disappearance": "abduction_capture",
    "attack": "violence_against_civilians",
    "sexual violence": "violence_against_civilians",
    "battles": "armed_clash",
    "explosions/remote violence": "explosion_ied",
    "violence against civilians": "violence_against_civilians",
    # old (v6) taxonomy
    "battle-no change of territory": "armed_clash",
    "battle-government regains territory": "armed_clash",
    "battle-non-state actor overtakes territory": "armed_clash",
    "remote violence": "explosion_ied",
}
# ACLED interaction codes of an actor (inter1 / inter2) to sitrep actor kinds.
ACLED_INTER_KINDS = {
    "1": "state_force",
    "2": "rebel_group",
    "3": "militia",
    "4": "militia",
    "7": "civilians",
}
ACLED_DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}


def _acled_row(raw: dict[str, str]) -> _Row:
    event_id = _required(raw, "event_id_cnty")
    country = _required(raw, "country")
    code = _acled_country_code(raw, country)
    day = _date(_required(raw, "event_date"))
    kind = raw.get("event_type", "").strip()
    sub_kind = raw.get("sub_event_type", "").strip()
    event_type = ACLED_EVENT_TYPES.get(sub_kind.lower()) or ACLED_EVENT_TYPES.get(
        kind.lower(), "other"
    )
    location = raw.get("location", "").strip()
    admin1 = raw.get("admin1", "").strip() or None
    lat, lon = _float(raw.get("latitude")), _float(raw.get("longitude"))
    place = (
        _place(location, kind="town", code=code, admin1=admin1, lat=lat, lon=lon)
        if location and code
        else None
    )
    label = sub_kind or kind or "Event"
    where = f"{location}, {country}" if location else country
    title = f"{label} in {where}"
    notes = normalise_text(raw.get("notes") or "")
    fatalities = _int(raw.get("fatalities")) or 0
    text = (
        notes or f"ACLED event {event_id}: {title} on {day.isoformat()}; fatalities: {fatalities}."
    )

    actors: list[tuple[ActorInfo, str]] = []
    for side, role in (("1", "side_a"), ("2", "side_b")):
        inter_kind = ACLED_INTER_KINDS.get(raw.get(f"inter{side}", "").strip(), "generic")
        # Associated actors fight on the same side ("assoc_actor_1"; "ally_actor_1" in v6),
        # several in one cell separated by semicolons.
        allies = raw.get(f"assoc_actor_{side}") or raw.get(f"ally_actor_{side}") or ""
        for index, name in enumerate([raw.get(f"actor{side}", ""), *allies.split(";")]):
            actor = _resolve_actor(name, default_kind=inter_kind if index == 0 else "generic")
            if actor is not None and all(actor.name != known.name for known, _ in actors):
                actors.append((actor, role))
    claims = []
    if fatalities > 0:
        against_civilians = event_type == "violence_against_civilians"
        victim = (
            next((a for a, role in actors if role == "side_b" and a.kind == "civilians"), None)
            if against_civilians
            else None
        )
        claims.append(
            _dataset_claim(
                "ACLED",
                text=text,
                victim=victim.name if victim else ("civilians" if against_civilians else ALL_SIDES),
                victim_actor=victim,
                perpetrator=(raw.get("actor1", "").strip() or None) if against_civilians else None,
                low=fatalities,
                high=fatalities,
                qualifier=None,
            )
        )
    event = ExtractedEvent(
        event_type=event_type,
        title=title[:500],
        summary=notes or title,
        place=place,
        country_code=code,
        when=DateRange(
            start=day,
            end=day,
            precision=ACLED_DATE_PRECISION.get(raw.get("time_precision", "").strip(), "day"),
        ),
        actors=actors,
        claims=claims,
    )
    return _Row(
        key=f"acled:{event_id}",
        title=f"ACLED {event_id}: {title}"[:1000],
        text=text,
        event=event,
        published=day,
    )


def _acled_country_code(raw: dict[str, str], country: str) -> str | None:
    """The ISO numeric code of the current layout when present, else the country name."""
    numeric = raw.get("iso", "").strip()
    if numeric.isdigit():
        record = pycountry.countries.get(numeric=numeric.zfill(3))
        if record is not None:
            return str(record.alpha_2)
    return country_code(country)


# -- shared pieces ------------------------------------------------------------------------------
def _dataset_claim(
    claimant: str,
    *,
    text: str,
    victim: str,
    victim_actor: ActorInfo | None,
    perpetrator: str | None,
    low: int | None,
    high: int | None,
    qualifier: str | None,
) -> ExtractedClaim:
    return ExtractedClaim(
        claimant=claimant,
        victim=victim,
        outcome="killed",
        low=low,
        high=high,
        qualifier=qualifier,
        claim_kind="dataset",
        sentence=text,
        sentence_start=0,
        sentence_end=len(text),
        victim_actor=victim_actor,
        perpetrator=perpetrator,
    )


_UNIDENTIFIED = re.compile(r"^(?:unidentified|unknown)\b", re.IGNORECASE)
_YEARS = re.compile(r"\s*\((?:\d{4}\s*-\s*(?:\d{4})?)\)\s*$")


def _resolve_actor(name: str, *, default_kind: str = "generic") -> ActorInfo | None:
    """The catalog actor a dataset name means ("Military Forces of Mali (2021-)" -> FAMa).

    Unknown names are kept as they are (without ACLED's "(2021-)" period), except unidentified
    groups, which name nobody and would only stop the event from joining an article's.
    """
    name = _YEARS.sub("", name.strip())
    if not name or _UNIDENTIFIED.match(name):
        return None
    found = _catalog().resolve(name)
    if found is not None:
        return found
    return ActorInfo(name=name[:200], kind=default_kind)


def _actor_infos(event: ExtractedEvent) -> list[ActorInfo]:
    infos = [actor for actor, _role in event.actors]
    infos += [c.victim_actor for c in event.claims if c.victim_actor is not None]
    return infos


def _place(
    name: str,
    *,
    kind: str,
    code: str,
    admin1: str | None,
    lat: float | None,
    lon: float | None,
) -> PlaceInfo:
    """The gazetteer's spelling of a known place (so articles' places match), the row's own else.

    The row's coordinates are kept: datasets geocode more precisely than our gazetteer.
    """
    known = _gazetteer().resolve(name)
    if known is not None and known.kind != "country" and known.country_code == code:
        return PlaceInfo(
            name=known.name,
            kind=known.kind,
            country_code=code,
            admin1=known.admin1 or admin1,
            lat=lat if lat is not None else known.lat,
            lon=lon if lon is not None else known.lon,
        )
    return PlaceInfo(name=name[:200], kind=kind, country_code=code, admin1=admin1, lat=lat, lon=lon)


def country_code(name: str) -> str | None:
    """ISO alpha-2 for a dataset's country name ("DR Congo (Zaire)" -> "CD"), None if unknown."""
    cleaned = name.strip()
    aliases = _country_aliases()
    for candidate in (cleaned, re.sub(r"\s*\([^)]*\)\s*$", "", cleaned)):
        code = aliases.get(candidate.casefold()) or _gazetteer().country_code_for(candidate)
        if code:
            return code
    inner = re.search(r"\(([^)]+)\)", cleaned)
    return _gazetteer().country_code_for(inner.group(1)) if inner else None


@lru_cache(maxsize=1)
def _country_aliases() -> dict[str, str]:
    raw = yaml.safe_load(COUNTRY_ALIASES_PATH.read_text(encoding="utf-8")) or {}
    checked = TypeAdapter(dict[str, str]).validate_python(raw)
    for name, code in checked.items():
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"{COUNTRY_ALIASES_PATH.name}: {name!r} -> {code!r} is not alpha-2")
    return {name.casefold(): code for name, code in checked.items()}


@lru_cache(maxsize=1)
def _catalog() -> Any:
    from bot.extract.actors import load_actor_catalog

    return load_actor_catalog()


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from bot.extract.places import load_gazetteer

    return load_gazetteer()


def _publisher_id(session: Session, name: str) -> int:
    insert_ignoring_conflicts(session, Publisher, [{"name": name, "domain": None}])
    found = session.exec(select(Publisher.id).where(Publisher.name == name)).one()
    assert found is not None
    return found


def _read_text(path: Path) -> str:
    """A CSV as text: UTF-8 (with or without BOM), else cp1252 (ACLED's old exports)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror or error}") from None
    if b"\x00" in data[:4096]:
        raise IngestError(f"{path} is not a CSV file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dict_rows(text: str, *, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row with lower-case keys): both ACLED layouts read alike."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise IngestError(f"{path} is empty") from None
    keys = [h.strip().lower() for h in header]
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        yield number, {k: (values[i] if i < len(values) else "") for i, k in enumerate(keys) if k}


def _required(raw: dict[str, str], key: str) -> str:
    value = raw.get(key, "").strip()
    if not value:
        raise ValueError(f"missing {key}")
    return value


def _date(value: str) -> date:
    """ISO (2024-07-27, UCDP's '2024-07-27 00:00:00.000'), ACLED v6 dd/mm/yyyy, '27 July 2024'."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d-%B-%Y"):
        try:
            return datetime.strptime(value[:10] if pattern == "%Y-%m-%d" else value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {value!r}")


def _int(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError) and error.args:  # str(KeyError) adds quotes
        return f"missing {error.args[0]}"
    return str(error) or type(error).__name__
