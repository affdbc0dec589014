"""Secrets never reach a log: a filter on every root handler blanks tokens and known secrets.

slack_sdk already redacts its Authorization header; this also covers a token pasted into a
message, a URL or an exception text, and the signing secret.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from bot.config import Settings

_TOKEN = re.compile(r"\b(xox[abposre]|xapp)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN.sub(lambda m: f"{m.group(1)}-{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install_redaction(secrets: Iterable[str] = ()) -> RedactSecrets:
    """Add the filter to every handler of the root logger (call after logging is configured)."""
    redaction = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redaction)
    return redaction


def configure_service_logging(settings: Settings) -> None:
    """The logging of a long-running sitrep process (`sitrep serve` and its answer workers, which
    are spawned bare): the configured level, timestamps, and the settings' secrets redacted."""
    root = logging.getLogger()
    root.setLevel(settings.log_level.upper())
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    found = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
    install_redaction([s.get_secret_value() for s in found if s is not None])
