"""Sessions and items as table rows, and back: the one place that knows how a model field
is kept in a column (authors one per line, links as JSON, times as ISO text)."""

from __future__ import annotations

import json
import operator
import sqlite3
from datetime import datetime
from typing import Any

from confcli.bounds import time_in_range
from confcli.errors import LibraryError
from confcli.model import ALL_ITEM_FIELDS, SESSION_FIELDS, STORED_ONLY, Item, Session

# Authors are kept one per line: names never hold a newline, FTS sees each name, and
# the list comes back exactly.
AUTHOR_JOIN = "\n"


def insert_sql(table: str, fields: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in fields)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(fields))})"


# The columns: every shown field, then what is stored but never shown.
SESSION_COLUMNS = (*SESSION_FIELDS, *STORED_ONLY)
ITEM_COLUMNS = (*ALL_ITEM_FIELDS, *STORED_ONLY)
INSERT_SESSION = insert_sql("sessions", SESSION_COLUMNS)
INSERT_ITEM = insert_sql("items", ITEM_COLUMNS)


def session_row(session: Session) -> tuple[Any, ...]:
    values = {name: getattr(session, name) for name in SESSION_COLUMNS}
    values["chairs"] = AUTHOR_JOIN.join(session.chairs)
    values["start"], values["end"] = _iso(session.start), _iso(session.end)
    return tuple(values.values())


# An item's fields in column order, in one C call: a row is built for every item stored.
_ITEM_VALUES = operator.attrgetter(*ITEM_COLUMNS)
_AUTHORS, _LINKS, _START, _END = map(ITEM_COLUMNS.index, ("authors", "links", "start", "end"))
# Kept one per line as authors are (neither a keyword nor an institution holds a newline).
_LISTS = tuple(map(ITEM_COLUMNS.index, ("keywords", "affiliations")))


def item_row(item: Item) -> list[Any]:
    values = list(_ITEM_VALUES(item))
    values[_AUTHORS] = AUTHOR_JOIN.join(item.authors)
    for index in _LISTS:
        values[index] = AUTHOR_JOIN.join(values[index])
    values[_LINKS] = json.dumps(dict(item.links), ensure_ascii=False) if item.links else "{}"
    values[_START], values[_END] = _iso(item.start), _iso(item.end)
    return values


def session_of(row: sqlite3.Row, items: tuple[Item, ...] = ()) -> Session:
    values = {name: row[name] for name in SESSION_COLUMNS}
    values["chairs"] = _names(row["chairs"])
    values["start"], values["end"] = time_of(row["start"]), time_of(row["end"])
    return Session(**values, items=items)


def item_of(row: sqlite3.Row) -> Item:
    values = {name: row[name] for name in ITEM_COLUMNS}
    values["authors"] = _names(row["authors"])
    values["keywords"] = _names(row["keywords"])
    # one per author, some "" (unknown); () or at least one known (confcli.readers.build)
    values["affiliations"] = _names(row["affiliations"])
    values["links"] = _links_of(row["links"])
    values["start"], values["end"] = time_of(row["start"]), time_of(row["end"])
    return Item(**values)


def time_of(text: str | None) -> datetime | None:
    """A stored time; one confcli cannot read or show (a row edited by hand) is an error
    naming the way out, never a crash further on (store.rowcheck)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise _unreadable("a time", text) from None
    if not time_in_range(moment):
        raise _unreadable("a time", text)
    return moment


def _links_of(text: str) -> tuple[tuple[str, str], ...]:
    try:
        links = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise _unreadable("links", text) from None
    if not isinstance(links, dict):
        raise _unreadable("links", text)
    return tuple(links.items())


def _unreadable(what: str, value: object) -> LibraryError:
    shown = repr(value)[:60]
    return LibraryError(
        f"the library holds {what} confcli cannot read back ({shown}): "
        "`confcli library rebuild` repairs such rows"
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(AUTHOR_JOIN)) if text else ()
