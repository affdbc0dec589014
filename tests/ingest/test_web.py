"""Pages to articles: text, metadata, canonical URL, encodings, languages and refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from bot.config import Settings
from bot.ingest.web import (
    ExtractionEmptyError,
    NotAnArticleError,
    PaywalledError,
    decode_html,
    fetch_article,
    same_site,
)
from tests.fakes.web import FakeWeb
from tests.ingest.pages import FRENCH, STORY, article_page, empty_page, paywall_page


def test_extracts_text_and_metadata(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/world/arale", article_page())
    article = fetch_article(url, client=http_client, settings=fetch_settings)
    assert STORY[0] in article.text and STORY[-1] in article.text
    for boilerplate in ("Celebrity chef", "All rights reserved", "Cookie settings"):
        assert boilerplate not in article.text
    assert article.title == "Clashes near Aralé leave soldiers dead"
    assert article.publisher == "The Daily Example"
    assert article.author == "Jane Reporter"
    assert article.published_at == datetime(2024, 7, 30, 8, 15, tzinfo=UTC)
    assert article.language == "en"
    assert article.url == url  # no canonical link: the fetched URL, canonicalised


def test_honours_the_canonical_link_without_tracking_parameters(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    page = article_page(canonical="/world/arale-clashes?utm_source=rss&id=7#top")
    url = web.page("/amp/arale", page)
    article = fetch_article(url + "?utm_medium=feed", client=http_client, settings=fetch_settings)
    assert article.url == web.url("/world/arale-clashes?id=7")
    assert article.fetched_url == url + "?utm_medium=feed"


def test_a_non_http_canonical_link_is_ignored(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/p", article_page(canonical="javascript:alert(1)"))
    assert fetch_article(url, client=http_client, settings=fetch_settings).url == url


def test_a_canonical_link_to_another_site_is_ignored(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/copy", article_page(canonical="https://www.reuters.com/world/original"))
    assert fetch_article(url, client=http_client, settings=fetch_settings).url == url


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.com/a", "https://amp.example.com/b", True),
        ("https://example.com/a", "http://m.example.com/b", True),
        ("https://www.bbc.co.uk/a", "https://news.bbc.co.uk/b", True),
        ("https://www.bbc.co.uk/a", "https://evil.co.uk/b", False),
        ("https://reuters.com/a", "https://yahoo.com/b", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same


def test_detects_a_french_article(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/fr", article_page(title="Combats près d'Aralé", paragraphs=FRENCH, lang="fr"))
    article = fetch_article(url, client=http_client, settings=fetch_settings)
    assert article.language == "fr"
    assert "douze soldats" in article.text


def test_decodes_by_the_page_charset_when_the_header_has_none(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    page = article_page(paragraphs=FRENCH, lang="fr", charset_meta="windows-1252")
    url = web.page("/cp1252", page.encode("cp1252"), content_type="text/html")
    article = fetch_article(url, client=http_client, settings=fetch_settings)
    assert "opposé mardi l'armée" in article.text


def test_a_wrong_header_charset_does_not_garble_the_text(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    page = article_page(paragraphs=FRENCH, lang="fr", charset_meta="windows-1252")
    url = web.page("/liar", page.encode("cp1252"), content_type="text/html; charset=utf-8")
    article = fetch_article(url, client=http_client, settings=fetch_settings)
    assert "opposé mardi l'armée" in article.text


def test_an_unknown_charset_falls_back_to_a_guess() -> None:
    html = article_page(charset_meta="x-no-such-charset").encode("utf-8")
    assert "Aralé" in decode_html(html, declared="bogus")


def test_utf16_with_bom() -> None:
    html = article_page()
    assert decode_html(html.encode("utf-16"), declared=None) == html


def test_a_paywall_teaser_is_refused_with_the_reason(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/paid", paywall_page())
    with pytest.raises(PaywalledError, match="paywall"):
        fetch_article(url, client=http_client, settings=fetch_settings)


def test_a_page_without_article_text_is_refused(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/app", empty_page())
    with pytest.raises(ExtractionEmptyError, match="no article text"):
        fetch_article(url, client=http_client, settings=fetch_settings)


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\x01\x02binary"])
def test_empty_or_garbage_pages_are_refused(
    body: bytes, web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/junk", body, content_type="text/html")
    with pytest.raises(ExtractionEmptyError):
        fetch_article(url, client=http_client, settings=fetch_settings)


def test_a_pdf_is_not_an_article(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    url = web.page("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(NotAnArticleError, match="application/pdf"):
        fetch_article(url, client=http_client, settings=fetch_settings)


def test_plain_text_is_taken_as_it_is(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    text = "Clashes near Aralé\n" + "\n".join(STORY)
    url = web.page("/story.txt", text, content_type="text/plain; charset=utf-8")
    article = fetch_article(url, client=http_client, settings=fetch_settings)
    assert article.text == text
    assert article.title == "Clashes near Aralé"


def test_extraction_in_a_worker_process(
    web: FakeWeb, http_client: httpx.Client, fetch_settings: Settings
) -> None:
    from bot.ingest.extract_pool import pooled_extractor

    extract = pooled_extractor(1)
    url = web.page("/w", article_page())
    article = fetch_article(url, client=http_client, settings=fetch_settings, extract=extract)
    assert article.title == "Clashes near Aralé leave soldiers dead" and STORY[1] in article.text
    with pytest.raises(PaywalledError):  # a refusal crosses the process boundary intact
        fetch_article(
            web.page("/p", paywall_page()),
            client=http_client,
            settings=fetch_settings,
            extract=extract,
        )
