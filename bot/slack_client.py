"""The Slack Web API client: one factory, so every call (answers, digests, uploads) goes to
settings.slack_api_base with the same retry policy.

Retries: 429 waits for Retry-After; 500/502/503/504 and connection resets back off
exponentially. Sleep and jitter are injectable so tests retry in microseconds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook import WebhookClient

from bot.config import Settings
from bot.slack_settings import require_secret

MAX_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds: 1 s, 2 s, 4 s
TIMEOUT_SECONDS = 15


class RateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, with its sleep and extra random second made injectable."""

    def __init__(
        self,
        max_retry_count: int = MAX_RETRIES,
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self._jitter = jitter

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate-limit retry without a response")
        retry_after = 1.0
        for key, values in response.headers.items():
            if key.lower() == "retry-after" and values:
                try:
                    retry_after = float(values[0])
                except ValueError:
                    retry_after = 1.0
        state.next_attempt_requested = True
        self._sleep(retry_after + self._jitter())
        state.increment_current_attempt()


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """slack_sdk's 500/503 handler, extended to the 502 and 504 a load balancer returns."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in (500, 502, 503, 504)


class _ScaledJitter(Jitter):
    def __init__(self, jitter: Callable[[], float]) -> None:
        self._jitter = jitter

    def recalculate(self, duration: float) -> float:
        return duration + duration * self._jitter()


def retry_handlers(
    *,
    backoff_factor: float = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
    jitter: Callable[[], float] = random.random,
    max_retries: int = MAX_RETRIES,
) -> list[RetryHandler]:
    """The retry policy for Web API and response_url calls alike."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor, jitter=_ScaledJitter(jitter))
    return [
        RateLimitRetryHandler(max_retries, sleep=sleep, jitter=jitter),
        GatewayErrorRetryHandler(max_retry_count=max_retries, interval_calculator=backoff),
        ConnectionErrorRetryHandler(max_retry_count=max_retries, interval_calculator=backoff),
    ]


def create_web_client(
    settings: Settings,
    *,
    handlers: list[RetryHandler] | None = None,
    **kwargs: Any,
) -> WebClient:
    """A WebClient on settings.slack_api_base with the bot token and the retry policy."""
    token = require_secret(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    return WebClient(
        token=token,
        base_url=settings.slack_api_base,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=handlers if handlers is not None else retry_handlers(),
        **kwargs,
    )


def create_webhook_client(url: str, *, handlers: list[RetryHandler]) -> WebhookClient:
    """A client for one response_url (the same retry policy as the Web API)."""
    return WebhookClient(url=url, timeout=TIMEOUT_SECONDS, retry_handlers=list(handlers))
