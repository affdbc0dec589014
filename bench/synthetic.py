"""A deterministic synthetic news corpus for benchmarks: ~600-word conflict reports.

Articles are assembled from templates with a seeded RNG (varied actors, places, figures,
claimants and dates), so every run measures the same text. Not a test fixture: the prose is
repetitive by design, and the figures mean nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# (country, places, government forces phrases, opponents) — names the catalog and gazetteer know.
THEATRES = [
    (
        "Mali",
        ["Tinzaouaten", "Kidal", "Gao", "Ségou", "Boni", "Ménaka", "Timbuktu", "Bourem"],
        ["Malian soldiers", "Wagner fighters", "Malian troops"],
        ["CSP", "JNIM", "Tuareg rebels", "Islamic State Sahel Province"],
    ),
    (
        "Sudan",
        ["El Fasher", "Nyala", "El Obeid", "Sinja", "Omdurman", "Wad Madani"],
        ["Sudanese soldiers", "army troops"],
        ["RSF", "Rapid Support Forces"],
    ),
    (
        "Burkina Faso",
        ["Djibo", "Barsalogho", "Fada N'Gourma", "Dori", "Kaya"],
        ["Burkinabe soldiers", "VDP volunteers"],
        ["JNIM", "Islamic State Sahel Province"],
    ),
    (
        "Niger",
        ["Tassia", "Tillabéri", "Diffa", "Agadez"],
        ["Nigerien soldiers"],
        ["Islamic State Sahel Province", "JNIM", "Boko Haram"],
    ),
    (
        "DR Congo",
        ["Goma", "Lubero", "Rutshuru", "Sake", "Beni", "Bunia"],
        ["Congolese soldiers", "FARDC troops"],
        ["M23", "ADF", "CODECO"],
    ),
    (
        "Somalia",
        ["Mogadishu", "Baidoa", "Beledweyne", "Kismayo"],
        ["Somali soldiers", "SNA troops"],
        ["al-Shabaab"],
    ),
    (
        "Nigeria",
        ["Maiduguri", "Bama", "Gwoza", "Monguno"],
        ["Nigerian soldiers"],
        ["Boko Haram", "ISWAP"],
    ),
]
THIRD_PARTIES = ["local officials", "a hospital source", "residents", "the United Nations"]
OUTLETS = ["Sahel Wire", "Horn Dispatch", "Great Lakes Observer", "Desert Dispatch"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

LEADS = [
    "{opponent} said on {weekday} that its fighters had killed {n1} {gov} in fighting near {place}.",
    "At least {n1} {gov} were killed when {opponent} attacked positions near {place} on {weekday}, {third} said.",
    "The army said on {weekday} that {n1} {gov} were killed and {n2} wounded in an ambush near {place}.",
]
FOLLOWS = [
    "The army said it had killed {n3} militants in the counter-attack, a figure {opponent} denied.",
    "{opponent} also said it had captured {n4} soldiers and seized weapons and vehicles.",
    "{third} said {n5} civilians were killed in the crossfire and dozens more had fled.",
    "The government acknowledged heavy losses but gave no figures.",
    "{third} put the death toll at {n6}, including several women and children.",
]
BACKGROUND = [
    "The region has been at the centre of a long insurgency that has displaced hundreds of thousands of people.",
    "Humanitarian groups say access to the area has been cut for weeks, and food prices have tripled in local markets.",
    "Analysts say the fighting reflects a wider struggle for control of trade routes across the border.",
    "The government has repeatedly promised to restore security, but attacks on military posts have continued.",
    "Diplomats in the capital said the violence could derail talks planned for later in the year.",
    "Mobile networks in the area have been down since the fighting began, making independent verification difficult.",
    "Aid workers said clinics were running short of medicine and that several roads had been mined.",
    "The army has relied increasingly on drones and foreign partners since withdrawing from several remote bases.",
    "Local leaders called for a ceasefire and for an inquiry into the conduct of all armed groups in the area.",
    "Thousands of families have sought refuge in camps on the outskirts of the nearest large town.",
    "The rainy season has made many tracks impassable, slowing both military convoys and relief deliveries.",
    "Residents described hearing heavy gunfire for several hours before the attackers withdrew.",
]


@dataclass(frozen=True)
class SyntheticArticle:
    title: str
    text: str
    published_at: datetime
    publisher: str
    url: str


def synthetic_corpus(
    count: int, *, seed: int = 20240801, words: int = 600
) -> list[SyntheticArticle]:
    """`count` articles of roughly `words` words each, identical for identical arguments."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    # A news stream: publication dates advance through the corpus (about two years), a day or
    # two out of order here and there, as feeds deliver them.
    days = [max(0, i * 700 // max(count, 1) + rng.randint(-2, 2)) for i in range(count)]
    return [_article(rng, i, start + timedelta(days=d), words) for i, d in enumerate(days)]


def _article(rng: random.Random, index: int, published: date, words: int) -> SyntheticArticle:
    country, places, govs, opponents = rng.choice(THEATRES)
    values = {
        "opponent": rng.choice(opponents),
        "gov": rng.choice(govs),
        "place": rng.choice(places),
        "third": rng.choice(THIRD_PARTIES),
        "weekday": rng.choice(WEEKDAYS),
        **{f"n{i}": rng.randint(2, 120) for i in range(1, 7)},
    }
    lead = rng.choice(LEADS).format(**values)
    paragraphs = [lead + " " + rng.choice(FOLLOWS).format(**values)]
    paragraphs.append(" ".join(f.format(**values) for f in rng.sample(FOLLOWS, 2)))
    while sum(len(p.split()) for p in paragraphs) < words:
        sentences = rng.sample(BACKGROUND, 3)
        paragraphs.append(
            " ".join(sentences)
            + f" The fighting near {values['place']} in {country} was the latest of many such clashes."
        )
    title = f"Fighting near {values['place']}: {values['opponent']} claims {values['n1']} killed"
    return SyntheticArticle(
        title=title,
        text="\n".join(paragraphs),
        published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC),
        publisher=rng.choice(OUTLETS),
        url=f"https://example.org/bench/{index}",
    )
