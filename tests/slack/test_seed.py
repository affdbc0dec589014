"""The product's own story through Slack: add the seed article, then ask about it.

Ingestion is the real pipeline (extraction included): `/sitrep add` with the pasted article,
or the "Add to sitrep" shortcut on a message linking to it (fetched from a loopback web server).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.app import SitrepApp, create_app
from bot.clock import FrozenClock
from bot.slack_client import create_web_client, retry_handlers
from tests.fakes.slack_api import FakeSlack
from tests.fakes.web import FakeWeb
from tests.slack.checks import message_texts
from tests.slack.harness import SlackHarness, make_settings

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_wagner_mali.txt"


def seed_page() -> str:
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (
        f"<html><head><title>{html.escape(title)}</title><meta property='og:site_name' content='Reuters'>"
        "<meta property='article:published_time' content='2024-08-01T09:00:00Z'></head>"
        f"<body><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    )


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        yield server


@pytest.fixture
def seeded_slack(
    fake_slack: FakeSlack, engine: Engine, db_url: str, clock: FrozenClock
) -> Iterator[SlackHarness]:
    settings = make_settings(
        database_url=db_url, fake=fake_slack, fetch_allowed_hosts=["127.0.0.1"]
    )
    policy = retry_handlers(backoff_factor=0.0, sleep=lambda s: None, jitter=lambda: 0.0)
    app: SitrepApp = create_app(
        settings,
        engine,
        clock,
        web_client=create_web_client(settings, handlers=policy),
        slack_retry_handlers=policy,
    )
    yield SlackHarness(app=app, fake=fake_slack, settings=settings)
    app.close()


def texts(calls: list) -> str:
    return "\n".join(
        message_texts(
            [{"text": c.params.get("text"), "blocks": c.params.get("blocks")} for c in calls]
        )
    )


def test_add_the_seed_article_then_ask_and_follow_up(seeded_slack: SlackHarness) -> None:
    slack = seeded_slack
    slack.command("add " + SEED.read_text(encoding="utf-8"), response="add")
    slack.wait()
    report = texts(slack.fake.calls_to("response_url:add"))
    assert "Added *Tuareg Rebels Claim Heavy Losses" in report
    assert "(1 new)" in report
    assert "CSP claims" in report and "Wagner Group" in report

    slack.command("latest Wagner losses in Mali", response="ask")
    slack.wait()
    answer = texts(slack.fake.calls_to("response_url:ask"))
    assert "Tinzaouaten, Mali" in answer
    assert "CSP claims 84 Wagner Group killed · _adversary claim_" in answer
    assert "JNIM" in answer and "50 Wagner Group killed" in answer
    assert "Wagner Group admits heavy losses · _own-side admission_" in answer
    assert "Claims range 50–84 killed (Wagner Group), not verified" in answer

    root = "1700005000.000100"
    slack.mention("latest Wagner losses in Mali", ts=root)
    slack.wait()
    slack.mention("what about Malian soldiers?", ts="1700005000.000200", thread_ts=root)
    slack.wait()
    slack.mention("sources?", ts="1700005000.000300", thread_ts=root)
    slack.wait()
    first, second, third = slack.fake.calls_to("chat.postMessage")
    assert all(c.params["thread_ts"] == root for c in (first, second, third))
    assert "47 FAMa killed" in texts([second])
    assert "> “" in texts([third]) and "84 Russian Wagner mercenaries" in texts([third])


def test_add_to_sitrep_shortcut_fetches_the_linked_article(
    seeded_slack: SlackHarness, web: FakeWeb
) -> None:
    web.page("/world/africa/tinzaouaten", seed_page())
    url = web.url("/world/africa/tinzaouaten")
    response = seeded_slack.message_shortcut(f"Look at this <{url}|Reuters story>")
    assert response.status == 200
    seeded_slack.wait()
    report = texts(seeded_slack.fake.calls_to("response_url:shortcut"))
    assert "Added *<" in report and "Tuareg Rebels Claim Heavy Losses" in report
    assert "CSP claims" in report
    seeded_slack.message_shortcut(f"again <{url}>", response="again")
    seeded_slack.wait()
    assert "already stored" in texts(seeded_slack.fake.calls_to("response_url:again"))


def test_add_reports_a_link_that_cannot_be_fetched(
    seeded_slack: SlackHarness, web: FakeWeb
) -> None:
    seeded_slack.command(f"add {web.url('/missing')}", response="missing")
    seeded_slack.wait()
    report = texts(seeded_slack.fake.calls_to("response_url:missing"))
    assert "Could not add" in report
