"""Score where and when against coded events: ACLED notes and UCDP GED source headlines.

Run: .venv/bin/python bench/eval_places_dates.py [--heldout] [--errors N] [--only acled|ucdp|car]

Data (../shared/corpus, never copied into the project):
* acled-africa-2016-jan-may: 1,380 ACLED notes with EVENT_DATE, TIME_PRECISION, COUNTRY,
  ADMIN1, LOCATION, LATITUDE/LONGITUDE, GEO_PRECISION.
* ucdp-ged-v23.1-global-sample and -central-african-republic: each row's source headlines
  (`source_headline`, ";"-separated) with their publication dates (`source_date`), and the
  coded country, adm_1, latitude/longitude (where_prec) and date_start..date_end.

Rows are split deterministically by sha256 of the row id into a dev half (even) and a held-out
half (odd), as in bench/eval_extraction.py: rules are developed looking only at dev-half
errors; `--heldout` scores the other half and never prints its errors.

What is scored is what sitrep stores: `extract_article(text, title=None, published=reference)`
and its first event (a note or headline reports one incident). A text in which no conflict event
is found scores as "nothing found" on every measure.

Reference (publication) date:
* UCDP: the headline's own `source_date`, a real publication date. A row with several sources
  is read like sitrep reads several reports of one incident: the first report sets place and
  date, later ones only fill what is still unknown (a "reported" fallback date counts as
  unknown, since it is not read from the text).
* ACLED: notes carry no publication date, so EVENT_DATE itself is the stand-in. This makes
  weekday and "yesterday"-style phrases resolve against the coded day (favourable), but ACLED
  coders mostly write absolute dates ("On 8 March 2016"); the count of correct dates that came
  from a relative phrase is printed so the bias is visible.

Measures (each over the rows where the coded value exists; "nothing found" is a miss):
* event: share of rows where an event was extracted at all.
* country: the event's country_code equals the coded country; "(when given)": the same among
  rows where sitrep gave a country (precision). admin1 likewise.
* admin1: the event's admin1 (a region's own name for a region) equals the coded ADMIN1/adm_1
  after folding accents and case and dropping unit words ("Centre Nord region" = "Centre-Nord",
  "Kharkiv oblast" = "Kharkiv Oblast"), or both resolve to the same gazetteer region.
* place<=50km: rows coded to a point (ACLED GEO_PRECISION 1, UCDP where_prec 1-2): the event's
  place has coordinates within 50 km of the coded point.
* coverage: share of rows with any place (country included) / with a sub-national place.
* date: the extracted date range overlaps the coded window (ACLED: the day for TIME_PRECISION 1,
  +-6 days for 2, the calendar month for 3; UCDP: date_start..date_end), split into dates read
  from the text ("explicit") and the publication-anchored fallback (precision "reported"). The
  fallback is meaningful only for UCDP, where the reference is a real publication date; for
  ACLED it contains the coded day by construction and is not counted as correct.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import math
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.extract.article import extract_article  # noqa: E402
from bot.extract.places import load_gazetteer  # noqa: E402
from bot.extract.types import DateRange, ExtractedEvent, PlaceInfo  # noqa: E402
from bot.ingest.datasets import country_code  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ACLED_CSV = CORPUS / "acled-africa-2016-jan-may" / "acled_all_africa_20160101_20160528_subset.csv"
UCDP_CSV = CORPUS / "ucdp-ged-v23.1-global-sample" / "ged231_global_random_sample_1000.csv"
UCDP_CAR_CSV = (
    CORPUS / "ucdp-ged-v23.1-central-african-republic" / "ged231_central_african_republic.csv"
)
RADIUS_KM = 50.0
UNIT_WORDS = re.compile(
    r"\b(?:region|state|province|oblast|governorate|department|prefecture|district|county"
    r"|division|municipality|raion|wilaya|muhafazah|territory|economic|autonomous|republic"
    r"|special|zone|city|capital|of|the)\b"
)
MEASURES = (
    "event",
    "country",
    "country (when given)",
    "admin1",
    "admin1 (when given)",
    "place<=50km",
    "coverage: any place",
    "coverage: sub-national place",
    "date: explicit found",
    "date: explicit correct (all rows)",
    "date: explicit correct (when found)",
    "date: correct from a relative phrase",
    "date: fallback used",
    "date: fallback contains coded date",
)
RELATIVE_PRECISIONS_HINT = re.compile(
    r"(?i)\b(?:yesterday|today|tonight|last|this|ago|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|weekend|previous|past)\b"
)


@dataclass
class Gold:
    key: str
    texts: list[tuple[str, date]]  # (text, reference date), in report order
    country: str | None
    admin1: str | None
    point: tuple[float, float] | None  # only when coded to a point
    window: tuple[date, date]


@dataclass
class Prediction:
    found: bool = False
    country: str | None = None
    place: PlaceInfo | None = None
    when: DateRange | None = None


@dataclass
class Tally:
    """Hits and totals per measure, over all rows and over the rows where an event was found
    (the second separates where/when from event detection, which is not scored here)."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    found: bool = False  # whether the row being added had an event

    def add(self, name: str, hit: bool, *, eligible: bool = True) -> None:
        if eligible:
            pair = self.counts.setdefault(name, [0, 0, 0, 0])
            pair[0] += int(hit)
            pair[1] += 1
            if self.found:
                pair[2] += int(hit)
                pair[3] += 1

    def share(self, name: str, *, found_only: bool = False) -> str:
        counts = self.counts.get(name, [0, 0, 0, 0])
        hits, total = (counts[2], counts[3]) if found_only else (counts[0], counts[1])
        return f"{100 * hits / total:5.1f}% ({hits}/{total})" if total else "n/a"


