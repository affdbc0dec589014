"""What every listener needs, built once by bot.app.create_app and put in each request context."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings
from bot.slack_client import create_webhook_client
from handlers.work import BackgroundWork

CONTEXT_KEY = "sitrep"


@dataclass
class SitrepDeps:
    settings: Settings
    engine: Engine
    clock: Clock
    client: WebClient
    work: BackgroundWork
    retry_handlers: list[RetryHandler]
    http_client: httpx.Client | None = None  # for fetching articles; built on first use
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def webhook(self, url: str) -> WebhookClient:
        return create_webhook_client(url, handlers=self.retry_handlers)

    def fetch_client(self) -> httpx.Client:
        """The shared article-fetching client (bot.ingest.fetch), created once, lazily."""
        with self._lock:
            if self.http_client is None:
                from bot.ingest.fetch import build_http_client

                self.http_client = build_http_client(self.settings)
            return self.http_client

    def close(self, *, timeout: float = 25.0) -> None:
        """Finish the work in hand (up to `timeout` seconds), then stop the pools."""
        finished = self.work.wait_idle(timeout)
        self.work.shutdown(wait=finished)
        if self.http_client is not None:
            self.http_client.close()


def deps_of(context: BoltContext | dict[str, Any]) -> SitrepDeps:
    deps = context[CONTEXT_KEY]
    assert isinstance(deps, SitrepDeps), "create_app's middleware did not run"
    return deps
