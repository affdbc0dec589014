"""Ingest throughput: extraction + storage of a synthetic corpus of ~600-word articles.

    .venv/bin/python bench/ingest.py                     # 600 articles into a temp SQLite file
    .venv/bin/python bench/ingest.py --count 2000
    .venv/bin/python bench/ingest.py --postgres postgresql://postgres@127.0.0.1:5432/sitrep_bench

Target: >= 100 articles/s on one core (extraction and storage together, one transaction each,
through ingest_text as `sitrep ingest` calls it). "storage only" replays the extractions, so it
measures normalising, deduplication (exact and near-duplicate), language detection and the
database writes.

Each row gives wall-clock time and this process's CPU time. On a machine other jobs share, wall
time includes waiting for a core; CPU time does not, and is the fairer "one core" figure (for
PostgreSQL it leaves out the server's own CPU). What the bot loads once per process (actor
catalog, gazetteer, language model) is loaded before timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.synthetic import synthetic_corpus
from bot.db import create_db_engine, migrate, session_scope
from bot.extract.actors import load_actor_catalog
from bot.extract.article import extract_article
from bot.extract.places import load_gazetteer
from bot.extract.types import ArticleExtraction
from bot.ingest import pipeline
from bot.ingest.language import detect_language
from bot.ingest.pipeline import ingest_text, normalise_text


@dataclass
class Timing:
    wall: float
    cpu: float


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=20240801)
    parser.add_argument(
        "--postgres", metavar="URL", help="benchmark this (emptied!) PostgreSQL database too"
    )
    args = parser.parse_args()

    corpus = synthetic_corpus(args.count, seed=args.seed)
    words = sum(len(a.text.split()) for a in corpus) / len(corpus)
    # Loaded once per process, as in the bot.
    load_actor_catalog(), load_gazetteer(), detect_language(corpus[0].text)

    extractions: dict[str, ArticleExtraction] = {}

    def extract_all() -> None:
        for article in corpus:
            extractions[article.url] = extract_article(
                article.text, title=article.title, published=article.published_at.date()
            )

    rows = [("extraction only", _timed(extract_all))]
    events = sum(len(e.events) for e in extractions.values())

    def replay(text: str, **_kwargs: object) -> ArticleExtraction:
        return extractions[by_text[text]]

    by_text = {normalise_text(a.text): a.url for a in corpus}
    with tempfile.TemporaryDirectory() as folder:
        rows.append(
            (
                "SQLite: extraction + storage",
                _ingest_all(f"sqlite:///{folder}/b.db", corpus),
            )
        )
        rows.append(
            (
                "SQLite: storage only (replayed)",
                _ingest_all(f"sqlite:///{folder}/a.db", corpus, extractor=replay),
            )
        )
        # Diagnostic: the same storage with each document its own story (no MinHash LSH).
        with _without_story_detection():
            rows.append(
                (
                    "SQLite: storage only, no near-dup check",
                    _ingest_all(f"sqlite:///{folder}/c.db", corpus, extractor=replay),
                )
            )
    if args.postgres:
        rows.append(
            (
                "PostgreSQL: extraction + storage",
                _ingest_all(args.postgres, corpus, reset=True),
            )
        )
        rows.append(
            (
                "PostgreSQL: storage only (replayed)",
                _ingest_all(args.postgres, corpus, reset=True, extractor=replay),
            )
        )

    count = args.count
    print(f"\n{count} synthetic articles, {words:.0f} words on average, {events} events extracted")
    print(
        f"{'run':<40} {'wall s':>7} {'articles/s':>10} {'ms/art':>7}"
        f" {'CPU s':>7} {'articles/CPU-s':>14} {'CPU ms/art':>10}"
    )
    for name, t in rows:
        print(
            f"{name:<40} {t.wall:>7.2f} {count / t.wall:>10.1f} {1000 * t.wall / count:>7.2f}"
            f" {t.cpu:>7.2f} {count / t.cpu:>14.1f} {1000 * t.cpu / count:>10.2f}"
        )


def _timed(work: Callable[[], None]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing(wall=time.perf_counter() - wall, cpu=time.process_time() - cpu)


@contextmanager
def _without_story_detection() -> Iterator[None]:
    original = pipeline._assign_story

    def own_story(session: Any, document: Any) -> int:
        document.story_id = document.id
        return int(document.id)

    pipeline._assign_story = own_story
    try:
        yield
    finally:
        pipeline._assign_story = original


def _ingest_all(url: str, corpus: list, *, reset: bool = False, extractor: Any = None) -> Timing:  # type: ignore[type-arg]
    engine = create_db_engine(url)
    if reset:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine)
    now = datetime(2025, 1, 1, tzinfo=UTC)

    def ingest_all() -> None:
        for article in corpus:
            with session_scope(engine) as session:
                ingest_text(
                    session=session,
                    text=article.text,
                    now=now,
                    title=article.title,
                    url=article.url,
                    publisher=article.publisher,
                    published_at=article.published_at,
                    text_source="bench",
                    extractor=extractor,
                )

    timing = _timed(ingest_all)
    engine.dispose()
    return timing


if __name__ == "__main__":
    main()
