"""Real-world ingestion, measured: odd feeds, real news pages, and end-to-end feed throughput.

    .venv/bin/python bench/eval_ingest.py                 # all three parts
    .venv/bin/python bench/eval_ingest.py --part feeds    # or: pages, throughput

1. feeds: every file of ../shared/corpus/feedparser-test-feeds/ is served from 127.0.0.1 (with the
   `Header:` lines of its comment applied as HTTP headers), followed as a feed and polled. Each
   must be read or fail with a clear recorded error; none may crash. Counts by outcome.
2. pages: ../shared/corpus/trafilatura-test-html/ (gzipped pages, gold "with"/"without" snippets).
   Share of pages whose extracted text holds every "with" snippet and no "without" one, for
   sitrep's extraction and for plain `trafilatura.extract` with default settings.
3. throughput: a feed whose items link to pages served locally, polled end to end (feed -> fetch
   -> extract -> store with event extraction) into a fresh SQLite database.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, select

from bot.config import Settings
from bot.db import create_db_engine, migrate
from bot.ingest.feeds import add_feed, poll_due_feeds, poll_feed
from bot.ingest.fetch import build_http_client
from bot.ingest.web import decode_html, extract_page
from models import Feed, FeedItem
from tests.fakes.web import FakeWeb, Route

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FEEDS_DIR = CORPUS / "feedparser-test-feeds"
PAGES_DIR = CORPUS / "trafilatura-test-html"
NOW = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)


def _settings(**extra: object) -> Settings:
    return Settings(fetch_allowed_hosts=["127.0.0.1"], fetch_timeout_seconds=5, **extra)  # type: ignore[arg-type]


def _fresh_engine(tmp: Path, name: str):  # type: ignore[no-untyped-def]
    engine = create_db_engine(f"sqlite:///{tmp / name}")
    migrate(engine)
    return engine


# -- 1. feedparser's test feeds -----------------------------------------------------------------
_COMMENT = re.compile(rb"<!--(.*?)-->", re.DOTALL)


def _oracle(data: bytes) -> tuple[dict[str, str], str]:
    """The HTTP headers and the `Expect:` line from a test file's leading comment."""
    headers: dict[str, str] = {}
    expect = ""
    comment = _COMMENT.search(data[:4000])
    text = comment.group(1).decode("utf-8", "replace") if comment else ""
    if not comment and data.lstrip().startswith(b"{"):  # the JSON sample keeps it in __TEST__
        text = json.loads(data).get("__TEST__", "").replace(" Expect:", "\nExpect:")
    for line in text.splitlines():
        key, _, value = line.strip().partition(":")
        if key == "Header" and ":" in value:
            name, _, header_value = value.strip().partition(":")
            headers[name.strip()] = header_value.strip()
        elif key == "Expect":
            expect = value.strip()
    return headers, expect


def _classify(error: str) -> str:
    for needle, label in (
        ("internal error", "CRASH"),
        ("empty document", "error: empty document"),
        ("serves an HTML page", "error: HTML page, not a feed"),
        ("not a JSON Feed", "error: JSON but not a JSON Feed"),
        ("not a readable feed", "error: not a readable feed"),
        ("HTTP ", "error: HTTP status"),
        ("timed out", "error: timeout"),
    ):
        if needle in error:
            return label
    return "error: other"


