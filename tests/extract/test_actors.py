"""The actor catalog: the bundled alias file, mention finding and tolerant lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.extract.actors import catalog_from_yaml, load_actor_catalog


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_actor_catalog()


def test_default_catalog_is_loaded_once() -> None:
    assert load_actor_catalog() is load_actor_catalog()


def test_seed_actors_and_camps(catalog) -> None:  # type: ignore[no-untyped-def]
    wagner, fama, mali, csp, jnim = (
        catalog.get(n) for n in ("Wagner Group", "FAMa", "Government of Mali", "CSP", "JNIM")
    )
    assert wagner and fama and mali and csp and jnim
    assert wagner.camp == fama.camp == mali.camp == "mali_government"
    assert csp.camp != fama.camp and jnim.camp not in (csp.camp, fama.camp)
    assert catalog.get("wagner group") is wagner  # canonical names ignore case


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Wagner", "Wagner Group"),
        ("the Wagner Group", "Wagner Group"),
        ("Wagner's", "Wagner Group"),
        ("Russian Wagner mercenaries", "Wagner Group"),
        ("Africa Corps", "Wagner Group"),
        ("Tuareg rebels", "CSP"),
        ("csp", "CSP"),
        ("Permanent Strategic Framework for Peace, Security and Development", "CSP"),
        ("FLA", "CSP"),
        ("al-Qaeda affiliate", "JNIM"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"),
        ("Malian soldiers", "FAMa"),
        ("the Malian army", "FAMa"),
        ("Forces armées maliennes", "FAMa"),
        ("Malian junta", "Government of Mali"),
        ("Malian authorities", "Government of Mali"),
        ("EIGS", "Islamic State Sahel Province"),
        ("Nigerien troops", "Niger Armed Forces"),
        ("Russian soldiers", "Russian Armed Forces"),
        ("Ukrainian servicemen", "Ukrainian Armed Forces"),
        ("Janjaweed", "RSF"),
        ("al Shabaab", "al-Shabaab"),
        ("AMISOM", "AUSSOM"),
        ("Hayat Tahrir al-Sham", "HTS"),
        ("villagers", "Civilians"),
        ("Mali's northern Tuareg rebels", "CSP"),
    ],
)
def test_resolve(catalog, phrase: str, name: str) -> None:  # type: ignore[no-untyped-def]
    actor = catalog.resolve(phrase)
    assert actor is not None and actor.name == name


def test_country_names_are_places_not_actors(catalog) -> None:  # type: ignore[no-untyped-def]
    assert catalog.find_mentions("Floods killed 20 people in Niger and Russia.") == []
    russia = catalog.country("Russia")
    assert russia is not None and russia.name == "Government of Russia"
    assert catalog.national_force("RU") == catalog.get("Russian Armed Forces")
    assert catalog.country("Atlantis") is None


def test_resolve_unknown_and_short_words(catalog) -> None:  # type: ignore[no-untyped-def]
    assert catalog.resolve("the local football club") is None
    assert catalog.resolve("is") is None  # "IS" only as written


def test_find_mentions_longest_first_and_case_aware(catalog) -> None:  # type: ignore[no-untyped-def]
    text = "Tuareg rebels said 84 Russian Wagner mercenaries and Malian soldiers died; is CSP csp?"
    mentions = catalog.find_mentions(text)
    assert [(m.text, m.actor.name) for m in mentions] == [
        ("Tuareg rebels", "CSP"),
        ("Russian Wagner mercenaries", "Wagner Group"),
        ("Malian soldiers", "FAMa"),
        ("CSP", "CSP"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_find_mentions_spelling_variants(catalog) -> None:  # type: ignore[no-untyped-def]
    text = "Al-Shabaab and al Shabaab, the al Qaeda-linked group and the al-Qaeda-linked group"
    names = [m.actor.name for m in catalog.find_mentions(text)]
    assert names == ["al-Shabaab", "al-Shabaab", "JNIM", "JNIM"]


def test_aliases_of_and_all(catalog) -> None:  # type: ignore[no-untyped-def]
    aliases = catalog.aliases_of("FAMa")
    assert aliases[0] == "FAMa"
    assert "Malian soldiers" in aliases and "Forces armées maliennes" in aliases
    assert catalog.aliases_of("nobody") == []
    assert {a.name for a in catalog.all()} >= {"Wagner Group", "CSP", "JNIM", "Civilians"}


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n  - name: Blue Army\n    kind: state_force\n    camp: blue\n"
        "    aliases: [Blues, BA]\n    demonyms: [Bluish]\n",
        encoding="utf-8",
    )
    catalog = load_actor_catalog(path)
    assert [m.actor.name for m in catalog.find_mentions("BA and Bluish troops met Blues")] == [
        "Blue Army",
        "Blue Army",
        "Blue Army",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "actors:\n  - name: X\n    kind: spaceship\n",  # unknown kind
        "actors:\n  - name: X\n    kind: militia\n    colour: red\n",  # unknown field
        "actors:\n  - name: X\n    kind: militia\n    country_code: XYZ\n",  # not alpha-2
    ],
)
def test_invalid_files_are_rejected(body: str) -> None:
    with pytest.raises(ValidationError):
        catalog_from_yaml(body)


def test_an_alias_cannot_name_two_actors() -> None:
    body = (
        "actors:\n  - name: A\n    kind: militia\n    aliases: [Shared]\n"
        "  - name: B\n    kind: militia\n    aliases: [shared]\n"
    )
    with pytest.raises(ValueError, match="belongs to both"):
        catalog_from_yaml(body)
