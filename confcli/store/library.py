"""The library: parsed sessions in SQLite (stdlib sqlite3), searched through FTS5.

The same class serves the user's library file and the in-memory library built for
``--from`` pages or the bundled samples. Every change is one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from confcli.clock import system_clock
from confcli.errors import LibraryError, QueryError
from confcli.model import Item, Session
from confcli.progress import STORING, Progress, no_progress
from confcli.query import Query
from confcli.stats import NOT_PAPERS, SessionStats
from confcli.store import access, edits
from confcli.store import changes as changelog
from confcli.store.changes import ChangeLog, ChangeSet
from confcli.store.conditions import Condition, escape_like
from confcli.store.foreign import foreign_triggers
from confcli.store.fts import (
    WEIGHTS,
    Found,
    IndexVocabulary,
    found_of,
    is_query_error,
    match_text,
)
from confcli.store.marking import wanted_terms
from confcli.store.picks import Picks
from confcli.store.rows import (
    INSERT_ITEM,
    INSERT_SESSION,
    item_of,
    item_row,
    session_of,
    session_row,
    time_of,
)
from confcli.store.schema import (
    APPLICATION_ID,
    FTS_COLUMNS,
    ensure_schema,
    unusable,
    write_transaction,
)
from confcli.store.streams import ITEM_ORDER, Chosen

SQL_VARIABLES = 500  # parameters in one statement: below SQLite's oldest limit (999)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    session: Session
    item_count: int


@dataclass(frozen=True, slots=True)
class StoreResult:
    sessions: int
    items: int
    replaced: int  # sessions that were already in the library and were replaced
    changes: ChangeSet | None = None  # what the store changed; None: it replaced nothing


class Page(Protocol):
    """A page as read (confcli.readers.build.ParsedPage): its session, and whether the page
    held only some of the session's items (an items array read back)."""

    @property
    def session(self) -> Session: ...

    @property
    def partial(self) -> bool: ...


def default_path() -> Path:
    """``CONFCLI_LIBRARY``, else the user's data directory (platformdirs)."""
    if os.environ.get("CONFCLI_LIBRARY"):
        return Path(os.environ["CONFCLI_LIBRARY"])
    import platformdirs

    return Path(platformdirs.user_data_path("confcli")) / "library.sqlite"


