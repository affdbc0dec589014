"""`sitrep digest subscribe|list|unsubscribe|preview|send --channel C…`: the Slack commands' twins.

They call the same domain functions as `/sitrep digest`; `send` posts through the Slack Web API
(SLACK_BOT_TOKEN, SLACK_API_URL) with the same exactly-once record as scheduled digests.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import typer

from bot.cli.context import cli_context
from bot.db import session_scope
from bot.digest.content import DigestContent, claim_figure
from bot.digest.runner import preview_digest
from bot.digest.subscriptions import (
    channel_subscription,
    list_subscriptions,
    parse_subscribe_args,
    subscribe,
    subscription_view,
    unsubscribe,
)
from bot.errors import SitrepError

digest_app = typer.Typer(help="Scheduled digests: subscribe channels, preview and send.")

CHANNEL = typer.Option(..., "--channel", "-c", help="Slack channel id, e.g. C0123456789")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(digest_app, name="digest")


@digest_app.command("subscribe")
def subscribe_command(
    words: list[str] = typer.Argument(
        None, help="[daily HH:MM | weekly DAY HH:MM] [zone] [filters], e.g. daily 08:00 Mali Wagner"
    ),
    channel: str = CHANNEL,
    tz: str | None = typer.Option(None, "--tz", help="IANA time zone (default: UTC)"),
    team: str | None = typer.Option(None, "--team", help="Slack team id"),
) -> None:
    """Subscribe a channel to a daily or weekly digest."""
    context = cli_context()
    request = parse_subscribe_args(" ".join(words or []))
    now = context.clock()
    with session_scope(context.engine) as session:
        result = subscribe(
            session,
            channel_id=channel,
            team_id=team,
            created_by="cli",
            request=request,
            tz=request.tz or tz or "UTC",
            now=now,
        )
        view = subscription_view(session, result.subscription, now=now)
    verb = "subscribed" if result.created else "already subscribed"
    typer.echo(f"#{view.id} {verb}: {view.schedule} · {view.filters}")
    for resumed in result.resumed:
        if resumed.id != view.id:
            typer.echo(f"#{resumed.id} resumed")


@digest_app.command("list")
def list_command(
    channel: str | None = typer.Option(None, "--channel", "-c", help="only this channel"),
) -> None:
    """List subscriptions, with pause reasons and the latest failure."""
    context = cli_context()
    with session_scope(context.engine) as session:
        views = list_subscriptions(
            session, channel_ids=[channel] if channel else None, now=context.clock()
        )
    if not views:
        typer.echo("no digest subscriptions")
    for view in views:
        line = f"#{view.id} {view.channel_id} {view.schedule} · {view.filters} · {view.status}"
        if view.paused_reason:
            line += f" ({view.paused_reason})"
        elif view.next_digest_at:
            line += f" · next {view.next_digest_at:%Y-%m-%d %H:%M} UTC"
        if view.last_problem:
            line += f" · {view.last_problem}"
        typer.echo(line)


@digest_app.command("unsubscribe")
def unsubscribe_command(
    subscription_id: int = typer.Argument(..., help="the id shown by `sitrep digest list`"),
    channel: str | None = typer.Option(None, "--channel", "-c"),
) -> None:
    """Delete a subscription and its history."""
    context = cli_context()
    with session_scope(context.engine) as session:
        unsubscribe(session, subscription_id=subscription_id, channel_id=channel)
    typer.echo(f"#{subscription_id} unsubscribed")


@digest_app.command("preview")
def preview_command(
    channel: str = CHANNEL,
    subscription_id: int | None = typer.Option(None, "--id", help="which digest of the channel"),
) -> None:
    """Print what the channel's digest would show now (records nothing)."""
    context = cli_context()
    with session_scope(context.engine) as session:
        subscription = channel_subscription(
            session, channel_id=channel, subscription_id=subscription_id
        )
        content = preview_digest(session, subscription=subscription, now=context.clock())
    typer.echo(digest_text(content))


@digest_app.command("send")
def send_command(
    channel: str = CHANNEL,
    subscription_id: int | None = typer.Option(None, "--id", help="which digest of the channel"),
) -> None:
    """Post the channel's digest now (counts as a digest: its events are not repeated)."""
    from bot.scheduler import build_digest_runner
    from bot.slack_client import create_web_client

    context = cli_context()
    with session_scope(context.engine) as session:
        subscription = channel_subscription(
            session, channel_id=channel, subscription_id=subscription_id
        )
    assert subscription.id is not None
    runner = build_digest_runner(
        engine=context.engine,
        settings=context.settings,
        web_client=create_web_client(context.settings),
        clock=context.clock,
    )
    report = runner.send_now(subscription.id)
    if report.posted:
        typer.echo(f"#{subscription.id} posted")
    elif report.skipped:
        typer.echo(f"#{subscription.id}: nothing new, nothing posted")
    else:
        with session_scope(context.engine) as session:
            view = subscription_view(session, subscription, now=context.clock())
        problem = view.paused_reason or view.last_problem or "unknown error"
        raise SitrepError(f"digest #{subscription.id} was not posted: {problem}")


def digest_text(content: DigestContent) -> str:
    """A plain-text digest for the terminal."""
    tz = ZoneInfo(content.tz)
    lines = [
        f"Digest — {content.filters.describe()} ({content.schedule})",
        f"{_local(content.window_start, tz)} – {_local(content.window_end, tz)}: "
        f"{content.new_count} new, {content.update_count} updated",
    ]
    counts = ", ".join(f"{name} {n}" for name, n in content.country_counts())
    if counts:
        lines.append(counts)
    if not content.items:
        lines.append("Nothing new.")
    for item in content.items:
        event = item.event
        marker = "UPDATE " if item.is_update else ""
        where = ", ".join(x for x in (event.place, event.country) if x)
        lines.append("")
        lines.append(f"{marker}#{event.id} {event.title} — {where}")
        if item.changes:
            lines.append("  what changed: " + "; ".join(item.changes))
        for claim in event.claims:
            lines.append(f"  {claim.claimant}: {claim_figure(claim)}")
        for source in event.sources:
            lines.append(f"  source: {source.publisher or source.title or ''} {source.url or ''}")
    if content.omitted:
        lines.append(f"\n…and {content.omitted} more")
    return "\n".join(lines)


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"
