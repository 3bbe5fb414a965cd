"""Durable identity: ids from the site's own event ids, else from titles, never from times,
rooms, places in a list, poster numbers or file names; and the site ids kept in the library
(version 4, upgraded in place from version 3)."""

from __future__ import annotations

import json
import sqlite3

from conftest import SAMPLE_FILES, run_cli
from library_support import SCHEMA_V3, sound

from confcli.app import ReadOptions, read_pages
from confcli.errors import ExitCode
from confcli.library import LIBRARY_VERSION, Library

# --- the library: version 4 keeps site ids; version 3 is upgraded in place ------------------

SESSION_COLUMNS_V3 = (
    "id", "kind", "conference", "year", "title", "room", "chairs", "start", "end", "abstract",
    "url", "source",
)  # fmt: skip
ITEM_COLUMNS_V3 = (
    "id", "session_id", "position", "kind", "title", "authors", "abstract", "start", "end",
    "room", "poster", "decision", "presentation", "award", "url", "session", "conference",
    "year", "paper_id", "source", "links",
)  # fmt: skip


def version_3_library(path, sources: list[str]) -> None:
    """A library as confcli wrote it before site ids, by raw SQL with the schema of then."""
    sessions = [page.page.session for page in read_pages(sources, ReadOptions()).pages]
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_V3)
    for session in sessions:
        connection.execute(
            _insert("sessions", SESSION_COLUMNS_V3), _row(session, SESSION_COLUMNS_V3)
        )
        for item in session.items:
            connection.execute(_insert("items", ITEM_COLUMNS_V3), _row(item, ITEM_COLUMNS_V3))
    connection.execute(  # version 3 indexed its items in store(), not by a trigger
        "INSERT INTO items_fts(rowid, title, authors, session, abstract) "
        "SELECT rowid, title, authors, session, abstract FROM items"
    )
    connection.commit()
    connection.close()


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _row(record, columns: tuple[str, ...]) -> tuple:
    values = []
    for name in columns:
        value = getattr(record, name)
        if name in ("authors", "chairs"):
            value = "\n".join(value)
        elif name in ("start", "end") and value is not None:
            value = value.isoformat()
        elif name == "links":
            value = json.dumps(dict(value), ensure_ascii=False) if value else "{}"
        values.append(value)
    return tuple(values)


def _rows(path, table: str, columns: tuple[str, ...]) -> list[tuple]:
    names = ", ".join(f'"{name}"' for name in columns)
    with sqlite3.connect(path) as connection:
        rows = connection.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    connection.close()
    return rows


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def test_a_version_3_library_gains_site_id_columns_and_keeps_its_rows(tmp_path):
    old, fresh = tmp_path / "v3.sqlite", tmp_path / "fresh.sqlite"
    version_3_library(old, list(map(str, SAMPLE_FILES)))
    items_before = _rows(old, "items", ITEM_COLUMNS_V3)
    sessions_before = _rows(old, "sessions", SESSION_COLUMNS_V3)
    with Library(old) as library:
        connection = library.connection
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        assert (version, LIBRARY_VERSION) == (4, 4)
        assert _columns(connection, "items")[-2:] == ["links", "site_id"]
        assert _columns(connection, "sessions")[-2:] == ["source", "site_id"]
        nulls = "SELECT count(*) FROM {} WHERE site_id IS NULL"
        assert connection.execute(nulls.format("items")).fetchone()[0] == len(items_before) == 195
        assert connection.execute(nulls.format("sessions")).fetchone()[0] == 5
    assert _rows(old, "items", ITEM_COLUMNS_V3) == items_before
    assert _rows(old, "sessions", SESSION_COLUMNS_V3) == sessions_before
    assert sound(old)
    parsed = run_cli("parse", "--library", str(fresh), *map(str, SAMPLE_FILES))
    assert parsed.code == ExitCode.OK, parsed.stderr
    listed = run_cli("list", "--library", str(old), "--json")
    assert listed.code == ExitCode.OK and listed.stderr == ""
    assert listed.stdout == run_cli("list", "--library", str(fresh), "--json").stdout
    found = run_cli("search", "lottery", "--library", str(old), "--json")
    assert found.code == ExitCode.OK and len(found.json) == 2
