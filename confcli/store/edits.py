"""What users change in the library by hand: removing sessions, and giving a session whose
page has no times a time of their own (``library remove``, ``library set-time``).

A time set by hand is the user's: it is kept in ``hand_times``, keyed by the durable
session id, and applied again whenever the session is stored anew from a page that still
gives no time. The page giving a time ends it. Each change returns what it changed (the
hook a change log will read).

A stored session whose identity a later page upgrades (it was read with no conference or
year, the page knows them: readers/identity.py) keeps what users gave it: its hand time and
its items' picks move to the new ids (``upgrade_session``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from confcli.model import Session, iso
from confcli.store.picks import move_picks
from confcli.store.rows import time_of


@dataclass(frozen=True, slots=True)
class Removed:
    """Sessions removed: (id, title) each, and how many items went with them."""

    sessions: tuple[tuple[str, str], ...]
    items: int


@dataclass(frozen=True, slots=True)
class TimeSet:
    """A session given a time by hand, and how many of its items took it."""

    session_id: str
    title: str
    start: datetime
    end: datetime | None
    items: int
    replaced: tuple[datetime, datetime | None] | None  # the earlier hand time, if any


@dataclass(frozen=True, slots=True)
class HandTime:
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Upgrade:
    """A stored session that becomes another: the page storing ``new_session_id`` is a copy
    of it that knows its conference and year. ``item_ids``: its items' old id -> new id."""

    old_session_id: str
    new_session_id: str
    conference: str | None
    year: int | None
    item_ids: Mapping[str, str]


def upgrade_session(db: sqlite3.Connection, upgrade: Upgrade) -> int:
    """Moves the old session's hand time and its items' picks to the new ids, then removes
    the old session (in the caller's transaction; the new one is stored after); how many
    picks moved."""
    old, new = upgrade.old_session_id, upgrade.new_session_id
    if old == new:
        return 0
    db.execute("UPDATE OR IGNORE hand_times SET session_id = ? WHERE session_id = ?", (new, old))
    moved = move_picks(db, upgrade.item_ids, upgrade.conference, upgrade.year)
    remove_sessions(db, [old])
    return moved


def remove_sessions(db: sqlite3.Connection, session_ids: list[str]) -> Removed:
    """Deletes the sessions, their items and any time set by hand for them (in the caller's
    transaction). The items' FTS rows go with them (the delete trigger)."""
    removed, items = [], 0
    for session_id in dict.fromkeys(session_ids):
        row = db.execute("SELECT title FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            continue
        items += db.execute("DELETE FROM items WHERE session_id = ?", (session_id,)).rowcount
        db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        db.execute("DELETE FROM hand_times WHERE session_id = ?", (session_id,))
        removed.append((session_id, row[0]))
    if removed:  # the pages they came from are read again by the next parse, not skipped
        db.execute("DELETE FROM source_digests")  # as unchanged (their keys are paths)
    return Removed(tuple(removed), items)


def set_time(
    db: sqlite3.Connection, session_id: str, start: datetime, end: datetime | None
) -> TimeSet:
    """Gives the session and each of its items without a time this start and end, and
    keeps them as the user's (in the caller's transaction)."""
    title = db.execute("SELECT title FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
    before = hand_time(db, session_id)
    db.execute(
        'INSERT OR REPLACE INTO hand_times (session_id, start, "end", set_at) '
        "VALUES (?, ?, ?, datetime('now'))",
        (session_id, iso(start), iso(end)),
    )
    db.execute(
        'UPDATE sessions SET start = ?, "end" = ? WHERE id = ?', (iso(start), iso(end), session_id)
    )
    items = db.execute(
        'UPDATE items SET start = ?, "end" = ? WHERE session_id = ? AND (start IS NULL OR '
        "start = ?)",
        (iso(start), iso(end), session_id, iso(before.start) if before else None),
    ).rowcount
    replaced = (before.start, before.end) if before else None
    return TimeSet(session_id, title, start, end, items, replaced)


def hand_time(db: sqlite3.Connection, session_id: str) -> HandTime | None:
    row = db.execute(
        'SELECT start, "end" FROM hand_times WHERE session_id = ?', (session_id,)
    ).fetchone()
    start = time_of(row[0]) if row else None
    return HandTime(start, time_of(row[1])) if start else None


def with_hand_time(db: sqlite3.Connection, session: Session) -> Session:
    """The session as it is to be stored: given its time set by hand when its page still
    gives none; a page that gives a time ends the hand time (the page knows better now)."""
    if session.start or any(item.start for item in session.items):
        db.execute("DELETE FROM hand_times WHERE session_id = ?", (session.id,))
        return session
    kept = hand_time(db, session.id)
    if kept is None:
        return session
    items = tuple(replace(item, start=kept.start, end=kept.end) for item in session.items)
    return replace(session, start=kept.start, end=kept.end, items=items)


def id_prefix_length(db: sqlite3.Connection, ids: list[str], minimum: int) -> int:
    """The shortest prefix length (at least ``minimum``) at which each of ``ids`` names no
    other item in the library: a prefix ``show`` then finds as that one item. Found from each
    id's neighbours in id order (two lookups in the primary key's index per id)."""
    length = minimum
    for ident in ids:
        for sql in (
            "SELECT max(id) FROM items WHERE id < ?",
            "SELECT min(id) FROM items WHERE id > ?",
        ):
            neighbour = db.execute(sql, (ident,)).fetchone()[0]
            if neighbour:
                length = max(length, _common_prefix(ident, neighbour) + 1)
    return length


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
