"""`/sitrep digest …` through the subcommand registry, and `sitrep digest …` on the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

import handlers.commands.digest  # noqa: F401  (registers the subcommand)
from bot.cli import digest as cli_digest
from bot.cli.context import CliContext
from bot.cli.main import app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import UsageError
from handlers.commands.registry import CommandContext, CommandReply, get_subcommand
from tests.digest.factories import ClaimSpec, add_event
from tests.fakes.slack_api import FakeSlack

NOW = datetime(2024, 8, 1, 5, 0, tzinfo=UTC)


def run(engine: Engine, db_url: str, slack: FakeSlack, args: str) -> CommandReply:
    digest = get_subcommand("digest")
    assert digest is not None
    context = CommandContext(
        args=args,
        user_id="U123",
        channel_id="C1",
        team_id="T1",
        response_url=None,
        engine=engine,
        settings=Settings(database_url=db_url, slack_api_url=slack.base_url),
        client=WebClient(token="xoxb-test", base_url=slack.base_url),
        clock=FrozenClock(NOW),
    )
    return digest.handler(context)


def seed(engine: Engine) -> None:
    with Session(engine) as session:
        add_event(
            session,
            title="Clashes near Tinzaouaten",
            updated_at=NOW - timedelta(hours=2),
            claims=[ClaimSpec("CSP", "Wagner Group", 84)],
            actors=["Wagner Group"],
        )


def test_slash_digest_subscribe_list_preview_send_unsubscribe(
    engine: Engine, db_url: str, slack: FakeSlack
) -> None:
    seed(engine)
    reply = run(engine, db_url, slack, "subscribe daily 08:00 Mali Burkina Wagner")
    assert reply.in_channel
    assert reply.text == (
        "Subscribed: digest #1, daily 08:00 Europe/Paris, for Mali, Burkina Faso · Wagner Group."
    )
    assert slack.calls_to("users.info")[0].params["user"] == "U123"  # the user's Slack zone

    listed = run(engine, db_url, slack, "list")
    assert "#1* daily 08:00 Europe/Paris · Mali, Burkina Faso · Wagner Group" in str(listed.blocks)

    preview = run(engine, db_url, slack, "preview")
    assert not preview.in_channel and "Clashes near Tinzaouaten" in str(preview.blocks)
    assert slack.calls_to("chat.postMessage") == []

    sent = run(engine, db_url, slack, "send")
    assert sent.text == "Digest #1 posted."
    (post,) = [c for c in slack.calls_to("chat.postMessage") if not c.params.get("thread_ts")]
    assert post.params["channel"] == "C1"
    assert "Nothing new" in str(run(engine, db_url, slack, "preview").blocks)

    assert "No digest subscription #9" in run(engine, db_url, slack, "unsubscribe 9").text
    assert run(engine, db_url, slack, "unsubscribe #1").text == "Digest #1 unsubscribed."
    assert "No digest subscriptions here" in run(engine, db_url, slack, "list").text


def test_slash_digest_explicit_zone_and_bad_input(
    engine: Engine, db_url: str, slack: FakeSlack
) -> None:
    reply = run(engine, db_url, slack, "subscribe weekly friday 17:00 Africa/Khartoum Sudan")
    assert "weekly Friday 17:00 Africa/Khartoum" in reply.text
    assert slack.calls_to("users.info") == []
    with pytest.raises(UsageError):
        run(engine, db_url, slack, "subscribe weekly 08:00 Mali")
    with pytest.raises(UsageError):
        run(engine, db_url, slack, "frobnicate")


def test_cli_digest_commands(
    engine: Engine, db_url: str, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(engine)
    settings = Settings(
        database_url=db_url, slack_api_url=slack.base_url, slack_bot_token=SecretStr("xoxb-test")
    )
    context = CliContext(settings=settings, engine=engine, clock=FrozenClock(NOW))
    monkeypatch.setattr(cli_digest, "cli_context", lambda: context)
    cli = CliRunner()

    result = cli.invoke(
        app,
        [
            "digest",
            "subscribe",
            "--channel",
            "C9",
            "--tz",
            "Africa/Bamako",
            "daily",
            "07:00",
            "Mali",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "#1 subscribed: daily 07:00 Africa/Bamako · Mali"

    result = cli.invoke(app, ["digest", "list"])
    assert (
        "#1 C9 daily 07:00 Africa/Bamako · Mali · active · next 2024-08-01 07:00 UTC"
        in result.output
    )

    result = cli.invoke(app, ["digest", "preview", "--channel", "C9"])
    assert (
        "Clashes near Tinzaouaten" in result.output
        and "CSP: 84 Wagner Group killed" in result.output
    )

    result = cli.invoke(app, ["digest", "send", "--channel", "C9"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "#1 posted"
    assert next(c.params["channel"] for c in slack.calls_to("chat.postMessage")) == "C9"

    result = cli.invoke(app, ["digest", "unsubscribe", "1"])
    assert result.output.strip() == "#1 unsubscribed"
