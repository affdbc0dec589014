"""Reading documents from files, folders, JSON Lines and stdin, refusing what is not text.

Every refusal is an IngestError that names the input and says why (empty, binary, too large,
undecodable). In bulk reads a bad document becomes a ReadFailure and the others carry on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from bot.errors import IngestError

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
INGESTIBLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES
# Bytes sniffed for NULs and control characters: enough to catch every common binary format.
SNIFF_BYTES = 8192
# Below this share of printable characters, "text" is a binary file decoded by accident.
MIN_PRINTABLE_SHARE = 0.95
# Above this share of non-ASCII bytes a legacy text is not Latin-script (see decode_text).
MAX_WESTERN_HIGH_SHARE = 0.15


@dataclass(frozen=True)
class RawDocument:
    """One document's text and whatever metadata came with it, before normalisation."""

    text: str
    origin: str  # where it came from, for messages: a path, "feed.jsonl line 3", "stdin"
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    language: str | None = None
    text_source: str = "file"


@dataclass(frozen=True)
class ReadFailure:
    origin: str
    message: str


def find_document_files(path: Path) -> list[Path]:
    """The file itself, or every ingestible file under a folder (recursively, sorted)."""
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE_SUFFIXES
        )
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    return [path]


def read_documents(paths: Iterable[Path], *, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Every document in `paths` (JSON Lines files hold one per line); bad ones as ReadFailure."""
    for path in paths:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_json_lines(path, max_bytes=max_bytes)
            continue
        try:
            yield read_text_file(path, max_bytes=max_bytes)
        except IngestError as error:
            yield ReadFailure(origin=str(path), message=str(error))


def read_text_file(path: Path, *, max_bytes: int) -> RawDocument:
    """A plain-text or Markdown file as one document (its headline is found at ingest)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{path}: {size:,} bytes is over the limit of {_limit(max_bytes)}")
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({error.strerror or error})") from None
    return RawDocument(text=decode_text(data, origin=str(path)), origin=str(path))


def read_stream(stream: BinaryIO, *, max_bytes: int, origin: str = "stdin") -> RawDocument:
    """One document from a byte stream (stdin), read up to the size limit."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"{origin}: more than the limit of {_limit(max_bytes)}")
    return RawDocument(text=decode_text(data, origin=origin), origin=origin, text_source="pasted")


def read_json_lines(path: Path, *, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """One document per line: {"text", "title", "url", "published_at", "publisher", ...}."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield ReadFailure(str(path), f"cannot read ({error.strerror or error})")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            origin = f"{path} line {number}"
            if not line.strip():
                continue
            if len(line) > max_bytes:
                yield ReadFailure(
                    origin, f"{len(line):,} bytes is over the limit of {_limit(max_bytes)}"
                )
                continue
            try:
                yield _json_document(line, origin=origin)
            except IngestError as error:
                yield ReadFailure(origin, str(error))


def decode_text(data: bytes, *, origin: str) -> str:
    """Bytes to text: UTF-8 (or a BOM's encoding), else the best detected charset; never binary."""
    if not data.strip():
        raise IngestError(f"{origin}: the document is empty")
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(_decode(data, encoding, origin), origin)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise IngestError(f"{origin}: looks like a binary file (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    if _looks_like_western_legacy(data):
        return _checked(data.decode("cp1252"), origin)
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        raise IngestError(f"{origin}: not UTF-8 and no text encoding fits; is it a binary file?")
    return _checked(_decode(data, best.encoding, origin), origin)


def _looks_like_western_legacy(data: bytes) -> bool:
    """Mostly ASCII with scattered accented letters, valid as Windows-1252: that is what a
    legacy-encoded English or French article is. Detectors guess wildly on such short texts
    (big5 for one "é", cp1250 for French), while Cyrillic or Greek legacy text is mostly
    high bytes and falls through to the detector."""
    high = sum(byte >= 0x80 for byte in data)
    if high / len(data) > MAX_WESTERN_HIGH_SHARE:
        return False
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse_published(value: Any, *, origin: str) -> datetime | None:
    """An ISO date or datetime (naive means UTC) from a JSON Lines record."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IngestError(f"{origin}: published_at must be an ISO date string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value.strip()), time(0, tzinfo=UTC))
        except ValueError:
            raise IngestError(f"{origin}: published_at {value!r} is not an ISO date") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _json_document(line: bytes, *, origin: str) -> RawDocument:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(f"{origin}: not valid JSON ({error})") from None
    if not isinstance(record, dict):
        raise IngestError(f"{origin}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(f"{origin}: the 'text' field is missing or empty")
    return RawDocument(
        text=text,
        origin=origin,
        title=_optional_str(record, "title", origin),
        url=_optional_str(record, "url", origin),
        publisher=_optional_str(record, "publisher", origin),
        published_at=parse_published(record.get("published_at"), origin=origin),
        author=_optional_str(record, "author", origin),
        language=_optional_str(record, "language", origin),
    )


def _optional_str(record: dict[str, Any], key: str, origin: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IngestError(f"{origin}: '{key}' must be a string, got {value!r}")
    return value


def _decode(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(f"{origin}: cannot be decoded as {encoding}") from None


def _checked(text: str, origin: str) -> str:
    """Refuse text that is mostly control characters (a binary file that happened to decode)."""
    if not text.strip():
        raise IngestError(f"{origin}: the document is empty")
    sample = text[:SNIFF_BYTES]
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    if printable / len(sample) < MIN_PRINTABLE_SHARE:
        raise IngestError(f"{origin}: mostly non-text characters; is it a binary file?")
    return text


def _limit(max_bytes: int) -> str:
    if max_bytes >= 1_000_000:
        return f"{max_bytes / 1_000_000:g} MB (SITREP_MAX_DOCUMENT_BYTES)"
    return f"{max_bytes:,} bytes (SITREP_MAX_DOCUMENT_BYTES)"
