"""extract_article(): the seed article and a dozen short articles of other kinds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.extract.article import extract_article
from bot.extract.types import ArticleExtraction, ExtractedEvent

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLES = Path(__file__).resolve().parent / "articles"
SEED = (DATA / "seed_wagner_mali.txt").read_text(encoding="utf-8")
SEED_TITLE = SEED.splitlines()[0]


def article(name: str) -> str:
    return (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")


def only_event(result: ArticleExtraction) -> ExtractedEvent:
    assert len(result.events) == 1, result.events
    return result.events[0]


def roles(event: ExtractedEvent, role: str) -> set[str]:
    return {actor.name for actor, actor_role in event.actors if actor_role == role}


# --- the seed ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_event() -> ExtractedEvent:
    return only_event(extract_article(SEED, title=SEED_TITLE, published=date(2024, 8, 1)))


def test_seed_place_is_the_town_with_its_region_country_and_coordinates(
    seed_event: ExtractedEvent,
) -> None:
    place = seed_event.place
    assert place is not None
    assert (place.name, place.kind, place.admin1, place.country_code) == (
        "Tinzaouaten",
        "town",
        "Kidal",
        "ML",
    )
    assert place.lat is not None and place.lon is not None
    assert seed_event.country_code == "ML"


def test_seed_date_is_the_fighting_not_the_statement_or_background(
    seed_event: ExtractedEvent,
) -> None:
    when = seed_event.when
    assert when is not None
    assert (when.start, when.end, when.precision) == (
        date(2024, 7, 21),
        date(2024, 7, 31),
        "part_of_month",
    )


def test_seed_type_title_and_summary(seed_event: ExtractedEvent) -> None:
    assert seed_event.event_type == "armed_clash"
    assert seed_event.title == SEED_TITLE
    assert "late July clashes" in seed_event.summary
    assert SEED_TITLE not in seed_event.summary
    assert "inputs from agencies" not in seed_event.summary
    assert len(seed_event.summary) <= 400


def test_seed_sides(seed_event: ExtractedEvent) -> None:
    assert {"Wagner Group", "FAMa"} <= roles(seed_event, "side_a")
    assert roles(seed_event, "side_b") == {"CSP"}
    assert "JNIM" in roles(seed_event, "involved")


def test_seed_claims_carry_the_day_they_were_made(seed_event: ExtractedEvent) -> None:
    admissions = [c for c in seed_event.claims if c.claimant == "Wagner Group"]
    assert admissions and all(c.claimed_on == date(2024, 7, 29) for c in admissions)
    announced = [c for c in seed_event.claims if "announced on Thursday" in c.sentence]
    assert announced and all(c.claimed_on == date(2024, 8, 1) for c in announced)
    # "Malian authorities have similarly acknowledged..." is not dated by Wagner's July 29.
    others = [c for c in seed_event.claims if c.claimant not in ("Wagner Group", "CSP", "JNIM")]
    assert all(c.claimed_on is None for c in others if "July 29" in c.sentence)


def test_seed_read_a_year_earlier_resolves_to_that_year() -> None:
    event = only_event(extract_article(SEED, title=SEED_TITLE, published=date(2023, 8, 3)))
    assert event.when is not None
    assert (event.when.start, event.when.end) == (date(2023, 7, 21), date(2023, 7, 31))
    admissions = [c for c in event.claims if c.claimant == "Wagner Group"]
    assert admissions and admissions[0].claimed_on == date(2023, 7, 29)


def test_seed_without_a_title_gets_a_generated_one() -> None:
    event = only_event(extract_article(SEED, title=None, published=date(2024, 8, 1)))
    assert event.title == "Clashes near Tinzaouaten, Mali"


# --- other articles ---------------------------------------------------------------------------


def test_sudan_air_strike_on_monday() -> None:
    result = extract_article(article("sudan_airstrike"), title=None, published=date(2024, 6, 12))
    event = only_event(result)
    assert event.event_type == "air_drone_strike"
    assert event.place is not None and (event.place.name, event.country_code) == ("Nyala", "SD")
    assert event.when is not None and (event.when.start, event.when.precision) == (
        date(2024, 6, 10),
        "day",
    )
    assert event.title == "Air/drone strike near Nyala, Sudan"
    assert "April 2023" not in event.summary


def test_ukraine_drone_strike_last_week_with_a_later_statement() -> None:
    event = only_event(
        extract_article(
            article("ukraine_drone"), title="Odesa toll rises to 12", published=date(2024, 3, 5)
        )
    )
    assert event.event_type == "air_drone_strike"
    assert event.place is not None and (event.place.name, event.country_code) == ("Odesa", "UA")
    assert event.when is not None
    assert (event.when.start, event.when.end, event.when.precision) == (
        date(2024, 2, 26),
        date(2024, 3, 3),
        "week",
    )


def test_somalia_roadside_bomb() -> None:
    event = only_event(
        extract_article(article("somalia_ied"), title=None, published=date(2024, 5, 20))
    )
    assert event.event_type == "explosion_ied"
    assert event.place is not None and (event.place.name, event.country_code) == ("Baidoa", "SO")
    assert event.when is not None and event.when.start == date(2024, 5, 18)
    assert "Reporting by" not in event.summary


def test_nigeria_abduction_in_a_state() -> None:
    event = only_event(
        extract_article(article("nigeria_abduction"), title=None, published=date(2024, 3, 9))
    )
    assert event.event_type == "abduction_capture"
    assert event.place is not None
    assert (event.place.name, event.place.kind, event.country_code) == (
        "Kaduna State",
        "region",
        "NG",
    )
    assert event.when is not None and event.when.start == date(2024, 3, 7)
    assert event.title == "Abduction in Kaduna State, Nigeria"


def test_roundup_splits_into_one_event_per_place_with_its_own_claims() -> None:
    result = extract_article(article("roundup"), title="Sahel roundup", published=date(2024, 2, 20))
    assert [(e.place.name if e.place else None, e.country_code) for e in result.events] == [
        ("Djibo", "BF"),
        ("Kidal", "ML"),
    ]
    djibo, kidal = result.events
    assert djibo.when is not None and djibo.when.start == date(2024, 2, 18)
    assert kidal.when is not None and kidal.when.start == date(2024, 2, 19)
    assert djibo.claims and all("Djibo" in c.sentence for c in djibo.claims)
    assert kidal.claims and all("Kidal" in c.sentence for c in kidal.claims)
    assert djibo.title != kidal.title  # generated per event, not the roundup's title


@pytest.mark.parametrize("name", ["gold_exports", "floods"])
def test_news_without_a_conflict_event_has_no_events(name: str) -> None:
    result = extract_article(article(name), title=None, published=date(2024, 8, 1))
    assert result.events == []
    assert result.notes == []


def test_unsupported_language_is_stored_with_a_note() -> None:
    result = extract_article(
        article("french"), title="Mali : combats", published=date(2024, 8, 1), language="fr"
    )
    assert result.events == []
    assert result.language == "fr"
    assert result.notes == [
        "extraction for language 'fr' is not supported yet; stored and searchable"
    ]


def test_english_variants_are_english() -> None:
    result = extract_article(
        article("somalia_ied"), title=None, published=date(2024, 5, 20), language="en-GB"
    )
    assert len(result.events) == 1 and result.notes == []


def test_niger_is_not_nigeria() -> None:
    event = only_event(
        extract_article(article("niger_ambush"), title=None, published=date(2024, 3, 21))
    )
    assert event.country_code == "NE"
    # "near Koutougou in Niger's Tillabéri region": an unlisted village, placed in the region.
    assert event.place is not None
    assert (event.place.name, event.place.admin1) == ("Koutougou", "Tillabéri")
    assert event.event_type == "attack"
    assert event.when is not None and event.when.start == date(2024, 3, 19)


def test_drc_clash_near_sake() -> None:
    event = only_event(
        extract_article(article("drc_clashes"), title=None, published=date(2024, 2, 9))
    )
    assert event.event_type == "armed_clash"
    assert event.place is not None and (event.place.name, event.country_code) == ("Sake", "CD")
    assert event.when is not None and event.when.start == date(2024, 2, 7)
    assert "M23" in roles(event, "side_b")


def test_gaza_air_strike() -> None:
    event = only_event(
        extract_article(article("gaza_strike"), title=None, published=date(2024, 6, 7))
    )
    assert event.event_type == "air_drone_strike"
    assert event.place is not None and (event.place.name, event.country_code) == (
        "Nuseirat",
        "PS",
    )
    assert event.when is not None and event.when.start == date(2024, 6, 6)


def test_ukraine_repelled_assaults_in_the_past_day() -> None:
    event = only_event(
        extract_article(article("ukraine_clash"), title=None, published=date(2024, 4, 12))
    )
    assert event.event_type == "armed_clash"
    assert event.place is not None and event.place.name == "Chasiv Yar"
    assert event.when is not None
    assert (event.when.start, event.when.end) == (date(2024, 4, 11), date(2024, 4, 12))


def test_background_years_never_date_the_event() -> None:
    event = only_event(
        extract_article(article("background_years"), title=None, published=date(2024, 8, 1))
    )
    assert event.place is not None and event.place.name == "Gao"
    # No year becomes the date: only the "reported" window up to publication is left.
    assert event.when is not None and event.when.precision == "reported"
    assert event.when.end == date(2024, 8, 1)


def test_a_place_named_only_in_the_title_still_places_the_event() -> None:
    event = only_event(
        extract_article(
            article("headline_place"),
            title="Rebels and army clash near Kidal",
            published=date(2024, 8, 1),
        )
    )
    assert event.place is not None and event.place.name == "Kidal"
    assert event.when is not None and event.when.start == date(2024, 7, 30)
    assert event.title == "Rebels and army clash near Kidal"


def test_a_separate_incident_the_same_day_is_its_own_event() -> None:
    text = (
        "Herdsmen attacked Tse Umenger village in Guma, Benue State, on Monday, shooting dead "
        "8 farmers. In a separate incident the same day in neighbouring Logo, gunmen killed 12 "
        "people on the road to Ugba."
    )
    result = extract_article(text, title=None, published=date(2018, 1, 2))
    assert [[c.low for c in e.claims if c.outcome == "killed"] for e in result.events] == [
        [8],
        [12],
    ]
