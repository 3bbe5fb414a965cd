"""What a store changed: the items a refresh added, withdrew, moved, retitled, or gave
another award or decision, matched by their durable ids (so a moved talk is one `moved`,
not `withdrawn` + `added`); and the digest of each source's bytes as last stored, so that
an unchanged file is not parsed again.

A store that replaces nothing (a conference read for the first time) records no change
set: it is the first snapshot, not a change. Every store that replaces a session records
one, empty or not, so that `changes --last` speaks of the latest refresh.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confcli.model import Item
from confcli.store.rows import item_of

ADDED, WITHDRAWN, MOVED, RETITLED, AWARD, DECISION = (
    "added", "withdrawn", "moved", "retitled", "award", "decision",
)  # fmt: skip
CHANGE_KINDS = (ADDED, WITHDRAWN, MOVED, RETITLED, AWARD, DECISION)
# The fields each kind of change compares: a move that changes the room too is one move.
COMPARED = {MOVED: ("start", "end", "room"), RETITLED: ("title",), AWARD: ("award",)}
COMPARED[DECISION] = ("decision",)
CHUNK = 500  # SQL parameters in one statement

Value = str | int | None


@dataclass(frozen=True, slots=True)
class Change:
    """One item's change of one kind: ``before``/``after`` hold the fields that changed
    (all of them empty for an addition's before and a withdrawal's after)."""

    change: str
    id: str
    title: str
    conference: str | None = None
    year: int | None = None
    before: dict[str, Value] = field(default_factory=dict)
    after: dict[str, Value] = field(default_factory=dict)
    snapshot: int | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredDigest:
    """A source's digest as last stored, and when it was stored."""

    digest: str
    stored_at: datetime | None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The changes one store recorded, in CHANGE_KINDS order, then by title."""

    snapshot: int
    changes: tuple[Change, ...]

    def counts(self) -> dict[str, int]:
        found = {kind: sum(c.change == kind for c in self.changes) for kind in CHANGE_KINDS}
        return {kind: count for kind, count in found.items() if count}


def _value(item: Item, name: str) -> Value:
    value = getattr(item, name)
    return value.isoformat() if isinstance(value, datetime) else value


def diff(old: dict[str, Item], new: dict[str, Item]) -> list[Change]:
    """The changes from ``old`` to ``new`` (items by durable id)."""
    found = [_whole(ADDED, item, after=True) for key, item in new.items() if key not in old]
    found += [_whole(WITHDRAWN, item, after=False) for key, item in old.items() if key not in new]
    for key in old.keys() & new.keys():
        found.extend(_compared(old[key], new[key]))
    order = {kind: rank for rank, kind in enumerate(CHANGE_KINDS)}
    return sorted(found, key=lambda change: (order[change.change], change.title, change.id))


def _whole(kind: str, item: Item, after: bool) -> Change:
    shown = {"start": _value(item, "start"), "room": _value(item, "room")}
    before, later = ({}, shown) if after else (shown, {})
    return Change(kind, item.id, item.title, item.conference, item.year, before, later)


def _compared(old: Item, new: Item) -> Iterator[Change]:
    for kind, names in COMPARED.items():
        changed = [name for name in names if _value(old, name) != _value(new, name)]
        if changed:
            before = {name: _value(old, name) for name in changed}
            after = {name: _value(new, name) for name in changed}
            yield Change(kind, new.id, new.title, new.conference, new.year, before, after)


# --- writing, inside Library.store's transaction --------------------------------------------


def items_before(
    db: sqlite3.Connection, session_ids: list[str], item_ids: list[str]
) -> dict[str, Item]:
    """The stored items a store may replace: those of its sessions, and any of its items
    stored in another session (an item moving between sessions)."""
    found: dict[str, Item] = {}
    for column, values in (("session_id", session_ids), ("id", item_ids)):
        for chunk in _chunks(values):
            marks = ", ".join("?" * len(chunk))
            rows = db.execute(f"SELECT * FROM items WHERE {column} IN ({marks})", chunk)
            found.update((row["id"], item_of(row)) for row in rows)
    return found


def record(db: sqlite3.Connection, changes: list[Change], taken_at: datetime) -> ChangeSet:
    cursor = db.execute("INSERT INTO snapshots (taken_at) VALUES (?)", (taken_at.isoformat(),))
    snapshot = int(cursor.lastrowid or 0)
    db.executemany(
        "INSERT INTO changes (snapshot, position, change, item_id, title, conference, year, "
        "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(snapshot, n, *_change_row(change)) for n, change in enumerate(changes)],
    )
    return ChangeSet(snapshot, tuple(changes))


def _change_row(change: Change) -> tuple[Any, ...]:
    before, after = (json.dumps(side, ensure_ascii=False) for side in (change.before, change.after))
    return (change.change, change.id, change.title, change.conference, change.year, before, after)


def save_digests(db: sqlite3.Connection, digests: dict[str, str], stored_at: datetime) -> None:
    db.executemany(
        "INSERT INTO source_digests (source, digest, stored_at) VALUES (?, ?, ?) "
        "ON CONFLICT(source) DO UPDATE SET digest = excluded.digest, "
        "stored_at = excluded.stored_at",
        [(source, digest, stored_at.isoformat()) for source, digest in digests.items()],
    )


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# --- reading ----------------------------------------------------------------------------------


class ChangeLog:
    """The change-set side of a Library."""

    connection: sqlite3.Connection

    def last_snapshot(self) -> int | None:
        row = self.connection.execute("SELECT max(id) FROM snapshots").fetchone()
        return None if row[0] is None else int(row[0])

    def changes(
        self, *, snapshot: int | None = None, since: datetime | None = None
    ) -> list[Change]:
        """The changes recorded by one snapshot, or by every snapshot taken at or after
        ``since`` (an aware instant), or all; oldest snapshot first."""
        where, params = "1", list[Any]()
        if snapshot is not None:
            where, params = "s.id = ?", [snapshot]
        elif since is not None:
            where, params = "datetime(s.taken_at) >= datetime(?)", [since.isoformat()]
        rows = self.connection.execute(
            "SELECT c.*, s.taken_at FROM changes c JOIN snapshots s ON s.id = c.snapshot "
            f"WHERE {where} ORDER BY c.snapshot, c.position",
            params,
        )
        return [_change_of(row) for row in rows]

    def last_changed_ids(self) -> frozenset[str]:
        """The items the latest change set added or changed (a list marks them)."""
        rows = self.connection.execute(
            "SELECT item_id FROM changes WHERE change != ? "
            "AND snapshot = (SELECT max(id) FROM snapshots)",
            (WITHDRAWN,),
        )
        return frozenset(row[0] for row in rows)

    def source_digest(self, source: str) -> str | None:
        row = self.connection.execute(
            "SELECT digest FROM source_digests WHERE source = ?", (source,)
        ).fetchone()
        return None if row is None else str(row[0])

    def stored_digests(self) -> dict[str, StoredDigest]:
        """Each source's digest as last stored, and when (for parse to skip what it holds)."""
        rows = self.connection.execute("SELECT source, digest, stored_at FROM source_digests")
        return {row[0]: StoredDigest(row[1], _instant(row[2])) for row in rows}

    def sessions_from(self, source: str) -> dict[str, int]:
        """The sessions stored from a source, with their item counts (a refresh of the
        source replaces all of them)."""
        rows = self.connection.execute(
            "SELECT s.id, (SELECT count(*) FROM items i WHERE i.session_id = s.id) "
            "FROM sessions s WHERE s.source = ?",
            (source,),
        )
        return {row[0]: int(row[1]) for row in rows}


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _change_of(row: sqlite3.Row) -> Change:
    return Change(
        row["change"], row["item_id"], row["title"] or "", row["conference"], row["year"],
        json.loads(row["before"]), json.loads(row["after"]), row["snapshot"],
        datetime.fromisoformat(row["taken_at"]),
    )  # fmt: skip
