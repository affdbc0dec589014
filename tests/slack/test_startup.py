"""Start-up: missing or placeholder secrets fail early, naming the variable, never the value."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.cli.serve import check_mode
from bot.config import Settings
from bot.errors import ConfigError
from bot.log_redaction import RedactSecrets
from bot.slack_settings import is_placeholder

REAL_LOOKING = {
    "SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdefABCDEF",
    "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
    "SLACK_APP_TOKEN": "xapp-1-A0-123-abcdef",
}


def settings(**values: str) -> Settings:
    env = {**REAL_LOOKING, **values}
    return Settings(_env_file=None, **{k: v for k, v in env.items() if v is not None})  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "xoxb-your-token",
        "changeme",
        "…",
        "...",
        "xoxb-xxxx",
        "<your bot token>",
        "YOUR_TOKEN_HERE",
    ],
)
def test_placeholder_bot_token_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN") as raised:
        check_mode(settings(SLACK_BOT_TOKEN=value), http=True)
    if len(value.strip()) > 3:  # the value itself is never echoed
        assert value.strip() not in str(raised.value)


def test_bot_token_must_be_a_bot_token() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN should start with 'xoxb-'"):
        check_mode(settings(SLACK_BOT_TOKEN="xoxp-1234-5678-abcdef"), http=True)


def test_http_mode_needs_the_signing_secret() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        check_mode(settings(SLACK_SIGNING_SECRET=""), http=True)
    check_mode(settings(SLACK_APP_TOKEN=""), http=True)  # no app token needed over HTTP


def test_socket_mode_needs_an_app_token_not_the_signing_secret() -> None:
    bare = Settings(_env_file=None, SLACK_BOT_TOKEN=REAL_LOOKING["SLACK_BOT_TOKEN"])  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN is not set.*--http"):
        check_mode(bare, http=False)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN should start with 'xapp-'"):
        check_mode(settings(SLACK_APP_TOKEN="xoxb-1234-5678-abcdef"), http=False)
    check_mode(settings(SLACK_SIGNING_SECRET=""), http=False)


def test_real_looking_values_are_not_placeholders() -> None:
    assert not any(is_placeholder(v) for v in REAL_LOOKING.values())


def test_sitrep_serve_reports_the_missing_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-your-token")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    from bot.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve", "--http"])
    finally:
        get_settings.cache_clear()
    assert isinstance(result.exception, ConfigError)
    assert "SLACK_BOT_TOKEN looks like a placeholder" in str(result.exception)
    assert not (tmp_path / "x.db").exists()  # failed before touching the database


def test_redaction_blanks_tokens_and_known_secrets(caplog: pytest.LogCaptureFixture) -> None:
    redaction = RedactSecrets([REAL_LOOKING["SLACK_SIGNING_SECRET"]])
    logger = logging.getLogger("tests.redaction")
    caplog.handler.addFilter(redaction)
    try:
        with caplog.at_level(logging.INFO):
            logger.info("token %s secret %s", "xoxb-9-9-abc", REAL_LOOKING["SLACK_SIGNING_SECRET"])
            try:
                raise ValueError("bad token xapp-1-A0-zzz")
            except ValueError:
                logger.exception("failed")
    finally:
        caplog.handler.removeFilter(redaction)
    assert "xoxb-9-9-abc" not in caplog.text
    assert REAL_LOOKING["SLACK_SIGNING_SECRET"] not in caplog.text
    assert "xapp-1-A0-zzz" not in caplog.text
    assert "xoxb-[redacted]" in caplog.text


def test_a_token_slack_refuses_is_a_config_error(db_url: str, engine: object) -> None:
    from bot.app import create_app
    from tests.fakes.slack_api import FakeSlack
    from tests.slack.harness import make_settings

    with FakeSlack() as fake:
        fake.fail("auth.test", "invalid_auth")
        with pytest.raises(
            ConfigError, match=r"SLACK_BOT_TOKEN was refused by Slack.s auth.test \(invalid_auth\)"
        ) as raised:
            create_app(make_settings(database_url=db_url, fake=fake), engine)  # type: ignore[arg-type]
    assert "xoxb-" not in str(raised.value)
