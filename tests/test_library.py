"""The SQLite library: storing, replacing, reading back exactly, and FTS5 search."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import SAMPLE_FILES

from confcli import app
from confcli.errors import LibraryError, QueryError
from confcli.readers import reading
from confcli.render.jsonout import session_to_json
from confcli.store.library import Library

TOTAL_ITEMS = 15 + 16 + 135 + 14 + 15


@pytest.fixture
def samples():
    return reading.read_pages([str(path) for path in SAMPLE_FILES], reading.ReadOptions()).sessions


def test_sessions_come_back_exactly_as_stored(tmp_path, samples):
    with Library(tmp_path / "lib.sqlite") as library:
        library.store(samples)
    with Library(tmp_path / "lib.sqlite") as library:
        for session in samples:
            assert session_to_json(library.session(session.id)) == session_to_json(session)


def test_a_page_stored_again_replaces_itself(tmp_path, samples):
    with Library(tmp_path / "lib.sqlite") as library:
        first = library.store(samples)
        again = library.store(samples)
        assert (first.sessions, first.items, first.replaced) == (5, TOTAL_ITEMS, 0)
        assert (again.sessions, again.items, again.replaced) == (5, TOTAL_ITEMS, 5)
        assert len(library.sessions()) == 5
        assert len(library.items()) == TOTAL_ITEMS
        count = library.connection.execute("SELECT count(*) FROM items_fts").fetchone()[0]
        assert count == TOTAL_ITEMS


def test_sessions_are_listed_in_programme_order(samples):
    library = Library()
    library.store(samples)
    titles = [summary.session.title for summary in library.sessions()]
    assert titles == [
        "Orals & Spotlights Track 13: Deep Learning/Theory",
        "Oral Session 1",
        "Oral Session 7",
        "Deep Learning",
        "Poster Session 3",
    ]
    assert [summary.item_count for summary in library.sessions()] == [15, 15, 16, 14, 135]


def test_search_ranks_title_matches_above_abstract_matches(samples):
    library = Library()
    library.store(samples)
    hits = app.search(library, "lottery")
    assert [hit.item.title for hit in hits] == [
        "Winning the Lottery Ahead of Time: Efficient Early Network Pruning",
        "Unmasking the Lottery Ticket Hypothesis: What's Encoded in a Winning Ticket's Mask?",
    ]
    assert hits[0].score > hits[1].score > 0
    titled = app.search(library, "transformers")
    in_title = [hit for hit in titled if "transformer" in hit.item.title.lower()]
    assert titled[: len(in_title)] == in_title  # every title match ranks above abstract-only ones


def test_search_finds_authors_and_accents(samples):
    library = Library()
    library.store(samples)
    assert [hit.item.title for hit in app.search(library, "Dosovitskiy")] == [
        "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
    ]
    zugner = [hit.item.title for hit in app.search(library, "Zugner")]
    assert zugner == ["Winning the Lottery Ahead of Time: Efficient Early Network Pruning"]


def test_search_never_passes_syntax_to_sqlite(samples):
    library = Library()
    library.store(samples)
    for query in ['"unbalanced', "OR", "NEAR(", "a AND", "title:*", "^x"]:
        try:  # a malformed query is explained (QueryError), never an SQLite error
            app.search(library, query)
        except QueryError:
            pass


def test_a_file_that_is_not_a_confcli_library_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(LibraryError, match="is not a confcli library"):
        Library(other)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(LibraryError, match="not a usable confcli library"):
        Library(garbage)
    assert garbage.read_bytes() == b"this is not a database at all" * 100


def test_a_library_from_a_newer_confcli_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(LibraryError, match="newer confcli"):
        Library(path)


def test_a_failed_store_leaves_the_library_as_it_was(tmp_path, samples):
    with Library(tmp_path / "lib.sqlite") as library:
        library.store(samples[:1])
        broken = samples[1].__class__(id=None, title="broken")  # NOT NULL id fails mid-way
        with pytest.raises(sqlite3.IntegrityError):
            library.store([samples[2], broken])
        assert [s.session.id for s in library.sessions()] == [samples[0].id]
