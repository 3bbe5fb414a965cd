"""The library's schema: its tables, its version, and the steps that upgrade an older
library, applied when a library is opened."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from confcli.errors import LibraryError
from confcli.folding import LETTERS

APPLICATION_ID = 0x43464C49  # "CFLI": marks a SQLite file as a confcli library
LIBRARY_VERSION = 11  # 2: items.links; 3: items are indexed by store(), not by a trigger;
# 4: items.site_id and sessions.site_id (the site's own event ids); 5: hand_times;
# 6: picks, planned, exported (the user's own data); 7: the search index reads its text
# through items_search, with letters like Ł and æ folded (confcli.folding); 8: snapshots,
# changes, source_digests; 9: items.topic, keywords, affiliations, and searched
# 10: items.source_record and sessions.source_record (a frab schedule's own records, for
# a byte-exact frab export)
# 11: items_programme (items in programme order, for exports that stream)

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


def folded(column: str) -> str:
    """SQL: the column with confcli.folding's letters spelt plainly; the GLOB spares the
    replace() calls for the text (nearly all) that holds none of them."""
    replaced = column
    for letter, plain in LETTERS.items():
        replaced = f"replace({replaced}, '{letter}', '{plain}')"
    return f"CASE WHEN {column} GLOB '*[{''.join(LETTERS)}]*' THEN {replaced} ELSE {column} END"


def search_view(columns: tuple[str, ...]) -> str:
    """The view the search index reads its (folded) text through."""
    return (
        "CREATE VIEW items_search AS SELECT rowid AS rowid, session_id, "
        + ", ".join(f"{folded(column)} AS {column}" for column in columns)
        + " FROM items;"
    )


def search_index(columns: tuple[str, ...]) -> str:
    return (
        f"CREATE VIRTUAL TABLE items_fts USING fts5(\n    {', '.join(columns)}, "
        "content='items_search', content_rowid='rowid',\n"
        "    tokenize='unicode61 remove_diacritics 2'\n);"
    )


def delete_trigger(columns: tuple[str, ...]) -> str:
    """Takes a deleted row's terms out of the index (FTS5 needs the text it indexed)."""
    return (
        "CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN\n"
        f"    INSERT INTO items_fts(items_fts, rowid, {', '.join(columns)})\n"
        "    VALUES ('delete', old.rowid, "
        + ", ".join(folded(f"old.{column}") for column in columns)
        + ");\nEND;"
    )


# The columns the index held before version 9 (for the upgrade and confcli.store.foreign).
FTS_COLUMNS_V8 = ("title", "authors", "session", "abstract")
FTS_COLUMNS = (*FTS_COLUMNS_V8, "topic", "keywords", "affiliations")
SEARCH_VIEW, SEARCH_INDEX, DELETE_TRIGGER = (
    make(FTS_COLUMNS) for make in (search_view, search_index, delete_trigger)
)


# What each refresh changed (confcli.store.changes), and the digest of each source's bytes
# as last stored (an unchanged file is not parsed again).
CHANGES_SCHEMA = """
CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL);
CREATE TABLE changes (
    snapshot INTEGER NOT NULL, position INTEGER NOT NULL, change TEXT NOT NULL,
    item_id TEXT NOT NULL, title TEXT, conference TEXT, year INTEGER,
    before TEXT NOT NULL, after TEXT NOT NULL
);
CREATE TABLE source_digests (
    source TEXT PRIMARY KEY NOT NULL, digest TEXT NOT NULL, stored_at TEXT
);
"""

SCHEMA = (
    """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, kind TEXT, conference TEXT, year INTEGER, title TEXT NOT NULL,
    room TEXT, chairs TEXT NOT NULL, start TEXT, "end" TEXT, abstract TEXT, url TEXT,
    source TEXT, site_id TEXT, source_record TEXT
);
CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id),
    position INTEGER,
    kind TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL, abstract TEXT,
    start TEXT, "end" TEXT, room TEXT, poster TEXT, decision TEXT, presentation TEXT, award TEXT,
    url TEXT, session TEXT NOT NULL, conference TEXT, year INTEGER, paper_id TEXT,
    source TEXT, links TEXT NOT NULL DEFAULT '{}', site_id TEXT, topic TEXT,
    keywords TEXT NOT NULL DEFAULT '', affiliations TEXT NOT NULL DEFAULT '',
    source_record TEXT
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
"""
    + PICKS_SCHEMA
    + CHANGES_SCHEMA
    + "\n".join((SEARCH_VIEW, SEARCH_INDEX, DELETE_TRIGGER))
    + "\n"
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
    # The search index remade to read folded text (Łukasz found by lukasz), and refilled.
    6: (
        "DROP TRIGGER IF EXISTS items_fts_delete",
        "DROP TABLE IF EXISTS items_fts",
        "DROP VIEW IF EXISTS items_search",
        search_view(FTS_COLUMNS_V8),
        search_index(FTS_COLUMNS_V8),
        delete_trigger(FTS_COLUMNS_V8),
        "INSERT INTO items_fts(items_fts) VALUES('rebuild')",
    ),
    7: tuple(
        statement.strip().replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")
        for statement in CHANGES_SCHEMA.split(";")
        if statement.strip()
    ),
    # The feed's topic, keywords and author institutions, kept and searched: rows stored
    # before hold none until their page is parsed again; the index is remade with the new
    # columns (and refilled from the rows).
    8: (
        "ALTER TABLE items ADD COLUMN topic TEXT",
        "ALTER TABLE items ADD COLUMN keywords TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN affiliations TEXT NOT NULL DEFAULT ''",
        "DROP TRIGGER IF EXISTS items_fts_delete",
        "DROP TABLE IF EXISTS items_fts",
        "DROP VIEW IF EXISTS items_search",
        SEARCH_VIEW,
        SEARCH_INDEX,
        DELETE_TRIGGER,
        "INSERT INTO items_fts(items_fts) VALUES('rebuild')",
    ),
    # A frab schedule's records kept verbatim; rows stored before have none (no byte-exact
    # frab export until the schedule is parsed again).
    9: (
        "ALTER TABLE items ADD COLUMN source_record TEXT",
        "ALTER TABLE sessions ADD COLUMN source_record TEXT",
    ),
    # Items in programme order (store.streams.ITEM_ORDER) without a sort: an export of
    # 60,000 items spent 0.6 s sorting them.
    10: "CREATE INDEX IF NOT EXISTS items_programme ON items("
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
                    if not _column_held(connection, statement):
                        connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
    except sqlite3.Error as error:
        raise LibraryError(f"cannot upgrade the library {path}: {error}") from None


ADD_COLUMN = re.compile(r"^ALTER TABLE (\w+) ADD COLUMN (\w+)")


def _column_held(connection: sqlite3.Connection, statement: str) -> bool:
    """An ``ADD COLUMN`` step whose column the table holds already (a library copied back
    from a newer confcli): SQLite has no ``ADD COLUMN IF NOT EXISTS``."""
    match = ADD_COLUMN.match(statement)
    if not match:
        return False
    columns = connection.execute(f"PRAGMA table_info({match[1]})")
    return any(row[1] == match[2] for row in columns)
