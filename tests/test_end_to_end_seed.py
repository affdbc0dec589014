"""The seed article through the real CLI, extractor and store, on SQLite and PostgreSQL.

Nothing here is hard-coded in the product: the answer is what the extractor understood.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import Cli, cli_fixture  # noqa: F401  (the `cli` fixture)

SEED = Path(__file__).parent / "data" / "seed_wagner_mali.txt"
URL = "https://example.com/2024/08/01/mali-wagner-tinzaouaten"


def test_latest_wagner_losses_in_mali(cli: Cli) -> None:
    ingested = cli(
        "ingest",
        str(SEED),
        "--published",
        "2024-08-01",
        "--url",
        URL,
        "--publisher",
        "Example Wire",
    )
    assert ingested.exit_code == 0, ingested.output

    result = cli("ask", "latest Wagner losses in Mali", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["kind"] == "latest" and len(answer["events"]) == 1
    event = answer["events"][0]
    assert event["place"] == "Tinzaouaten" and event["country_code"] == "ML"
    assert event["date_start"] >= "2024-07-20" and event["date_end"] <= "2024-07-31"
    assert event["date_end"] >= "2024-07-25"  # late July

    claims = event["claims"]

    def find(claimant: str, victim: str, outcome: str) -> list[dict]:  # type: ignore[type-arg]
        return [
            c
            for c in claims
            if c["claimant"] == claimant and c["victim"] == victim and c["outcome"] == outcome
        ]

    csp_wagner = find("CSP", "Wagner Group", "killed")
    assert csp_wagner and {c["low"] for c in csp_wagner} == {84}
    assert {c["low"] for c in find("CSP", "FAMa", "killed")} == {47}
    jnim = find("JNIM", "Wagner Group", "killed")
    assert [c["low"] for c in jnim] == [50] and "ambush" in jnim[0]["sentence"]
    admission = [c for c in claims if c["claimant"] == "Wagner Group"]
    assert len(admission) == 1
    assert admission[0]["claim_kind"] == "own_side_admission"
    assert admission[0]["low"] is None and admission[0]["high"] is None
    assert "heavy losses" in admission[0]["qualifier"]
    assert admission[0]["claimed_on"] == "2024-07-29"
    authorities = [
        c for c in claims if c["claimant"] in ("Government of Mali", "Malian authorities")
    ]
    assert len(authorities) == 1 and authorities[0]["low"] is None
    assert "severe casualties" in authorities[0]["qualifier"]
    captured = [c for c in claims if c["claimant"] == "CSP" and c["outcome"] == "captured"]
    assert [c["low"] for c in captured] == [7]
    for claim in claims:
        assert claim["sentence"] and claim["source_url"] == URL

    wagner_range = [
        r for r in event["ranges"] if r["victim"] == "Wagner Group" and r["outcome"] == "killed"
    ]
    assert [(r["low"], r["high"]) for r in wagner_range] == [(50, 84)]
    assert event["sources"] == [
        {
            "document_id": event["sources"][0]["document_id"],
            "title": "Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries",
            "publisher": "Example Wire",
            "url": URL,
            "published_at": "2024-08-01T00:00:00Z",
            "story_id": event["sources"][0]["document_id"],
        }
    ]


def test_rich_answer_labels_claims_and_the_range(cli: Cli) -> None:
    assert cli("ingest", str(SEED), "--published", "2024-08-01", "--url", URL).exit_code == 0
    result = cli("ask", "latest", "Wagner", "losses", "in", "Mali")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Tinzaouaten, Kidal, Mali" in out and "late July 2024" in out
    assert "CSP · 84 · Wagner Group · killed · adversary claim" in out
    assert "JNIM · 50 · Wagner Group · killed · adversary claim" in out
    assert "Wagner Group · heavy losses · Wagner Group" in out and "own-side admission" in out
    assert "Wagner Group killed: 50–84 claimed" in out
    assert "claims, not verified tolls" in out
    assert (
        f"Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries · publisher unknown · 2024-08-01 · {URL}"
        in out
    )


def test_without_a_date_the_ingest_date_is_the_reference(cli: Cli) -> None:
    # The frozen clock says 2024-08-01, so "late July" is July 2024 again.
    assert cli("ingest", str(SEED)).exit_code == 0
    answer = json.loads(cli("ask", "what happened in Tinzaouaten?", "--json").output)
    assert answer["kind"] == "place"
    assert answer["events"][0]["date_end"].startswith("2024-07")
    assert answer["events"][0]["sources"][0]["published_at"] is None
