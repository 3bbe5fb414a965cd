"""Looking after the library file: check it, rebuild what can be rebuilt, and name what went
wrong when SQLite fails under a command.

``check`` and ``rebuild`` open the file with sqlite3 directly, not through ``Library``: they
must work on exactly the files ``Library`` refuses (damaged, newer, not confcli's). Nothing
here overwrites a file: a library that cannot be repaired is moved aside, and only when the
user asks.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from confcli.errors import LibraryError, NotFoundError
from confcli.store import access
from confcli.store.foreign import describe, drop_foreign, foreign_objects
from confcli.store.library import Library
from confcli.store.picks import carry_picks
from confcli.store.rowcheck import RowTrouble, repair_rows, unreadable_rows
from confcli.store.schema import (
    APPLICATION_ID,
    LIBRARY_VERSION,
    SCHEMA,
    statements,
    upgrade_statements,
)

SQLITE_HEADER = b"SQLite format 3\x00"
CHECK_TIMEOUT = 5  # seconds check waits for another confcli's lock before saying "busy"
LOCK_WAIT_MS = 200  # ...and for the write lock of the search index's check (then: a copy)
SCHEMA_OBJECT = re.compile(r"CREATE (?:VIRTUAL )?(TABLE|INDEX|TRIGGER|VIEW) (\w+)")
COMPANIONS = ("-wal", "-shm")  # SQLite's files beside a library in WAL mode
MOVE_ASIDE = (
    "`confcli library rebuild --move-aside` moves it to {aside} and starts a new, "
    "empty library (parse your pages again)"
)


@dataclass
class Health:
    """What ``check`` found. ``problems`` make the library unusable; ``notes`` do not."""

    path: str
    version: int | None = None
    sessions: int | None = None
    items: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    foreign: bool = False  # another program's file: never touched
    newer: bool = False  # a newer confcli's library: never touched
    repairable: bool = False  # only indexes, the search index or foreign objects are wrong
    # "busy", "read-only" or "full": sound as far as seen, but cannot be written now
    blocked: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged(self) -> bool:
        """Problems in the file itself: the only state `rebuild --move-aside` acts on."""
        return bool(self.problems) and not (self.foreign or self.newer or self.blocked)


@dataclass(frozen=True)
class Rebuilt:
    path: str
    items: int  # items indexed again
    moved_to: str | None = None  # where a damaged library went (a new one took its place)
    rows: RowTrouble = RowTrouble()  # rows repaired and dropped (store.rowcheck)
    dropped: int = 0  # schema objects confcli did not make, dropped


# --- check ----------------------------------------------------------------------------------


def check(path: str | Path) -> Health:
    """The library's version, counts and integrity, without changing it."""
    health = Health(str(path))
    access.refuse_special(health.path)  # a pipe would hang the first read
    header = _header(Path(path))
    if header is None or not header:
        return _empty_or_missing(health, header)
    if not header.startswith(SQLITE_HEADER):
        health.problems.append("not an SQLite database (the file is damaged or something else)")
        return health
    try:
        with closing(access.connect(health.path, timeout=CHECK_TIMEOUT)) as db:
            _inspect(db, health)
    except sqlite3.DatabaseError as error:
        _unreadable(health, error)
    return health


def _unreadable(health: Health, error: sqlite3.DatabaseError) -> None:
    """A read that failed: damage, unless the file is merely busy (or cannot be written
    where SQLite needed to)."""
    health.repairable = False
    blocked = access.blocked(error)
    if blocked is None:
        health.problems.append(f"unreadable: {error}")
        return
    health.blocked = blocked
    health.problems.append(access.BLOCKED_MESSAGES[blocked])


def _header(path: Path) -> bytes | None:
    if path.is_dir():
        raise LibraryError(f"{path} is a directory, not a library file")
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LibraryError(f"cannot read the library {path}: {error.strerror}") from None


def _empty_or_missing(health: Health, header: bytes | None) -> Health:
    if header is None:
        raise NotFoundError(f"no library at {health.path} (`confcli parse` makes one)")
    health.notes.append("an empty file: the next `confcli parse` makes a library in it")
    return health


def _inspect(connection: sqlite3.Connection, health: Health) -> None:
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if app_id != APPLICATION_ID:
        return _not_confcli(health, names)
    health.version = version
    if version > LIBRARY_VERSION:
        health.newer = True
        health.problems.append(
            f"written by a newer confcli (library version {health.version}; this one reads "
            f"up to {LIBRARY_VERSION})"
        )
    else:
        _check_contents(connection, health, names)


