"""Web pages to article text and metadata, with trafilatura.

fetch_article() fetches through the guarded client (bot.ingest.fetch), decodes the bytes by the
header or the page's own charset declaration, honours the page's canonical link, and extracts the
main text and metadata. A page that yields no article text, or only a paywall teaser, raises an
IngestError subclass that says so, so a feed can keep the item for a later retry.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.html
from lxml import etree

from bot.config import Settings
from bot.errors import IngestError
from bot.ingest.fetch import fetch
from bot.ingest.language import detect_language
from bot.ingest.urls import canonicalize_url, is_http_url

# Below this much main text the page is a stub, an index or an error page, not an article.
MIN_ARTICLE_CHARS = 200
# A page that declares itself paywalled and yields less than this is taken to show a teaser.
PAYWALL_TEASER_CHARS = 1500
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"

PAYWALL_PHRASES = re.compile(
    r"subscribe to (?:continue|read)|to continue reading|subscribers? only|for subscribers"
    r"|already a subscriber|create a free account to|sign in to (?:continue|read)"
    r"|log ?in to (?:continue|read)|this (?:article|content) is (?:for|available to) (?:paid )?subscribers"
    r"|start your (?:free )?trial|you have reached your (?:free )?article limit",
    re.IGNORECASE,
)
_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|False|FALSE)"?')
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class ExtractionEmptyError(IngestError):
    """The page was fetched but holds no article text (an index page, a script-only app...)."""


class PaywalledError(ExtractionEmptyError):
    """The page shows only a teaser behind a paywall or login."""


class NotAnArticleError(IngestError):
    """The URL serves something other than a web page (a PDF, an image, a feed...)."""


@dataclass(frozen=True)
class FetchedArticle:
    url: str  # canonical: the page's <link rel=canonical> when it gives one, tracking stripped
    text: str
    title: str | None
    publisher: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    text_source: str = "url"
    fetched_url: str | None = None  # where the bytes actually came from, after redirects


HtmlExtractor = Callable[[str, str], FetchedArticle]  # (html, url) -> article


def fetch_article(
    url: str,
    *,
    client: httpx.Client,
    settings: Settings,
    extract: HtmlExtractor | None = None,
) -> FetchedArticle:
    """Fetch `url` and extract its article; raises IngestError (FetchError, ...) with the reason.

    `extract` replaces the in-process extraction (feeds pass a worker-pool one for big polls).
    """
    result = fetch(url, client=client, settings=settings, accept=ACCEPT_HTML)
    media = result.content_type
    if media is not None and media not in HTML_TYPES and media != "text/plain":
        raise NotAnArticleError(f"{url} serves {media}, not a web page")
    html = decode_html(result.content, declared=result.charset)
    if media == "text/plain":
        return _plain_text_article(html, url=result.url)
    if extract is not None:
        return extract(html, result.url)
    return extract_article_html(html, url=result.url)


def extract_article_html(html: str, *, url: str) -> FetchedArticle:
    """The article in an HTML page fetched from `url`, or the reason there is none (no network)."""
    page = extract_page(html, url=url)
    if page.paywalled:
        raise PaywalledError(
            f"only a paywall teaser at {url} ({len(page.text)} characters of text); "
            "kept for a later retry"
        )
    if len(page.text) < MIN_ARTICLE_CHARS:
        raise ExtractionEmptyError(
            f"no article text found at {url} ({len(page.text)} characters of main text); "
            "kept for a later retry"
        )
    return page.article


@dataclass(frozen=True)
class PageExtraction:
    """What trafilatura made of a page, before judging whether it is an article."""

    article: FetchedArticle
    paywalled: bool

    @property
    def text(self) -> str:
        return self.article.text


def extract_page(html: str, *, url: str) -> PageExtraction:
    """Main text and metadata of an HTML page (empty text when there is none)."""
    import trafilatura

    tree = parse_html(html)
    document = None
    canonical = lang_attr = None
    if tree is not None:
        canonical = _canonical_link(tree, base=url)
        lang_attr = _html_lang(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Metadata dates only: the extensive search guesses from any date in the text.
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    text = (_field(document, "text") or "").strip()
    title = _clean(_field(document, "title"))
    first, _, rest = text.partition("\n")
    if title and rest and _clean(first) == title:  # the headline is metadata, not body text
        text = rest.strip()
    metadata_url = _field(document, "url")
    page_url = canonical or (
        canonicalize_url(metadata_url)
        if metadata_url and is_http_url(metadata_url) and same_site(metadata_url, url)
        else canonicalize_url(url)
    )
    article = FetchedArticle(
        url=page_url,
        text=text,
        title=title,
        publisher=_clean(_field(document, "sitename")) or _publisher_from_host(page_url),
        author=_clean(_field(document, "author")),
        published_at=_parse_date(_field(document, "date")),
        language=(detect_language(text) if text else None) or lang_attr,
        text_source="url",
        fetched_url=url,
    )
    return PageExtraction(article=article, paywalled=_is_paywalled(html, text))


def _plain_text_article(text: str, *, url: str) -> FetchedArticle:
    text = text.strip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise ExtractionEmptyError(f"no article text found at {url} ({len(text)} characters)")
    first_line = text.splitlines()[0].strip()
    return FetchedArticle(
        url=canonicalize_url(url),
        text=text,
        title=first_line[:300] if len(first_line) < 300 else None,
        publisher=_publisher_from_host(url),
        author=None,
        published_at=None,
        language=detect_language(text),
        text_source="url",
        fetched_url=url,
    )


# -- decoding -----------------------------------------------------------------------------------
def decode_html(data: bytes, *, declared: str | None) -> str:
    """Bytes to text: BOM, then the HTTP charset, then the page's own declaration, then a guess.

    A wrong or unknown declared charset is skipped rather than trusted, and undecodable bytes
    become U+FFFD instead of an error: a page with one bad byte is still an article.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:4096]
    candidates: list[str | None] = [declared]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    for candidate in candidates:
        known = _known_encoding(candidate)
        if known is None:
            continue
        try:
            return data.decode(known)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


