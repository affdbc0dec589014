"""The core commands as a user runs them: ingest (files, folders, JSON Lines, stdin, URLs, bad
input), ask, events, event, export and demo, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from bot.db import create_db_engine
from bot.errors import IngestError, NotFoundError, UsageError
from models import Claim, Document, Event
from tests.cli.runner import Cli, cli_fixture  # noqa: F401  (the `cli` fixture)
from tests.fakes.web import FakeWeb

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_wagner_mali.txt"
SEGOU = (
    "Nine Malian soldiers killed in ambush near Ségou\n"
    "Nine Malian soldiers were killed when their convoy was ambushed near Ségou on Wednesday, "
    "the army said in a statement on Thursday.\n"
)
BORING = (
    "Central bank holds rates\nThe central bank kept its main interest rate unchanged on Tuesday.\n"
)


def counts(db_url: str) -> tuple[int, int, int]:
    engine = create_db_engine(db_url)
    with Session(engine) as session:
        result = tuple(
            session.exec(select(func.count()).select_from(m)).one()
            for m in (Document, Event, Claim)
        )
    engine.dispose()
    return result  # type: ignore[return-value]


def test_ingest_one_file_then_again(cli: Cli, db_url: str) -> None:
    first = cli("ingest", str(SEED), "--published", "2024-08-01", "--publisher", "Example Wire")
    assert first.exit_code == 0, first.output
    assert "new" in first.output and "1 new event(s)" in first.output
    before = counts(db_url)
    again = cli("ingest", str(SEED))
    assert again.exit_code == 0 and "1 already stored" in again.output
    assert counts(db_url) == before


def test_bulk_ingest_reports_bad_files_and_keeps_the_rest(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "segou.txt").write_text(SEGOU, encoding="utf-8")
    (folder / "sub" / "bank.md").write_text("# " + BORING, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "legacy.txt").write_bytes(
        "Attaque près de Ségou\nNeuf soldats maliens ont été tués près de Ségou, a déclaré l’armée.".encode(
            "cp1252"
        )
    )
    (folder / "docs.jsonl").write_text(
        json.dumps(
            {
                "text": SEED.read_text(encoding="utf-8"),
                "published_at": "2024-08-01",
                "url": "https://example.com/seed",
            }
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    result = cli("ingest", str(folder))
    assert result.exit_code == 1
    assert isinstance(result.exception, IngestError)
    assert "3 of 7 documents could not be ingested" in str(result.exception)
    assert "4 new, 0 already stored, 3 failed" in result.output
    assert "empty" in result.output and "binary" in result.output and "line 2" in result.output
    assert counts(db_url)[0] == 4
    engine = create_db_engine(db_url)
    with Session(engine) as session:
        titles = set(session.exec(select(Document.title)).all())
        legacy = session.exec(
            select(Document).where(Document.title == "Attaque près de Ségou")
        ).one()
    engine.dispose()
    assert "Central bank holds rates" in titles  # the Markdown heading, without "#"
    assert "l’armée" in legacy.text  # cp1252 decoded
    bank = next(line for line in result.output.splitlines() if "Central bank" in line)
    assert "no conflict event" in bank


def test_stdin(cli: Cli) -> None:
    result = cli("ingest", "-", "--published", "2024-07-11", input=SEGOU.encode("utf-8"))
    assert result.exit_code == 0, result.output
    answer = json.loads(cli("ask", "what happened in Ségou?", "--json").output)
    assert answer["events"][0]["date_start"] == "2024-07-10"


def test_bad_input_is_refused_clearly(
    cli: Cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = cli("ingest", str(empty))
    assert isinstance(result.exception, IngestError) and "empty" in str(result.exception)

    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = cli("ingest", str(binary))
    assert isinstance(result.exception, IngestError) and "binary" in str(result.exception)

    result = cli("ingest", str(SEED), "--published", "the day after never")
    assert isinstance(result.exception, UsageError)

    result = cli("ingest", str(tmp_path), "--url", "https://example.com/x")
    assert isinstance(result.exception, UsageError) and "--url" in str(result.exception)

    result = cli("ingest", str(tmp_path / "missing.txt"))
    assert isinstance(result.exception, IngestError) and "no such file" in str(result.exception)
    assert counts(db_url) == (0, 0, 0)


def test_too_large_file_names_the_file_and_the_limit(
    cli: Cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_MAX_DOCUMENT_BYTES", "1000")
    from bot.cli.context import cli_context
    from bot.config import get_settings

    get_settings.cache_clear()
    cli_context.cache_clear()
    result = cli("ingest", str(SEED))
    assert isinstance(result.exception, IngestError)
    message = str(result.exception)
    assert (
        str(SEED) in message and "1,000 bytes" in message and "SITREP_MAX_DOCUMENT_BYTES" in message
    )
    assert counts(db_url) == (0, 0, 0)


def test_ingest_a_url(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_FETCH_ALLOWED_HOSTS", "127.0.0.1")
    from bot.cli.context import cli_context
    from bot.config import get_settings

    get_settings.cache_clear()
    cli_context.cache_clear()
    paragraphs = "".join(
        f"<p>{p}</p>" for p in SEED.read_text(encoding="utf-8").splitlines()[1:] if p
    )
    html = (
        "<html><head><title>Tuareg rebels claim heavy losses</title>"
        '<meta property="og:site_name" content="Example Wire">'
        '<meta property="article:published_time" content="2024-08-01T10:00:00Z">'
        f"</head><body><article><h1>Tuareg rebels claim heavy losses</h1>{paragraphs}</article></body></html>"
    )
    with FakeWeb() as web:
        url = web.page("/mali/wagner", html)
        result = cli("ingest", url)
    assert result.exit_code == 0, result.output
    answer = json.loads(cli("ask", "latest Wagner losses in Mali", "--json").output)
    source = answer["events"][0]["sources"][0]
    assert source["url"] == url and source["publisher"] == "Example Wire"
    assert source["published_at"].startswith("2024-08-01")


def test_ask_events_event_and_export(cli: Cli, tmp_path: Path) -> None:
    assert (
        cli(
            "ingest", str(SEED), "--published", "2024-08-01", "--url", "https://example.com/s"
        ).exit_code
        == 0
    )
    stdin = cli("ingest", "-", "--published", "2024-07-11", input=SEGOU.encode())
    assert stdin.exit_code == 0

    listing = json.loads(cli("events", "--country", "Mali", "--json").output)
    assert [e["place"] for e in listing] == ["Tinzaouaten", "Ségou"]
    assert (
        json.loads(cli("events", "--actor", "Russian mercenaries", "--json").output)[0]["place"]
        == "Tinzaouaten"
    )
    assert (
        json.loads(cli("events", "--since", "2024-07-20", "--json").output)[0]["place"]
        == "Tinzaouaten"
    )
    assert json.loads(cli("events", "--country", "Sudan", "--json").output) == []
    assert "No stored event matches" in cli("events", "--country", "SD").output
    table = cli("events")
    assert table.exit_code == 0 and "Tinzaouaten" in table.output
    assert isinstance(cli("events", "--country", "Atlantis").exception, UsageError)

    event_id = listing[0]["id"]
    shown = cli("event", str(event_id))
    assert shown.exit_code == 0 and "Wagner Group killed: 50–84 claimed" in shown.output
    assert json.loads(cli("event", str(event_id), "--json").output)["id"] == event_id
    assert isinstance(cli("event", "9999").exception, NotFoundError)

    missing = cli("ask", "latest Wagner losses in Mali in June 2024")
    assert missing.exit_code == 0
    assert "No stored event matches" in missing.output
    assert "Try: latest Wagner Group losses in Mali" in missing.output

    out = tmp_path / "events.csv"
    exported = cli("export", "--format", "csv", "-o", str(out))
    assert exported.exit_code == 0 and "wrote 2 event(s)" in exported.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["place"] for r in rows} == {"Tinzaouaten", "Ségou"}
    assert all(r["sentence"] for r in rows)
    assert len(rows) == sum(len(e["claims"]) for e in listing)
    as_json = json.loads(cli("export", "--format", "json").output)
    assert {e["id"] for e in as_json} == {e["id"] for e in listing}
    assert isinstance(cli("export", "--format", "xml").exception, UsageError)


def test_demo_runs_on_a_fresh_database(tmp_path: Path) -> None:
    """No Slack token, no configured database: a temporary SQLite file each time."""
    from typer.testing import CliRunner

    from bot.cli.main import app

    result = CliRunner().invoke(app, ["demo", "--database-url", f"sqlite:///{tmp_path}/demo.db"])
    assert result.exit_code == 0, result.output
    out = result.output
    for question in (
        "latest Wagner losses in Mali",
        "what happened in Tinzaouaten?",
        "how many Malian soldiers were killed in July 2024?",
        "what's new in Sudan",
    ):
        assert question in out
    assert "Wagner Group killed: 50–84 claimed" in out
    assert "1 already stored" in out  # the sample folder holds the seed twice
    assert "Total FAMa killed" in out
