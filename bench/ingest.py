"""Ingest throughput: extraction + storage of a synthetic corpus of ~600-word articles.

    .venv/bin/python bench/ingest.py                     # 600 articles into a temp SQLite file
    .venv/bin/python bench/ingest.py --count 2000
    .venv/bin/python bench/ingest.py --postgres postgresql://postgres@127.0.0.1:5432/sitrep_bench

Target: >= 100 articles/s on one core (extraction and storage together, one transaction each).
"storage only" replays the extractions, so it measures normalising, deduplication (exact and
near-duplicate), language detection and the database writes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
from bot.ingest.pipeline import ingest_text, normalise_text


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
    load_actor_catalog(), load_gazetteer()  # loaded once per process, as in the bot

    started = time.perf_counter()
    extractions: dict[str, ArticleExtraction] = {}
    for article in corpus:
        extractions[article.url] = extract_article(
            article.text, title=article.title, published=article.published_at.date()
        )
    extract_seconds = time.perf_counter() - started
    events = sum(len(e.events) for e in extractions.values())

    def replay(text: str, **_kwargs: object) -> ArticleExtraction:
        return extractions[by_text[text]]

    by_text = {normalise_text(a.text): a.url for a in corpus}
    rows = [("extraction only", args.count, extract_seconds)]
    with tempfile.TemporaryDirectory() as folder:
        rows.append(
            (
                "SQLite: storage only (replayed)",
                args.count,
                _ingest_all(f"sqlite:///{folder}/a.db", corpus, extractor=replay),
            )
        )
        rows.append(
            (
                "SQLite: extraction + storage",
                args.count,
                _ingest_all(f"sqlite:///{folder}/b.db", corpus),
            )
        )
        # Diagnostic: the same storage with each document its own story (no MinHash LSH).
        with _without_story_detection():
            rows.append(
                (
                    "SQLite: storage only, no near-dup check",
                    args.count,
                    _ingest_all(f"sqlite:///{folder}/c.db", corpus, extractor=replay),
                )
            )
    if args.postgres:
        rows.append(
            (
                "PostgreSQL: storage only (replayed)",
                args.count,
                _ingest_all(args.postgres, corpus, reset=True, extractor=replay),
            )
        )
        rows.append(
            (
                "PostgreSQL: extraction + storage",
                args.count,
                _ingest_all(args.postgres, corpus, reset=True),
            )
        )

    print(
        f"\n{args.count} synthetic articles, {words:.0f} words on average, {events} events extracted"
    )
    print(f"{'run':<40} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'ms/article':>11}")
    for name, count, seconds in rows:
        print(
            f"{name:<40} {count:>8} {seconds:>8.2f} {count / seconds:>11.1f} {1000 * seconds / count:>11.2f}"
        )


@contextmanager
def _without_story_detection() -> Iterator[None]:
    original = pipeline._assign_story

    def own_story(session: Any, document: Any) -> None:
        document.story_id = document.id

    pipeline._assign_story = own_story
    try:
        yield
    finally:
        pipeline._assign_story = original


def _ingest_all(url: str, corpus: list, *, reset: bool = False, extractor: Any = None) -> float:  # type: ignore[type-arg]
    engine = create_db_engine(url)
    if reset:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
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
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


if __name__ == "__main__":
    main()