def is_dev(key: str) -> bool:
    return hashlib.sha256(key.encode()).digest()[0] % 2 == 0


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = UNIT_WORDS.sub(" ", plain)
    return re.sub(r"[^a-z0-9]", "", plain)


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    dphi, dlmb = phi2 - phi1, math.radians(b[1] - a[1])
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --- loading ----------------------------------------------------------------------------------


def load_acled() -> Iterator[Gold]:
    with ACLED_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day, month, year = (int(p) for p in row["EVENT_DATE"].split("/"))
            coded = date(year, month, day)
            precision = row["TIME_PRECISION"].strip()
            if precision == "2":
                window = (coded - timedelta(days=6), coded + timedelta(days=6))
            elif precision == "3":
                last = calendar.monthrange(year, month)[1]
                window = (date(year, month, 1), date(year, month, last))
            else:
                window = (coded, coded)
            lat, lon = _float(row["LATITUDE"]), _float(row["LONGITUDE"])
            point = (lat, lon) if row["GEO_PRECISION"].strip() == "1" and lat and lon else None
            yield Gold(
                key=row["EVENT_ID_CNTY"],
                texts=[(row["NOTES"], coded)],
                country=country_code(row["COUNTRY"]),
                admin1=row["ADMIN1"].strip() or None,
                point=point,
                window=window,
            )


def load_ucdp(path: Path) -> Iterator[Gold]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            headlines = [h.strip() for h in row["source_headline"].split(";")]
            dates = [d.strip() for d in row["source_date"].split(";")]
            start = date.fromisoformat(row["date_start"][:10])
            end = date.fromisoformat(row["date_end"][:10])
            texts: list[tuple[str, date]] = []
            for number, headline in enumerate(headlines):
                raw = dates[number] if number < len(dates) else ""
                try:
                    published = date.fromisoformat(raw[:10])
                except ValueError:
                    published = end
                if len(headline) > 15:
                    texts.append((headline, published))
            if not texts:
                continue
            lat, lon = _float(row["latitude"]), _float(row["longitude"])
            precise = row["where_prec"].strip() in ("1", "2")
            yield Gold(
                key=row["id"],
                texts=texts,
                country=country_code(row["country"]),
                admin1=row["adm_1"].strip() or None,
                point=(lat, lon) if precise and lat is not None and lon is not None else None,
                window=(start, end),
            )


# --- predicting and scoring -------------------------------------------------------------------


def predict(gold: Gold) -> Prediction:
    """The first report sets what it finds; later reports fill only what is still unknown."""
    result = Prediction()
    for text, published in gold.texts:
        events = extract_article(text, title=None, published=published).events
        if not events:
            continue
        event: ExtractedEvent = events[0]
        result.found = True
        if result.country is None:
            result.country = event.country_code
        # A country-level place is the weakest: any report naming a place within it fills it.
        if event.place is not None and (
            result.place is None
            or (result.place.kind == "country" and event.place.kind != "country")
        ):
            result.place = event.place
        if event.when is not None and (
            result.when is None
            or (result.when.precision == "reported" and event.when.precision != "reported")
        ):
            result.when = event.when
    return result


def admin1_of(place: PlaceInfo | None) -> str | None:
    if place is None or place.kind == "country":
        return None
    return place.admin1 or (place.name if place.kind == "region" else None)


def same_admin1(predicted: str, coded: str, country: str | None) -> bool:
    if fold(predicted) == fold(coded):
        return True
    known = load_gazetteer().resolve(coded)
    if known is None:
        known = load_gazetteer().resolve(re.sub(r"\s+\w+$", "", coded))
    return (
        known is not None
        and known.kind == "region"
        and known.country_code == country
        and fold(known.admin1 or known.name) == fold(predicted)
    )