def bench_feeds() -> None:
    files = sorted(p for p in FEEDS_DIR.rglob("*") if p.suffix in (".xml", ".json"))
    settings = _settings()
    with tempfile.TemporaryDirectory() as tmp, FakeWeb() as web:
        engine = _fresh_engine(Path(tmp), "feeds.db")
        expectations: dict[str, str] = {}
        with Session(engine) as session:
            for path in files:
                data = path.read_bytes()
                headers, expect = _oracle(data)
                served = "/" + path.relative_to(FEEDS_DIR).as_posix()
                url = web.route(served, Route(body=data, headers=headers))
                expectations[url] = expect
                add_feed(session=session, url=url, now=NOW)
            session.commit()
        with build_http_client(settings) as client:
            started = time.perf_counter()
            report = poll_due_feeds(engine=engine, client=client, settings=settings, now=NOW)
            elapsed = time.perf_counter() - started

        outcomes: Counter[str] = Counter()
        bozo = Counter()
        for result in report.results:
            if result.ok:
                warned = any(w.startswith("ill-formed") for w in result.warnings)
                outcomes["read, ill-formed (warning recorded)" if warned else "read"] += 1
                expect = expectations[result.url]
                if re.match(r"^bozo\b", expect) or expect.startswith("not bozo"):
                    bozo[(expect.startswith("bozo"), warned)] += 1
            else:
                outcomes[_classify(result.error or "")] += 1
        with Session(engine) as session:
            items = Counter(session.exec(select(FeedItem.status)).all())
            reasons = Counter(
                re.sub(r"https?://\S+|'[^']*'", "…", error or "")[:90]
                for status, error in session.exec(select(FeedItem.status, FeedItem.error)).all()
                if status == "failed"
            )
            recorded = session.exec(select(Feed)).all()
        unrecorded = [f.url for f in recorded if f.last_success_at is None and not f.last_error]

    print(f"\n== 1. feedparser test feeds: {len(files)} files, polled in {elapsed:.2f} s")
    for label, count in sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {label:<40} {count:>4}")
    print(f"  crashes: {outcomes.get('CRASH', 0)}   feeds with nothing recorded: {len(unrecorded)}")
    print(
        "  feedparser's oracle (Expect: bozo / not bozo) vs our ill-formed warning, feeds read: "
        f"both {bozo[(True, True)]}, expected only {bozo[(True, False)]}, "
        f"ours only {bozo[(False, True)]}, neither {bozo[(False, False)]}"
    )
    print("  items: " + ", ".join(f"{k} {v}" for k, v in sorted(items.items())))
    for reason, count in reasons.most_common(4):
        print(f"    failed item, {count}x: {reason}")


# -- 2. trafilatura's test pages ----------------------------------------------------------------
def bench_pages() -> None:
    import trafilatura

    gold = json.loads((PAGES_DIR / "evaldata_subset.json").read_text(encoding="utf-8"))
    manifest = {
        Path(m["file"]).name: m for m in json.loads((PAGES_DIR / "manifest.json").read_text())
    }

    def passes(text: str, entry: dict[str, list[str]]) -> bool:
        return all(s in text for s in entry["with"]) and not any(
            s in text for s in entry["without"]
        )

    ours = baseline = refused = titles = titled = dates = dated = 0
    ours_time = base_time = 0.0
    categories: Counter[str] = Counter()
    ours_by_cat: Counter[str] = Counter()
    base_by_cat: Counter[str] = Counter()
    for name, entry in sorted(gold.items()):
        raw = gzip.decompress((PAGES_DIR / "html" / f"{name}.gz").read_bytes())
        meta = manifest[f"{name}.gz"]
        started = time.perf_counter()
        base_text = trafilatura.extract(raw) or ""
        base_time += time.perf_counter() - started
        started = time.perf_counter()
        page = extract_page(decode_html(raw, declared=None), url=meta["url"])
        ours_time += time.perf_counter() - started
        category = meta["category"]
        categories[category] += 1
        if passes(page.text, entry):
            ours += 1
            ours_by_cat[category] += 1
        if passes(base_text, entry):
            baseline += 1
            base_by_cat[category] += 1
        refused += page.paywalled or len(page.text) < 200
        if entry.get("title"):
            titled += 1
            titles += (page.article.title or "").strip() == entry["title"].strip()
        if entry.get("date"):
            dated += 1
            published = page.article.published_at
            dates += published is not None and published.date().isoformat() == entry["date"]

    total = len(gold)
    print(
        f"\n== 2. trafilatura test pages: {total} pages (gold: all 'with', no 'without' snippets)"
    )
    print(f"  {'extraction':<36} {'pass':>5} {'share':>7} {'ms/page':>8}")
    print(
        f"  {'sitrep (extract_page)':<36} {ours:>5} {ours / total:>7.1%} {ours_time / total * 1000:>8.1f}"
    )
    print(
        f"  {'trafilatura.extract (defaults)':<36} {baseline:>5} {baseline / total:>7.1%} "
        f"{base_time / total * 1000:>8.1f}"
    )
    for category in sorted(categories):
        print(
            f"    {category:<12} n={categories[category]:<3} sitrep {ours_by_cat[category]:>3}  "
            f"trafilatura {base_by_cat[category]:>3}"
        )
    print(f"  pages sitrep would refuse (paywall teaser or < 200 chars): {refused}")
    print(f"  metadata: title exact {titles}/{titled}, publication date {dates}/{dated}")


# -- 3. throughput ------------------------------------------------------------------------------
_WORDS = [
    "army",
    "rebels",
    "town",
    "village",
    "officials",
    "said",
    "fighting",
    "clashes",
    "residents",
    "district",
    "attack",
    "convoy",
    "road",
    "statement",
    "government",
    "forces",
    "group",
    "region",
    "killed",
    "wounded",
    "soldiers",
    "civilians",
    "militants",
    "security",
    "week",
    "northern",
    "southern",
    "border",
    "police",
    "market",
    "camp",
    "displaced",
    "aid",
]


