"""`/sitrep feed …` through the real Bolt dispatch, and the `sitrep feed|documents|document|import`
commands as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.app import create_app
from bot.clock import FrozenClock
from bot.errors import NotFoundError, UsageError
from bot.ingest.feeds import FeedView, add_feed
from bot.slack_client import create_web_client, retry_handlers
from handlers.blocks.feeds import feeds_list_blocks
from models import Feed
from tests.cli.runner import Cli, cli_fixture  # noqa: F401  (the `cli` fixture)
from tests.fakes.slack_api import FakeSlack, RecordedCall
from tests.fakes.web import FakeWeb
from tests.ingest.pages import STORY, Item, article_page, rss
from tests.slack.checks import message_texts
from tests.slack.harness import SlackHarness, make_settings

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(name="slack")
def slack_harness(engine: Engine, db_url: str, clock: FrozenClock) -> Iterator[SlackHarness]:
    """The real app behind Bolt's own dispatch, its Web API calls going to a FakeSlack."""
    with FakeSlack() as fake:
        settings = make_settings(database_url=db_url, fake=fake)
        policy = retry_handlers(backoff_factor=0.0, sleep=lambda _s: None, jitter=lambda: 0.0)
        client = create_web_client(settings, handlers=policy)
        app = create_app(settings, engine, clock, web_client=client, slack_retry_handlers=policy)
        yield SlackHarness(app=app, fake=fake, settings=settings)
        app.close()


def _texts(call: RecordedCall) -> str:
    return "\n".join(
        message_texts([{"text": call.params.get("text"), "blocks": call.params.get("blocks")}])
    )


def _reply(slack: SlackHarness, text: str, response: str) -> RecordedCall:
    slack.command(text, response=response)
    slack.wait()
    [call] = slack.fake.calls_to(f"response_url:{response}")
    assert call.params["response_type"] == "ephemeral"
    return call


def test_slash_feed_add_list_remove(slack: SlackHarness, engine: Engine) -> None:
    added = _reply(slack, "feed add <https://news.example/rss?utm_source=slack> every 30m", "add")
    assert "Feed #1 added" in _texts(added) and "every 30 min" in _texts(added)
    with Session(engine) as session:
        feed = session.get(Feed, 1)
        assert feed is not None and feed.url == "https://news.example/rss"
        feed.title = "<!channel> Breaking & more"
        feed.last_error = "HTTP 503 Service Unavailable from https://news.example/rss"
        session.add(feed)
        session.commit()

    listed = _texts(_reply(slack, "feed list", "list"))
    assert "&lt;!channel&gt; Breaking &amp; more" in listed and "<!channel>" not in listed
    assert "Last success: never" in listed and "HTTP 503" in listed

    assert "Feed #1 removed" in _texts(_reply(slack, "feed remove 1", "remove"))
    assert "No feeds yet" in _texts(_reply(slack, "feed list", "empty"))


def test_slash_feed_refusals_are_private_and_clear(slack: SlackHarness) -> None:
    assert "http:// or https://" in _texts(_reply(slack, "feed add ftp://x.example/feed", "ftp"))
    assert "internal address" in _texts(
        _reply(slack, "feed add http://169.254.169.254/rss", "ssrf")
    )
    assert "cannot read the interval" in _texts(
        _reply(slack, "feed add https://a.example/rss hourly", "iv")
    )
    assert "no feed with id 9" in _texts(_reply(slack, "feed remove 9", "nf"))
    usage = _texts(_reply(slack, "feed frobnicate", "usage"))
    assert "`frobnicate` is not a feed command" in usage and "/sitrep feed add &lt;url&gt;" in usage


def test_feed_list_blocks_stay_within_slack_limits() -> None:
    views = [
        FeedView(
            id=n,
            url=f"https://news.example/{n}",
            title=None,
            interval_minutes=15,
            last_success=None,
            last_error=None,
            last_error_at=None,
            last_warning=None,
            items_seen=0,
            documents=0,
            consecutive_failures=0,
            next_poll_at=datetime(2024, 8, 1, tzinfo=UTC),
        )
        for n in range(1, 61)
    ]
    text, blocks = feeds_list_blocks(views)
    assert text == "60 feeds" and len(blocks) <= 50
    assert "20 more" in str(blocks[-1])