def _not_confcli(health: Health, names: set[str]) -> None:
    if names:
        health.foreign = True
        health.problems.append("not a confcli library (another program's SQLite database)")
    else:
        health.notes.append("an empty SQLite file: the next `confcli parse` makes a library in it")


def _check_contents(connection: sqlite3.Connection, health: Health, names: set[str]) -> None:
    if health.version is not None and health.version < LIBRARY_VERSION:
        health.notes.append(f"library version {health.version}: upgraded when next written")
    if health.version is not None and health.version < LIBRARY_VERSION:
        # what the upgrade creates is not missing from an older library
        upgrade = ";".join(upgrade_statements(health.version)).replace(" IF NOT EXISTS", "")
        names |= {name for _, name in SCHEMA_OBJECT.findall(upgrade)}
    missing = [
        f"{kind.lower()} {name}"
        for kind, name in expected_objects()
        if name not in names and not _made_by_upgrade(kind, health)
    ]
    if missing:
        health.problems.append(f"missing from the schema: {', '.join(missing)}")
        health.repairable = True
        return
    foreign = foreign_objects(connection)
    if foreign:
        health.problems.append(f"schema objects confcli did not make: {describe(foreign)}")
        health.repairable = True
    damage = _integrity(connection)
    if damage:
        health.problems.append(damage)
        health.repairable = _only_indexes(damage)
        return
    health.sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    health.items = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    if not _search_index_ok(connection, health):
        health.problems.append("the search index does not match the items")
        health.repairable = True
    _check_rows(connection, health)


def _check_rows(connection: sqlite3.Connection, health: Health) -> None:
    """Rows no command could read back (store.rowcheck): rebuild repairs or drops them."""
    trouble = unreadable_rows(connection)
    if trouble.total:
        health.problems.append(
            f"{trouble.total} row(s) confcli cannot read back (a time, links or year): "
            f"rebuild repairs {trouble.repair} and drops {trouble.drop}"
        )
        health.repairable = True


def _made_by_upgrade(kind: str, health: Health) -> bool:
    """The search view is new in this library version: an older library gets it when
    upgraded (next written, or rebuilt)."""
    return kind == "VIEW" and (health.version or 0) < LIBRARY_VERSION


def expected_objects() -> list[tuple[str, str]]:
    """(kind, name) of every table, index and trigger a library holds."""
    return SCHEMA_OBJECT.findall(SCHEMA)


def _integrity(connection: sqlite3.Connection) -> str | None:
    """SQLite's own check of every page and index; None when all is well."""
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check(100)")]
    if rows == ["ok"]:
        return None
    lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    more = f"; and {len(lines) - 2} more" if len(lines) > 2 else ""
    return f"damaged: {'; '.join(lines[:2])}{more}"


def _only_indexes(damage: str) -> bool:
    """Damage that REINDEX may repair: entries missing from (or wrong in) an index, and
    no damaged page."""
    return "index" in damage and "Page " not in damage


def _search_index_ok(connection: sqlite3.Connection, health: Health) -> bool:
    """FTS5's own check, content included. It writes nothing, but SQLite runs it as a
    write: on a library that cannot be written now (busy, read-only, a full disk), it runs
    on a copy in memory instead, and the note says why."""
    try:
        connection.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")  # a copy does as well
        return _fts_check(connection)
    except sqlite3.DatabaseError as error:
        blocked = access.blocked(error)
        if blocked is None:
            raise
    health.blocked = blocked
    health.notes.append(access.BLOCKED_MESSAGES[blocked])
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as copy:
        connection.backup(copy)
        return _fts_check(copy)


def _fts_check(connection: sqlite3.Connection) -> bool:
    """True when the search index matches the items; a failure to run it is raised."""
    connection.execute("BEGIN")
    try:
        connection.execute("INSERT INTO items_fts(items_fts, rank) VALUES('integrity-check', 1)")
        return True
    except sqlite3.DatabaseError as error:
        if access.blocked(error) is not None:
            raise
        return False
    finally:
        if connection.in_transaction:  # SQLite may have undone it itself
            connection.execute("ROLLBACK")


# --- rebuild --------------------------------------------------------------------------------


