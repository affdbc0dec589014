"""Rich rendering of answers, events and ingest results for the terminal (pure: console in)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.answer.describe import describe_row_date
from bot.extract.numbers import APPROXIMATE, LOWER_BOUND, RANGE_OPENERS, UPPER_BOUND
from bot.views import Answer, ClaimView, EventView, FigureRange, TotalsView

# Qualifiers that read naturally before the figure ("at least 84"); others are vague words.
PREFIX_QUALIFIERS = frozenset(LOWER_BOUND + APPROXIMATE + UPPER_BOUND)

CLAIM_KIND_LABELS = {
    "adversary_claim": "adversary claim",
    "own_side_admission": "own-side admission",
    "third_party_report": "third-party report",
    "dataset": "dataset",
}


def format_figure(claim: ClaimView) -> str:
    """A claim's figure as said: "84", "40–47", "at least 84", "dozens (≥12)", or the phrase
    when there is no figure ("heavy losses"). A vague word is shown with the figure it was
    coded as, never as a bare number."""
    low, high = claim.low, claim.high
    if low is None and high is None:
        return claim.qualifier or "no figure"
    if low is not None and high is not None and low != high:
        figure = f"{low}–{high}"
    else:
        figure = str(low if low is not None else high)
    qualifier = claim.qualifier
    if not qualifier or qualifier in RANGE_OPENERS:
        return figure
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier} {figure}"
    if high is None:
        return f"{qualifier} (≥{figure})"
    return f"{qualifier} ({figure})"


def format_range(r: FigureRange) -> str:
    figures = f"{r.low}" if r.low == r.high else f"{r.low}–{r.high}"
    who = ", ".join(r.claimants)
    many = f"{r.claim_count} claims" if r.claim_count > 1 else "1 claim"
    return f"{r.victim} {r.outcome}: {figures} claimed ({many}: {who})"


def format_when(view: EventView) -> str:
    start, end = view.date_start, view.date_end
    if start is None or end is None:
        return "date unknown"
    if start == end:
        return start.isoformat()
    label = _period_label(start, end, view.date_precision)
    span = f"{start.isoformat()} – {end.isoformat()}"
    return f"{label} ({span})" if label else span


def format_where(view: EventView) -> str:
    parts: list[str] = []
    if view.place:
        parts.append(view.place)
    if view.admin1 and view.admin1 != view.place:
        parts.append(view.admin1 if view.place else f"{view.admin1} region")
    parts.append(view.country or view.country_code or "country unknown")
    return ", ".join(parts)


def claim_line(claim: ClaimView) -> str:
    parts = [
        claim.claimant,
        format_figure(claim),
        claim.victim,
        claim.outcome,
        CLAIM_KIND_LABELS.get(claim.claim_kind, claim.claim_kind),
    ]
    line = " · ".join(parts)
    if claim.stance != "asserted":
        line += f" ({claim.stance})"
    if claim.claimed_on:
        line += f" · said {claim.claimed_on.isoformat()}"
    return line


def render_event(console: Console, view: EventView, *, focus: str = "all") -> None:
    """One event: header, claims with their sentences, competing ranges, summary, sources."""
    console.print(
        f"[bold]#{view.id} {escape(view.title)}[/bold]\n"
        f"  {escape(format_where(view))} · {format_when(view)} · {view.event_type.replace('_', ' ')}"
    )
    if focus != "sources":
        if view.claims:
            console.print("  [underline]Claims[/underline]")
        for claim in view.claims:
            console.print(f"  • {escape(claim_line(claim))}")
            console.print(f'    [dim]"{escape(claim.sentence)}"[/dim]')
            if focus == "claims" and claim.source_title:
                console.print(f"    [dim]— {escape(_source_label(claim))}[/dim]")
        if view.ranges:
            console.print("  [underline]Competing figures[/underline] (claims, not verified tolls)")
            for r in view.ranges:
                console.print(f"  • {escape(format_range(r))}")
        if view.summary and focus == "all":
            console.print(f"  [underline]Summary[/underline] {escape(view.summary)}")
    outlets = f"{view.outlets} source{'s' if view.outlets != 1 else ''}"
    if view.independent_outlets != view.outlets:
        outlets += f", {view.independent_outlets} independent"
    console.print(f"  [underline]Sources[/underline] ({outlets})")
    for source in view.sources:
        fields = [
            source.title or "(untitled)",
            source.publisher or "publisher unknown",
            source.published_at.date().isoformat() if source.published_at else "date unknown",
        ]
        if source.url:
            fields.append(source.url)
        console.print(f"  • {escape(' · '.join(fields))}")


def render_answer(console: Console, answer: Answer) -> None:
    if answer.kind == "none":
        console.print(escape(answer.message or "No stored event matches."))
        if answer.suggestion:
            console.print(f"Try: [bold]{escape(answer.suggestion)}[/bold]")
        return
    count = len(answer.events)
    console.print(
        f"[bold]{escape(answer.question)}[/bold] — {count} event{'s' if count != 1 else ''}"
    )
    if answer.totals is not None:
        render_totals(console, answer.totals)
    if answer.message:
        console.print(escape(answer.message))
    focus = {"claims": "claims", "sources": "sources"}.get(answer.kind, "all")
    for view in answer.events:
        console.print()
        render_event(console, view, focus=focus)


def render_totals(console: Console, totals: TotalsView) -> None:
    table = Table(title=None, show_lines=False)
    for column in ("Event", "Date", "Range", "Claims"):
        table.add_column(column)
    for row in totals.rows:
        figures = f"{row.low}" if row.low == row.high else f"{row.low}–{row.high}"
        claims = "; ".join(f"{c.claimant}: {format_figure(c)} {c.victim}" for c in row.claims)
        table.add_row(
            f"#{row.event_id} {escape(row.event_title)}",
            describe_row_date(row.date_start, row.date_end, row.date_precision),
            figures,
            escape(claims),
        )
    console.print(table)
    total = f"{totals.low}" if totals.low == totals.high else f"{totals.low}–{totals.high}"
    who = f" {totals.victim}" if totals.victim else ""
    console.print(
        f"[bold]Total{escape(who)} {totals.outcome}: {total}[/bold] over {len(totals.rows)} "
        "event(s) — each event counts once, as the range of its competing claims."
    )


def render_events_table(console: Console, views: Sequence[EventView]) -> None:
    table = Table()
    for column in ("ID", "Date", "Where", "Title", "Claims", "Sources"):
        table.add_column(column)
    for view in views:
        table.add_row(
            str(view.id),
            describe_row_date(view.date_start, view.date_end, view.date_precision),
            escape(format_where(view)),
            escape(view.title),
            str(len(view.claims)),
            str(view.outlets),
        )
    console.print(table)


def _source_label(claim: ClaimView) -> str:
    return " · ".join(
        p for p in (claim.source_title, claim.source_publisher, claim.source_url) if p
    )


def _period_label(start: date, end: date, precision: str) -> str | None:
    month = f"{calendar.month_name[start.month]} {start.year}"
    if precision == "month":
        return month
    if precision == "part_of_month" and start.month == end.month:
        part = "early" if end.day <= 10 else "mid" if start.day >= 11 and end.day <= 20 else "late"
        return f"{part} {month}"
    if precision == "year":
        return str(start.year)
    if precision == "reported":  # no date in the text: the days up to when it was reported
        return f"reported by {end.isoformat()}"
    return None