def score(gold: Gold, guess: Prediction, tally: Tally) -> list[str]:
    """Add one row to the tally; return the names of the measures it missed."""
    missed: list[str] = []
    tally.found = guess.found

    def add(name: str, hit: bool, eligible: bool = True) -> None:
        tally.add(name, hit, eligible=eligible)
        if eligible and not hit:
            missed.append(name)

    tally.add("event", guess.found)
    add("country", guess.country == gold.country, gold.country is not None)
    predicted_admin1 = admin1_of(guess.place)
    add(
        "admin1",
        predicted_admin1 is not None
        and gold.admin1 is not None
        and same_admin1(predicted_admin1, gold.admin1, gold.country),
        gold.admin1 is not None,
    )
    tally.add(
        "admin1 (when given)",
        predicted_admin1 is not None
        and gold.admin1 is not None
        and same_admin1(predicted_admin1, gold.admin1, gold.country),
        eligible=predicted_admin1 is not None and gold.admin1 is not None,
    )
    tally.add(
        "country (when given)",
        guess.country == gold.country,
        eligible=guess.country is not None and gold.country is not None,
    )
    point = None
    place = guess.place
    if place is not None and place.kind != "country" and place.lat is not None:
        point = (place.lat, place.lon if place.lon is not None else 0.0)
    add(
        "place<=50km",
        point is not None
        and gold.point is not None
        and distance_km(point, gold.point) <= RADIUS_KM,
        gold.point is not None,
    )
    tally.add("coverage: any place", guess.place is not None)
    tally.add(
        "coverage: sub-national place",
        guess.place is not None and guess.place.kind != "country",
    )
    when = guess.when
    explicit = when is not None and when.precision != "reported"
    overlaps = when is not None and when.start <= gold.window[1] and when.end >= gold.window[0]
    tally.add("date: explicit found", explicit)
    add("date: explicit correct (all rows)", explicit and overlaps)
    tally.add("date: explicit correct (when found)", overlaps, eligible=explicit)
    if explicit and overlaps and when is not None and RELATIVE_PRECISIONS_HINT.search(when.text):
        tally.add("date: correct from a relative phrase", True)
    fallback = when is not None and when.precision == "reported"
    tally.add("date: fallback used", fallback)
    tally.add("date: fallback contains coded date", overlaps, eligible=fallback)
    return missed


def run(name: str, rows: list[Gold], *, show_errors: int) -> None:
    tally = Tally()
    shown = 0
    started = time.perf_counter()
    for gold in rows:
        guess = predict(gold)
        missed = score(gold, guess, tally)
        if shown < show_errors and missed:
            shown += 1
            place = guess.place
            print(
                f"  [{gold.key}] missed {', '.join(missed)}\n"
                f"     text: {gold.texts[0][0][:300]!r}\n"
                f"     coded: {gold.country} / {gold.admin1} / {gold.point} / {gold.window}\n"
                f"     got:   {guess.country} / {place.name if place else None}"
                f" ({place.kind if place else '-'}, {admin1_of(place)}) / "
                f"{(place.lat, place.lon) if place else None} / "
                f"{(guess.when.start, guess.when.end, guess.when.precision, guess.when.text) if guess.when else None}"
            )
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {len(rows)} rows, {elapsed:.1f} s")
    print(f"  {'measure':38} {'all rows':>20}   {'rows with an event':>20}")
    for measure in MEASURES:
        if measure in tally.counts:
            everything, found = tally.share(measure), tally.share(measure, found_only=True)
            print(f"  {measure:38} {everything:>20}   {found:>20}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="score the held-out half")
    parser.add_argument("--errors", type=int, default=0, help="print N dev-half misses per set")
    parser.add_argument("--only", choices=["acled", "ucdp", "car"], default=None)
    args = parser.parse_args()
    if not ACLED_CSV.exists():
        sys.exit(f"corpus not found under {CORPUS}")
    half = "held-out" if args.heldout else "dev"
    show = 0 if args.heldout else args.errors
    sets = {
        "acled": ("ACLED Africa 2016 notes", lambda: load_acled()),
        "ucdp": ("UCDP GED global sample headlines", lambda: load_ucdp(UCDP_CSV)),
        "car": ("UCDP GED Central African Republic headlines", lambda: load_ucdp(UCDP_CAR_CSV)),
    }
    for key, (title, loader) in sets.items():
        if args.only and key != args.only:
            continue
        rows = [g for g in loader() if is_dev(g.key) != args.heldout]
        run(f"{title} ({half} half)", rows, show_errors=show)


if __name__ == "__main__":
    main()
