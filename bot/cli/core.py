"""Core commands: ingest, ask, events, event, export, demo.

Thin: each command reads its options, opens one session per unit of work, calls the domain
function the Slack handlers call too, and renders the result.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.engine import Engine

from bot.answer import answer_question, recent_events
from bot.cli.context import CliContext, cli_context
from bot.cli.core_render import render_answer, render_event, render_events_table
from bot.clock import Clock, system_clock
from bot.config import Settings, get_settings
from bot.db import create_db_engine, migrate, session_scope
from bot.errors import IngestError, SitrepError, UsageError
from bot.ingest.pipeline import IngestResult, ingest_text
from bot.ingest.reader import (
    JSONL_SUFFIXES,
    RawDocument,
    ReadFailure,
    find_document_files,
    read_documents,
    read_stream,
)
from bot.ingest.urls import is_http_url
from bot.store.export import export_events
from bot.store.views import get_event_view
from bot.views import QueryFilters

logger = logging.getLogger(__name__)

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
DEMO_QUESTIONS = (
    "latest Wagner losses in Mali",
    "what happened in Tinzaouaten?",
    "how many Malian soldiers were killed in July 2024?",
    "what's new in Sudan",
    "who claims what about El Fasher?",
)
# Beyond this many documents the per-document table gives way to the totals line.
MAX_SUMMARY_ROWS = 40


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("ingest")(ingest)
    app.command("ask")(ask)
    app.command("events")(events)
    app.command("event")(event)
    app.command("export")(export)
    app.command("demo")(demo)


# ------------------------------------------------------------------------------------ ingest


@dataclass
class IngestOutcome:
    origin: str
    result: IngestResult | None = None
    error: str | None = None


def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (*.txt, *.md, *.jsonl), JSON Lines, http(s) URLs, or - for stdin."
        ),
    ],
    published: Annotated[
        str | None, typer.Option(help="Publication date (2024-08-01, 'yesterday'...).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The document's URL (single document).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    title: Annotated[str | None, typer.Option(help="Headline (single document).")] = None,
) -> None:
    """Store documents and the events and claims found in them; the same document twice changes nothing."""
    ctx = cli_context()
    console = Console(stderr=False, soft_wrap=True)
    published_at = _published(published, ctx.clock)
    overrides = {"published_at": published_at, "url": url, "publisher": publisher, "title": title}
    outcomes = ingest_sources(
        sources, engine=ctx.engine, settings=ctx.settings, clock=ctx.clock, overrides=overrides
    )
    render_ingest_summary(console, outcomes)
    failed = [o for o in outcomes if o.error is not None]
    if failed and len(outcomes) == 1:
        raise IngestError(failed[0].error or "failed")
    if failed:
        raise IngestError(
            f"{len(failed)} of {len(outcomes)} documents could not be ingested (see above)"
        )


def ingest_sources(
    sources: list[str],
    *,
    engine: Engine,
    settings: Settings,
    clock: Clock,
    overrides: dict[str, Any],
    progress_console: Console | None = None,
) -> list[IngestOutcome]:
    """Ingest every document named by `sources`, one transaction each; bad ones are reported."""
    files: list[Path] = []
    special: list[str] = []
    for source in sources:
        if source == "-" or is_http_url(source):
            special.append(source)
        else:
            files.extend(find_document_files(Path(source)))
    total = len(special) + sum(_count_documents(p) for p in files)
    single = total == 1
    if not single and (overrides.get("url") or overrides.get("title")):
        raise UsageError("--url and --title describe a single document; this would ingest several")

    def documents() -> Iterator[RawDocument | ReadFailure]:
        for source in special:
            try:
                yield _read_special(source, settings=settings)
            except IngestError as error:
                yield ReadFailure(origin=source, message=str(error))
        yield from read_documents(files, max_bytes=settings.max_document_bytes)

    outcomes: list[IngestOutcome] = []
    with _progress(total, progress_console) as advance:
        for item in documents():
            outcomes.append(_ingest_one(item, engine=engine, clock=clock, overrides=overrides))
            advance()
    return outcomes


def _ingest_one(
    item: RawDocument | ReadFailure, *, engine: Engine, clock: Clock, overrides: dict[str, Any]
) -> IngestOutcome:
    if isinstance(item, ReadFailure):
        return IngestOutcome(origin=item.origin, error=item.message)
    try:
        with session_scope(engine) as session:
            result = ingest_text(
                session=session,
                text=item.text,
                now=clock(),
                title=overrides.get("title") or item.title,
                url=overrides.get("url") or item.url,
                publisher=overrides.get("publisher") or item.publisher,
                published_at=overrides.get("published_at") or item.published_at,
                author=item.author,
                language=item.language,
                text_source=item.text_source,
            )
    except SitrepError as error:
        return IngestOutcome(origin=item.origin, error=str(error))
    except Exception as error:  # a bug: logged with its traceback, the batch goes on
        logger.exception("ingesting %s failed", item.origin)
        return IngestOutcome(origin=item.origin, error=f"internal error: {error}")
    return IngestOutcome(origin=item.origin, result=result)


def _read_special(source: str, *, settings: Settings) -> RawDocument:
    if source == "-":
        return read_stream(sys.stdin.buffer, max_bytes=settings.max_document_bytes)
    try:
        from bot.ingest.fetch import build_http_client
        from bot.ingest.web import fetch_article
    except ImportError:
        raise IngestError("URL ingestion is not available yet") from None
    with build_http_client(settings) as client:
        article = fetch_article(source, client=client, settings=settings)
    return RawDocument(
        text=article.text,
        origin=source,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        published_at=article.published_at,
        author=article.author,
        language=article.language,
        text_source=article.text_source,
    )


def _count_documents(path: Path) -> int:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1


class _progress:
    """A progress bar for bulk ingest; nothing for a single document."""

    def __init__(self, total: int, console: Console | None) -> None:
        self.total = total
        self.bar: Progress | None = None
        if total > 1:
            self.bar = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console or Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> Any:
        if self.bar is None:
            return lambda: None
        self.bar.start()
        task = self.bar.add_task("ingest", total=self.total)
        bar = self.bar
        return lambda: bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def render_ingest_summary(console: Console, outcomes: list[IngestOutcome]) -> None:
    created = [o for o in outcomes if o.result and o.result.created]
    duplicates = [o for o in outcomes if o.result and not o.result.created]
    failed = [o for o in outcomes if o.error]
    if len(outcomes) <= MAX_SUMMARY_ROWS:
        table = Table()
        for column in ("Document", "Status", "Events", "Claims", "Notes"):
            table.add_column(column)
        for o in outcomes:
            if o.result is None:
                table.add_row(o.origin, "[red]failed[/red]", "", "", o.error or "")
                continue
            r = o.result
            status = "new" if r.created else "duplicate"
            events = ", ".join(
                f"#{i}{' (new)' if i in r.new_event_ids else ''}" for i in r.event_ids
            )
            table.add_row(
                r.title or o.origin, status, events or "-", str(r.claims_added), "; ".join(r.notes)
            )
        console.print(table)
    for o in failed:
        typer.secho(f"error: {o.error}", fg=typer.colors.RED, err=True)
    events_new = sum(len(o.result.new_event_ids) for o in created if o.result)
    events_joined = sum(
        len(set(o.result.event_ids) - set(o.result.new_event_ids)) for o in created if o.result
    )
    claims = sum(o.result.claims_added for o in created if o.result)
    console.print(
        f"{len(outcomes)} document(s): {len(created)} new, {len(duplicates)} already stored, "
        f"{len(failed)} failed · {events_new} new event(s), {events_joined} joined as another "
        f"source · {claims} claim(s)"
    )


def _published(value: str | None, clock: Clock) -> datetime | None:
    if value is None:
        return None
    from bot.extract.dates import parse_user_date

    day = parse_user_date(value, today=clock().date())
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# ------------------------------------------------------------------------------- ask, events


def ask(
    question: Annotated[
        list[str], typer.Argument(help="The question, e.g. latest Wagner losses in Mali")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=50, help="Events to show at most.")] = 5,
) -> None:
    """Answer a question from the stored events, every figure with its claimant and sentence."""
    ctx = cli_context()
    with session_scope(ctx.engine) as session:
        answer = answer_question(
            session=session, question=" ".join(question), now=ctx.clock(), limit=limit
        )
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    render_answer(Console(soft_wrap=True), answer)


def events(
    country: Annotated[str | None, typer.Option(help="Country name or ISO code.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name or alias.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events ending on or after this date.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the most recent events."""
    ctx = cli_context()
    filters = _event_filters(country=country, actor=actor, since=since, ctx=ctx)
    with session_scope(ctx.engine) as session:
        views = recent_events(session=session, now=ctx.clock(), filters=filters, limit=limit)
    if as_json:
        typer.echo(
            json.dumps([v.model_dump(mode="json") for v in views], ensure_ascii=False, indent=2)
        )
        return
    if not views:
        typer.echo("No stored event matches.")
        return
    render_events_table(Console(soft_wrap=True), views)


