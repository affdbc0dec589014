"""Fixtures: a FakeSlack on 127.0.0.1 and the real app wired to it (both databases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.clock import FrozenClock
from bot.slack_client import create_web_client, retry_handlers
from tests.fakes.slack_api import FakeSlack
from tests.slack.harness import SlackHarness, make_settings


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    """What the retry handlers would have slept (they never really do in tests)."""
    return []


@pytest.fixture
def slack(
    fake_slack: FakeSlack, engine: Engine, db_url: str, clock: FrozenClock, sleeps: list[float]
) -> Iterator[SlackHarness]:
    settings = make_settings(database_url=db_url, fake=fake_slack)
    policy = retry_handlers(backoff_factor=0.0, sleep=sleeps.append, jitter=lambda: 0.0)
    client = create_web_client(settings, handlers=policy)
    app = create_app(settings, engine, clock, web_client=client, slack_retry_handlers=policy)
    yield SlackHarness(app=app, fake=fake_slack, settings=settings)
    app.close()
