"""The library's schema: its tables, its version, and the steps that upgrade an older
library, applied when a library is opened."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from confcli.errors import LibraryError

APPLICATION_ID = 0x43464C49  # "CFLI": marks a SQLite file as a confcli library
LIBRARY_VERSION = 7  # 2: items.links; 3: items are indexed by store(), not by a trigger;
# 4: items.site_id and sessions.site_id (the site's own event ids); 5: hand_times;
# 6: picks, planned, exported (the user's own data); 7: items_programme (programme order)

# The user's own data, kept apart from the page data: parsing, a refresh and `library
# rebuild` never touch it. Keyed by durable item ids with no foreign key, so a pick outlives
# its item (shown as withdrawn from the snapshot of what it was). ``planned``: the slots
# `agenda --plan --save` chose; ``exported``: the last state of each slot written to a
# calendar, so that a changed slot gets a higher SEQUENCE.
PICKS_SCHEMA = """
CREATE TABLE picks (
    item_id TEXT PRIMARY KEY NOT NULL, starred INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0, note TEXT, conference TEXT, year INTEGER, title TEXT,
    kind TEXT, start TEXT, paper_id TEXT
);
CREATE TABLE planned (item_id TEXT PRIMARY KEY NOT NULL, paper TEXT NOT NULL);
CREATE TABLE exported (
    item_id TEXT PRIMARY KEY NOT NULL, sequence INTEGER NOT NULL, state TEXT NOT NULL
);
"""

SCHEMA = (
    """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, kind TEXT, conference TEXT, year INTEGER, title TEXT NOT NULL,
    room TEXT, chairs TEXT NOT NULL, start TEXT, "end" TEXT, abstract TEXT, url TEXT,
    source TEXT, site_id TEXT
);
CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id),
    position INTEGER,
    kind TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL, abstract TEXT,
    start TEXT, "end" TEXT, room TEXT, poster TEXT, decision TEXT, presentation TEXT, award TEXT,
    url TEXT, session TEXT NOT NULL, conference TEXT, year INTEGER, paper_id TEXT,
    source TEXT, links TEXT NOT NULL DEFAULT '{}', site_id TEXT
);
CREATE TABLE hand_times (
    session_id TEXT PRIMARY KEY NOT NULL, start TEXT NOT NULL, "end" TEXT, set_at TEXT
);
CREATE INDEX items_session ON items(session_id, position);
CREATE INDEX items_paper ON items(paper_id);
CREATE INDEX items_start ON items(datetime(start));
CREATE INDEX items_programme ON items(
    datetime(start) IS NULL, datetime(start), session_id, position, id
);
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, authors, session, abstract, content='items', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, authors, session, abstract)
    VALUES ('delete', old.rowid, old.title, old.authors, old.session, old.abstract);
END;
"""
    + PICKS_SCHEMA
)

# Each step upgrades a library from the version it is keyed by to the next one: a statement,
# or a tuple of them.
UPGRADES: dict[int, str | tuple[str, ...]] = {
    1: "ALTER TABLE items ADD COLUMN links TEXT NOT NULL DEFAULT '{}'",
    2: "DROP TRIGGER IF EXISTS items_fts_insert",
    # Rows stored before keep a null site id and the ids they were stored with (see README).
    3: (
        "ALTER TABLE items ADD COLUMN site_id TEXT",
        "ALTER TABLE sessions ADD COLUMN site_id TEXT",
    ),
    # Times set by hand (`library set-time`), kept apart so a re-parse does not lose them.
    4: "CREATE TABLE IF NOT EXISTS hand_times (session_id TEXT PRIMARY KEY NOT NULL, "
    'start TEXT NOT NULL, "end" TEXT, set_at TEXT)',
    # (IF NOT EXISTS: a library copied back from a newer confcli may hold them already)
    5: tuple(
        statement.strip().replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")
        for statement in PICKS_SCHEMA.split(";")
        if statement.strip()
    ),
    # Items in programme order (store.streams.ITEM_ORDER) without a sort: an export of
    # 60,000 items spent 0.6 s sorting them.
    6: "CREATE INDEX IF NOT EXISTS items_programme ON items("
    "datetime(start) IS NULL, datetime(start), session_id, position, id)",
}


def statements(script: str = SCHEMA) -> list[str]:
    """A script, one complete SQL statement at a time (a trigger's body holds semicolons)."""
    found, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    return found


def upgrade_statements(version: int) -> list[str]:
    """The statements that upgrade a library of ``version`` to this confcli's."""
    found: list[str] = []
    for step in range(version, LIBRARY_VERSION):
        steps = UPGRADES[step]
        found.extend((steps,) if isinstance(steps, str) else steps)
    return found


def unusable(path: str, error: sqlite3.Error) -> str:
    return f"{path} is not a usable confcli library ({error}); see `confcli library check`"


def ensure_schema(connection: sqlite3.Connection, path: str) -> None:
    """Creates the schema of a new library, upgrades an older one, and refuses a file that
    is not a confcli library or was written by a newer confcli."""
    try:
        app_id, version, has_tables = _header(connection)
    except sqlite3.DatabaseError as error:
        raise LibraryError(unusable(path, error)) from None
    if not has_tables:
        _create(connection, path)
        return ensure_schema(connection, path)  # as made: by this confcli or another
    if app_id != APPLICATION_ID:
        raise LibraryError(f"{path} is not a confcli library; give another --library path")
    if version > LIBRARY_VERSION:
        raise LibraryError(
            f"{path} was written by a newer confcli (library version {version}); upgrade confcli"
        )
    if version < LIBRARY_VERSION:
        _upgrade(connection, path)


def _header(connection: sqlite3.Connection) -> tuple[int, int, int]:
    """(application id, version, schema objects), read in one transaction: read apart,
    they could straddle another confcli creating the library at that moment."""
    connection.execute("BEGIN")
    try:
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        has_tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        connection.execute("COMMIT")
    return app_id, version, has_tables


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction under the write lock: all of it lands, or none of it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        # SQLite may have undone it already (a full disk, an I/O error): a second
        # ROLLBACK would raise and hide the real error.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _create(connection: sqlite3.Connection, path: str) -> None:
    """The schema of a new library, written under the write lock and only if the file is
    still empty then: two confcli started at once on a new library both reach here."""
    try:
        with write_transaction(connection):
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                for statement in statements(SCHEMA):
                    connection.execute(statement)
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
    except sqlite3.Error as error:
        raise LibraryError(f"cannot create the library {path}: {error}") from None


def _upgrade(connection: sqlite3.Connection, path: str) -> None:
    """Upgrades an older library in place; the version is read again under the write lock
    because another confcli may have upgraded it meanwhile."""
    try:
        with write_transaction(connection):
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, LIBRARY_VERSION):
                steps = UPGRADES[step]
                for statement in (steps,) if isinstance(steps, str) else steps:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
    except sqlite3.Error as error:
        raise LibraryError(f"cannot upgrade the library {path}: {error}") from None
