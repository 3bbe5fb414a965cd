"""Exports: the filtered items as json, jsonl, csv, ics, md or frab's schedule.json.

One small module per format, each a pure ``render(selection, options)`` yielding the
document's text in pieces as it reads the items; ``registry`` maps names and file names to
them; ``atomic`` writes files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from confcli.export.common import (
    ExportOptions,
    ListedItems,
    ListedSessions,
    Selection,
    source_date_epoch,
    web_links_only,
)
from confcli.export.registry import WRITERS, Writer, check_options, writer_for

__all__ = [
    "WRITERS", "Document", "ExportOptions", "ListedItems", "ListedSessions", "Selection",
    "export", "source_date_epoch", "writer_for",
]  # fmt: skip


PIECE = 1 << 16  # characters handed to the output at a time


@dataclass(frozen=True)
class Document:
    pieces: Iterable[str]  # the text, made as it is read: iterate once
    items: int  # how many items it holds
    warnings: list[str]  # for the user, on stderr

    @property
    def text(self) -> str:
        """The whole text at once (tests; the CLI writes the pieces)."""
        return "".join(self.pieces)


def export(selection: Selection, writer: Writer, options: ExportOptions) -> Document:
    """The document, and what the user should hear: an empty export, items left out."""
    check_options(writer, options)
    count = len(selection.items)
    held = len(selection.items.timed()) if writer.timed_only else count
    warnings = []
    if count - held:
        warnings.append(f"left out {count - held} item(s) without times: {writer.name} needs times")
    if not held:
        warnings.append(f"no items to export: the {writer.name} document is empty")
    pieces = writer.render(web_links_only(selection), options)
    return Document(_joined((pieces,) if isinstance(pieces, str) else pieces), held, warnings)


def _joined(pieces: Iterable[str]) -> Iterator[str]:
    """Small pieces joined into larger ones: fewer writes, the same text."""
    waiting: list[str] = []
    size = 0
    for piece in pieces:
        waiting.append(piece)
        size += len(piece)
        if size >= PIECE:
            yield "".join(waiting)
            waiting, size = [], 0
    if waiting:
        yield "".join(waiting)
