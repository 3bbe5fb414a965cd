"""The hostile corpus's library side (tests/test_hostile_library.py): library files that
are not what they seem (a pipe, another program's database, a library carrying someone's
triggers), libraries that cannot be written now (busy, read-only, a full disk), and the
searches and page times that once meant something else than they say.

Each builder takes a path and leaves the hostile thing there; ``SIDE`` is the table a
hostile trigger writes to, so a test can prove the trigger never ran.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

SIDE = "side"  # where a hostile trigger writes: empty unless the trigger ran


def execute(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def side_rows(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {SIDE}").fetchone()[0]
    finally:
        connection.close()


# --- files that are not a library -------------------------------------------------------------


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    """A socket file (its server closed): neither a library nor anything to open."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def notes_database(path: Path) -> None:
    """Another program's database, in the rollback-journal mode it chose."""
    execute(path, "CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('mine')")


def lookalike_database(path: Path) -> None:
    """Another program's database with tables named like confcli's, and its own id."""
    execute(
        path,
        "CREATE TABLE sessions (id TEXT)",
        "CREATE TABLE items (id TEXT)",
        "PRAGMA application_id = 42",
    )


# --- a library that is also code ----------------------------------------------------------------

FOREIGN_TRIGGER = (
    f"CREATE TABLE {SIDE} (what TEXT)",
    f"CREATE TRIGGER spy AFTER INSERT ON items BEGIN INSERT INTO {SIDE} VALUES (new.title); END",
)
REPLACED_TRIGGER = (  # confcli's own trigger's name, someone else's body
    f"CREATE TABLE {SIDE} (what TEXT)",
    "DROP TRIGGER items_fts_delete",
    f"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN "
    f"INSERT INTO {SIDE} VALUES (old.title); END",
)
FOREIGN_VIEW_AND_TABLE = (
    "CREATE VIEW everything AS SELECT * FROM items",
    "CREATE TABLE notes (text TEXT)",
    "CREATE INDEX notes_text ON notes(text)",
)
