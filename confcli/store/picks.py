"""The user's picks (stars, hidden items, notes), the saved plan and the calendar export
state: the SQL of the tables kept apart from the page data (store/schema.py, PICKS_SCHEMA).

``Picks`` is mixed into ``Library``; picks are keyed by durable item ids and never deleted
when their item goes: they carry a snapshot of what the item was, to show it as withdrawn.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from confcli.model import Item
from confcli.store.rows import item_of, time_of

PICK_COLUMNS = (
    "item_id", "starred", "hidden", "note", "conference", "year", "title", "kind", "start",
    "paper_id",
)  # fmt: skip
SNAPSHOT = ("conference", "year", "title", "kind", "start", "paper_id")


@dataclass(frozen=True, slots=True)
class Pick:
    """A pick of one slot, and a snapshot of the slot as it was when last seen."""

    item_id: str
    starred: bool = False
    hidden: bool = False
    note: str | None = None
    conference: str | None = None
    year: int | None = None
    title: str | None = None
    kind: str | None = None
    start: datetime | None = None
    paper_id: str | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    """What importing picks did: new picks, picks merged into existing ones, and the ids
    this library holds no item for (kept all the same)."""

    added: int
    merged: int
    unknown: tuple[str, ...]


def pick_of(row: sqlite3.Row) -> Pick:
    values = {name: row[name] for name in PICK_COLUMNS}
    values["starred"], values["hidden"] = bool(row["starred"]), bool(row["hidden"])
    values["start"] = time_of(row["start"])
    return Pick(**values)


def _snapshot(item: Item) -> tuple[Any, ...]:
    start = None if item.start is None else item.start.isoformat()
    return (item.conference, item.year, item.title, item.kind, start, item.paper_id)


UPSERT_PICK = (
    "INSERT INTO picks (item_id, conference, year, title, kind, start, paper_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in SNAPSHOT)
)


EMPTY_PICK = "DELETE FROM picks WHERE item_id = ? AND NOT starred AND NOT hidden AND note IS NULL"


class Picks:
    """The picks side of a Library."""

    connection: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # Library's

    # --- writing ----------------------------------------------------------------------------

    def mark(self, items: Iterable[Item], flag: str, value: bool) -> int:
        """Sets ``starred`` or ``hidden`` on the items' picks (made as needed, and gone
        when nothing is left in them); how many changed."""
        if flag not in ("starred", "hidden"):
            raise ValueError(flag)
        changed = 0
        with self.transaction() as db:
            for item in items:
                if value:
                    db.execute(UPSERT_PICK, (item.id, *_snapshot(item)))
                cursor = db.execute(
                    f"UPDATE picks SET {flag} = ? WHERE item_id = ? AND {flag} != ?",
                    (int(value), item.id, int(value)),
                )
                changed += cursor.rowcount
                db.execute(EMPTY_PICK, (item.id,))
        return changed

    def set_note(self, item: Item, note: str | None) -> None:
        with self.transaction() as db:
            db.execute(UPSERT_PICK, (item.id, *_snapshot(item)))
            db.execute("UPDATE picks SET note = ? WHERE item_id = ?", (note, item.id))
            db.execute(EMPTY_PICK, (item.id,))

    def merge_picks(self, picks: Iterable[Pick]) -> Merged:
        """Imported picks joined to these, never overwriting: a star or a hide is added, a
        note different from the one here is appended to it."""
        added = merged = 0
        unknown: list[str] = []
        with self.transaction() as db:
            for pick in picks:
                found = db.execute("SELECT * FROM picks WHERE item_id = ?", (pick.item_id,))
                old = found.fetchone()
                if old is None:
                    db.execute(_INSERT_PICK, _pick_row(pick))
                    added += 1
                else:
                    db.execute(_MERGE_PICK, _merged(pick_of(old), pick))
                    merged += 1
                if (
                    db.execute("SELECT 1 FROM items WHERE id = ?", (pick.item_id,)).fetchone()
                    is None
                ):
                    unknown.append(pick.item_id)
        return Merged(added, merged, tuple(unknown))

    def save_plan(self, chosen: dict[str, str]) -> None:
        """The plan's slots (paper -> item id), replacing the plan saved before."""
        with self.transaction() as db:
            db.execute("DELETE FROM planned")
            db.executemany(
                "INSERT INTO planned (item_id, paper) VALUES (?, ?)",
                [(item_id, paper) for paper, item_id in chosen.items()],
            )

    def export_sequences(self, states: dict[str, str]) -> dict[str, int]:
        """The SEQUENCE of each slot written to a calendar now (item id -> its state: time,
        room, title): 0 the first time, one more each time its state changed since."""
        sequences: dict[str, int] = {}
        with self.transaction() as db:
            for item_id, state in states.items():
                row = db.execute(
                    "SELECT sequence, state FROM exported WHERE item_id = ?", (item_id,)
                ).fetchone()
                sequence = 0 if row is None else row[0] + (row[1] != state)
                db.execute(
                    "INSERT OR REPLACE INTO exported (item_id, sequence, state) VALUES (?, ?, ?)",
                    (item_id, sequence, state),
                )
                sequences[item_id] = sequence
        return sequences

    # --- reading ----------------------------------------------------------------------------

    def picks(self) -> list[Pick]:
        rows = self.connection.execute(
            "SELECT * FROM picks ORDER BY datetime(start) IS NULL, datetime(start), item_id"
        )
        return [pick_of(row) for row in rows]

    def pick_ids(self, flag: str) -> frozenset[str]:
        """The ids of the items starred (``flag`` 'starred') or hidden."""
        if flag not in ("starred", "hidden"):
            raise ValueError(flag)
        rows = self.connection.execute(f"SELECT item_id FROM picks WHERE {flag}")
        return frozenset(row[0] for row in rows)

    def items_by_id(self, ids: Iterable[str]) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for chunk in _chunks(list(ids)):
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT * FROM items WHERE id IN ({marks})", chunk)
            found.update((row["id"], item_of(row)) for row in rows)
        return found

    def paper_slots(self, paper_ids: Iterable[str]) -> dict[str, list[Item]]:
        """Every slot of each paper (an oral and its poster), in time order."""
        found: dict[str, list[Item]] = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT * FROM items WHERE paper_id IN ({marks}) "
                "ORDER BY datetime(start) IS NULL, datetime(start), id",
                chunk,
            )
            for row in rows:
                found.setdefault(row["paper_id"], []).append(item_of(row))
        return found

    def items_on(self, start: datetime, end: datetime) -> int:
        """How many timed items are on at some moment of [start, end)."""
        row = self.connection.execute(
            "SELECT count(*) FROM items WHERE start IS NOT NULL AND datetime(start) < ? "
            'AND datetime(coalesce("end", start)) > ?',
            (_utc(end), _utc(start)),
        ).fetchone()
        return int(row[0])

    def saved_plan(self) -> dict[str, str]:
        """The saved plan: paper -> item id."""
        rows = self.connection.execute("SELECT paper, item_id FROM planned ORDER BY paper")
        return {row[0]: row[1] for row in rows}


