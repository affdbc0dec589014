"""Question latency: answer_question over 10k and 100k stored events.

    .venv/bin/python bench/ask.py                        # SQLite, 10k and 100k events
    .venv/bin/python bench/ask.py --sizes 10000 --rounds 20
    .venv/bin/python bench/ask.py --analyze --no-hard     # with planner statistics, mix only
    .venv/bin/python bench/ask.py --postgres postgresql://postgres@127.0.0.1:5432/sitrep_bench

Events, claims, documents and links are bulk-inserted directly (synthetic, seeded), then a fixed
mix of questions is timed, then a "hard" set: follow-ups and questions mixing context filters,
common words and filters that match nothing, which make a search walk many events (one took
53 s at 100k before bot/answer/search.py read such filters as sets). Targets at 100k events on
SQLite: p95 <= 50 ms for the mix, every hard question < 200 ms.

The SQLite store is not ANALYZEd (the bot never runs ANALYZE, so its planner has no
statistics); `--analyze` measures with statistics. PostgreSQL is always analyzed (autovacuum
does it on a live database).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.answer import answer_question
from bot.answer.answering import default_vocabulary
from bot.db import create_db_engine, migrate, session_scope
from bot.extract.actors import load_actor_catalog
from bot.extract.places import load_gazetteer
from bot.store.actors import StoredActor, generic_alias_words, stored_actors
from bot.store.countries import country_name
from bot.store.events import build_search_text
from bot.store.upsert import insert_rows
from bot.views import QueryFilters
from models import Claim, Document, Event, EventActor, EventDocument, Publisher

THEATRES = [
    (
        "ML",
        ["Tinzaouaten", "Kidal", "Gao", "Ségou", "Boni", "Ménaka", "Timbuktu", "Bourem"],
        ["FAMa", "Wagner Group"],
        ["CSP", "JNIM", "Islamic State Sahel Province"],
    ),
    ("SD", ["El Fasher", "Nyala", "El Obeid", "Sinja", "Omdurman", "Wad Madani"], ["SAF"], ["RSF"]),
    (
        "BF",
        ["Djibo", "Barsalogho", "Dori", "Kaya"],
        ["Burkina Faso Armed Forces", "VDP"],
        ["JNIM", "Islamic State Sahel Province"],
    ),
    (
        "NE",
        ["Tassia", "Diffa", "Agadez"],
        ["Niger Armed Forces"],
        ["Islamic State Sahel Province", "JNIM"],
    ),
    (
        "CD",
        ["Goma", "Lubero", "Rutshuru", "Sake", "Beni", "Bunia"],
        ["FARDC"],
        ["M23", "ADF", "CODECO"],
    ),
    ("SO", ["Mogadishu", "Baidoa", "Kismayo"], ["SNA"], ["al-Shabaab"]),
    ("NG", ["Maiduguri", "Bama", "Gwoza"], ["Nigerian Army"], ["Boko Haram", "ISWAP"]),
]
EVENT_TYPES = ["armed_clash", "attack", "air_drone_strike", "explosion_ied", "abduction_capture"]
TYPE_WORDS = {
    "armed_clash": "Clashes",
    "attack": "Attack",
    "air_drone_strike": "Drone strike",
    "explosion_ied": "Roadside bomb",
    "abduction_capture": "Abductions",
}
OUTCOMES = ["killed", "killed", "killed", "wounded", "captured"]
NOW = datetime(2025, 1, 1, 12, tzinfo=UTC)
CONTEXT = QueryFilters(victims=["Wagner Group"], countries=["ML"], kind="latest")
QUESTIONS: list[tuple[str, QueryFilters | None]] = [
    ("latest Wagner losses in Mali", None),
    ("what happened in Tinzaouaten?", None),
    ("how many Malian soldiers were killed in July 2024?", None),
    ("what's new in Sudan", None),
    ("who claims what about El Fasher", None),
    ("civilians killed by the RSF in El Fasher since 2024-06-01", None),
    ("drone strikes in Kidal region last month", None),
    ("latest M23 losses", None),
    ("how many civilians were killed in Sudan in 2024?", None),
    ("ambush near Djibo", None),
    ("what about Malian soldiers?", CONTEXT),
    ("sources?", CONTEXT),
]
# Filters that match nothing together, common words, unknown actors, periods with many events.
HARD_QUESTIONS: list[tuple[str, QueryFilters | None]] = [
    ("latest clashes in Niger", CONTEXT),
    ("and in Niger?", CONTEXT),
    ("niger", CONTEXT),
    ("what about clashes near Niger", CONTEXT),
    ("latest Wagner losses in Niger", None),
    ("latest Wagner losses in clashes", None),
    ("latest Hezbollah attacks in Mali", None),
    ("latest Hezbollah losses in clashes", None),
    ("clashes in Chad", None),
    ("latest civilians killed in Niger clashes", None),
    ("how many people were killed in July 2024?", None),
    ("how many people were killed in clashes in July 2024?", None),
    ("how many Wagner were killed in clashes near Niger?", None),
    ("how many Hezbollah were killed in 2024?", None),
]
BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10, help="times each question is asked")
    parser.add_argument(
        "--postgres", metavar="URL", help="also run on this (emptied!) PostgreSQL database"
    )
    parser.add_argument("--analyze", action="store_true", help="ANALYZE the store first")
    parser.add_argument("--no-hard", action="store_true", help="skip the hard question set")
    args = parser.parse_args()
    default_vocabulary()  # loaded once per process, as in the bot
    sets = [("mix", QUESTIONS)] + ([] if args.no_hard else [("hard", HARD_QUESTIONS)])

    results: list[tuple[str, int, float, str, Timings]] = []
    for size in args.sizes:
        engines = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
        for name, url in engines:
            with tempfile.TemporaryDirectory() as folder:
                engine = create_db_engine(url or f"sqlite:///{folder}/ask.db")
                if url:
                    with engine.begin() as connection:
                        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                setup = _setup(engine, size, analyze=args.analyze)
                for label, questions in sets:
                    timings = _run(engine, questions, args.rounds)
                    results.append((name, size, setup, label, timings))
                engine.dispose()

    print(
        f"\n{'database':<11} {'events':>8} {'setup s':>8} {'set':<5} {'asks':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    for name, size, setup, label, (latencies, _per_question) in results:
        q = statistics.quantiles(latencies, n=100, method="inclusive")
        print(
            f"{name:<11} {size:>8} {setup:>8.1f} {label:<5} {len(latencies):>5} {q[49]:>7.1f} {q[94]:>7.1f} {q[98]:>7.1f} {max(latencies):>7.1f}"
        )
    for name, size, _seconds, label, (_latencies, per_question) in results:
        print(f"\n{name}, {size} events, {label}: median / max ms per question")
        for question, values in per_question.items():
            print(f"  {statistics.median(values):>7.1f} {max(values):>7.1f}  {question}")


Timings = tuple[list[float], dict[str, list[float]]]


def _setup(engine: Engine, size: int, *, analyze: bool) -> float:
    started = time.perf_counter()
    migrate(engine)
    _populate(engine, size, analyze=analyze)
    return time.perf_counter() - started


def _run(engine: Engine, questions: list[tuple[str, QueryFilters | None]], rounds: int) -> Timings:
    """Every latency (ms), and the latencies of each question."""
    latencies: list[float] = []
    per_question: dict[str, list[float]] = {q: [] for q, _ in questions}
    with Session(engine) as session:
        for question, context in questions:  # warm-up: caches, statement compilation
            answer_question(session=session, question=question, now=NOW, context=context)
        for _ in range(rounds):
            for question, context in questions:
                begin = time.perf_counter()
                answer_question(session=session, question=question, now=NOW, context=context)
                elapsed = (time.perf_counter() - begin) * 1000
                latencies.append(elapsed)
                per_question[question].append(elapsed)
            session.rollback()
    return latencies, per_question


def _populate(engine: Engine, size: int, *, analyze: bool = False) -> None:
    """`size` synthetic events with 1-2 sources and 2-4 claims each, inserted in bulk."""
    rng = random.Random(size)
    catalog, gazetteer = load_actor_catalog(), load_gazetteer()
    with session_scope(engine) as session:
        names = {n for _c, _p, gov, opp in THEATRES for n in gov + opp} | {"Civilians"}
        actors = stored_actors(session, [a for a in (catalog.get(n) for n in sorted(names)) if a])
        insert_rows(
            session,
            Publisher,
            [{"id": i + 1, "name": f"Bench Wire {i}", "domain": None} for i in range(20)],
        )
    skip_words = generic_alias_words(catalog)
    places = {name: gazetteer.resolve(name) for _c, ps, _g, _o in THEATRES for name in ps}
    start = date(2022, 1, 1)
    document_id = 0
    events: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    event_actors: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []

    def flush() -> None:
        with session_scope(engine) as session:
            for model, rows in (
                (Document, documents),
                (Event, events),
                (EventDocument, links),
                (EventActor, event_actors),
                (Claim, claims),
            ):
                insert_rows(session, model, rows)
                rows.clear()

    for event_id in range(1, size + 1):
        country, place_names, govs, opponents = rng.choice(THEATRES)
        place = places[rng.choice(place_names)]
        day = start + timedelta(days=rng.randrange(0, 1090))
        span = rng.choice([0, 0, 0, 1, 10])
        gov, opp = actors[rng.choice(govs)], actors[rng.choice(opponents)]
        event_type = rng.choice(EVENT_TYPES)
        title = f"{TYPE_WORDS[event_type]} near {place.name if place else country}"
        sources = 1 + (rng.random() < 0.15)
        event_claims = []
        for n in range(rng.randint(2, 4)):
            document_id_for_claim = document_id + 1 + (n % sources)
            victim = rng.choice([gov, opp, actors["Civilians"]])
            claimant = rng.choice([gov, opp])
            outcome = rng.choice(OUTCOMES)
            figure = rng.randint(1, 120)
            sentence = f"{claimant.name} said {figure} {victim.name} were {outcome} near {title.split(' near ')[-1]} in the {TYPE_WORDS[event_type].lower()}."
            event_claims.append(
                {
                    "event_id": event_id,
                    "document_id": document_id_for_claim,
                    "claimant": claimant.name,
                    "victim": victim.name,
                    "perpetrator": None,
                    "outcome": outcome,
                    "low": figure,
                    "high": figure,
                    "qualifier": None,
                    "claim_kind": "own_side_admission" if claimant is victim else "adversary_claim",
                    "stance": "asserted",
                    "claimed_on": None,
                    "subset": False,
                    "sentence": sentence,
                    "sentence_start": 40 * n,
                    "sentence_end": 40 * n + len(sentence),
                    "claimant_actor_id": claimant.id,
                    "victim_actor_id": victim.id,
                    "perpetrator_actor_id": None,
                    "created_at": NOW,
                }
            )
        for _ in range(sources):
            document_id += 1
            published = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                days=span + 1
            )
            documents.append(
                {
                    "id": document_id,
                    "url": f"https://example.org/ask-bench/{document_id}",
                    "title": title,
                    "author": None,
                    "published_at": published,
                    "retrieved_at": NOW,
                    "language": "en",
                    "text_source": "bench",
                    "content_hash": f"bench-{document_id}",
                    "extraction_note": None,
                    "publisher_id": rng.randint(1, 20),
                    "story_id": document_id,
                    "text": " ".join(c["sentence"] for c in event_claims),
                }
            )
            links.append({"event_id": event_id, "document_id": document_id, "added_at": NOW})
        summary = event_claims[0]["sentence"]
        events.append(
            {
                "id": event_id,
                "event_type": event_type,
                "title": title,
                "summary": summary,
                "place": place.name if place else None,
                "admin1": place.admin1 if place else None,
                "country_code": country,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "date_start": day,
                "date_end": day + timedelta(days=span),
                "date_precision": "day" if span == 0 else "week",
                "origin": "article",
                "first_seen": NOW,
                "last_seen": NOW,
                "updated_at": NOW,
                "search_text": build_search_text(
                    title=title,
                    summary=summary,
                    place=place.name if place else None,
                    admin1=place.admin1 if place else None,
                    country=country_name(country),
                    actors=_unique([gov, opp] + [actors[c["victim"]] for c in event_claims]),
                    sentences=[c["sentence"] for c in event_claims],
                    skip_words=skip_words,
                ),
            }
        )
        event_actors += [
            {"event_id": event_id, "actor_id": a.id, "role": role}
            for a, role in _roles(gov, opp, [actors[c["victim"]] for c in event_claims])
        ]
        claims += event_claims
        if len(events) >= BATCH:
            flush()
    flush()
    with engine.begin() as connection:
        if analyze or engine.dialect.name == "postgresql":  # autovacuum analyzes a live one
            connection.execute(text("ANALYZE"))
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT setval('document_id_seq', (SELECT max(id) FROM document))")
            )
            connection.execute(text("SELECT setval('event_id_seq', (SELECT max(id) FROM event))"))


def _unique(actors: list[StoredActor]) -> list[StoredActor]:
    return list({a.id: a for a in actors}.values())


def _roles(
    gov: StoredActor, opp: StoredActor, victims: list[StoredActor]
) -> list[tuple[StoredActor, str]]:
    roles = {gov.id: (gov, "side_a"), opp.id: (opp, "side_b")}
    for victim in victims:
        roles.setdefault(victim.id, (victim, "involved"))
    return list(roles.values())


if __name__ == "__main__":
    main()