def _known_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        encoding = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Pages labelled latin-1 are in practice cp1252 (the HTML standard says to read them so).
    return "cp1252" if encoding in ("latin-1", "iso8859-1", "ascii") else encoding


# -- HTML helpers -------------------------------------------------------------------------------
def parse_html(html: str) -> Any | None:
    """An lxml tree, or None for a page lxml cannot make sense of."""
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _canonical_link(tree: Any, *, base: str) -> str | None:
    """The page's <link rel=canonical>, made absolute and canonical.

    Ignored unless http(s) and on the same site as the page: a page may not claim another
    outlet's URL, or it could pass its own text off as that outlet's article (and the real one
    would then be skipped as already stored).
    """
    for href in tree.xpath(
        "//head//link[@href][contains(translate(@rel,'CANONICAL','canonical'),'canonical')]/@href"
    ):
        absolute = urljoin(base, str(href).strip())
        if is_http_url(absolute) and same_site(absolute, base):
            return canonicalize_url(absolute)
    return None


def same_site(a: str, b: str) -> bool:
    """Whether two URLs belong to one site: www.x.com, amp.x.com and x.com do; x.co.uk and
    y.co.uk do not (a short second-level label under a country code is taken as public)."""
    return _site(a) == _site(b) != ""


def _site(url: str) -> str:
    labels = (urlsplit(url).hostname or "").lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])  # bbc.co.uk, abc.net.au
    return ".".join(labels[-2:])


def _html_lang(tree: Any) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        return None
    code = str(lang).strip().lower().split("-")[0].split("_")[0]
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _is_paywalled(html: str, text: str) -> bool:
    if len(text) >= PAYWALL_TEASER_CHARS:
        return False
    if _NOT_FREE.search(html):
        return True
    return bool(PAYWALL_PHRASES.search(text[-600:] if text else ""))


def _field(document: Any, name: str) -> str | None:
    if document is None:
        return None
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return str(value) if value else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _publisher_from_host(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _parse_date(value: str | None) -> datetime | None:
    """htmldate's ISO output to a UTC-aware datetime (a date alone means midnight UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
