"""The library: parsed sessions in SQLite (stdlib sqlite3), searched through FTS5.

The same class serves the user's library file and the in-memory index built for
``--from`` pages or the bundled samples. Every change is one transaction.
"""

from __future__ import annotations

import json
import operator
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from confcli.errors import LibraryError, QueryError
from confcli.model import ITEM_FIELDS, SESSION_FIELDS, Item, Session
from confcli.progress import STORING, Progress, no_progress

APPLICATION_ID = 0x43464C49  # "CFLI": marks a SQLite file as a confcli library
LIBRARY_VERSION = 4  # 2: items.links; 3: items are indexed by store(), not by a trigger;
# 4: items.site_id and sessions.site_id (the site's own event ids)
# bm25 weights per FTS column: a match in the title counts most, then authors, session, abstract.
FTS_WEIGHTS = {"title": 10.0, "authors": 5.0, "session": 2.0, "abstract": 1.0}
# Around matched words in search results: Unicode noncharacters, kept for a program's
# internal use, so page text has no business holding them (confcli.marks checks).
MARK_START, MARK_END = "\ufdd0", "\ufdd1"
SNIPPET_TOKENS = 10  # words of abstract shown around a match

SCHEMA = """
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
"""
SQL_VARIABLES = 500  # parameters in one statement: below SQLite's oldest limit (999)
# Authors are kept one per line: names never hold a newline, FTS sees each name, and
# the list comes back exactly.
AUTHOR_JOIN = "\n"


@dataclass(frozen=True, slots=True)
class SessionSummary:
    session: Session
    item_count: int


@dataclass(frozen=True, slots=True)
class Found:
    """A search result: the item, its relevance (higher is better), and its text with the
    matched words between MARK_START and MARK_END, by FTS column: the title, authors and
    session in full, the abstract as a snippet around the best match."""

    item: Item
    score: float
    marked: dict[str, str]


@dataclass(frozen=True, slots=True)
class StoreResult:
    sessions: int
    items: int
    replaced: int  # sessions that were already in the library and were replaced


def default_path() -> Path:
    """``CONFCLI_LIBRARY``, else the user's data directory (platformdirs)."""
    if os.environ.get("CONFCLI_LIBRARY"):
        return Path(os.environ["CONFCLI_LIBRARY"])
    import platformdirs

    return platformdirs.user_data_path("confcli") / "library.sqlite"


