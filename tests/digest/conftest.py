"""One fake Slack per test module, emptied before each test (stopping one costs half a second)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack_api import FakeSlack


@pytest.fixture(scope="module")
def slack_server() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack(slack_server: FakeSlack) -> FakeSlack:
    """The module's fake Slack with no recorded calls, messages or scripted failures."""
    fake = slack_server
    with fake._changed:
        fake.calls.clear()
        fake.messages.clear()
        fake.uploads.clear()
        fake._scripted.clear()
    return fake
