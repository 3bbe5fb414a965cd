"""Helpers for the tests of the library file: exact dumps, damage, and old versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from confcli.store import maintenance, schema

PAGE = 4096  # SQLite's default page size, which confcli keeps

# The schema of library version 1 (confcli 0.1, commit 1b121c7), as it was written then.
SCHEMA_V1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, kind TEXT, conference TEXT, year INTEGER, title TEXT NOT NULL,
    room TEXT, chairs TEXT NOT NULL, start TEXT, "end" TEXT, abstract TEXT, url TEXT,
    source TEXT
);
CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id),
    position INTEGER,
    kind TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL, abstract TEXT,
    start TEXT, "end" TEXT, room TEXT, poster TEXT, decision TEXT, presentation TEXT, award TEXT,
    url TEXT, session TEXT NOT NULL, conference TEXT, year INTEGER, paper_id TEXT,
    source TEXT
);
CREATE INDEX items_session ON items(session_id, position);
CREATE INDEX items_paper ON items(paper_id);
CREATE INDEX items_start ON items(datetime(start));
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, authors, session, abstract, content='items', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, title, authors, session, abstract)
    VALUES (new.rowid, new.title, new.authors, new.session, new.abstract);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, authors, session, abstract)
    VALUES ('delete', old.rowid, old.title, old.authors, old.session, old.abstract);
END;
PRAGMA application_id = 1128680521;
PRAGMA user_version = 1;
"""

# The schema of library version 3 (before site ids, commit 6daa0b3), as it was written then.
SCHEMA_V3 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, kind TEXT, conference TEXT, year INTEGER, title TEXT NOT NULL,
    room TEXT, chairs TEXT NOT NULL, start TEXT, "end" TEXT, abstract TEXT, url TEXT,
    source TEXT
);
CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id),
    position INTEGER,
    kind TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL, abstract TEXT,
    start TEXT, "end" TEXT, room TEXT, poster TEXT, decision TEXT, presentation TEXT, award TEXT,
    url TEXT, session TEXT NOT NULL, conference TEXT, year INTEGER, paper_id TEXT,
    source TEXT, links TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX items_session ON items(session_id, position);
CREATE INDEX items_paper ON items(paper_id);
CREATE INDEX items_start ON items(datetime(start));
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, authors, session, abstract, content='items', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, authors, session, abstract)
    VALUES ('delete', old.rowid, old.title, old.authors, old.session, old.abstract);
END;
PRAGMA application_id = 1128680521;
PRAGMA user_version = 3;
"""


def dump(path: Path) -> list[str]:
    """Every table's rows, the search index's own tables included, and the schema: equal
    dumps are equal libraries. Opened as confcli opens it, so that a crashed writer's
    journal is recovered first (a read-only connection could not)."""
    connection = sqlite3.connect(path)
    try:
        pragmas = [
            f"{name}={connection.execute(f'PRAGMA {name}').fetchone()[0]}"
            for name in ("user_version", "application_id")
        ]
        return pragmas + list(connection.iterdump())
    finally:
        connection.close()


def sound(path: Path) -> bool:
    """SQLite's integrity check and FTS5's own, by `confcli library check`."""
    return maintenance.check(path).ok


def damage_pages(path: Path, first: int = 3, every: int = 3) -> None:
    """Zeroes every ``every``-th page from page ``first`` on: the schema (page 1) still
    reads, so the library opens, and breaks later, under a command."""
    data = bytearray(path.read_bytes())
    for page in range(first - 1, len(data) // PAGE, every):
        data[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))


# The library version before items kept topics, keywords and institutions (found in
# UPGRADES, since the lead renumbers steps when merging).
TOPICS_STEP = next(
    step
    for step, statements in schema.UPGRADES.items()
    if "ADD COLUMN topic" in " ".join((statements,) if isinstance(statements, str) else statements)
)


def without_topics(db: sqlite3.Connection) -> None:
    """A library as confcli left it before the topics step: no topic, keywords or
    affiliations columns, and the search index over the columns it had then."""
    for statement in (
        "DROP TRIGGER items_fts_delete",
        "DROP TABLE items_fts",
        "DROP VIEW items_search",
        "ALTER TABLE items DROP COLUMN topic",
        "ALTER TABLE items DROP COLUMN keywords",
        "ALTER TABLE items DROP COLUMN affiliations",
        schema.search_view(schema.FTS_COLUMNS_V8),
        schema.search_index(schema.FTS_COLUMNS_V8),
        schema.delete_trigger(schema.FTS_COLUMNS_V8),
        "INSERT INTO items_fts(items_fts) VALUES('rebuild')",
    ):
        db.execute(statement)
