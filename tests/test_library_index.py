"""The FTS index stays in step with the items however a store goes: items are indexed by
Library.store (one statement per session), not by a per-row trigger (README, Performance)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from conftest import SAMPLE_FILES
from library_support import without_topics

from confcli.query import parse
from confcli.readers import reading
from confcli.store.library import Library
from confcli.store.schema import LIBRARY_VERSION


@pytest.fixture(scope="module")
def samples():
    return reading.read_pages([str(path) for path in SAMPLE_FILES], reading.ReadOptions()).sessions


def fts_is_sound(library: Library) -> bool:
    try:
        library.connection.execute("INSERT INTO items_fts(items_fts) VALUES('integrity-check')")
    except sqlite3.DatabaseError:
        return False
    return True


def indexed(library: Library) -> int:
    return library.connection.execute("SELECT count(*) FROM items_fts").fetchone()[0]


def test_every_stored_item_is_found(samples):
    library = Library()
    library.store(samples)
    total = sum(len(session.items) for session in samples)
    assert indexed(library) == total
    assert fts_is_sound(library)
    assert library.search(parse('"lottery"'))


def test_an_item_moving_between_sessions_of_one_store_stays_indexed_once(samples):
    first, second = samples[0], samples[1]
    moved = replace(first.items[0], session_id=second.id)
    library = Library()
    library.store([first, replace(second, items=(*second.items, moved))])
    assert fts_is_sound(library)
    assert indexed(library) == len(library.items())


def test_a_session_stored_twice_in_one_store_is_indexed_once(samples):
    library = Library()
    library.store([samples[0], samples[0]])
    assert fts_is_sound(library)
    assert indexed(library) == len(samples[0].items)


def test_a_failed_store_leaves_library_and_index_as_they_were(tmp_path, samples):
    path = tmp_path / "lib.sqlite"
    with Library(path) as library:
        library.store(samples[:1])
    broken = replace(samples[1], items=(replace(samples[1].items[0], title=None),))
    with Library(path) as library:
        try:
            library.store([samples[2], broken])
        except sqlite3.IntegrityError:
            pass
        assert [s.session.id for s in library.sessions()] == [samples[0].id]
        assert indexed(library) == len(samples[0].items) and fts_is_sound(library)


def test_a_version_2_library_loses_its_insert_trigger_and_keeps_its_index(tmp_path, samples):
    path = tmp_path / "old.sqlite"
    with Library(path) as library:
        library.store(samples[:1])
    with sqlite3.connect(path) as db:  # as confcli left it before version 3
        without_topics(db)  # (columns a later step added)
        db.execute("ALTER TABLE items DROP COLUMN site_id")  # and before version 4
        db.execute("ALTER TABLE sessions DROP COLUMN site_id")
        db.execute("ALTER TABLE items DROP COLUMN source_record")  # and before version 9
        db.execute("ALTER TABLE sessions DROP COLUMN source_record")
        db.execute(
            "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN "
            "INSERT INTO items_fts(rowid, title, authors, session, abstract) "
            "VALUES (new.rowid, new.title, new.authors, new.session, new.abstract); END"
        )
        db.execute("PRAGMA user_version = 2")
    with Library(path) as library:
        library.store(samples[1:3])
        version = library.connection.execute("PRAGMA user_version").fetchone()[0]
        triggers = library.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        assert version == LIBRARY_VERSION
        assert [name for (name,) in triggers] == ["items_fts_delete"]
        assert indexed(library) == len(library.items()) and fts_is_sound(library)
