"""Rows confcli could not read back: a start that is no time (``garbage``, month 13) or one
outside what every zone can show (bounds.time_in_range), ``links`` that are not a JSON
object of URLs, a year outside 1 to 9999. confcli never writes such rows (readers.checks
keeps them out), but a library edited by hand, or written by another program, may hold
them: ``library check`` counts them and ``library rebuild`` repairs them (the field is
emptied) or drops them (a row whose id or title is not text)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from confcli.bounds import time_in_range, year_in_range

TABLES = ("sessions", "items")
# What must be text for a row to be one at all: such a row is dropped, not repaired.
REQUIRED = {"sessions": ("id", "title"), "items": ("id", "session_id", "kind", "title")}


@dataclass(frozen=True)
class RowTrouble:
    """What ``check`` found in the rows: how many to repair, how many to drop."""

    repair: int = 0
    drop: int = 0

    @property
    def total(self) -> int:
        return self.repair + self.drop


def unreadable_rows(db: sqlite3.Connection) -> RowTrouble:
    """How many rows of sessions and items confcli could not read back."""
    repair = drop = 0
    for table in TABLES:
        for row in _rows(db, table):
            changes = _changes(table, row)
            drop += changes is None
            repair += bool(changes)
    return RowTrouble(repair, drop)


def repair_rows(db: sqlite3.Connection) -> RowTrouble:
    """Empties the fields no reader could read and drops the rows that are no rows, in the
    caller's transaction; what it did."""
    repair = drop = 0
    for table in TABLES:
        for row in list(_rows(db, table)):
            changes = _changes(table, row)
            if changes is None:
                if table == "sessions":
                    db.execute("DELETE FROM items WHERE session_id = ?", (row["id"],))
                db.execute(f"DELETE FROM {table} WHERE rowid = ?", (row["rowid"],))  # noqa: S608
                drop += 1
            elif changes:
                assignments = ", ".join(f'"{name}" = ?' for name in changes)
                db.execute(
                    f"UPDATE {table} SET {assignments} WHERE rowid = ?",  # noqa: S608
                    (*changes.values(), row["rowid"]),
                )
                repair += 1
    return RowTrouble(repair, drop)


def _rows(db: sqlite3.Connection, table: str) -> Iterator[sqlite3.Row]:
    columns = '"rowid", "id", "title", "start", "end", "year"'
    columns += ', "session_id", "kind", "links"' if table == "items" else ""
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    yield from cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608


def _changes(table: str, row: sqlite3.Row) -> dict[str, Any] | None:
    """The fields to empty (nothing: the row is fine); None when the row must go."""
    if any(not isinstance(row[name], str) for name in REQUIRED[table]):
        return None
    changes: dict[str, Any] = {}
    start, end = _time(row["start"]), _time(row["end"])
    if start is None and row["start"] is not None:
        changes["start"] = None
    if (end is None and row["end"] is not None) or (start and end and end < start):
        changes["end"] = None
    if row["year"] is not None and not (
        isinstance(row["year"], int) and year_in_range(row["year"])
    ):
        changes["year"] = None
    if table == "items" and not _links_ok(row["links"]):
        changes["links"] = "{}"
    return changes


def _time(text: object) -> datetime | None:
    """The stored time, when confcli can read and show it."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if time_in_range(moment) else None


def _links(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _links_ok(text: object) -> bool:
    found = _links(text) if isinstance(text, str) else None
    return isinstance(found, dict) and all(isinstance(url, str) for url in found.values())