def _utc(moment: datetime) -> str:
    from confcli.store.conditions import utc_text

    return utc_text(moment)


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


_INSERT_PICK = (
    f"INSERT INTO picks ({', '.join(PICK_COLUMNS)}) VALUES ({', '.join('?' * len(PICK_COLUMNS))})"
)
_MERGE_PICK = "UPDATE picks SET starred = ?, hidden = ?, note = ? WHERE item_id = ?"


def _pick_row(pick: Pick) -> tuple[Any, ...]:
    start = None if pick.start is None else pick.start.isoformat()
    values = (pick.conference, pick.year, pick.title, pick.kind, start, pick.paper_id)
    return (pick.item_id, int(pick.starred), int(pick.hidden), pick.note, *values)


def _merged(old: Pick, new: Pick) -> tuple[Any, ...]:
    note = old.note or new.note
    if old.note and new.note and new.note not in old.note:
        note = f"{old.note}\n{new.note}"
    return (int(old.starred or new.starred), int(old.hidden or new.hidden), note, old.item_id)


def move_picks(
    db: sqlite3.Connection, item_ids: Mapping[str, str], conference: str | None, year: int | None
) -> int:
    """Re-keys the picks, the saved plan's slots and the calendar export state of items whose
    durable ids changed (old id -> new id; a stored session upgraded to a known conference
    and year), in the caller's transaction; how many picks moved. A pick already kept under
    the new id takes the old one's star, hide and note (as merge_picks joins them)."""
    moved = 0
    for old_id, new_id in item_ids.items():
        if old_id == new_id:
            continue
        old = db.execute("SELECT * FROM picks WHERE item_id = ?", (old_id,)).fetchone()
        if old is not None:
            kept = db.execute("SELECT * FROM picks WHERE item_id = ?", (new_id,)).fetchone()
            if kept is None:
                db.execute(
                    "UPDATE picks SET item_id = ?, conference = ?, year = ? WHERE item_id = ?",
                    (new_id, conference, year, old_id),
                )
            else:
                db.execute(_MERGE_PICK, _merged(pick_of(kept), pick_of(old)))
                db.execute("DELETE FROM picks WHERE item_id = ?", (old_id,))
            moved += 1
        for table in ("planned", "exported"):  # the plan's slot, the SEQUENCE's state: kept
            db.execute(
                f"UPDATE OR IGNORE {table} SET item_id = ? WHERE item_id = ?", (new_id, old_id)
            )
            db.execute(f"DELETE FROM {table} WHERE item_id = ?", (old_id,))
    return moved


def carry_picks(source: str, library: Picks) -> int:
    """Copies the picks of another library file (one moved aside as damaged) into
    ``library``, as far as that file can still be read; how many were copied."""
    try:
        address = f"file:{quote(source)}?mode=ro"  # read only: the damaged file stays as it is
        with closing(sqlite3.connect(address, uri=True)) as old:
            old.row_factory = sqlite3.Row
            picks = [pick_of(row) for row in old.execute("SELECT * FROM picks")]
    except sqlite3.Error:
        return 0  # no picks table, or not readable: nothing of the user's to carry
    library.merge_picks(picks)
    return len(picks)
