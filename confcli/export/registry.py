"""The export formats: names, aliases and file extensions, each mapped to its writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from confcli.errors import UsageError
from confcli.export import csvfile, frab, frabxml, ics, jsonfile, markdown
from confcli.export.common import ExportOptions, Selection


@dataclass(frozen=True)
class Writer:
    name: str
    # the text in pieces as the items are read (or, for frab-xml, whole: ElementTree)
    render: Callable[[Selection, ExportOptions], Iterable[str] | str]
    suffixes: tuple[str, ...]  # file name endings that choose this format
    timed_only: bool = False  # items without times cannot be placed: left out, counted
    takes_fields: bool = False  # --fields (and --nested) apply
    takes_sessions: bool = False  # --sessions applies


WRITERS = {
    writer.name: writer
    for writer in (
        Writer("json", jsonfile.render_json, (".json",), takes_fields=True),
        Writer("jsonl", jsonfile.render_jsonl, (".jsonl", ".ndjson"), takes_fields=True),
        Writer("csv", csvfile.render, (".csv",), takes_fields=True),
        Writer("ics", ics.render, (".ics", ".ical"), timed_only=True, takes_sessions=True),
        Writer("md", markdown.render, (".md", ".markdown")),
        Writer("frab", frab.render, ("schedule.json",), timed_only=True),
        Writer("frab-xml", frabxml.render, ("schedule.xml",), timed_only=True),
    )
}


ALIASES = {
    "ical": "ics", "icalendar": "ics", "markdown": "md", "ndjson": "jsonl",
    "schedule": "frab", "schedule.json": "frab", "schedule.xml": "frab-xml",
}  # fmt: skip


def writer_for(format: str | None, output: str | None) -> Writer:
    """The writer ``--format`` names, else the one the output file's name ends with
    ('schedule.json' before '.json')."""
    if format:
        name = ALIASES.get(format.lower(), format.lower())
        if name not in WRITERS:
            raise UsageError(f"unknown export format {format!r} (known: {', '.join(WRITERS)})")
        return WRITERS[name]
    if output and output != "-":
        file_name = Path(output).name.lower()
        by_length = sorted(WRITERS.values(), key=lambda w: -max(map(len, w.suffixes)))
        for writer in by_length:
            if file_name.endswith(writer.suffixes):
                return writer
    raise UsageError(
        f"say which format: --format {'|'.join(WRITERS)}, or -o FILE ending in "
        + ", ".join(suffix for writer in WRITERS.values() for suffix in writer.suffixes)
    )


def check_options(writer: Writer, options: ExportOptions) -> None:
    """Options that mean nothing for a format are refused rather than ignored."""
    if (options.fields or options.nested) and not writer.takes_fields:
        flag = "--fields" if options.fields else "--nested"
        raise UsageError(f"{flag} applies to json, jsonl and csv, not {writer.name}")
    if options.nested and writer.name == "csv":
        raise UsageError("--nested applies to json and jsonl: csv has one row per item")
    if options.sessions and not writer.takes_sessions:
        raise UsageError(f"--sessions applies to ics, not {writer.name}")
    if options.remind is not None and writer.name != "ics":
        raise UsageError(f"--remind applies to ics, not {writer.name}")
