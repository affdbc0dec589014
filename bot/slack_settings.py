"""Start-up checks for the Slack secrets: fail early, name the variable, never print the value."""

from __future__ import annotations

import re

from pydantic import SecretStr

from bot.config import Settings
from bot.errors import ConfigError

# Values people leave in a .env copied from an example; matched case-insensitively.
_PLACEHOLDERS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "todo",
        "tbd",
        "none",
        "null",
        "secret",
        "placeholder",
        "token",
        "xxx",
        "...",
        "…",
        "xoxb-",
        "xapp-",
        "xoxb",
        "xapp",
    }
)
_PLACEHOLDER_PATTERN = re.compile(
    r"your[-_ ]|<[^>]*>|\.\.\.|…|^x+$|^(xoxb|xapp)-[x.\-]*$|replace[-_ ]?me|example", re.IGNORECASE
)

_HOW_TO_GET = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your app's Basic Information page",
    "SLACK_APP_TOKEN": (
        "an app-level token (xapp-…) with the connections:write scope, from Basic Information "
        "> App-Level Tokens (or run `sitrep serve --http` instead of Socket Mode)"
    ),
}
_PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}


def is_placeholder(value: str) -> bool:
    stripped = value.strip()
    return (
        not stripped
        or stripped.lower() in _PLACEHOLDERS
        or bool(_PLACEHOLDER_PATTERN.search(stripped))
    )


def require_secret(secret: SecretStr | None, variable: str) -> str:
    """The secret's value, or a ConfigError that names `variable` (and never shows the value)."""
    value = secret.get_secret_value() if secret is not None else ""
    where = _HOW_TO_GET.get(variable, "its value")
    if not value.strip():
        raise ConfigError(f"{variable} is not set: put {where} in the environment or .env.")
    if is_placeholder(value):
        raise ConfigError(
            f"{variable} looks like a placeholder, not a real value: put {where} in the "
            "environment or .env."
        )
    prefix = _PREFIXES.get(variable)
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{variable} should start with {prefix!r}: put {where} there.")
    return value


def check_slack_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Everything `sitrep serve` needs, checked before any connection is made."""
    require_secret(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    if socket_mode:
        require_secret(settings.slack_app_token, "SLACK_APP_TOKEN")
    else:
        require_secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
