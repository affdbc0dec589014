"""Hand-written fixture pages and feeds (never real third-party pages)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

STORY = (
    "Fighting broke out on Tuesday near the northern town of Aralé between army units and an "
    "armed group that controls the surrounding hills, local officials said.",
    "A district official said at least twelve soldiers and an unknown number of fighters were "
    "killed during the clashes, which lasted most of the afternoon and into the evening.",
    "The armed group said in a statement posted online that it had captured four vehicles and "
    "a quantity of ammunition, a claim that could not be independently verified.",
    "Residents reached by telephone described heavy gunfire and said hundreds of families had "
    "fled towards the regional capital, where aid agencies are registering new arrivals.",
    "The government has not commented on the toll. The area has seen repeated attacks since "
    "the start of the year, and humanitarian access remains limited.",
)

FRENCH = (
    "De violents combats ont opposé mardi l'armée à un groupe armé près de la ville d'Aralé, "
    "dans le nord du pays, selon des responsables locaux.",
    "Au moins douze soldats ont été tués lors des affrontements, qui ont duré tout l'après-midi, "
    "a indiqué un responsable du district joint par téléphone.",
    "Le groupe armé affirme avoir saisi quatre véhicules et des munitions, une affirmation qui "
    "n'a pas pu être vérifiée de manière indépendante par notre rédaction.",
)

NAV = (
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>'
)
FOOTER = (
    "<footer><p>Copyright The Daily Example. All rights reserved.</p>"
    '<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a></p></footer>'
)


def article_page(
    *,
    title: str = "Clashes near Aralé leave soldiers dead",
    paragraphs: Sequence[str] = STORY,
    canonical: str | None = None,
    lang: str = "en",
    published: str | None = "2024-07-30T08:15:00+00:00",
    author: str | None = "Jane Reporter",
    site_name: str = "The Daily Example",
    charset_meta: str | None = "utf-8",
    extra_head: str = "",
) -> str:
    head = [f'<meta charset="{charset_meta}">' if charset_meta else ""]
    head.append(f"<title>{escape(title)} | {escape(site_name)}</title>")
    head.append(f'<meta property="og:title" content="{escape(title)}">')
    head.append(f'<meta property="og:site_name" content="{escape(site_name)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        head.append(f'<meta name="author" content="{escape(author)}">')
    head.append(extra_head)
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(head)}</head><body>{NAV}'
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>"
        f'<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens new restaurant</a></li>'
        f'<li><a href="/y">Ten tips for a better garden</a></li></ul></aside>{FOOTER}</body></html>'
    )


def paywall_page(*, title: str = "Exclusive: inside the siege") -> str:
    teaser = "The siege of the town entered its third week as supplies ran low."
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{escape(title)}","isAccessibleForFree":"False"}}</script>'
        f"</head><body>{NAV}<article><h1>{escape(title)}</h1><p>{teaser}</p>"
        "<div class='paywall'><p>Subscribe to continue reading. Already a subscriber? Log in.</p>"
        f"</div></article>{FOOTER}</body></html>"
    )


def empty_page() -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Loading</title></head>"
        f"<body>{NAV}<div id='app'></div><script>window.app = {{}};</script>{FOOTER}</body></html>"
    )


@dataclass(frozen=True)
class Item:
    title: str
    link: str | None
    guid: str | None = None
    summary: str | None = None
    published: str | None = None  # RFC 822 for RSS, ISO 8601 for Atom / JSON Feed


def rss(items: Sequence[Item], *, title: str = "Example World News") -> str:
    rows = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>"]
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.summary:
            parts.append(f"<description>{escape(item.summary)}</description>")
        if item.published:
            parts.append(f"<pubDate>{item.published}</pubDate>")
        rows.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>"
        f"<description>World news</description>{''.join(rows)}</channel></rss>"
    )


def atom(items: Sequence[Item], *, title: str = "Example Atom") -> str:
    rows = []
    for item in items:
        link = f'<link rel="alternate" href="{escape(item.link)}"/>' if item.link else ""
        summary = f'<summary type="html">{escape(item.summary)}</summary>' if item.summary else ""
        rows.append(
            f"<entry><title>{escape(item.title)}</title>{link}"
            f"<id>{escape(item.guid or item.link or item.title)}</id>"
            f"<updated>{item.published or '2024-07-30T08:00:00Z'}</updated>{summary}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:example:feed</id>"
        f"<updated>2024-07-30T09:00:00Z</updated>{''.join(rows)}</feed>"
    )


def json_feed(items: Sequence[Item], *, title: str = "Example JSON Feed") -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {
                    "id": item.guid or item.link or item.title,
                    "url": item.link,
                    "title": item.title,
                    "content_text": item.summary,
                    "date_published": item.published,
                }
                for item in items
            ],
        }
    )