def event(
    event_id: Annotated[int, typer.Argument(help="The event's id (from ask or events).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one event with all its claims and sources."""
    ctx = cli_context()
    with session_scope(ctx.engine) as session:
        view = get_event_view(session, event_id)
    if as_json:
        typer.echo(json.dumps(view.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    render_event(Console(soft_wrap=True), view)


def _event_filters(
    *, country: str | None, actor: str | None, since: str | None, ctx: CliContext
) -> QueryFilters:
    filters = QueryFilters()
    if country:
        from bot.extract.places import load_gazetteer

        code = load_gazetteer().country_code_for(country)
        if code is None:
            raise UsageError(f"unknown country {country!r}: give a name or an ISO code (ML, SD...)")
        filters.countries = [code]
    if actor:
        from bot.extract.actors import load_actor_catalog

        found = load_actor_catalog().resolve(actor)
        if found is None:
            raise UsageError(
                f"unknown actor {actor!r}: see bot/data/actors.yaml for names and aliases"
            )
        filters.actors = [found.name]
    if since:
        from bot.extract.dates import parse_user_date

        filters.date_from = parse_user_date(since, today=ctx.clock().date())
    return filters


# ------------------------------------------------------------------------------------ export


def export(
    fmt: Annotated[str, typer.Option("--format", help="csv (one row per claim) or json.")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export every event with its claims and sources."""
    if fmt not in ("csv", "json"):
        raise UsageError(f"--format must be csv or json, not {fmt!r}")
    ctx = cli_context()
    with session_scope(ctx.engine) as session:
        if output is None:
            export_events(session, fmt=fmt, out=sys.stdout)  # type: ignore[arg-type]
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            count = export_events(session, fmt=fmt, out=handle)  # type: ignore[arg-type]
    typer.echo(f"wrote {count} event(s) to {output}", err=True)


# -------------------------------------------------------------------------------------- demo


def demo(
    database_url: Annotated[
        str | None,
        typer.Option(help="Database to use (default: a fresh SQLite file in a temporary folder)."),
    ] = None,
) -> None:
    """Ingest the bundled sample articles and answer example questions (no Slack needed)."""
    console = Console(soft_wrap=True)
    with tempfile.TemporaryDirectory(prefix="sitrep-demo-") as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'demo.db'}"
        engine = create_db_engine(url)
        try:
            migrate(engine)
            started = time.perf_counter()
            outcomes = ingest_sources(
                [str(SAMPLE_DIR)],
                engine=engine,
                settings=get_settings(),
                clock=system_clock,
                overrides={},
                progress_console=Console(stderr=True),
            )
            render_ingest_summary(console, outcomes)
            console.print(
                f"[dim]ingested in {time.perf_counter() - started:.2f} s into {url}[/dim]"
            )
            for question in DEMO_QUESTIONS:
                console.rule(f"sitrep ask {question!r}")
                with session_scope(engine) as session:
                    answer = answer_question(session=session, question=question, now=system_clock())
                render_answer(console, answer)
        finally:
            engine.dispose()
