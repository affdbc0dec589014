"""Fixtures for ingestion tests: a scripted web server on 127.0.0.1 and a client allowed to reach it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.config import Settings
from bot.extract.types import ArticleExtraction
from bot.ingest.fetch import build_http_client
from tests.fakes.web import FakeWeb


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        yield server


@pytest.fixture
def fetch_settings() -> Settings:
    """Only 127.0.0.1 may be fetched; a short timeout so a hanging server fails the fetch fast."""
    return Settings(
        fetch_allowed_hosts=["127.0.0.1"],
        fetch_timeout_seconds=0.5,
        fetch_max_bytes=2_000_000,
    )


@pytest.fixture
def http_client(fetch_settings: Settings) -> Iterator[httpx.Client]:
    client = build_http_client(fetch_settings)
    yield client
    client.close()


def no_events(text: str, **_kwargs: object) -> ArticleExtraction:
    """An extractor that finds nothing: feed tests are about documents, not event extraction."""
    return ArticleExtraction(language=None, notes=[])
