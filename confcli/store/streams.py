"""The items a condition selects, read as they are needed: exports write them as SQLite
hands them over, so a document of any size takes the memory of a few rows.

Each object here reads the library again whenever it is iterated (an export may read its
items twice: once for what its header says, once for the body), never keeping the rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from confcli.model import Item, Session
from confcli.store.rows import item_of, session_of

ITEM_ORDER = (
    "datetime(items.start) IS NULL, datetime(items.start), items.session_id, "
    "items.position, items.id"
)
BATCH = 256  # rows fetched from SQLite at a time


@dataclass(frozen=True)
class Chosen:
    """The selected items (a condition over ``items``, at most ``limit`` of them)."""

    connection: sqlite3.Connection
    where: str = "1"
    params: tuple[Any, ...] = ()
    limit: int | None = None
    timed_only: bool = False  # only those with a start (after the limit)

    def _sql(self, columns: str = "*") -> tuple[str, tuple[Any, ...]]:
        """The chosen rows, in programme order, numbered (``n``) in that order."""
        inner = (
            f"SELECT items.*, row_number() OVER (ORDER BY {ITEM_ORDER}) AS n FROM items "
            f"WHERE {self.where} ORDER BY {ITEM_ORDER} LIMIT ?"
        )
        timed = " WHERE chosen.start IS NOT NULL" if self.timed_only else ""
        sql = f"SELECT {columns} FROM ({inner}) AS chosen{timed}"
        return sql, (*self.params, -1 if self.limit is None else self.limit)

    def __iter__(self) -> Iterator[Item]:
        if self.limit is None:  # the index walked in programme order: no sort, no window
            sql = f"SELECT * FROM items WHERE {self._where()} ORDER BY {ITEM_ORDER}"
            return _rows(self.connection.execute(sql, self.params), item_of)
        sql, params = self._sql()
        return _rows(self.connection.execute(f"{sql} ORDER BY chosen.n", params), item_of)

    def __len__(self) -> int:
        if self.limit is None:
            sql = f"SELECT count(*) FROM items WHERE {self._where()}"
            found: int = self.connection.execute(sql, self.params).fetchone()[0]
            return found
        sql, params = self._sql("count(*)")
        count: int = self.connection.execute(sql, params).fetchone()[0]
        return count

    def _where(self) -> str:
        return f"({self.where}) AND items.start IS NOT NULL" if self.timed_only else self.where

    def timed(self) -> Chosen:
        return replace(self, timed_only=True)

    def sessions(self) -> ChosenSessions:
        return ChosenSessions(self)


@dataclass(frozen=True)
class ChosenSessions:
    """The sessions of the chosen items, in order of their first chosen item, each holding
    only its chosen items (in programme order): one session's items in memory at a time."""

    chosen: Chosen

    def __iter__(self) -> Iterator[Session]:
        first = "min(chosen.n) OVER (PARTITION BY chosen.session_id) AS first"
        sql, params = self.chosen._sql(f"chosen.*, {first}")
        rows = self.chosen.connection.execute(f"{sql} ORDER BY first, chosen.n", params)
        return self._grouped(rows)

    def _grouped(self, rows: sqlite3.Cursor) -> Iterator[Session]:
        for session_id, group in groupby(_rows(rows, lambda row: row), lambda r: r["session_id"]):
            items = tuple(map(item_of, group))
            yield replace(self.head(session_id), items=items)

    def head(self, session_id: str) -> Session:
        """A session without its items (its title, room, times)."""
        row = self.chosen.connection.execute(
            "SELECT * FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise LookupError(session_id)
        return session_of(row)

    def heads(self) -> dict[str, Session]:
        """The sessions of the chosen items, without their items, by id."""
        sql, params = self.chosen._sql("DISTINCT chosen.session_id")
        ids = [row[0] for row in self.chosen.connection.execute(sql, params)]
        return {session_id: self.head(session_id) for session_id in ids}


def _rows(cursor: sqlite3.Cursor, convert: Any) -> Iterator[Any]:
    while batch := cursor.fetchmany(BATCH):
        yield from map(convert, batch)
