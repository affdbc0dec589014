"""Background tasks' one error policy: user errors are explained, the rest apologised for.

A SitrepError's message is meant for the user and goes to them privately. Anything else is
logged with a traceback and a short error id, and the user gets the same id in an apology, so
a report from the user leads straight to the log line.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from bot.errors import SitrepError
from handlers.blocks.errors import apology_message, notice_message
from handlers.replies import Replies

logger = logging.getLogger(__name__)


def new_error_id() -> str:
    return secrets.token_hex(4)


def report_failure(replies: Replies, error: Exception, *, what: str) -> None:
    """Tell the user about `error` (privately); log unexpected ones with an error id."""
    if isinstance(error, SitrepError):
        message = notice_message(str(error))
    else:
        error_id = new_error_id()
        logger.exception("error_id=%s: unexpected error while %s", error_id, what)
        message = apology_message(error_id)
    try:
        replies.private([message])
    except Exception:
        logger.exception("could not tell user %s about a failure while %s", replies.user_id, what)


@contextmanager
def reporting_failures(replies: Replies, *, what: str) -> Iterator[None]:
    """Run a task's body under the error policy (`what` names the work in the log)."""
    try:
        yield
    except Exception as error:
        report_failure(replies, error, what=what)
