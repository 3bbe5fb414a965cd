"""Where pages come from: files, directories, standard input; decoding their bytes."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from confcli.errors import BadInputError, ConfcliError, NotFoundError

MAX_PAGE_BYTES = 64 * 1024 * 1024  # documented limit: a whole NeurIPS feed is ~30 MB
PAGE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".md", ".markdown"}


@dataclass(frozen=True, slots=True)
class PageInput:
    """The text of one page and the name it is known by (path, '-' or URL)."""

    source: str
    text: str


@dataclass(frozen=True, slots=True)
class InputFailure:
    source: str
    error: ConfcliError


def expand(paths: list[str]) -> Iterator[str | InputFailure]:
    """Each argument as page sources: a file, every page file under a directory, or '-'."""
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            yield raw
        elif path.is_dir():
            yield from _pages_under(path)
        else:
            yield InputFailure(raw, NotFoundError("no such file or directory", source=raw))


def _pages_under(directory: Path) -> Iterator[str]:
    found = sorted(
        path
        for path in directory.rglob("*")
        if path.suffix.lower() in PAGE_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )
    yield from (str(path) for path in found)


def read_source(source: str) -> PageInput:
    """The decoded text of a file or of standard input ('-')."""
    try:
        data = _read_stdin() if source == "-" else _read_file(Path(source))
    except OSError as error:
        raise BadInputError(f"cannot read: {error.strerror or error}", source=source) from None
    return PageInput(source, decode(data, source))


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise BadInputError(f"larger than the {MAX_PAGE_BYTES // 2**20} MiB limit", source="-")
    return data


def _read_file(path: Path) -> bytes:
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise BadInputError(
            f"larger than the {MAX_PAGE_BYTES // 2**20} MiB limit", source=str(path)
        )
    return path.read_bytes()


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInputError("broken UTF-16 text", source=source) from None
    if b"\x00" in data[:8192]:
        raise BadInputError("a binary file, not a page", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