# -- the CLI ------------------------------------------------------------------------------------
@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_FETCH_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("SITREP_FETCH_TIMEOUT", "0.5")


def test_cli_feed_add_poll_list_and_documents(
    cli: Cli, web: FakeWeb, allow_loopback: None, db_url: str
) -> None:
    web.page("/a/1", article_page(paragraphs=[f"CLI: {p}" for p in STORY]))
    feed_url = web.feed("/rss", rss([Item("One", web.url("/a/1"))]))
    broken_url = web.page("/broken", "<html><body>not a feed</body></html>")

    assert cli("feed", "add", feed_url, "every", "30m").exit_code == 0
    assert cli("feed", "add", broken_url).exit_code == 0
    again = cli("feed", "add", feed_url)
    assert isinstance(again.exception, UsageError) and "already following" in str(again.exception)

    polled = cli("feed", "poll")
    assert polled.exit_code == 0, polled.output
    assert "2 feeds polled, 1 failed, 1 documents stored" in polled.output

    listed = json.loads(cli("feed", "list", "--json").output)
    assert [list(row)[:6] for row in listed] == [
        ["id", "url", "last_success", "last_error", "items_seen", "documents"]
    ] * 2
    good, broken = listed
    assert (good["items_seen"], good["documents"], good["last_error"]) == (1, 1, None)
    assert good["last_success"] is not None and good["interval_minutes"] == 30
    assert "serves an HTML page" in broken["last_error"] and broken["last_success"] is None

    docs = json.loads(cli("documents", "--json").output)
    [doc] = docs
    assert doc["url"] == web.url("/a/1") and doc["text_source"] == "feed_page"
    assert doc["title"] == "Clashes near Aralé leave soldiers dead" and doc["language"] == "en"
    assert doc["text_length"] > 500 and "text" not in doc
    one = json.loads(cli("document", str(doc["id"]), "--json").output)
    assert one["text"].startswith("CLI: Fighting broke out")
    shown = cli("document", str(doc["id"]))
    assert shown.exit_code == 0 and "CLI: Fighting broke out" in shown.output

    missing = cli("document", "999")
    assert isinstance(missing.exception, NotFoundError)
    assert "no document with id 999" in str(missing.exception)
    assert cli("feed", "remove", str(broken["id"])).exit_code == 0
    assert len(json.loads(cli("feed", "list", "--json").output)) == 1
    assert "no feed is due" in cli("feed", "poll").output


def test_cli_imports(cli: Cli) -> None:
    first = cli("import", "acled", str(DATA / "acled_current.csv"))
    assert first.exit_code == 0, first.output
    assert "ACLED: 5 rows · 4 imported · 0 already there" in first.output
    assert "line 5: unreadable date '29/13/2024'" in first.output
    again = cli("import", "acled", str(DATA / "acled_current.csv"))
    assert "0 imported · 4 already there" in again.output
    assert "3 imported" in cli("import", "ucdp", str(DATA / "ucdp_ged.csv")).output
    sources = {
        d["text_source"]
        for d in json.loads(cli("documents", "--json", "--source", "dataset").output)
    }
    assert sources == {"dataset"}
    missing = cli("import", "ucdp", str(DATA / "nope.csv"))
    assert missing.exit_code != 0


def test_add_feed_from_the_domain_is_listed_by_the_cli(
    cli: Cli, clock: FrozenClock, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    from bot.db import create_db_engine

    engine = create_db_engine(db_url)
    with Session(engine) as session:
        add_feed(session=session, url="https://news.example/atom", now=clock())
        session.commit()
    engine.dispose()
    table = cli("feed", "list")
    assert table.exit_code == 0 and "news.example/atom" in table.output and "never" in table.output
