"""Exports: the filtered items as json, jsonl, csv, ics, md or frab's schedule.json.

One small module per format, each a pure ``render(selection, options) -> str``;
``registry`` maps names and file names to them; ``atomic`` writes files.
"""

from __future__ import annotations

from dataclasses import dataclass

from confcli.export.common import (
    ExportOptions,
    Selection,
    source_date_epoch,
    timed,
    web_links_only,
)
from confcli.export.registry import WRITERS, Writer, check_options, writer_for

__all__ = [
    "WRITERS", "Document", "ExportOptions", "Selection", "export", "source_date_epoch",
    "writer_for",
]  # fmt: skip


@dataclass(frozen=True)
class Document:
    text: str
    items: int  # how many items it holds
    warnings: list[str]  # for the user, on stderr


def export(selection: Selection, writer: Writer, options: ExportOptions) -> Document:
    """The document, and what the user should hear: an empty export, items left out."""
    check_options(writer, options)
    selection = web_links_only(selection)
    held = timed(selection.items) if writer.timed_only else selection.items
    warnings = []
    left_out = len(selection.items) - len(held)
    if left_out:
        warnings.append(f"left out {left_out} item(s) without times: {writer.name} needs times")
    if not held:
        warnings.append(f"no items to export: the {writer.name} document is empty")
    return Document(writer.render(selection, options), len(held), warnings)
