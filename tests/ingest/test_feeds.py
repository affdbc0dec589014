"""Following feeds: polling, fallbacks, retries, backoff, caps, and broken feeds next to good ones."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import NotFoundError, UsageError
from bot.ingest import feeds as feeds_module
from bot.ingest.feeds import (
    MAX_ITEM_ATTEMPTS,
    add_feed,
    list_feeds,
    parse_interval,
    poll_due_feeds,
    poll_feed,
    remove_feed,
)
from bot.ingest.fetch import RefusedHostError
from models import Document, Feed, FeedItem
from tests.fakes.web import FakeWeb
from tests.ingest.conftest import no_events
from tests.ingest.pages import FRENCH, STORY, Item, article_page, atom, json_feed, paywall_page, rss

SUMMARY = (
    "Fighting near Aralé between the army and an armed group killed at least twelve soldiers, "
    "a district official said on Tuesday."
)


def _poll(
    session: Session,
    feed: Feed,
    client: httpx.Client,
    settings: Settings,
    clock: FrozenClock,
    **kwargs,
):  # type: ignore[no-untyped-def]
    return poll_feed(
        session=session,
        feed=feed,
        client=client,
        settings=settings,
        now=clock(),
        extractor=no_events,
        **kwargs,
    )


def _items(session: Session, feed: Feed) -> dict[str, FeedItem]:
    session.expire_all()
    return {
        i.title or "": i for i in session.exec(select(FeedItem).where(FeedItem.feed_id == feed.id))
    }


def _story(word: str) -> list[str]:
    """A distinct article body per page, so content hashes differ."""
    return [f"{word}: {paragraph}" for paragraph in STORY]


def test_a_feed_poll_stores_pages_falls_back_to_summaries_and_keeps_paywalls_for_later(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/a/ok?utm_source=rss", article_page(paragraphs=_story("One")))
    web.page("/a/ok", article_page(paragraphs=_story("One")))
    web.page("/a/paid", paywall_page())
    feed_url = web.feed(
        "/rss",
        rss(
            [
                Item(
                    "Page works",
                    web.url("/a/ok?utm_source=rss"),
                    published="Tue, 30 Jul 2024 08:00:00 GMT",
                ),
                Item("Page missing", web.url("/a/gone"), summary=SUMMARY),
                Item("Page paywalled", web.url("/a/paid"), summary=SUMMARY + " Second copy."),
            ]
        ),
        etag='"feed-v1"',
    )
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()

    result = _poll(session, feed, http_client, fetch_settings, clock)

    assert result.ok and result.new_items == 3
    assert (result.from_page, result.from_summary, result.pending, result.failed) == (1, 1, 1, 0)
    items = _items(session, feed)
    ok, missing, paid = items["Page works"], items["Page missing"], items["Page paywalled"]
    assert (ok.status, ok.text_source) == ("ingested", "page")
    assert (missing.status, missing.text_source) == ("fallback_summary", "feed_summary")
    assert missing.error is not None and "HTTP 404" in missing.error
    assert paid.status == "pending_retry" and paid.error is not None and "paywall" in paid.error
    assert paid.next_retry_at == clock() + timedelta(minutes=30)

    page_doc = session.get(Document, ok.document_id)
    assert page_doc is not None and page_doc.text_source == "feed_page"
    assert page_doc.url == web.url("/a/ok")  # tracking parameter stripped
    assert page_doc.title == "Clashes near Aralé leave soldiers dead"
    summary_doc = session.get(Document, missing.document_id)
    assert summary_doc is not None and summary_doc.text_source == "feed_summary"
    assert summary_doc.text == SUMMARY

    [view] = list_feeds(session=session)
    assert view.title == "Example World News"
    assert (view.items_seen, view.documents) == (3, 2)
    assert view.last_success == clock() and view.last_error is None
    assert view.next_poll_at == clock() + timedelta(minutes=15)


def test_unchanged_feeds_answer_304_and_due_retries_still_run(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/a/paid", paywall_page())
    feed_url = web.feed(
        "/rss", rss([Item("Paywalled", web.url("/a/paid"), summary=SUMMARY)]), etag='"v1"'
    )
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()
    _poll(session, feed, http_client, fetch_settings, clock)

    for attempt in range(2, MAX_ITEM_ATTEMPTS + 1):
        clock.advance(hours=8)
        result = _poll(session, feed, http_client, fetch_settings, clock)
        assert result.not_modified and result.new_items == 0
        item = _items(session, feed)["Paywalled"]
        assert item.attempts == attempt
    # Out of patience with the paywall: the summary is stored, and says so.
    assert (item.status, item.text_source) == ("fallback_summary", "feed_summary")
    assert item.error is not None and "paywall" in item.error
    assert web.hits("/rss")[-1].headers["if-none-match"] == '"v1"'
    assert len(web.hits("/a/paid")) == MAX_ITEM_ATTEMPTS


def test_a_retry_that_succeeds_stores_the_page(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/a/late", paywall_page())
    feed_url = web.feed("/rss", rss([Item("Late", web.url("/a/late"))]))
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()
    _poll(session, feed, http_client, fetch_settings, clock)
    assert _items(session, feed)["Late"].status == "pending_retry"

    clock.advance(minutes=10)  # not due yet: the page is not asked for again
    _poll(session, feed, http_client, fetch_settings, clock)
    assert len(web.hits("/a/late")) == 1

    web.page("/a/late", article_page(paragraphs=_story("Late")))
    clock.advance(minutes=25)
    _poll(session, feed, http_client, fetch_settings, clock)
    item = _items(session, feed)["Late"]
    assert (item.status, item.text_source, item.attempts) == ("ingested", "page", 2)


def test_atom_and_json_feeds(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/atom/1", article_page(paragraphs=_story("Atom")))
    web.page("/json/1", article_page(paragraphs=_story("Json")))
    atom_url = web.feed(
        "/atom", atom([Item("Atom item", "/atom/1")]), content_type="application/atom+xml"
    )
    json_url = web.feed(
        "/feed.json",
        json_feed([Item("JSON item", web.url("/json/1"), published="2024-07-30T08:00:00Z")]),
        content_type="application/feed+json",
    )
    for url in (atom_url, json_url):
        feed = add_feed(session=session, url=url, now=clock())
        session.commit()
        # Pages extracted in a worker process, as `sitrep feed poll --processes 1` does.
        result = _poll(session, feed, http_client, fetch_settings, clock, extract_processes=1)
        assert result.ok and result.from_page == 1, result
    titles = set(session.exec(select(FeedItem.title)).all())
    assert titles == {"Atom item", "JSON item"}


def test_an_entry_without_a_link_uses_its_own_text(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    feed_url = web.feed(
        "/rss",
        rss(
            [Item("No link", None, guid="x-1", summary=SUMMARY), Item("Nothing", None, guid="x-2")]
        ),
    )
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()
    result = _poll(session, feed, http_client, fetch_settings, clock)
    items = _items(session, feed)
    assert items["No link"].status == "fallback_summary"
    assert items["Nothing"].status == "failed"
    assert items["Nothing"].error == "the entry has no http(s) link to fetch"
    assert (result.from_summary, result.failed) == (1, 1)


def test_a_page_that_never_answers_falls_back_to_the_summary(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.hang("/a/slow")
    feed_url = web.feed("/rss", rss([Item("Slow", web.url("/a/slow"), summary=SUMMARY)]))
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()
    _poll(session, feed, http_client, fetch_settings, clock)
    item = _items(session, feed)["Slow"]
    assert item.status == "fallback_summary"
    assert item.error is not None and "timed out" in item.error


def test_a_big_feed_is_capped_to_its_newest_items(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    entries = [
        Item(
            f"Item {n}",
            None,
            guid=f"g{n}",
            summary=f"{SUMMARY} ({n})",
            published=f"Tue, 30 Jul 2024 {n // 60:02d}:{n % 60:02d}:00 GMT",
        )
        for n in range(250)
    ]
    feed_url = web.feed("/big", rss(entries))
    feed = add_feed(session=session, url=feed_url, now=clock())
    session.commit()
    result = _poll(session, feed, http_client, fetch_settings, clock, max_items=20)
    assert result.new_items == 20 and result.from_summary == 20
    assert set(_items(session, feed)) == {f"Item {n}" for n in range(230, 250)}
    stored = session.get(Feed, feed.id)
    assert stored is not None and stored.last_warning is not None
    assert "250 items; only the newest 20 were read" in stored.last_warning


def test_broken_feeds_do_not_stop_the_others(
    engine: Engine,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/a/good", article_page(paragraphs=_story("Good")))
    good = web.feed("/good", rss([Item("Good", web.url("/a/good"))]))
    illformed = web.feed(
        "/illformed",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken &amp feed</title>'
        f"<item><title>Recovered</title><description>{SUMMARY}</description><guid>r1</guid></item>"
        "</channel>",
    )
    html = web.page(
        "/html",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/good"></head>'
        "<body><p>Welcome</p></body></html>",
    )
    hanging = web.hang("/hang")
    empty = web.feed("/empty", "")
    urls = [good, illformed, html, hanging, empty, web.url("/missing")]
    with Session(engine) as session:
        for url in urls:
            add_feed(session=session, url=url, now=clock())
        session.commit()

    report = poll_due_feeds(
        engine=engine, client=http_client, settings=fetch_settings, now=clock(), extractor=no_events
    )

    by_url = {r.url: r for r in report.results}
    assert by_url[good].ok and by_url[good].from_page == 1
    assert by_url[illformed].ok and by_url[illformed].from_summary == 1
    assert "ill-formed feed" in by_url[illformed].warnings[0]
    assert "serves an HTML page" in (by_url[html].error or "")
    assert web.url("/good") in (by_url[html].error or "")
    assert "timed out" in (by_url[hanging].error or "")
    assert "empty document" in (by_url[empty].error or "")
    assert "HTTP 404" in (by_url[web.url("/missing")].error or "")
    assert len(report.failed_feeds) == 4
    with Session(engine) as session:
        views = {v.url: v for v in list_feeds(session=session)}
        assert views[html].last_error == by_url[html].error
        assert views[html].last_error_at == clock()
        assert views[html].next_poll_at == clock() + timedelta(minutes=30)
        assert views[illformed].last_warning is not None
        assert views[good].documents == 1


def test_failing_feeds_back_off_exponentially_and_recover(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    feed = add_feed(session=session, url=web.url("/down"), now=clock(), interval_minutes=15)
    session.commit()
    delays = []
    for _ in range(8):
        _poll(session, feed, http_client, fetch_settings, clock)
        delays.append(feed.next_poll_at - clock())
        clock.advance(hours=25)
    assert [d.total_seconds() / 60 for d in delays[:6]] == [30, 60, 120, 240, 480, 960]
    assert delays[6] == delays[7] == timedelta(hours=24)
    assert feed.consecutive_failures == 8

    web.feed("/down", rss([]))
    _poll(session, feed, http_client, fetch_settings, clock)
    assert feed.consecutive_failures == 0 and feed.last_success_at == clock()
    assert feed.next_poll_at == clock() + timedelta(minutes=15)
    assert feed.last_error is not None  # the last error stays visible, with its time


def test_only_due_feeds_are_polled(
    engine: Engine,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    with Session(engine) as session:
        add_feed(session=session, url=web.feed("/f", rss([])), now=clock())
        session.commit()
    kwargs = {
        "engine": engine,
        "client": http_client,
        "settings": fetch_settings,
        "extractor": no_events,
    }
    assert len(poll_due_feeds(now=clock(), **kwargs).results) == 1  # type: ignore[arg-type]
    assert poll_due_feeds(now=clock() + timedelta(minutes=5), **kwargs).results == []  # type: ignore[arg-type]
    assert (
        len(poll_due_feeds(now=clock() + timedelta(minutes=5), all_feeds=True, **kwargs).results)
        == 1
    )  # type: ignore[arg-type]
    # The forced poll at +5 minutes set the next one for +20.
    assert poll_due_feeds(now=clock() + timedelta(minutes=15), **kwargs).results == []  # type: ignore[arg-type]
    assert len(poll_due_feeds(now=clock() + timedelta(minutes=20), **kwargs).results) == 1  # type: ignore[arg-type]


def test_an_unexpected_error_on_one_item_spares_the_others(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_ingest = feeds_module.ingest_text

    def flaky(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("title") == "Boom":
            raise RuntimeError("disk on fire")
        return real_ingest(**kwargs)

    monkeypatch.setattr(feeds_module, "ingest_text", flaky)
    entries = [
        Item(title, None, guid=title, summary=f"{SUMMARY} {title}") for title in ("A", "Boom", "C")
    ]
    feed = add_feed(session=session, url=web.feed("/rss", rss(entries)), now=clock())
    session.commit()
    result = _poll(session, feed, http_client, fetch_settings, clock)
    items = _items(session, feed)
    assert items["A"].status == items["C"].status == "fallback_summary"
    assert items["Boom"].status == "failed"
    assert items["Boom"].error == "internal error while storing: RuntimeError: disk on fire"
    assert (result.from_summary, result.failed) == (2, 1)
    assert session.exec(select(func.count()).select_from(Document)).one() == 2


def test_items_already_seen_are_not_ingested_twice(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    body = rss([Item("Same", None, guid="same", summary=SUMMARY)])
    feed = add_feed(session=session, url=web.feed("/rss", body), now=clock())
    session.commit()
    _poll(session, feed, http_client, fetch_settings, clock)
    web.feed("/rss", body + " ")  # changed bytes, same entries, no ETag
    clock.advance(minutes=15)
    result = _poll(session, feed, http_client, fetch_settings, clock)
    assert result.new_items == 0
    assert feed.items_seen == 1 and feed.documents == 1


# -- managing feeds -----------------------------------------------------------------------------
def test_add_feed_validates_and_refuses_duplicates(session: Session, clock: FrozenClock) -> None:
    feed = add_feed(
        session=session, url="<https://news.example/rss?utm_source=x|news>", now=clock()
    )
    assert feed.url == "https://news.example/rss"
    with pytest.raises(UsageError, match=f"already following .* \\(feed {feed.id}\\)"):
        add_feed(session=session, url="https://NEWS.example/rss", now=clock())
    with pytest.raises(UsageError, match="http:// or https://"):
        add_feed(session=session, url="file:///etc/passwd", now=clock())
    with pytest.raises(UsageError, match="every 5 minutes at most"):
        add_feed(session=session, url="https://other.example/rss", now=clock(), interval_minutes=1)


def test_add_feed_applies_the_allow_list(session: Session, clock: FrozenClock) -> None:
    settings = Settings(fetch_allowed_hosts=["feeds.example"])
    with pytest.raises(RefusedHostError, match="not in SITREP_FETCH_ALLOWED_HOSTS"):
        add_feed(session=session, url="https://evil.example/rss", now=clock(), settings=settings)
    with pytest.raises(RefusedHostError, match="internal address"):
        add_feed(
            session=session, url="http://169.254.169.254/rss", now=clock(), settings=Settings()
        )


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        (None, 15),
        ("", 15),
        ("every 15m", 15),
        ("30 minutes", 30),
        ("every 2h", 120),
        ("every 1 day", 1440),
        ("EVERY 45 MIN", 45),
    ],
)
def test_parse_interval(text: str | None, minutes: int) -> None:
    assert parse_interval(text) == minutes


@pytest.mark.parametrize(
    "text", ["every", "15", "every 15s", "every 0m", "every 30 days", "hourly"]
)
def test_parse_interval_refuses_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        parse_interval(text)


def test_remove_feed_keeps_the_documents(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    feed = add_feed(
        session=session,
        url=web.feed("/rss", rss([Item("A", None, guid="a", summary=SUMMARY)])),
        now=clock(),
    )
    session.commit()
    _poll(session, feed, http_client, fetch_settings, clock)
    assert feed.id is not None
    remove_feed(session=session, feed_id=feed.id)
    session.commit()
    assert session.exec(select(func.count()).select_from(FeedItem)).one() == 0
    assert session.exec(select(func.count()).select_from(Document)).one() == 1
    with pytest.raises(NotFoundError, match="no feed with id"):
        remove_feed(session=session, feed_id=feed.id)


def test_a_french_page_is_stored_with_its_language_and_the_extraction_note(
    session: Session,
    web: FakeWeb,
    http_client: httpx.Client,
    fetch_settings: Settings,
    clock: FrozenClock,
) -> None:
    web.page("/fr/1", article_page(title="Combats près d'Aralé", paragraphs=FRENCH, lang="fr"))
    feed = add_feed(
        session=session, url=web.feed("/rss", rss([Item("FR", web.url("/fr/1"))])), now=clock()
    )
    session.commit()
    poll_feed(session=session, feed=feed, client=http_client, settings=fetch_settings, now=clock())
    document = session.exec(select(Document)).one()
    assert document.language == "fr" and "douze soldats" in document.text
    assert document.extraction_note is not None
    assert "language 'fr' is not supported" in document.extraction_note
