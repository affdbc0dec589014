"""CLI commands: feeds (add, list, remove, poll), stored documents, and dataset imports.

Thin: each command opens one session per unit of work and calls the domain function that the
Slack command and the scheduler call too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlmodel import Session

from bot.cli.context import cli_context
from bot.db import session_scope
from bot.ingest.datasets import ImportReport, import_acled, import_ucdp
from bot.ingest.documents import get_document, list_documents
from bot.ingest.feeds import (
    FeedView,
    PollReport,
    add_feed,
    feed_view,
    list_feeds,
    parse_interval,
    poll_due_feeds,
    remove_feed,
)
from bot.ingest.fetch import build_http_client

feed_app = typer.Typer(help="Follow RSS, Atom and JSON feeds.", no_args_is_help=True)
import_app = typer.Typer(
    help="Backfill events from UCDP GED or ACLED CSV files.", no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(feed_app, name="feed")
    app.add_typer(import_app, name="import")
    app.command("documents")(documents)
    app.command("document")(document)


def _console() -> Console:
    return Console(soft_wrap=True)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


# -- feeds --------------------------------------------------------------------------------------
@feed_app.command("add")
def feed_add(
    url: Annotated[str, typer.Argument(help="The feed's http(s) URL.")],
    every: Annotated[
        list[str] | None, typer.Argument(help="How often to poll: `every 15m`, `every 2h`.")
    ] = None,
) -> None:
    """Follow a feed (polled at once, then every 15 minutes unless told otherwise)."""
    ctx = cli_context()
    minutes = parse_interval(" ".join(every or []))
    with session_scope(ctx.engine) as session:
        view = feed_view(
            add_feed(
                session=session,
                url=url,
                now=ctx.clock(),
                interval_minutes=minutes,
                settings=ctx.settings,
            )
        )
    typer.echo(f"feed {view.id} added: {view.url} (every {view.interval_minutes} min)")


@feed_app.command("list")
def feed_list(as_json: JsonFlag = False) -> None:
    """Feeds with their last success, last error and item counts."""
    ctx = cli_context()
    with Session(ctx.engine) as session:
        views = list_feeds(session=session)
    if as_json:
        _print_json([_feed_json(v) for v in views])
        return
    if not views:
        typer.echo("no feeds yet: `sitrep feed add URL`")
        return
    _console().print(_feeds_table(views))


def _feed_json(view: FeedView) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    ordered = {
        k: data[k] for k in ("id", "url", "last_success", "last_error", "items_seen", "documents")
    }
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def _feeds_table(views: list[FeedView]) -> Table:
    table = Table("id")
    table.add_column("feed", overflow="fold")  # URLs wrap rather than lose their end
    for header in ("every", "last success", "last error", "items", "docs"):
        table.add_column(header)
    for v in views:
        error = ""
        if v.last_error:
            when = v.last_error_at.strftime("%Y-%m-%d %H:%M") if v.last_error_at else ""
            error = f"[red]{escape(v.last_error[:120])}[/red] {when}"
        if v.last_warning:
            error += f"\n[yellow]{escape(v.last_warning[:120])}[/yellow]"
        table.add_row(
            str(v.id),
            escape(f"{v.title}\n{v.url}" if v.title else v.url),
            f"{v.interval_minutes}m",
            v.last_success.strftime("%Y-%m-%d %H:%M") if v.last_success else "never",
            error,
            str(v.items_seen),
            str(v.documents),
        )
    return table


@feed_app.command("remove")
def feed_remove(
    feed_id: Annotated[int, typer.Argument(help="The id shown by `feed list`.")],
) -> None:
    """Stop following a feed; documents already stored stay."""
    ctx = cli_context()
    with session_scope(ctx.engine) as session:
        feed = remove_feed(session=session, feed_id=feed_id)
    typer.echo(f"feed {feed_id} removed: {feed.url}")


@feed_app.command("poll")
def feed_poll(
    all_feeds: Annotated[
        bool, typer.Option("--all", help="Poll every feed, not only those due.")
    ] = False,
    processes: Annotated[
        int,
        typer.Option(
            help="Worker processes for page extraction (0: threads only). Worth it for big "
            "backlogs on a multi-core machine.",
            min=0,
        ),
    ] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Fetch the feeds that are due now and ingest their new items."""
    ctx = cli_context()
    with build_http_client(ctx.settings) as client:
        report = poll_due_feeds(
            engine=ctx.engine,
            client=client,
            settings=ctx.settings,
            now=ctx.clock(),
            all_feeds=all_feeds,
            extract_processes=processes,
        )
    if as_json:
        _print_json([r.__dict__ for r in report.results])
        return
    _render_poll(_console(), report)