class Library:
    """A confcli library. ``Library(":memory:")`` is a throw-away in-memory index."""

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True):
        self.path = str(path)
        self.connection = _connect(self.path, create)
        _ensure_schema(self.connection, self.path)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            # SQLite may have undone it already (a full disk, an I/O error): a second
            # ROLLBACK would raise and hide the real error.
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # --- writing ----------------------------------------------------------------------------

    def store(self, sessions: Iterable[Session], progress: Progress = no_progress) -> StoreResult:
        """Stores sessions, each replacing an earlier copy of itself (never a duplicate)."""
        counts = [0, 0, 0]
        total = len(sessions) if isinstance(sessions, Sized) else None
        with self.transaction() as db:
            unindexed = _Unindexed(db)
            for session in sessions:
                unindexed.before_replacing(session)
                counts[2] += self._delete_session(db, session.id)
                db.execute(_insert("sessions", SESSION_FIELDS), _session_row(session))
                ids = [(item.id,) for item in session.items]
                db.executemany("DELETE FROM items WHERE id = ?", ids)  # moved between pages
                db.executemany(_insert("items", ITEM_FIELDS), map(_item_row, session.items))
                unindexed.add(session)
                counts[0] += 1
                counts[1] += len(session.items)
                progress(STORING, counts[0], total)
            unindexed.index()
        return StoreResult(*counts)

    @staticmethod
    def _delete_session(db: sqlite3.Connection, session_id: str) -> int:
        db.execute("DELETE FROM items WHERE session_id = ?", (session_id,))
        return db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount

    # --- reading ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.connection.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is None

    def sessions(self) -> list[SessionSummary]:
        rows = self.connection.execute(
            "SELECT s.*, (SELECT count(*) FROM items i WHERE i.session_id = s.id) AS n "
            f"FROM sessions s ORDER BY {SESSION_ORDER}"
        )
        return [SessionSummary(_session(row), row["n"]) for row in rows]

    def session(self, session_id: str) -> Session:
        row = self.connection.execute("SELECT * FROM sessions WHERE id = ?", (session_id,))
        found = row.fetchone()
        if found is None:
            raise LookupError(session_id)
        return _session(found, tuple(self.items_of(session_id)))

    def items_of(self, session_id: str) -> list[Item]:
        rows = self.connection.execute(
            "SELECT * FROM items WHERE session_id = ? ORDER BY position", (session_id,)
        )
        return [_item(row) for row in rows]

    def items(self, where: str = "1", params: tuple = (), limit: int | None = None) -> list[Item]:
        """Items matching an SQL condition over ``items``, in programme order."""
        sql = f"SELECT * FROM items WHERE {where} ORDER BY {ITEM_ORDER} LIMIT ?"
        rows = self.connection.execute(sql, (*params, -1 if limit is None else limit))
        return [_item(row) for row in rows]

    def search(
        self, match: str, limit: int | None = None, where: str = "1", params: tuple = ()
    ) -> list[Found]:
        """Items matching an FTS5 expression (and an SQL condition), best first; ties by
        time, then id. FTS5 rejecting the expression is a QueryError (confcli.query never
        writes one it rejects: this is the last line of defence)."""
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS.values())
        sql = (
            f"SELECT items.*, -bm25(items_fts, {weights}) AS score, {SEARCH_MARKS} "
            f"FROM items_fts JOIN items ON items.rowid = items_fts.rowid "
            f"WHERE items_fts MATCH ? AND ({where}) "
            f"ORDER BY bm25(items_fts, {weights}), {ITEM_ORDER} LIMIT ?"
        )
        try:
            rows = self.connection.execute(sql, (match, *params, -1 if limit is None else limit))
            return [_found(row) for row in rows.fetchall()]
        except sqlite3.OperationalError as error:
            if not _is_query_error(error):
                raise
            raise QueryError(f"the search index cannot read this query ({error})") from None

    def vocabulary(self) -> IndexVocabulary:
        return IndexVocabulary(self.connection)

    def start_times(self) -> list[datetime]:
        """Every distinct start time (for turning weekdays into dates)."""
        rows = self.connection.execute("SELECT DISTINCT start FROM items WHERE start IS NOT NULL")
        return [datetime.fromisoformat(row[0]) for row in rows]

    def kinds(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT DISTINCT kind FROM items")]


class IndexVocabulary:
    """The terms of the search index (fts5vocab), for correcting typos. The fts5vocab
    table is a temporary one: reading a library never changes its file."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_vocab "
            "USING fts5vocab(main, items_fts, 'row')"
        )

    def knows(self, term: str) -> bool:
        found = self.connection.execute("SELECT 1 FROM temp.items_vocab WHERE term = ?", (term,))
        return found.fetchone() is not None

    def terms(self, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """(term, items) for the terms starting with ``first``, of a length in range: a
        range scan of the sorted vocabulary, so it reads only that letter's slice."""
        rows = self.connection.execute(
            "SELECT term, doc FROM temp.items_vocab WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ?",
            (first, chr(ord(first) + 1), shortest, longest),
        )
        return rows.fetchall()


ITEM_ORDER = (
    "datetime(items.start) IS NULL, datetime(items.start), items.session_id, "
    "items.position, items.id"
)
SESSION_ORDER = "datetime(s.start) IS NULL, datetime(s.start), s.conference, s.year, s.title, s.id"


# The title, authors and session highlighted in full, the abstract as a snippet.
MARKED_COLUMNS = tuple(FTS_WEIGHTS)
_MARKERS = f"char({ord(MARK_START)}), char({ord(MARK_END)})"
SEARCH_MARKS = ", ".join(
    [
        f"highlight(items_fts, {n}, {_MARKERS}) AS marked_{name}"
        for n, name in enumerate(MARKED_COLUMNS[:3])
    ]
    + [f"snippet(items_fts, 3, {_MARKERS}, '…', {SNIPPET_TOKENS}) AS marked_abstract"]
)


def _found(row: sqlite3.Row) -> Found:
    marked = {name: row[f"marked_{name}"] or "" for name in MARKED_COLUMNS}
    return Found(_item(row), round(row["score"], 4), marked)


def _is_query_error(error: sqlite3.OperationalError) -> bool:
    """FTS5's complaints about a MATCH expression (not, say, a locked database)."""
    message = str(error)
    return any(
        sign in message for sign in ("fts5", "syntax error", "unterminated", "no such column")
    )


def _connect(path: str, create: bool) -> sqlite3.Connection:
    if path != ":memory:":
        if not create and not Path(path).exists():
            raise LibraryError(f"no library at {path}")
        _make_folder(Path(path))
    try:
        connection = sqlite3.connect(path, timeout=60, isolation_level=None)
        connection.row_factory = sqlite3.Row
        if path != ":memory:":
            connection.execute("PRAGMA journal_mode=WAL")
        return connection
    except sqlite3.OperationalError as error:
        raise LibraryError(f"cannot open the library {path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise LibraryError(_unusable(path, error)) from None


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        message = f"{path.parent} is a file, not a folder"
        raise LibraryError(f"cannot create the library {path}: {message}") from None
    except OSError as error:  # no permission, a read-only disk…
        raise LibraryError(f"cannot create the library {path}: {error.strerror}") from None


def _unusable(path: str, error: sqlite3.Error) -> str:
    return f"{path} is not a usable confcli library ({error}); see `confcli library check`"


def _ensure_schema(connection: sqlite3.Connection, path: str) -> None:
    try:
        app_id, version, has_tables = _header(connection)
    except sqlite3.DatabaseError as error:
        raise LibraryError(_unusable(path, error)) from None
    if not has_tables:
        _create(connection, path)
        return _ensure_schema(connection, path)  # as made: by this confcli or another
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


def _create(connection: sqlite3.Connection, path: str) -> None:
    """The schema of a new library, written under the write lock and only if the file is
    still empty then: two confcli started at once on a new library both reach here."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            for statement in _statements(SCHEMA):
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise LibraryError(f"cannot create the library {path}: {error}") from None


def _statements(script: str) -> Iterator[str]:
    """A script's statements one at a time (a trigger's body holds semicolons)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


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
}