def _synthetic_page(n: int, rng: random.Random) -> bytes:
    """A news-shaped page (nav, article of 6-10 paragraphs, sidebar, footer), ~15-25 kB."""
    paragraphs = [
        f"Fighting near the town of Koro{n} left {rng.randint(2, 40)} soldiers dead on Tuesday, "
        "local officials said.",
    ]
    for _ in range(rng.randint(6, 10)):
        sentence_count = rng.randint(3, 6)
        paragraphs.append(
            " ".join(
                " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 22))).capitalize() + "."
                for _ in range(sentence_count)
            )
        )
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    aside = "".join(
        f'<li><a href="/story/{i}">Related story number {i}</a></li>' for i in range(20)
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    script = (
        "<script>var tracking = {" + ",".join(f"'k{i}': {i}" for i in range(400)) + "};</script>"
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {n}</title>"
        f"<meta property='og:site_name' content='Bench News'>{script}</head><body>"
        f"<nav><ul>{nav}</ul></nav><main><article><h1>Story {n}</h1>{body}</article></main>"
        f"<aside><ul>{aside}</ul></aside><footer>Copyright Bench News</footer></body></html>"
    ).encode()


def _rss(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{escape(link)}</link><guid>{escape(link)}</guid></item>"
        for i, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'.encode()


def _throughput(
    label: str, pages: list[bytes], tmp: Path, *, processes: int, repeat: int = 1
) -> None:
    """Best of `repeat` runs, each into a fresh database (the machine may be shared and busy)."""
    runs = [
        _one_run(label, pages, tmp / f"{label}-{n}", processes=processes) for n in range(repeat)
    ]
    elapsed, result = min(runs, key=lambda run: run[0])
    stored = result.from_page + result.from_summary
    size = sum(len(p) for p in pages) / len(pages) / 1000
    print(
        f"  {label:<26} {processes} {len(pages):>4} pages ({size:5.0f} kB avg)  {elapsed:6.2f} s  "
        f"{len(pages) / elapsed:6.1f} pages/s  (stored {stored}, pending {result.pending}, failed {result.failed})"
    )


def _one_run(label: str, pages: list[bytes], tmp: Path, *, processes: int) -> tuple[float, Any]:
    tmp.mkdir(parents=True, exist_ok=True)
    settings = _settings()
    with FakeWeb() as web:
        links = [
            web.route(f"/p/{i}", Route(body=page, headers={"Content-Type": "text/html"}))
            for i, page in enumerate(pages)
        ]
        feed_url = web.route(
            "/feed.xml", Route(body=_rss(links), headers={"Content-Type": "application/rss+xml"})
        )
        engine = _fresh_engine(tmp, f"{label}.db")
        with Session(engine) as session, build_http_client(settings) as client:
            feed = add_feed(session=session, url=feed_url, now=NOW)
            session.commit()
            started = time.perf_counter()
            result = poll_feed(
                session=session,
                feed=feed,
                client=client,
                settings=settings,
                now=NOW,
                max_items=len(pages),
                extract_processes=processes,
            )
            elapsed = time.perf_counter() - started
        engine.dispose()
    return elapsed, result


def bench_throughput(repeat: int) -> None:
    rng = random.Random(7)
    synthetic = [_synthetic_page(n, rng) for n in range(300)]
    corpus = [gzip.decompress(p.read_bytes()) for p in sorted((PAGES_DIR / "html").glob("*.gz"))]
    cores = os.cpu_count() or 1
    print(
        "\n== 3. feed throughput, end to end (fetch -> extract -> store with event extraction), "
        f"SQLite, {cores} cores"
    )
    print("  pages                 extraction processes (0: threads in the polling process)")
    with tempfile.TemporaryDirectory() as tmp:
        for processes in (0, cores):
            _throughput("warm-up", synthetic[:5], Path(tmp), processes=processes)  # imports, pools
            for label, pages in (
                ("synthetic news pages", synthetic),
                ("trafilatura corpus pages", corpus),
            ):
                _throughput(label, pages, Path(tmp), processes=processes, repeat=repeat)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("feeds", "pages", "throughput", "all"), default="all")
    parser.add_argument("--repeat", type=int, default=3, help="throughput: best of N runs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    if args.part in ("feeds", "all"):
        bench_feeds()
    if args.part in ("pages", "all"):
        bench_pages()
    if args.part in ("throughput", "all"):
        bench_throughput(args.repeat)


if __name__ == "__main__":
    main()
