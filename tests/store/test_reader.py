"""Reading files, folders, JSON Lines and stdin: what is refused, and how clearly."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import IngestError
from bot.ingest.reader import (
    RawDocument,
    ReadFailure,
    decode_text,
    find_document_files,
    read_documents,
    read_stream,
    read_text_file,
)

LIMIT = 5_000_000


def test_utf8_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline\nSégou: 9 soldiers killed.", encoding="utf-8")
    document = read_text_file(path, max_bytes=LIMIT)
    assert document.text == "Headline\nSégou: 9 soldiers killed." and document.origin == str(path)


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    text = (
        "Attaque près de Ségou\n"
        "L’armée malienne a déclaré que neuf soldats ont été tués près de Ségou, "
        "et que les assaillants ont été « neutralisés » après des combats très violents. "
        "Le bilan définitif n’a pas été communiqué par l’état-major général des armées."
    )
    path.write_bytes(text.encode("cp1252"))
    assert read_text_file(path, max_bytes=LIMIT).text == text


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Twelve killed near Gao.".encode("utf-16"))
    assert read_text_file(path, max_bytes=LIMIT).text == "Twelve killed near Gao."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 40, "non-text"),
    ],
)
def test_bad_files_are_refused_by_name(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason) as caught:
        read_text_file(path, max_bytes=LIMIT)
    assert str(path) in str(caught.value)


def test_too_large_file_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300)
    with pytest.raises(
        IngestError, match=r"big\.txt.*1,500 bytes.*1,000 bytes.*SITREP_MAX_DOCUMENT_BYTES"
    ):
        read_text_file(path, max_bytes=1000)


def test_stdin_over_the_limit_and_ok() -> None:
    with pytest.raises(IngestError, match=r"stdin.*limit"):
        read_stream(io.BytesIO(b"x" * 101), max_bytes=100)
    document = read_stream(io.BytesIO(b"Fighting in Kidal."), max_bytes=100)
    assert document.text == "Fighting in Kidal." and document.text_source == "pasted"


def test_folders_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("B text.")
    (tmp_path / "sub" / "a.md").write_text("# A\nA text.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "notes.TXT").write_text("Upper-case suffix.")
    found = find_document_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["b.txt", "notes.TXT", "sub/a.md"]
    with pytest.raises(IngestError, match="no such file"):
        find_document_files(tmp_path / "missing.txt")


def test_json_lines_bad_lines_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps(
            {
                "text": "Nine soldiers killed.",
                "title": "Ambush",
                "url": "https://example.org/a",
                "published_at": "2024-07-12T08:00:00Z",
                "publisher": "Sahel Wire",
            }
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Second.", "published_at": "2024-07-13"}),
        json.dumps({"text": "Third.", "published_at": "last Tuesday"}),
        json.dumps(["a list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_documents([path], max_bytes=LIMIT))
    documents = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [d.text for d in documents] == ["Nine soldiers killed.", "Second."]
    assert documents[0].published_at == datetime(2024, 7, 12, 8, tzinfo=UTC)
    assert documents[0].publisher == "Sahel Wire" and documents[0].title == "Ambush"
    assert documents[1].published_at == datetime(2024, 7, 13, tzinfo=UTC)
    assert [f.origin for f in failures] == [f"{path} line {n}" for n in (2, 3, 6, 7)]
    assert "not valid JSON" in failures[0].message and "'text'" in failures[1].message
    assert "ISO date" in failures[2].message


def test_decode_rejects_nul_bytes_even_late_in_short_files() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_text(b"looks like text" + b"\x00" * 3, origin="x")
