"""The Slack app: create_app(settings, engine) -> a Bolt App with sitrep's listeners.

Bolt's sync App with process_before_response=False: every listener acks within milliseconds and
hands the slow part (a task, handlers/tasks.py) to the answer worker processes
(SITREP_ANSWER_WORKERS, handlers/worker.py), so that answering never holds the GIL the acks
need; with 0 of them, to a thread pool in this process (tests). The same App serves HTTP
(bot/slack_server.py) and Socket Mode.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import httpx
from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from sqlalchemy.engine import Engine

import handlers
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.errors import ConfigError
from bot.slack_client import create_web_client, retry_handlers
from bot.slack_settings import require_secret
from handlers.blocks.errors import apology_message
from handlers.deps import CONTEXT_KEY, SitrepDeps
from handlers.jobs import new_error_id
from handlers.replies import ResponseUrlReplies, ThreadReplies, slack_error_code
from handlers.work import DEFAULT_WORKERS, BackgroundWork
from handlers.worker import answer_processes

logger = logging.getLogger(__name__)


class _SkipTokenUnusedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself, then warns that the client we pass wins. It always
    does (the client carries the same token), so the warning is noise at every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_SkipTokenUnusedWarning())


class SitrepApp(App):
    """A Bolt App that also holds sitrep's dependencies (worker pool, engine, clients)."""

    deps: SitrepDeps

    def close(self) -> None:
        """Finish queued work and release clients (graceful shutdown, tests)."""
        self.deps.close()


def create_app(
    settings: Settings,
    engine: Engine,
    clock: Clock = system_clock,
    web_client: WebClient | None = None,
    *,
    socket_mode: bool = False,
    workers: int = DEFAULT_WORKERS,
    answer_workers: int | None = None,
    http_client: httpx.Client | None = None,
    slack_retry_handlers: list[RetryHandler] | None = None,
) -> SitrepApp:
    """Build the app; raises ConfigError (naming the variable) for missing or placeholder secrets.

    `answer_workers` (default: settings.answer_workers) > 0 runs tasks in that many worker
    processes, `workers` at once in all, which build their own engine, Web API client and clock
    from `settings`: `clock`, `web_client` and `http_client` then serve the acks only. With 0,
    tasks run on `workers` threads of this process.
    """
    require_secret(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    signing_secret = (
        "" if socket_mode else require_secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
    )
    policy = slack_retry_handlers if slack_retry_handlers is not None else retry_handlers()
    client = web_client or create_web_client(settings, handlers=policy)
    processes = settings.answer_workers if answer_workers is None else answer_workers
    threads = max(1, -(-workers // max(processes, 1)))  # `workers` answers at once in all
    work = BackgroundWork(
        workers,
        processes=(
            (lambda: answer_processes(settings, processes, threads=threads))
            if processes > 0
            else None
        ),
    )
    deps = SitrepDeps(
        settings=settings,
        engine=engine,
        clock=clock,
        client=client,
        work=work,
        retry_handlers=policy,
        http_client=http_client,
    )
    try:  # Bolt checks the token with auth.test here
        app = SitrepApp(
            name="sitrep",
            client=client,
            signing_secret=signing_secret,
            process_before_response=False,
            request_verification_enabled=not socket_mode,
            listener_executor=work.listener_executor,
        )
    except BoltError as error:
        work.shutdown(wait=False)
        cause = error.__context__
        code = slack_error_code(cause) if isinstance(cause, SlackApiError) else str(error)
        raise ConfigError(
            f"SLACK_BOT_TOKEN was refused by Slack's auth.test ({code}): copy the Bot "
            "User OAuth Token again from your app's OAuth & Permissions page."
        ) from None
    if processes > 0:
        work.start_processes()
        sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    app.deps = deps
    app.use(_attach_deps(deps))
    app.error(_error_handler(deps))
    handlers.register(app)
    return app


# With answers in worker processes, this process runs only short bursts of Python per request:
# a GIL switch interval of 1 ms instead of 5 lets a request's thread take the GIL sooner (ack
# p99 under 20 senders flat out: ~60 -> ~45 ms). With answers on threads here, it would only
# make them thrash.
ACK_SWITCH_INTERVAL = 0.001

# Payloads acknowledged by the middleware itself, before any listener runs.
EARLY_ACK_TYPES = frozenset({"block_actions", "message_action", "shortcut"})


def _attach_deps(deps: SitrepDeps) -> Callable[..., BoltResponse | None]:
    """Global middleware: put the dependencies in the context; ack at once; note retries.

    Slash commands, buttons and shortcuts are acknowledged here, in the request's own thread:
    with process_before_response=False Bolt otherwise runs the listener on another thread and
    polls every 10 ms for its ack(), which under load costs tens of milliseconds. None of our
    acks carry a body, so the listeners' own ack() calls only repeat this one.
    """

    def middleware(
        context: BoltContext,
        body: dict[str, Any],
        request: Any,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse | None:
        context[CONTEXT_KEY] = deps
        if body.get("command") or body.get("type") in EARLY_ACK_TYPES:
            context.ack()
        retry = request.headers.get("x-slack-retry-num")
        if retry:
            reason = request.headers.get("x-slack-retry-reason", ["?"])
            logger.info("Slack retry #%s (%s)", retry[0], reason[0])
        return next()

    return middleware


def _error_handler(deps: SitrepDeps) -> Callable[..., None]:
    """Errors raised inside a listener itself (after its ack): log with an id, apologise."""

    def handle(error: Exception, body: dict[str, Any]) -> None:
        error_id = new_error_id()
        logger.error("error_id=%s: unexpected error in a Slack listener", error_id, exc_info=error)
        user_id, channel_id = _who_and_where(body)
        if not user_id or not channel_id:
            return
        response_url = body.get("response_url")
        replies = (
            ResponseUrlReplies(deps, user_id, channel_id, response_url)
            if response_url
            else ThreadReplies(deps, user_id, channel_id, thread_ts=None)
        )

        def apologise() -> None:
            try:
                replies.private([apology_message(error_id)])
            except Exception:
                logger.exception("error_id=%s: could not send the apology", error_id)

        deps.work.submit(apologise)

    return handle


def _who_and_where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    event = body.get("event") or {}
    user = body.get("user_id") or (body.get("user") or {}).get("id") or event.get("user")
    channel = (
        body.get("channel_id") or (body.get("channel") or {}).get("id") or event.get("channel")
    )
    return user, channel
