"""Speed of extract_article() and how well it places, dates and types ACLED's own event notes.

Run: .venv/bin/python bench/extract_article.py [--limit N]

Speed: the seed article (about 360 words) and a 600-word article built from it, best of five
runs of CPU time, so other processes on the machine do not inflate the figure.

Accuracy: ../shared/corpus/acled-africa-2016-jan-may (ACLED event notes, each coded with
COUNTRY, ADMIN1, LOCATION, EVENT_DATE and EVENT_TYPE). Every note is read as an article
published two days after its event date. Reported per note that yielded an event:
* country: the event's country is ACLED's COUNTRY;
* place: the event's place is ACLED's LOCATION, counted only where the gazetteer knows that
  location (the others measure the gazetteer's coverage, reported separately);
* date: the event's date range contains ACLED's EVENT_DATE (notes without a date expression
  near the fighting get only the "reported" window before publication and count as misses);
* type: ACLED's family mapped to ours (Battle -> armed_clash; Remote violence ->
  air_drone_strike or explosion_ied; Violence against civilians -> violence_against_civilians,
  attack or abduction_capture); riots, protests and strategic developments are not scored.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import timeit
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.extract.article import extract_article  # noqa: E402
from bot.extract.places import load_gazetteer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ACLED = CORPUS / "acled-africa-2016-jan-may" / "acled_all_africa_20160101_20160528_subset.csv"
SEED = ROOT / "tests" / "data" / "seed_wagner_mali.txt"

TYPE_FAMILIES = {
    "Battle-No change of territory": {"armed_clash", "attack"},
    "Battle-Government regains territory": {"armed_clash", "attack"},
    "Battle-Non-state actor overtakes territory": {"armed_clash", "attack"},
    "Remote violence": {"air_drone_strike", "explosion_ied"},
    "Violence against civilians": {"violence_against_civilians", "attack", "abduction_capture"},
}


def _cpu_ms(function: Callable[[], object], number: int) -> float:
    timer = timeit.Timer(function, timer=time.process_time)
    return min(timer.repeat(repeat=5, number=number)) / number * 1000


def speed() -> None:
    seed = SEED.read_text(encoding="utf-8")
    body = seed.split("\n", 1)[1]
    long_article = seed + "\n" + body[: len(body) * 2 // 3]
    title = seed.splitlines()[0]
    for name, text in (("seed", seed), ("600-word", long_article)):
        words = len(text.split())
        ms = _cpu_ms(partial(extract_article, text, title=title, published=date(2024, 8, 1)), 200)
        print(f"{name:9s} {words:4d} words  {ms:6.2f} ms/article  {1000 / ms:6.0f} articles/s")


def accuracy(limit: int | None) -> None:
    if not ACLED.exists():
        print(f"(no ACLED corpus at {ACLED}: accuracy skipped)")
        return
    gazetteer = load_gazetteer()
    counts = dict.fromkeys(
        ["rows", "events", "country", "place", "place_known", "date", "typed", "type_ok"], 0
    )
    started = time.process_time()
    with ACLED.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if limit is not None and number >= limit:
                break
            counts["rows"] += 1
            happened = datetime.strptime(row["EVENT_DATE"], "%d/%m/%Y").date()
            result = extract_article(
                row["NOTES"], title=None, published=happened + timedelta(days=2)
            )
            if not result.events:
                continue
            event = result.events[0]
            counts["events"] += 1
            counts["country"] += event.country_code == gazetteer.country_code_for(row["COUNTRY"])
            known = gazetteer.resolve(row["LOCATION"])
            if known is not None and known.kind != "country":
                counts["place_known"] += 1
                counts["place"] += event.place is not None and event.place.name == known.name
            when = event.when
            # A "reported" window is publication-anchored, not read from the note: a miss here.
            read = when is not None and when.precision != "reported"
            counts["date"] += read and when is not None and when.start <= happened <= when.end
            family = TYPE_FAMILIES.get(row["EVENT_TYPE"])
            if family is not None:
                counts["typed"] += 1
                counts["type_ok"] += event.event_type in family
    elapsed = time.process_time() - started

    def share(part: str, whole: str) -> str:
        return f"{counts[part]}/{counts[whole]} = {counts[part] / max(counts[whole], 1):.0%}"

    print(f"ACLED notes: {counts['rows']}, with an event: {share('events', 'rows')}")
    print(f"  country right:            {share('country', 'events')}")
    print(f"  place right (known):      {share('place', 'place_known')}")
    print(f"  date covers EVENT_DATE:   {share('date', 'events')}")
    print(f"  type in ACLED's family:   {share('type_ok', 'typed')}")
    print(f"  CPU time: {elapsed / max(counts['rows'], 1) * 1000:.2f} ms per note")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N notes")
    args = parser.parse_args()
    speed()
    accuracy(args.limit)


if __name__ == "__main__":
    main()
