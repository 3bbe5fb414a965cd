"""The library file: `confcli library path/check/rebuild`, clear errors (exit 6) for a file
that is damaged, newer, not confcli's or out of space, never a silent overwrite, and old
libraries upgraded in place."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest
from conftest import SAMPLE_FILES, run_cli
from library_support import SCHEMA_V1, damage_pages, dump, sound

from confcli.errors import ExitCode, LibraryError
from confcli.readers.reading import ReadOptions, read_pages
from confcli.store import library as library_module
from confcli.store import maintenance
from confcli.store import schema as schema_module
from confcli.store.library import Library
from confcli.store.schema import LIBRARY_VERSION

ASIDE = re.compile(r"\.broken-\d{8}-\d{6}$")
LOTTERY_TICKET = "Unmasking the Lottery Ticket Hypothesis"


def parse_samples(path) -> None:
    result = run_cli("parse", "--library", str(path), *map(str, SAMPLE_FILES))
    assert result.code == ExitCode.OK, result.stderr


@pytest.fixture
def samples_library(tmp_path):
    path = tmp_path / "library.sqlite"
    parse_samples(path)
    return path


# --- library path / check ---------------------------------------------------------------------


def test_library_path_names_the_file_in_use(tmp_path, isolated_library):
    assert run_cli("library", "path").stdout == f"{isolated_library}\n"
    other = tmp_path / "other.sqlite"
    assert run_cli("library", "path", "--library", str(other)).stdout == f"{other}\n"


def test_check_of_a_sound_library(samples_library):
    result = run_cli("library", "check", "--library", str(samples_library))
    assert result.code == ExitCode.OK and result.stderr == ""
    assert result.stdout.splitlines() == [
        f"library   {samples_library}",
        f"version   {LIBRARY_VERSION}",
        "sessions  5",
        "items     195",
        "state     ok",
    ]
    checked = run_cli("library", "check", "--library", str(samples_library), "--json").json
    assert checked == {
        "schema_version": 1, "path": str(samples_library), "version": LIBRARY_VERSION,
        "sessions": 5, "items": 195, "ok": True, "problems": [], "notes": [],
    }  # fmt: skip


def test_check_of_no_library(tmp_path):
    result = run_cli("library", "check", "--library", str(tmp_path / "none.sqlite"))
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == (
        f"confcli: error: no library at {tmp_path / 'none.sqlite'} (`confcli parse` makes one)\n"
    )


def test_check_of_a_damaged_library_says_the_way_out(samples_library):
    damage_pages(samples_library)
    before = samples_library.read_bytes()
    result = run_cli("library", "check", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert result.stdout.splitlines()[-1] == "state     unusable"
    assert re.fullmatch(
        rf"confcli: error: {re.escape(str(samples_library))}: (damaged|unreadable): .*; "
        r"`confcli library rebuild --move-aside` starts a new library \(keeping this file\)\n",
        result.stderr,
    )
    assert samples_library.read_bytes() == before


def test_check_of_another_programs_database(tmp_path):
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    result = run_cli("library", "check", "--library", str(other))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {other}: not a confcli library (another program's SQLite "
        "database); give another --library path\n"
    )


def test_check_of_a_newer_library(samples_library):
    with sqlite3.connect(samples_library) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    result = run_cli("library", "check", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {samples_library}: written by a newer confcli (library version 99; "
        f"this one reads up to {LIBRARY_VERSION}); upgrade confcli\n"
    )


# --- rebuild ------------------------------------------------------------------------------------


def test_rebuild_restores_a_search_index_out_of_step(samples_library):
    with sqlite3.connect(samples_library) as connection:  # the index loses every title word
        connection.execute(
            "INSERT INTO items_fts(items_fts, rowid, title, authors, session, abstract) "
            "SELECT 'delete', rowid, title, authors, session, abstract FROM items"
        )
    connection.close()
    assert run_cli("search", "lottery", "--library", str(samples_library), "--json").json == []
    check = run_cli("library", "check", "--library", str(samples_library))
    assert "problem   the search index does not match the items" in check.stdout
    assert check.stderr.endswith("; `confcli library rebuild` repairs it\n")
    rebuilt = run_cli("library", "rebuild", "--library", str(samples_library))
    assert rebuilt.code == ExitCode.OK
    assert rebuilt.stderr == f"confcli: rebuilt the library {samples_library} (195 item(s))\n"
    assert sound(samples_library)
    found = run_cli("search", "lottery", "--library", str(samples_library), "--json").json
    assert len(found) == 2


def test_rebuild_restores_a_dropped_trigger(samples_library):
    with sqlite3.connect(samples_library) as connection:
        connection.execute("DROP TRIGGER items_fts_delete")
    connection.close()
    assert "missing from the schema: trigger items_fts_delete" in (
        run_cli("library", "check", "--library", str(samples_library)).stdout
    )
    assert run_cli("library", "rebuild", "--library", str(samples_library)).code == ExitCode.OK
    assert sound(samples_library)


def test_a_damaged_library_is_never_overwritten_unasked(samples_library):
    damage_pages(samples_library)
    before = samples_library.read_bytes()
    result = run_cli("library", "rebuild", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert "`confcli library rebuild --move-aside` moves it to " in result.stderr
    assert samples_library.read_bytes() == before


def test_move_aside_keeps_the_damaged_file_and_starts_anew(samples_library, tmp_path):
    damage_pages(samples_library)
    before = samples_library.read_bytes()
    result = run_cli("library", "rebuild", "--move-aside", "--library", str(samples_library))
    assert result.code == ExitCode.OK
    (aside,) = [path for path in tmp_path.iterdir() if ASIDE.search(path.name)]
    assert aside.read_bytes() == before
    assert result.stderr == (
        f"confcli: moved the damaged library to {aside}; a new, empty library is at "
        f"{samples_library}: parse your pages again\n"
    )
    assert sound(samples_library)
    parse_samples(samples_library)
    assert len(run_cli("list", "--library", str(samples_library), "--json").json) == 5


def test_another_programs_database_is_never_touched(tmp_path):
    other = tmp_path / "notes.sqlite"
    other.write_bytes(b"")
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    before = other.read_bytes()
    result = run_cli("library", "rebuild", "--move-aside", "--library", str(other))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr.endswith("another program's SQLite database); not touched\n")
    assert other.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


# --- every command on an unusable library ------------------------------------------------------

COMMANDS = [
    ["list"], ["list", "-s", "Oral Session 7"], ["search", "lottery"], ["show", "--title", "a"],
    ["stats"], ["export", "-f", "csv"], ["parse", str(SAMPLE_FILES[0])],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_library_damaged_inside_fails_each_command_in_one_line(samples_library, command):
    damage_pages(samples_library)
    before = samples_library.read_bytes()
    result = run_cli(*command, "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert re.fullmatch(
        r"confcli: error: (the library is damaged \(.+\): see `confcli library check`"
        r"|.+ is not a usable confcli library \(.+\); see `confcli library check`)\n",
        result.stderr,
    ), result.stderr
    assert samples_library.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_file_that_is_no_database_fails_each_command_in_one_line(tmp_path, command):
    garbage = tmp_path / "library.sqlite"
    garbage.write_bytes(b"not a database at all " * 500)
    result = run_cli(*command, "--library", str(garbage))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {garbage} is not a usable confcli library (file is not a "
        "database); see `confcli library check`\n"
    )
    assert garbage.read_bytes() == b"not a database at all " * 500


def test_a_full_disk_leaves_the_library_as_it_was(samples_library, monkeypatch):
    before = dump(samples_library)
    connect = library_module._connect

    def nearly_full(path, create):  # the file may not grow by more than two pages
        connection = connect(path, create)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        return connection

    monkeypatch.setattr(library_module, "_connect", nearly_full)
    fresh = [str(path) for path in SAMPLE_FILES]
    result = run_cli("parse", "--library", str(samples_library), "--year", "2031", *fresh)
    assert result.code == ExitCode.LIBRARY
    assert result.stderr.splitlines()[-1] == (
        "confcli: error: the disk is full (database or disk is full): the library was left "
        "as it was"
    )
    assert dump(samples_library) == before and sound(samples_library)


def test_a_library_under_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_cli("parse", str(SAMPLE_FILES[0]), "--library", str(blocker / "lib.sqlite"))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: cannot create the library {blocker / 'lib.sqlite'}: {blocker} is a "
        "file, not a folder\n"
    )


def test_libraries_created_at_the_same_moment_are_one(tmp_path):
    """Regression: the second of two confcli starting on a new file created the schema
    again ('table sessions already exists', an internal error)."""
    path = tmp_path / "new.sqlite"
    start, errors = threading.Barrier(8), []

    def open_library() -> None:
        start.wait()
        try:
            Library(path).close()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=open_library) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sound(path)


# --- old libraries ------------------------------------------------------------------------------

SESSION_COLUMNS = (
    "id", "kind", "conference", "year", "title", "room", "chairs", "start", "end", "abstract",
    "url", "source",
)  # fmt: skip
ITEM_COLUMNS_V1 = (
    "id", "session_id", "position", "kind", "title", "authors", "abstract", "start", "end",
    "room", "poster", "decision", "presentation", "award", "url", "session", "conference",
    "year", "paper_id", "source",
)  # fmt: skip


def version_1_library(path) -> list[dict]:
    """A library as confcli 0.1 wrote it, by raw SQL, holding the five samples; and the
    sessions as confcli now reads them (for comparing)."""
    pages = read_pages(list(map(str, SAMPLE_FILES)), ReadOptions()).pages
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_V1)
    for session in (page.page.session for page in pages):
        connection.execute(_insert("sessions", SESSION_COLUMNS), _row(session, SESSION_COLUMNS))
        for item in session.items:
            connection.execute(_insert("items", ITEM_COLUMNS_V1), _row(item, ITEM_COLUMNS_V1))
    connection.commit()
    connection.close()
    return [page.page.session for page in pages]


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _row(record, columns: tuple[str, ...]) -> tuple:
    values = []
    for name in columns:
        value = getattr(record, name)
        if name in ("authors", "chairs"):
            value = "\n".join(value)
        elif name in ("start", "end") and value is not None:
            value = value.isoformat()
        values.append(value)
    return tuple(values)


def test_a_version_1_library_is_upgraded_in_place_intact_and_searchable(tmp_path):
    old, fresh = tmp_path / "v1.sqlite", tmp_path / "fresh.sqlite"
    version_1_library(old)
    parse_samples(fresh)
    listed = run_cli("list", "--library", str(old), "--json")
    assert listed.code == ExitCode.OK and listed.stderr == ""
    assert listed.stdout == run_cli("list", "--library", str(fresh), "--json").stdout
    found = run_cli("search", "lottery", "--library", str(old), "--json").json
    titles = [hit["title"].split(":")[0] for hit in found]
    assert titles == ["Winning the Lottery Ahead of Time", LOTTERY_TICKET]
    with sqlite3.connect(old) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert (version, [row[0] for row in triggers]) == (LIBRARY_VERSION, ["items_fts_delete"])
    connection.close()
    assert sound(old)


def test_a_failed_upgrade_leaves_the_old_library_as_it_was(tmp_path, monkeypatch):
    old = tmp_path / "v1.sqlite"
    version_1_library(old)
    before = dump(old)
    monkeypatch.setitem(schema_module.UPGRADES, 2, "DROP TRIGGER no_such_trigger")
    with pytest.raises(LibraryError, match="cannot upgrade the library"):
        Library(old)
    assert dump(old) == before  # the links column added by step 1 was undone too


def test_maintenance_failure_names_only_the_files_state():
    """SQLite errors that are bugs (a malformed statement) stay internal errors."""
    broken = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as caught:
        broken.execute("SELEC 1")
    assert maintenance.failure(caught.value) is None
