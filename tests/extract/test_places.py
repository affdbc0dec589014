"""The gazetteer: matching places in news text, resolving what users type, validating the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.extract.places import Gazetteer, load_gazetteer, parse_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def names(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.place.name, m.demonym) for m in gazetteer.find_mentions(text)]


def test_bundled_gazetteer_is_large_and_every_place_has_a_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.place_count >= 250
    town = gazetteer.resolve("Tinzaouaten")
    assert town is not None
    assert (town.kind, town.admin1, town.country_code) == ("town", "Kidal", "ML")
    assert town.lat == pytest.approx(19.96, abs=0.2)
    assert town.lon == pytest.approx(2.95, abs=0.2)


@pytest.mark.parametrize(
    "spelling", ["Tinzaouaten", "Tin Zaouaten", "Tinzawaten", "Tinzawatene", "tin-zaouaten"]
)
def test_alternate_spellings_resolve_to_one_town(gazetteer: Gazetteer, spelling: str) -> None:
    place = gazetteer.resolve(spelling)
    assert place is not None and place.name == "Tinzaouaten"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mali", "ML"),
        ("Burkina", "BF"),
        ("DRC", "CD"),
        ("Ivory Coast", "CI"),
        ("Congo", "CD"),
        ("Republic of Congo", "CG"),
        ("Niger", "NE"),
        ("Nigeria", "NG"),
        ("Guinea", "GN"),
        ("Guinea-Bissau", "GW"),
        ("Equatorial Guinea", "GQ"),
        ("chad", "TD"),
    ],
)
def test_resolve_countries(gazetteer: Gazetteer, typed: str, code: str) -> None:
    place = gazetteer.resolve(typed)
    assert place is not None
    assert (place.kind, place.country_code) == ("country", code)


def test_accents_are_optional(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Segou")
    assert place is not None and place.name == "Ségou"
    assert names(gazetteer, "Fighting near Segou and Djenne.") == [
        ("Segou", "Ségou", False),
        ("Djenne", "Djenné", False),
    ]


def test_country_codes_from_names_demonyms_and_codes(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_code_for("Malian") == "ML"
    assert gazetteer.country_code_for("Burkinabe") == "BF"
    assert gazetteer.country_code_for("Nigerien") == "NE"
    assert gazetteer.country_code_for("Nigerian") == "NG"
    assert gazetteer.country_code_for("Congolese") == "CD"
    assert gazetteer.country_code_for("ml") == "ML"
    assert gazetteer.country_code_for("MLI") == "ML"
    assert gazetteer.country_code_for("SDN") == "SD"
    assert gazetteer.country_code_for("Atlantis") is None
    assert gazetteer.country_code_for("Kidal") is None  # a town is not a country


def test_country_names_are_the_common_ones(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_name("BO") == "Bolivia"
    assert gazetteer.country_name("SY") == "Syria"
    assert gazetteer.country_name("RU") == "Russia"
    assert gazetteer.country_name("CD") == "Democratic Republic of the Congo"
    assert gazetteer.country_name("XX") is None
    country = gazetteer.country("ml")
    assert country is not None and (country.name, country.kind) == ("Mali", "country")


def test_word_boundaries_keep_similar_countries_apart(gazetteer: Gazetteer) -> None:
    text = (
        "Troops from Somalia, Niger and Nigeria met officials from Guinea-Bissau, "
        "Equatorial Guinea and Guinea."
    )
    assert [(m.text, m.place.country_code) for m in gazetteer.find_mentions(text)] == [
        ("Somalia", "SO"),
        ("Niger", "NE"),
        ("Nigeria", "NG"),
        ("Guinea-Bissau", "GW"),
        ("Equatorial Guinea", "GQ"),
        ("Guinea", "GN"),
    ]


def test_longest_match_wins(gazetteer: Gazetteer) -> None:
    text = "Gunmen attacked villages in Niger State and the Niger Delta, not in Niger."
    found = [(m.text, m.place.kind, m.place.country_code) for m in gazetteer.find_mentions(text)]
    assert found == [
        ("Niger State", "region", "NG"),
        ("Niger Delta", "region", "NG"),
        ("Niger", "country", "NE"),
    ]


def test_demonyms_are_flagged(gazetteer: Gazetteer) -> None:
    found = names(gazetteer, "Malian soldiers and Burkinabe troops fought near Djibo.")
    assert found == [
        ("Malian", "Mali", True),
        ("Burkinabe", "Burkina Faso", True),
        ("Djibo", "Djibo", False),
    ]
    assert names(gazetteer, "Two Nigeriens and three Malians")[0] == ("Nigeriens", "Niger", True)


def test_possessives_and_hyphenated_pairs(gazetteer: Gazetteer) -> None:
    found = names(gazetteer, "Mali's army and Russian-Malian relations")
    assert found == [
        ("Mali", "Mali", False),
        ("Russian", "Russia", True),
        ("Malian", "Mali", True),
    ]


def test_chad_the_person_is_not_chad_the_country(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "Chad Smith, a reporter, said.") == []
    assert names(gazetteer, "Refugees crossed into Chad. Chad's army said.") == [
        ("Chad", "Chad", False),
        ("Chad", "Chad", False),
    ]
    assert names(gazetteer, "Clashes near Lake Chad")[0][1] == "Lake Chad"


def test_case_matters_in_text_but_not_in_questions(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "the GAO report on mali") == []
    typed = gazetteer.find_mentions("what happened in mali near tinzaouaten?", any_case=True)
    assert [m.place.name for m in typed] == ["Mali", "Tinzaouaten"]
    assert gazetteer.find_mentions("tell us about the car bomb", any_case=True) == []


def test_abbreviations_with_full_stops(gazetteer: Gazetteer) -> None:
    found = [
        (m.place.country_code, m.place.name)
        for m in gazetteer.find_mentions("U.S. officials and D.R. Congo troops in St. Petersburg")
    ]
    assert found == [
        ("US", "United States"),
        ("CD", "Democratic Republic of the Congo"),
        (
            "RU",
            "Saint Petersburg",
        ),
    ]


def test_stop_phrases_hide_the_country_inside(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "He lives in New Mexico.") == []


def test_a_small_file_validates_and_matches() -> None:
    gazetteer = parse_gazetteer(
        {"places": {"ML": [{"name": "Anefis", "admin1": "Kidal", "lat": 18.05, "lon": 0.6}]}}
    )
    assert [m.place.name for m in gazetteer.find_mentions("near Anefis in Mali")] == [
        "Anefis",
        "Mali",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"places": {"XX": [{"name": "Nowhere"}]}}, "unknown ISO"),
        ({"places": {"ML": [{"name": "Gao", "lat": 16.2}]}}, "both lat and lon"),
        ({"places": {"ML": [{"name": "Gao", "lat": 160, "lon": 0}]}}, "less than or equal"),
        ({"places": {"ML": [{"name": "Gao", "kind": "village"}]}}, "kind"),
        ({"places": {"ML": [{"name": "Gao"}, {"name": "Gao"}]}}, "names both"),
        ({"places": {"ML": [{"name": "Niger"}]}}, "names both"),
        ({"spelling": "wrong"}, "spelling"),
    ],
)
def test_invalid_files_fail_loudly(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_gazetteer(data)


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.yaml"
    path.write_text("places:\n  SD:\n    - {name: El Fasher, aka: [Al Fashir]}\n", encoding="utf-8")
    gazetteer = load_gazetteer(path)
    place = gazetteer.resolve("al fashir")
    assert place is not None and (place.name, place.country_code) == ("El Fasher", "SD")
    with pytest.raises(ConfigError, match="cannot read"):
        load_gazetteer(tmp_path / "missing.yaml")


# --- unlisted localities, ISO 3166-2 provinces, ambiguous names ------------------------------


def places(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, str, str | None]]:
    return [
        (m.place.name, m.place.kind, m.place.country_code, m.place.admin1)
        for m in gazetteer.find_mentions(text, localities=True)
        if not m.demonym
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen burned the village of Kalembe, in North Kivu, overnight.",
            ("Kalembe", "locality", "CD", "North Kivu"),
        ),
        (
            "Three herders were shot dead in Ndoki village near Maiduguri, Nigeria.",
            ("Ndoki", "locality", "NG", "Borno"),
        ),
        (
            "Jets struck Wadi Kurat locality in South Kordofan, Sudan.",
            ("Wadi Kurat locality", "locality", "SD", "South Kordofan"),
        ),
        (
            "Militants attacked a checkpoint on the outskirts of Tadamakat, Mali.",
            ("Tadamakat", "locality", "ML", None),
        ),
        (
            "Fighting was reported 15 km north of Bouroum, in Burkina Faso.",
            ("Bouroum", "locality", "BF", None),
        ),
        (
            "Two soldiers died in Kokoro, Tillabéri region, Niger.",
            ("Kokoro", "locality", "NE", "Tillabéri"),
        ),
        (
            "Clashes erupted in the Dangara district of Sennar state.",
            ("Dangara district", "locality", "SD", "Sennar"),
        ),
        (
            "Insurgents raided Ngamdu LGA, Borno State, at dawn.",
            ("Ngamdu LGA", "locality", "NG", "Borno"),
        ),
    ],
)
def test_unlisted_places_named_as_places(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str, str, str | None]
) -> None:
    assert expected in places(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen burned the village of Kalembe overnight.",  # no country anywhere
        "Kenyan troops were ambushed near Bulo Hawa.",  # a demonym is not where it happened
        "The Islamic State claimed the attack.",
        "Talks were held in the city of Geneva in May.",
    ],
)
def test_no_unlisted_place_without_a_country_or_from_non_place_words(
    gazetteer: Gazetteer, text: str
) -> None:
    assert [p for p in places(gazetteer, text) if p[1] == "locality"] == []


def test_leading_function_words_are_not_part_of_a_name(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "In Yaqshid District of Mogadishu, a grenade killed two.")
    assert ("Yaqshid district", "locality", "SO", "Banadir") in found


def test_listed_towns_are_never_shadowed_by_localities(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Shells fell near Nyala town in Sudan.")
    assert found[0][:2] == ("Nyala", "town")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Herders killed 12 in Nigeria's Kebbi state.", ("Kebbi", "NG")),
        ("An attack in Kebbi, northwest Nigeria.", ("Kebbi", "NG")),
        ("Fighting in Delta State left four dead.", ("Delta", "NG")),
        # ISO spells it "Fāryāb" and "Tigrai": the news spelling and the gazetteer's win.
        ("Taliban attacked posts in Faryab province.", ("Faryab", "AF")),
        ("Drone strikes hit Tigrai, Ethiopia.", ("Tigray", "ET")),
    ],
)
def test_first_level_divisions_from_iso_3166_2(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str]
) -> None:
    regions = [(p[0], p[2]) for p in places(gazetteer, text) if p[1] == "region"]
    assert regions == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Boats crossed the Delta at dawn.",  # an ordinary word: needs its unit ("Delta State")
        "Kebbi said the herders had left.",  # a bare province name with nothing else in Nigeria
    ],
)
def test_province_names_that_are_ordinary_words_or_unsupported(
    gazetteer: Gazetteer, text: str
) -> None:
    assert [p for p in places(gazetteer, text) if p[1] == "region"] == []


AMBIGUOUS = {
    "places": {
        "LY": [{"name": "Tripoli", "lat": 32.9, "lon": 13.2}, {"name": "Misrata"}],
        "LB": [{"name": "Tripoli", "lat": 34.4, "lon": 35.8}, {"name": "Beirut"}],
    }
}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Clashes in Tripoli left five dead, Lebanese officials said in Beirut.", "LB"),
        ("Clashes in Tripoli and Misrata.", "LY"),
        ("Clashes in Tripoli, Lebanon.", "LB"),
        ("Clashes in Tripoli.", "LY"),  # nothing else to go on: the first listed
    ],
)
def test_a_name_in_two_countries_follows_the_country_of_the_text(text: str, code: str) -> None:
    gazetteer = parse_gazetteer(AMBIGUOUS)
    tripoli = [m for m in gazetteer.find_mentions(text) if m.text == "Tripoli"]
    assert [m.place.country_code for m in tripoli] == [code]
