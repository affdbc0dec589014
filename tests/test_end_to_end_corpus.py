"""The bundled sample corpus (bot/data/sample: 15 short articles of our own plus the seed)
through the real CLI, extractor and store, on SQLite and PostgreSQL.

One ingest per database, then the scenarios the issue lists: a duplicate, a follow-up article
joining its incident, competing figures kept apart, totals over a period, a retraction,
"wounded" only, several claimants, no claimant, French-style names, every question kind,
follow-up refinement, and no match with a broader suggestion.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.cli.core import SAMPLE_DIR
from bot.views import QueryFilters
from tests.cli.runner import Cli, cli_fixture  # noqa: F401  (the `cli` fixture)

SEED_URL = "https://example.org/sitrep-sample/wagner-mali-tinzaouaten"


def ask(cli: Cli, question: str, context: QueryFilters | None = None) -> dict[str, Any]:
    if context is None:
        result = cli("ask", question, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)  # type: ignore[no-any-return]
    from sqlmodel import Session

    from bot.answer import answer_question
    from bot.cli.context import cli_context

    ctx = cli_context()
    with Session(ctx.engine) as session:
        answer = answer_question(
            session=session, question=question, now=ctx.clock(), context=context
        )
    return answer.model_dump(mode="json")


def event_at(answer: dict[str, Any], place: str) -> dict[str, Any]:
    return next(e for e in answer["events"] if e["place"] == place)


def test_sample_corpus(cli: Cli, tmp_path: Path) -> None:
    ingested = cli("ingest", str(SAMPLE_DIR))
    assert ingested.exit_code == 0, ingested.output
    # The folder holds the seed twice (JSON Lines and .txt): the copy changes nothing.
    assert "16 document(s): 15 new, 1 already stored, 0 failed" in ingested.output

    # --- latest: the seed incident, now with the Malian army's follow-up as a second source
    latest = ask(cli, "latest Wagner losses in Mali")
    assert latest["kind"] == "latest" and len(latest["events"]) == 1
    seed = latest["events"][0]
    assert seed["place"] == "Tinzaouaten" and seed["country_code"] == "ML"
    assert [s["url"] for s in seed["sources"]] == [
        SEED_URL,
        "https://example.org/sitrep-sample/mali-army-tinzaouaten-toll",
    ]
    assert seed["outlets"] == 2
    # Competing figures stay separate claims, each with its own source; the range spans them.
    fama_killed = [c for c in seed["claims"] if c["victim"] == "FAMa" and c["outcome"] == "killed"]
    assert {c["low"] for c in fama_killed} >= {15, 47}
    assert {c["source_url"] for c in fama_killed} == {s["url"] for s in seed["sources"]}
    fama_range = next(
        r for r in seed["ranges"] if r["victim"] == "FAMa" and r["outcome"] == "killed"
    )
    assert (fama_range["low"], fama_range["high"]) == (15, 47)
    wagner_range = next(
        r for r in seed["ranges"] if r["victim"] == "Wagner Group" and r["outcome"] == "killed"
    )
    assert (wagner_range["low"], wagner_range["high"]) == (50, 84)

    # --- place
    place = ask(cli, "what happened in Tinzaouaten?")
    assert place["kind"] == "place"
    assert [e["date_start"] for e in place["events"]] == [
        "2024-08-25",
        "2024-07-21",
    ]  # newest first

    # --- totals over a period: each event counted once, as the range of its claims
    totals = ask(cli, "how many Malian soldiers were killed in July 2024?")
    assert totals["kind"] == "totals"
    rows = {row["event_id"]: row for row in totals["totals"]["rows"]}
    assert (rows[seed["id"]]["low"], rows[seed["id"]]["high"]) == (15, 47)  # not 15 + 47 + 47
    for row in rows.values():
        figures = [c["low"] for c in row["claims"]]
        assert (row["low"], row["high"]) == (min(figures), max(figures))
        assert row["date_start"].startswith("2024-07")
    assert totals["totals"]["low"] == sum(r["low"] for r in rows.values())
    assert totals["totals"]["high"] == sum(r["high"] for r in rows.values())
    assert len(rows) >= 2  # Tinzaouaten and the Ségou ambush

    # --- what's new in a country, most recent first
    sudan = ask(cli, "what's new in Sudan")
    assert sudan["kind"] == "latest" and {e["country_code"] for e in sudan["events"]} == {"SD"}
    dated = [e["date_end"] for e in sudan["events"] if e["date_end"]]
    assert dated == sorted(dated, reverse=True) and len(sudan["events"]) >= 3

    # --- a retraction: stored as a claim, labelled, and kept out of ranges and totals
    obeid = event_at(ask(cli, "what happened in El Obeid?"), "El Obeid")
    retracted = [c for c in obeid["claims"] if c["low"] == 300]
    assert [c["stance"] for c in retracted] == ["retracted"]
    assert all(r["high"] != 300 for r in obeid["ranges"])

    # --- the army's own admission, made in a clause coordinated with its denial
    def summary(claim: dict[str, Any]) -> tuple[Any, ...]:
        return (claim["claimant"], claim["low"], claim["victim"], claim["claim_kind"])

    admitted = [summary(c) for c in obeid["claims"] if c["outcome"] == "wounded"]
    assert admitted == [("SAF", 2, "SAF", "own_side_admission")]
    # "the army" in an article about Sudan is the SAF; "the attackers" are the RSF named.
    sinja = event_at(ask(cli, "what happened in Sinja?"), "Sinja")
    assert ("SAF", 40, "RSF", "adversary_claim") in [summary(c) for c in sinja["claims"]]
    # "Nine Malian soldiers were killed and five wounded": the five are Malian soldiers too.
    segou = ask(cli, "what happened near Ségou?")
    wounded_fama = [
        summary(c) for e in segou["events"] for c in e["claims"] if c["outcome"] == "wounded"
    ]
    assert ("FAMa", 5, "FAMa", "own_side_admission") in wounded_fama

    # --- a daily report: "had killed ... over the previous day" is the event, not background
    pokrovsk = event_at(ask(cli, "what happened near Pokrovsk?"), "Pokrovsk")
    assert [(c["claimant"], c["high"], c["qualifier"]) for c in pokrovsk["claims"]] == [
        ("Russian Ministry of Defence", 1350, "up to")
    ]

    # --- "wounded" only
    mogadishu = event_at(ask(cli, "what happened in Mogadishu?"), "Mogadishu")
    assert {c["outcome"] for c in mogadishu["claims"]} == {"wounded"}
    wounded = ask(cli, "how many people were wounded in Somalia in August 2024?")
    assert wounded["totals"]["low"] == wounded["totals"]["high"] == 5

    # --- several claimants about one battle
    lubero = ask(cli, "who claims what about Lubero?")
    assert lubero["kind"] == "claims"
    claimants = {c["claimant"] for c in event_at(lubero, "Lubero")["claims"]}
    assert {"M23", "FARDC"} <= claimants and len(claimants) >= 3

    # --- no claimant named: the outlet reports it
    village = event_at(ask(cli, "what happened in Andéramboukane?"), "Andéramboukane")
    assert [c["claimant"] for c in village["claims"]] == ["Sahel Wire"]
    assert village["claims"][0]["claim_kind"] == "third_party_report"

    # --- French-style names resolve to the same actors
    boni = event_at(ask(cli, "what happened in Boni?"), "Boni")
    names = {a["name"] for a in boni["actors"]}
    assert {"FAMa", "JNIM"} <= names

    # --- who claims Wagner losses: every claimant, never a merged figure
    claims = ask(cli, "who claims Wagner losses")
    assert claims["kind"] == "claims"
    assert {"CSP", "JNIM", "Wagner Group"} <= {
        c["claimant"] for c in claims["events"][0]["claims"] if c["victim"] == "Wagner Group"
    }

    # --- follow-up refinement in a thread
    context = QueryFilters.model_validate(latest["filters"])
    soldiers = ask(cli, "what about Malian soldiers?", context)
    assert soldiers["filters"]["victims"] == ["FAMa"] and soldiers["filters"]["countries"] == ["ML"]
    assert seed["id"] in {e["id"] for e in soldiers["events"]}
    sources = ask(cli, "sources?", QueryFilters.model_validate(soldiers["filters"]))
    assert sources["kind"] == "sources" and sources["events"]
    burkina = ask(cli, "and in Burkina Faso?", QueryFilters.model_validate(soldiers["filters"]))
    assert burkina["filters"]["countries"] == ["BF"] and burkina["filters"]["victims"] == ["FAMa"]

    # --- no match: say so, and offer a broader question that does match
    none = ask(cli, "latest Wagner losses in Mali in June 2024")
    assert none["kind"] == "none" and none["events"] == []
    assert none["suggestion"] == "latest Wagner Group losses in Mali"
    assert ask(cli, none["suggestion"])["events"]