class Library(Picks, ChangeLog):
    """A confcli library. ``Library(":memory:")`` is a throw-away in-memory library."""

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True):
        self.path = str(path)
        self.connection = _connect(self.path, create)
        self.writable = access.writable(self.path)
        wal = self.writable and self.path != ":memory:"
        # Another program's database is identified (by its header) before anything changes;
        # confcli's own get WAL at once, before two confcli race to create the schema.
        early = wal and access.new_or_marked(self.path, APPLICATION_ID)
        if early:
            _use_wal(self.connection, self.path)
        ensure_schema(self.connection, self.path)
        if wal and not early:  # an empty SQLite file that just became a library
            _use_wal(self.connection, self.path)
        # A library is data: a trigger confcli did not write never runs (confcli.store.foreign)
        self.foreign_triggers = foreign_triggers(self.connection)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, repairing: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it. ``repairing`` is the
        rebuild's, which drops foreign triggers before it writes anything else."""
        self._refuse_writes(repairing)
        with write_transaction(self.connection) as connection:
            yield connection

    def _refuse_writes(self, repairing: bool) -> None:
        """A library that cannot be written, or holds triggers confcli did not write (they
        would run at this write), is refused before anything is written."""
        if not self.writable:
            raise LibraryError(f"the library {self.path} is read-only: nothing can be added to it")
        if self.foreign_triggers and not repairing:
            names = ", ".join(self.foreign_triggers)
            raise LibraryError(
                f"{self.path} holds triggers confcli did not write ({names}): nothing writes to "
                "it until `confcli library rebuild` removes them"
            )

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: everything read inside sees the library as it was at the
        first read (an export reading its items twice sees the same items twice)."""
        in_transaction = self.connection.in_transaction
        if not in_transaction:
            self.connection.execute("BEGIN")
        try:
            yield
        finally:
            if not in_transaction and self.connection.in_transaction:
                self.connection.execute("COMMIT")

    # --- writing ----------------------------------------------------------------------------

    def store(
        self,
        pages: Iterable[Session | Page],
        progress: Progress = no_progress,
        upgrades: Iterable[edits.Upgrade] = (),
        *,
        retire: Iterable[str] = (),
        digests: dict[str, str] | None = None,
    ) -> StoreResult:
        """Stores sessions (or the sessions of pages), each replacing an earlier copy of
        itself: never a duplicate, and of a session given twice the last copy wins. A
        partial page's items join their session, as given before or as stored, instead.
        ``upgrades``: stored sessions that the pages store under new ids (their picks and
        hand times move with them), in the same transaction.
        ``retire``: sessions that go in the same transaction (a refreshed feed no longer
        holds them); ``digests``: each source's digest, as stored now. A store that
        replaces any session records what changed (confcli.store.changes)."""
        counts = [0, 0, 0]
        with self.transaction() as db:
            for upgrade in upgrades:
                edits.upgrade_session(db, upgrade)
                counts[2] += 1
            sessions = [edits.with_hand_time(db, session) for session in self._merged(pages)]
            retired = [sid for sid in retire if sid not in {s.id for s in sessions}]
            new = {item.id: item for session in sessions for item in session.items}
            old = changelog.items_before(db, [s.id for s in sessions] + retired, list(new))
            for session_id in retired:
                counts[2] += self._delete_session(db, session_id)
            unindexed = _Unindexed(db)
            for session in sessions:
                unindexed.before_replacing(session)
                counts[2] += self._delete_session(db, session.id)
                db.execute(INSERT_SESSION, session_row(session))
                ids = [(item.id,) for item in session.items]
                db.executemany("DELETE FROM items WHERE id = ?", ids)  # moved between pages
                db.executemany(INSERT_ITEM, map(item_row, session.items))
                unindexed.add(session)
                counts[0] += 1
                counts[1] += len(session.items)
                progress(STORING, counts[0], len(sessions))
            unindexed.index()
            now = system_clock()
            changed = changelog.record(db, changelog.diff(old, new), now) if counts[2] else None
            changelog.save_digests(db, digests or {}, now)
        return StoreResult(counts[0], counts[1], counts[2], changed)

    def _merged(self, pages: Iterable[Session | Page]) -> list[Session]:
        """Each session once, in the order first given; a partial page joined to its base."""
        sessions: dict[str, Session] = {}
        for page in pages:
            session = page if isinstance(page, Session) else page.session
            if not isinstance(page, Session) and page.partial:
                base = sessions.get(session.id) or self._stored(session.id)
                session = _join_items(base, session) if base else session
            sessions[session.id] = session
        return list(sessions.values())

    def _stored(self, session_id: str) -> Session | None:
        try:
            return self.session(session_id)
        except LookupError:
            return None

    @staticmethod
    def _delete_session(db: sqlite3.Connection, session_id: str) -> int:
        db.execute("DELETE FROM items WHERE session_id = ?", (session_id,))
        return db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount

    def remove_sessions(self, session_ids: list[str]) -> edits.Removed:
        """Removes the sessions, their items and their hand times, in one transaction; the
        items are recorded as withdrawn (`confcli changes`)."""
        with self.transaction() as db:
            old = changelog.items_before(db, session_ids, [])
            removed = edits.remove_sessions(db, session_ids)
            _record_edit(db, old, {})
            return removed

    def set_session_time(
        self, session_id: str, start: datetime, end: datetime | None
    ) -> edits.TimeSet:
        """Gives a session (and its items without a time) a time of the user's, kept across
        re-parses until the page gives one (confcli.store.edits), in one transaction."""
        with self.transaction() as db:
            old = changelog.items_before(db, [session_id], [])
            done = edits.set_time(db, session_id, start, end)
            _record_edit(db, old, changelog.items_before(db, [session_id], []))
            return done

    def hand_time(self, session_id: str) -> edits.HandTime | None:
        return edits.hand_time(self.connection, session_id)

    def id_prefix_length(self, ids: list[str], minimum: int = 6) -> int:
        """The shortest id prefix (at least ``minimum``) that names each of ``ids`` alone."""
        return edits.id_prefix_length(self.connection, ids, minimum)

    # --- reading ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.connection.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is None

    def sessions(self) -> list[SessionSummary]:
        rows = self.connection.execute(
            "SELECT s.*, (SELECT count(*) FROM items i WHERE i.session_id = s.id) AS n "
            f"FROM sessions s ORDER BY {SESSION_ORDER}"
        )
        return [SessionSummary(session_of(row), row["n"]) for row in rows]

    def session(self, session_id: str) -> Session:
        row = self.connection.execute("SELECT * FROM sessions WHERE id = ?", (session_id,))
        found = row.fetchone()
        if found is None:
            raise LookupError(session_id)
        return session_of(found, tuple(self.items_of(session_id)))

    def sessions_like(self, title: str, start: datetime | None) -> list[Session]:
        """Stored sessions (with their items) of this title, case and surrounding space
        ignored, starting at the same instant (or untimed, for None): the sessions a page
        read from another file may be a copy of."""
        rows = self.connection.execute(
            "SELECT * FROM sessions WHERE lower(trim(title)) = lower(trim(?)) "
            "AND datetime(start) IS datetime(?) ORDER BY id",
            (title, start.isoformat() if start else None),
        ).fetchall()
        return [session_of(row, tuple(self.items_of(row["id"]))) for row in rows]

    def items_of(self, session_id: str) -> list[Item]:
        rows = self.connection.execute(
            "SELECT * FROM items WHERE session_id = ? ORDER BY position", (session_id,)
        )
        return [item_of(row) for row in rows]

    def items(self, condition: Condition | None = None, limit: int | None = None) -> list[Item]:
        """The items a condition (confcli.store.conditions) selects, in programme order."""
        condition = condition or Condition()
        return self._items(condition.where, tuple(condition.params), limit)

    def chosen(self, condition: Condition | None = None, limit: int | None = None) -> Chosen:
        """The same items as ``items``, read from the library each time they are iterated
        (confcli.store.streams): an export's rows, never all in memory."""
        condition = condition or Condition()
        return Chosen(self.connection, condition.where, tuple(condition.params), limit)

    def find_items(
        self, *, ident: str | None = None, title: str | None = None, limit: int | None = None
    ) -> list[Item]:
        """By ``ident``: the item with exactly that id, else the items whose id starts with
        it. By ``title``: the items titled exactly so (in any case), else those whose title
        holds it. In programme order."""
        if ident is not None:
            prefix = escape_like(ident.lower()) + "%"  # a % or _ in it is no wildcard
            exact = self._items("items.id = ?", (ident,), limit)
            return exact or self._items("items.id LIKE ? ESCAPE '\\'", (prefix,), limit)
        wanted = title or ""
        exact = self._items("items.title = ? COLLATE NOCASE", (wanted,), limit)
        return exact or self._items("instr(lower(items.title), lower(?)) > 0", (wanted,), limit)

    def other_slots(self, item: Item) -> list[Item]:
        """The same paper's other slots (an oral and its poster), anywhere in the library."""
        if not item.paper_id:
            return []
        return self._items("items.paper_id = ? AND items.id != ?", (item.paper_id, item.id))

    def _items(self, where: str, params: tuple[Any, ...], limit: int | None = None) -> list[Item]:
        sql = f"SELECT * FROM items WHERE {where} ORDER BY {ITEM_ORDER} LIMIT ?"
        rows = self.connection.execute(sql, (*params, -1 if limit is None else limit))
        return [item_of(row) for row in rows]

    def search(
        self, query: Query, limit: int | None = None, condition: Condition | None = None
    ) -> list[Found]:
        """Items matching a parsed query (and a condition), best first; ties by time, then
        id. FTS5 rejecting the expression is a QueryError (confcli.store.fts never writes
        one it rejects: this is the last line of defence)."""
        condition = condition or Condition()
        sql = (
            f"SELECT items.*, -bm25(items_fts, {WEIGHTS}) AS score "
            f"FROM items_fts JOIN items ON items.rowid = items_fts.rowid "
            f"WHERE items_fts MATCH ? AND ({condition.where}) "
            f"ORDER BY bm25(items_fts, {WEIGHTS}), {ITEM_ORDER} LIMIT ?"
        )
        params = (match_text(query), *condition.params, -1 if limit is None else limit)
        try:
            rows = self.connection.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if not is_query_error(error):
                raise
            raise QueryError(f"the search index cannot read this query ({error})") from None
        terms = wanted_terms(query)
        return [found_of(row, terms) for row in rows]

    def stats(self, condition: Condition | None = None) -> list[SessionStats]:
        """Per session holding any of the items a condition selects: what they are and
        what they miss, in programme order."""
        condition = condition or Condition()
        params = tuple(condition.params)
        rows = self.connection.execute(STATS_SQL.format(where=condition.where), params)
        found = [_stats(row) for row in rows.fetchall()]
        by_id = {stats.session_id: stats for stats in found}
        kinds = self.connection.execute(KINDS_SQL.format(where=condition.where), params)
        for session_id, kind, count in kinds:
            if session_id in by_id:
                by_id[session_id].kinds[kind] = count
        return found

    def vocabulary(self) -> IndexVocabulary:
        return IndexVocabulary(self.connection)

    def start_times(self) -> list[datetime]:
        """Every distinct start time (for turning weekdays into dates)."""
        rows = self.connection.execute("SELECT DISTINCT start FROM items WHERE start IS NOT NULL")
        return [datetime.fromisoformat(row[0]) for row in rows]

    def kinds(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT DISTINCT kind FROM items")]

    def conferences(self) -> list[str]:
        """The conferences the library holds (each spelling once, in order)."""
        return self._distinct("SELECT DISTINCT conference FROM sessions")

    def rooms(self) -> list[str]:
        return self._distinct("SELECT DISTINCT room FROM items")

    def topics(self) -> list[str]:
        return self._distinct("SELECT DISTINCT topic FROM items")

    def decisions(self) -> list[str]:
        return self._distinct("SELECT DISTINCT decision FROM items")

    def _distinct(self, sql: str) -> list[str]:
        return sorted(row[0] for row in self.connection.execute(sql) if row[0])


SESSION_ORDER = "datetime(s.start) IS NULL, datetime(s.start), s.conference, s.year, s.title, s.id"


# Per session, over the items a condition selects. The first start and the last end are
# found by instant (datetime()), not by their text: times of one session may carry
# different offsets, and "10:00+09:00" is earlier than "05:00+00:00".
STATS_SQL = f"""
WITH chosen AS (
    SELECT items.*,
        first_value(items.start) OVER (PARTITION BY items.session_id
            ORDER BY datetime(items.start) IS NULL, datetime(items.start), items.start
        ) AS first_start,
        first_value(items."end") OVER (PARTITION BY items.session_id
            ORDER BY datetime(items."end") IS NULL, datetime(items."end") DESC, items."end" DESC
        ) AS last_end
    FROM items WHERE {{where}}
)
SELECT s.id, s.conference, s.year, s.title,
       count(c.id) AS items,
       sum(c.award IS NOT NULL) AS awards,
       min(c.first_start) AS first_start, min(c.last_end) AS last_end,
       sum(c.kind NOT IN {NOT_PAPERS} AND c.authors = '') AS no_authors,
       sum(c.kind NOT IN {NOT_PAPERS} AND c.abstract IS NULL) AS no_abstract,
       sum(c.start IS NULL) AS no_time
FROM sessions s JOIN chosen c ON c.session_id = s.id
GROUP BY s.id ORDER BY {SESSION_ORDER}
"""
KINDS_SQL = """
SELECT items.session_id, items.kind, count(*) FROM items WHERE {where}
GROUP BY items.session_id, items.kind ORDER BY items.session_id, count(*) DESC, items.kind
"""


def _stats(row: sqlite3.Row) -> SessionStats:
    return SessionStats(
        session_id=row[0], conference=row[1], year=row[2], title=row[3], items=row[4],
        awards=row[5], start=time_of(row[6]), end=time_of(row[7]),
        missing={"authors": row[8], "abstract": row[9], "time": row[10]},
    )  # fmt: skip


def _join_items(base: Session, extra: Session) -> Session:
    """A partial page's items joined to their session: new items replace their old copy."""
    new = {item.id for item in extra.items}
    items = [item for item in base.items if item.id not in new] + list(extra.items)
    return replace(base, items=tuple(sorted(items, key=lambda item: (item.position, item.id))))


def _connect(path: str, create: bool) -> sqlite3.Connection:
    if path != ":memory:":
        access.refuse_special(path)
        try:
            exists = Path(path).exists()
        except PermissionError:  # in a folder the user may not enter
            raise LibraryError(f"cannot open the library {path}: permission denied") from None
        if not create and not exists:
            raise LibraryError(f"no library at {path}")
        if exists and not os.access(path, os.R_OK):
            raise LibraryError(f"cannot open the library {path}: permission denied")
        _make_folder(Path(path))
    try:
        connection = access.connect(path)
        connection.row_factory = sqlite3.Row
        return connection
    except sqlite3.OperationalError as error:
        raise LibraryError(f"cannot open the library {path}: {error}") from None


def _use_wal(connection: sqlite3.Connection, path: str) -> None:
    """WAL lets queries read while a parse writes; set only once the file is known to be
    a confcli library (another program's database is never changed)."""
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as error:
        raise LibraryError(f"cannot open the library {path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise LibraryError(unusable(path, error)) from None


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        message = f"{path.parent} is a file, not a folder"
        raise LibraryError(f"cannot create the library {path}: {message}") from None
    except OSError as error:  # no permission, a read-only disk…
        raise LibraryError(f"cannot create the library {path}: {error.strerror}") from None


INDEXED = ", ".join(FTS_COLUMNS)  # the search index's columns, as its INSERT names them


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
                f"INSERT INTO items_fts(rowid, {INDEXED}) "
                f"SELECT rowid, {INDEXED} FROM items_search "
                f"WHERE session_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        self.sessions.clear()
        self.items.clear()


def _record_edit(db: sqlite3.Connection, old: dict[str, Item], new: dict[str, Item]) -> None:
    """A change by hand (a removal, a time set) is a change set like a refresh's."""
    changes = changelog.diff(old, new)
    if changes:
        changelog.record(db, changes, system_clock())