def _upgrade(connection: sqlite3.Connection, path: str) -> None:
    """Upgrades an older library in place; the version is read again under the write lock
    because another confcli may have upgraded it meanwhile."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, LIBRARY_VERSION):
            statements = UPGRADES[step]
            for statement in (statements,) if isinstance(statements, str) else statements:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise LibraryError(f"cannot upgrade the library {path}: {error}") from None


def _insert(table: str, fields: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in fields)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(fields))})"


def _session_row(session: Session) -> tuple:
    values = {name: getattr(session, name) for name in SESSION_FIELDS}
    values["chairs"] = AUTHOR_JOIN.join(session.chairs)
    values["start"], values["end"] = _iso(session.start), _iso(session.end)
    return tuple(values.values())


# An item's fields in column order, in one C call: a row is built for every item stored.
_ITEM_VALUES = operator.attrgetter(*ITEM_FIELDS)
_AUTHORS, _LINKS, _START, _END = map(ITEM_FIELDS.index, ("authors", "links", "start", "end"))


def _item_row(item: Item) -> list:
    values = list(_ITEM_VALUES(item))
    values[_AUTHORS] = AUTHOR_JOIN.join(item.authors)
    values[_LINKS] = json.dumps(dict(item.links), ensure_ascii=False) if item.links else "{}"
    values[_START], values[_END] = _iso(item.start), _iso(item.end)
    return values


class _Unindexed:
    """Sessions written by a store but not yet in the FTS index. They are indexed together,
    in a statement or two at the end: FTS5 writes its pending terms out as a new index
    segment at every statement, so indexing per session (let alone per row, as a trigger
    did) spent a quarter of a parse merging small segments. A delete must never reach a
    row the index does not hold (the delete trigger would take out terms it never had and
    corrupt the index): before one could, the waiting sessions are indexed."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.sessions: dict[str, None] = {}  # ids, in the order written
        self.items: set[str] = set()

    def add(self, session: Session) -> None:
        self.sessions[session.id] = None
        self.items.update(item.id for item in session.items)

    def before_replacing(self, session: Session) -> None:
        """Indexes what waits if storing this session deletes any of it (the same session
        twice, or an item moving between sessions of one store)."""
        if session.id in self.sessions or not self.items.isdisjoint(i.id for i in session.items):
            self.index()

    def index(self) -> None:
        waiting = list(self.sessions)
        for start in range(0, len(waiting), SQL_VARIABLES):
            chunk = waiting[start : start + SQL_VARIABLES]
            self.db.execute(
                "INSERT INTO items_fts(rowid, title, authors, session, abstract) "
                "SELECT rowid, title, authors, session, abstract FROM items "
                f"WHERE session_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        self.sessions.clear()
        self.items.clear()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(AUTHOR_JOIN)) if text else ()


def _session(row: sqlite3.Row, items: tuple[Item, ...] = ()) -> Session:
    values = {name: row[name] for name in SESSION_FIELDS}
    values["chairs"] = _names(row["chairs"])
    values["start"], values["end"] = _time(row["start"]), _time(row["end"])
    return Session(**values, items=items)


def _item(row: sqlite3.Row) -> Item:
    values = {name: row[name] for name in ITEM_FIELDS}
    values["authors"] = _names(row["authors"])
    values["links"] = tuple(json.loads(row["links"]).items())
    values["start"], values["end"] = _time(row["start"]), _time(row["end"])
    return Item(**values)