def rebuild(path: str | Path, *, move_aside: bool = False, now: datetime | None = None) -> Rebuilt:
    """Repairs the indexes and the search index in one transaction; a library damaged
    beyond that is moved aside (only with ``move_aside``) and a new one started."""
    health = check(path)
    _refuse_untouchable(health)
    if health.ok or health.repairable:
        repaired = _repair(health)
        if repaired is not None:
            return repaired
        health = check(path)  # as the failed repair left it: its transaction was undone
        _refuse_untouchable(health)
    if not health.damaged:  # never moved aside unless check found it damaged
        raise LibraryError(f"{health.path}: the rebuild did not take; not touched")
    aside = aside_name(health.path, now or datetime.now())
    if not move_aside:
        advice = MOVE_ASIDE.format(aside=aside)
        raise LibraryError(f"{health.path} is {_problem(health)}; {advice}")
    return _start_over(health, aside)


def _refuse_untouchable(health: Health) -> None:
    """Another program's file, a newer confcli's library, and a library that cannot be
    written now (busy, read-only, a full disk) are left exactly as they are."""
    if health.foreign or health.newer:
        raise LibraryError(f"{health.path}: {health.problems[0]}; not touched")
    if health.blocked is not None or not access.writable(health.path):
        state = access.BLOCKED_MESSAGES[health.blocked or "read-only"]
        raise LibraryError(f"{health.path}: {state}; not touched")


def _problem(health: Health) -> str:
    problem = health.problems[0]
    return problem if problem.startswith(("damaged", "not ")) else f"damaged ({problem})"


def _repair(health: Health) -> Rebuilt | None:
    """The schema completed, indexes and search index rebuilt, in one transaction; None
    when that fails or leaves the library damaged."""
    try:
        with Library(health.path) as library:  # upgrades an older library first
            with library.transaction(repairing=True) as db:
                dropped = drop_foreign(db)  # first: no foreign trigger runs at the rebuild
                _restore_schema(db)
                rows = repair_rows(db)
                db.execute("REINDEX")
                db.execute("INSERT INTO items_fts(items_fts) VALUES('rebuild')")
            items = library.connection.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if (blocked := access.blocked(error)) is not None:
            state = access.BLOCKED_MESSAGES[blocked]
            raise LibraryError(f"{health.path}: {state}; not touched") from None
        return None
    except LibraryError:
        return None
    return (
        Rebuilt(health.path, items, rows=rows, dropped=dropped) if check(health.path).ok else None
    )


def _restore_schema(db: sqlite3.Connection) -> None:
    """Creates what is missing of the schema (a dropped trigger or index)."""
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    for statement in statements(SCHEMA):
        found = SCHEMA_OBJECT.search(statement)
        if found and found[2] not in names:
            db.execute(statement)


def aside_name(path: str, now: datetime) -> str:
    return f"{path}.broken-{now:%Y%m%d-%H%M%S}"


def _start_over(health: Health, aside: str) -> Rebuilt:
    """Moves the damaged file (and SQLite's files beside it) aside; a new, empty library
    takes its place."""
    if os.path.exists(aside):
        raise LibraryError(f"{aside} exists already; try again in a second")
    os.rename(health.path, aside)
    for suffix in COMPANIONS:
        if os.path.exists(health.path + suffix):
            os.rename(health.path + suffix, aside + suffix)
    with Library(health.path) as library:
        carry_picks(aside, library)  # the user's own picks, when the damaged file still has them
    return Rebuilt(health.path, 0, moved_to=aside)


# --- SQLite failing under a command ----------------------------------------------------------

# SQLite's result codes that mean the file cannot serve (not a bug in confcli), and what
# the user can do about each.
FAILURES = {
    "SQLITE_CORRUPT": "the library is damaged ({error}): see `confcli library check`",
    "SQLITE_NOTADB": "the library is not a database ({error}): see `confcli library check`",
    "SQLITE_FULL": "the disk is full ({error}): the library was left as it was",
    "SQLITE_BUSY": "the library is busy: another confcli is writing to it; try again",
    "SQLITE_LOCKED": "the library is busy: another confcli is writing to it; try again",
    "SQLITE_READONLY": "the library cannot be written ({error})",
    "SQLITE_PERM": "the library cannot be written ({error})",
    "SQLITE_CANTOPEN": "the library cannot be opened ({error})",
    "SQLITE_IOERR": "the library cannot be read or written ({error}): check the disk",
}


def failure(error: sqlite3.Error) -> str | None:
    """The one line to show for SQLite failing under a command; None when the failure is a
    bug (a malformed statement) rather than the file's state."""
    name = getattr(error, "sqlite_errorname", None) or ""
    for code, message in FAILURES.items():
        if name == code or name.startswith(code + "_"):
            return message.format(error=error)
    return None