def _render_poll(console: Console, report: PollReport) -> None:
    if not report.results:
        console.print("no feed is due (use --all to poll every feed now)")
        return
    table = Table("feed", "new", "page", "summary", "retry", "failed", "result")
    for r in report.results:
        if not r.ok:
            outcome = f"[red]{escape(r.error or 'failed')}[/red]"
        elif r.not_modified:
            outcome = "not modified"
        else:
            outcome = "ok"
        if r.warnings:
            outcome += "\n[yellow]" + escape("; ".join(r.warnings)) + "[/yellow]"
        table.add_row(
            f"{r.feed_id} {escape(r.url)}",
            str(r.new_items),
            str(r.from_page),
            str(r.from_summary),
            str(r.pending),
            str(r.failed),
            outcome,
        )
    console.print(table)
    console.print(
        f"{len(report.results)} feeds polled, {len(report.failed_feeds)} failed, "
        f"{report.documents} documents stored"
    )


# -- documents ----------------------------------------------------------------------------------
def documents(
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    source: Annotated[
        str | None,
        typer.Option(help="Only this text source (feed_page, feed_summary, dataset...)."),
    ] = None,
) -> None:
    """Stored documents, newest first."""
    ctx = cli_context()
    with Session(ctx.engine) as session:
        rows = list_documents(session=session, limit=limit, text_source=source)
    if as_json:
        _print_json([row.model_dump(mode="json") for row in rows])
        return
    table = Table("id", "title", "publisher", "published", "lang", "source", "chars")
    table.add_column("url", overflow="fold")
    for row in rows:
        table.add_row(
            str(row.id),
            escape((row.title or "")[:80]),
            escape(row.publisher or ""),
            row.published_at.strftime("%Y-%m-%d") if row.published_at else "",
            row.language or "?",
            row.text_source,
            str(row.text_length),
            escape(row.url or ""),
        )
    _console().print(table)


def document(
    document_id: Annotated[int, typer.Argument(help="The id shown by `sitrep documents`.")],
    as_json: JsonFlag = False,
) -> None:
    """One stored document with its text."""
    ctx = cli_context()
    with Session(ctx.engine) as session:
        found = get_document(session=session, document_id=document_id)
    if as_json:
        _print_json(found.model_dump(mode="json"))
        return
    console = _console()
    console.print(f"[bold]{escape(found.title or '(no title)')}[/bold]")
    details = [found.publisher, found.url, found.published_at and found.published_at.isoformat()]
    console.print(escape(" · ".join(str(d) for d in details if d)))
    console.print(
        f"language {found.language or '?'} · source {found.text_source} · "
        f"{found.text_length} characters"
        + (f" · note: {escape(found.extraction_note)}" if found.extraction_note else "")
    )
    console.print()
    console.print(escape(found.text))


# -- dataset imports ----------------------------------------------------------------------------
FileArgument = Annotated[
    Path, typer.Argument(help="The CSV file.", exists=True, dir_okay=False, readable=True)
]


@import_app.command("ucdp")
def import_ucdp_command(path: FileArgument) -> None:
    """Import a UCDP GED CSV: events, and deaths (best, low-high) as claims by UCDP."""
    _run_import("UCDP", path, import_ucdp)


@import_app.command("acled")
def import_acled_command(path: FileArgument) -> None:
    """Import an ACLED CSV (current or old layout): events, and fatalities as claims by ACLED."""
    _run_import("ACLED", path, import_acled)


def _run_import(name: str, path: Path, importer: Callable[..., ImportReport]) -> None:
    ctx = cli_context()
    console = _console()
    with _progress_bar(console, f"importing {name}") as advance:
        report = importer(path, engine=ctx.engine, now=ctx.clock(), progress=advance)
    console.print(
        f"{name}: {report.rows} rows · {report.imported} imported · {report.unchanged} already there"
        f" · {report.events_created} new events · {report.events_joined} joined known events"
        f" · {report.claims} claims · {len(report.skipped)} skipped"
    )
    for line, reason in report.skipped[:20]:
        console.print(f"  line {line}: {escape(reason)}", style="yellow")
    if len(report.skipped) > 20:
        console.print(f"  ... and {len(report.skipped) - 20} more", style="yellow")


@contextmanager
def _progress_bar(console: Console, label: str) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
