"""Schema objects that are not confcli's. A library is data, not code: a trigger or view
someone added to a shared library file would run inside confcli (a trigger at every
write), so ``check`` names every object confcli did not make, ``rebuild`` drops them, and
nothing writes to a library holding a foreign trigger until then (confcli.store.library).
"""

from __future__ import annotations

import re
import sqlite3

from confcli.store.schema import (
    FTS_COLUMNS_V8,
    SCHEMA,
    delete_trigger,
    search_view,
    statements,
)

OBJECT = re.compile(r"CREATE (?:VIRTUAL )?(TABLE|INDEX|TRIGGER|VIEW) (\w+)")
# FTS5's own tables behind items_fts (its content is the items table: no _content table).
FTS_SHADOWS = ("items_fts_data", "items_fts_idx", "items_fts_docsize", "items_fts_config")
# Written by older confcli and replaced or dropped by an upgrade step: confcli's until then.
OLDER = (
    ("trigger", "items_fts_insert", "CREATE TRIGGER items_fts_insert AFTER INSERT ON items "
     "BEGIN INSERT INTO items_fts(rowid, title, authors, session, abstract) VALUES (new.rowid, "
     "new.title, new.authors, new.session, new.abstract); END"),
    ("trigger", "items_fts_delete", "CREATE TRIGGER items_fts_delete AFTER DELETE ON items "
     "BEGIN INSERT INTO items_fts(items_fts, rowid, title, authors, session, abstract) VALUES "
     "('delete', old.rowid, old.title, old.authors, old.session, old.abstract); END"),
    ("view", "items_search", search_view(FTS_COLUMNS_V8)),
    ("trigger", "items_fts_delete", delete_trigger(FTS_COLUMNS_V8)),
)  # fmt: skip
CODE = ("trigger", "view")  # the kinds whose text runs: compared in full, not by name only


def canonical(sql: str | None) -> str:
    """SQL text compared without its layout: spaces collapsed, no final semicolon."""
    return " ".join((sql or "").split()).rstrip(";").strip()


def confcli_objects() -> dict[str, tuple[str, set[str]]]:
    """name → (kind, the canonical SQL texts confcli wrote it with) of every schema object
    confcli makes or made."""
    ours: dict[str, tuple[str, set[str]]] = {}
    for statement in statements(SCHEMA):
        found = OBJECT.search(statement)
        if found:
            ours[found[2]] = (found[1].lower(), {canonical(statement)})
    ours.update({name: ("table", set()) for name in FTS_SHADOWS})
    for kind, name, sql in OLDER:
        ours.setdefault(name, (kind, set()))[1].add(canonical(sql))
    return ours


def foreign_objects(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """(kind, name) of every object in the schema that confcli did not make: another
    name, another kind, or a trigger or view of confcli's name with other text."""
    ours = confcli_objects()
    found = []
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
    for kind, name, sql in rows.fetchall():
        if name.startswith("sqlite_"):  # SQLite's own (autoindexes, statistics)
            continue
        mine = ours.get(name)
        if mine is None or mine[0] != kind or (kind in CODE and canonical(sql) not in mine[1]):
            found.append((kind, name))
    return found


def foreign_triggers(connection: sqlite3.Connection) -> list[str]:
    """The foreign triggers' names: the code a write would run."""
    return [name for kind, name in foreign_objects(connection) if kind == "trigger"]


def describe(objects: list[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {name}" for kind, name in objects)


def drop_foreign(db: sqlite3.Connection) -> int:
    """Drops every foreign object (inside the caller's transaction); how many. A dropped
    table takes its triggers and indexes (and a virtual table its own tables) with it."""
    dropped, last = 0, None
    while found := foreign_objects(db):
        if found[0] == last:  # a drop that did not take: never loop on it
            raise sqlite3.DatabaseError(f"cannot drop the {describe(found[:1])}")
        kind, name = last = found[0]
        db.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')
        dropped += 1
    return dropped
