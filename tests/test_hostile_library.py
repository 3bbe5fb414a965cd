"""The library is never moved, changed or called damaged by mistake, a library is data and
not code, every search has a bounded cost, and search means what it says (issue 13, parts
3, 4, 7 and 8; docs/reliability.md lists each case and its outcome).

Permission cases run in a subprocess as an unprivileged user (root reads everything); a full
disk is SQLite's own SQLITE_FULL error, injected; bounded work is shown by counting it, with
a generous alarm that fails a test rather than letting it hang.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_FILES, run_cli, run_process
from hostile import libraries
from test_fuzz import within

from confcli import app, fuzzy, times
from confcli.errors import BadInputError, ExitCode
from confcli.model import Item, Session
from confcli.query import parse
from confcli.readers.sources import fetch
from confcli.store import Library, maintenance, marking
from confcli.store.fts import IndexVocabulary

NOBODY = 65534
PAGE = str(SAMPLE_FILES[0])


@pytest.fixture
def samples_library(tmp_path) -> Path:
    path = tmp_path / "library.sqlite"
    result = run_cli("parse", "--library", str(path), *map(str, SAMPLE_FILES))
    assert result.code == ExitCode.OK, result.stderr
    return path


def aside_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".broken-" in path.name)


# --- part 3: busy, read-only, full are not damaged ---------------------------------------------


@pytest.fixture
def held(samples_library) -> Iterator[Path]:
    """Another confcli in the middle of a write: it holds the write lock."""
    writer = sqlite3.connect(samples_library, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO sessions (id, title, chairs) VALUES ('w', 'Writing', '')")
    yield samples_library
    writer.execute("ROLLBACK")
    writer.close()


def test_check_calls_a_busy_library_busy_not_damaged(held):
    with within(30):
        result = run_cli("library", "check", "--library", str(held))
    assert result.code == ExitCode.OK, result.stdout + result.stderr
    assert "note      busy: another confcli is writing to it" in result.stdout
    assert result.stdout.splitlines()[-1] == "state     ok"


def test_move_aside_never_moves_a_busy_library(held):
    before = held.read_bytes()
    with within(30):
        result = run_cli("library", "rebuild", "--move-aside", "--library", str(held))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {held}: busy: another confcli is writing to it; try again when it "
        "is done; not touched\n"
    )
    assert aside_files(held.parent) == [] and held.read_bytes() == before


WRITES = ("INSERT", "REINDEX", "CREATE", "DROP", "UPDATE", "DELETE", "ALTER")


def full_disk(monkeypatch, failing: tuple[str, ...] = WRITES) -> None:
    """Every statement that would grow a library file fails as SQLite fails on a full disk
    (SQLITE_FULL); a database in memory still works."""
    real = sqlite3.connect

    class Full(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql.lstrip().upper().startswith(failing):
                error = sqlite3.OperationalError("database or disk is full")
                error.sqlite_errorname, error.sqlite_errorcode = "SQLITE_FULL", 13
                raise error
            return super().execute(sql, *args)

    def connect(path, *args, **kwargs):
        if str(path) != ":memory:":
            kwargs["factory"] = Full
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_check_calls_a_library_on_a_full_disk_full_not_damaged(samples_library, monkeypatch):
    full_disk(monkeypatch)
    result = run_cli("library", "check", "--library", str(samples_library))
    assert result.code == ExitCode.OK, result.stdout + result.stderr
    assert "note      full: its disk has no space left" in result.stdout


def test_move_aside_never_moves_a_library_on_a_full_disk(samples_library, monkeypatch):
    before = samples_library.read_bytes()
    full_disk(monkeypatch)
    result = run_cli("library", "rebuild", "--move-aside", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr.endswith("no space left; it answers queries, but nothing can be "
                                  "added to it or repaired; not touched\n")  # fmt: skip
    assert aside_files(samples_library.parent) == [] and samples_library.read_bytes() == before


def test_a_rebuild_that_fills_the_disk_is_a_clear_error(samples_library, monkeypatch):
    """The check passes (nothing fails until the rebuild itself writes)."""
    full_disk(monkeypatch, failing=("REINDEX",))
    result = run_cli("library", "rebuild", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {samples_library}: full: its disk has no space left; it answers "
        "queries, but nothing can be added to it or repaired; not touched\n"
    )
    assert aside_files(samples_library.parent) == []


# A library that cannot be written, used as an unprivileged user would (root writes anyway).
AS_USER = """
import json, sys
from pathlib import Path
from confcli.app import open_library, search
from confcli.errors import ConfcliError
from confcli.store import maintenance
path = sys.argv[1]
out = {}
opened = open_library(Path(path), None)
out["found"] = [hit.item.title for hit in search(opened.library, "lottery")]
out["notice"] = opened.notice
health = maintenance.check(path)
out["ok"], out["notes"] = health.ok, health.notes
for name, act in (("rebuild", lambda: maintenance.rebuild(path, move_aside=True)),
                  ("store", lambda: opened.library.store([]))):
    try:
        act()
        out[name] = "done"
    except ConfcliError as error:
        out[name] = str(error)
print(json.dumps(out))
"""


def user_python() -> list[str]:
    """How to run Python as an unprivileged user, with confcli importable; skips when the
    machine offers none (the interpreter may live where only root can read)."""
    if os.geteuid() != 0:
        return [sys.executable]
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: no unprivileged user to be")
    as_nobody = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    for python in dict.fromkeys([sys.executable, "/usr/bin/python3"]):
        probe = [*as_nobody, "env", f"PYTHONPATH={REPO}", python, "-c", "import confcli.app"]
        if subprocess.run(probe, capture_output=True, timeout=60).returncode == 0:
            return [*as_nobody, "env", f"PYTHONPATH={REPO}", python]
    pytest.skip("no Python an unprivileged user can run confcli with")


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder every user may enter (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="confcli-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("medium", ["read-only file", "read-only folder and file"])
def test_a_read_only_library_answers_queries_and_is_never_moved(
    samples_library, public_dir, medium
):
    path = public_dir / "library.sqlite"
    shutil.copy(samples_library, path)
    path.chmod(0o444)
    if medium == "read-only folder and file":  # read-only media: no file beside it either
        public_dir.chmod(0o555)
    before = path.read_bytes()
    done = subprocess.run(
        [*user_python(), "-c", AS_USER, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["found"] == [
        "Winning the Lottery Ahead of Time: Efficient Early Network Pruning",
        "Unmasking the Lottery Ticket Hypothesis: What's Encoded in a Winning Ticket's Mask?",
    ]
    assert out["notice"] is None and out["ok"] is True
    assert out["notes"] == [
        "read-only: it answers queries, but nothing can be added to it or repaired"
    ]
    assert out["rebuild"] == (
        f"{path}: read-only: it answers queries, but nothing can be added to it or repaired; "
        "not touched"
    )
    assert out["store"] == f"the library {path} is read-only: nothing can be added to it"
    assert sorted(p.name for p in public_dir.iterdir()) == ["library.sqlite"]
    assert path.read_bytes() == before


NOT_REGULAR = "is not a regular file (a pipe, a device or a socket)"
ON_SPECIAL_FILES = [
    ["library", "check"], ["library", "rebuild", "--move-aside"], ["list"],
    ["search", "lottery"], ["parse", PAGE],
]  # fmt: skip


@pytest.mark.parametrize("make", [libraries.fifo, libraries.unix_socket], ids=["fifo", "socket"])
@pytest.mark.parametrize("command", ON_SPECIAL_FILES, ids=" ".join)
def test_a_library_path_that_is_no_regular_file_is_refused_at_once(tmp_path, make, command):
    path = tmp_path / "library.sqlite"
    make(path)
    result = run_process(*command, "--library", str(path), timeout=30)  # a hang fails
    assert result.returncode == ExitCode.LIBRARY
    assert result.stderr == f"confcli: error: {path} {NOT_REGULAR}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite"]


ON_ANOTHER_DATABASE = [
    ["list"], ["search", "lottery"], ["stats"], ["parse", PAGE], ["export", "-f", "csv"],
    ["library", "check"], ["library", "rebuild", "--move-aside"],
]  # fmt: skip


@pytest.mark.parametrize(
    "make", [libraries.notes_database, libraries.lookalike_database], ids=["notes", "lookalike"]
)
@pytest.mark.parametrize("command", ON_ANOTHER_DATABASE, ids=" ".join)
def test_another_programs_database_is_identified_before_anything_changes(tmp_path, make, command):
    path = tmp_path / "theirs.db"
    make(path)
    before = path.read_bytes()
    result = run_cli(*command, "--library", str(path))
    assert result.code == ExitCode.LIBRARY
    assert "not a confcli library" in result.stderr
    assert path.read_bytes() == before  # still in its own journal mode: no WAL switch
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


def two_pages(tmp_path: Path, second: list[str]) -> list[str]:
    """Two saved pages of one poster session title, without room or time."""

    def card(number: int, title: str) -> str:
        return (f"\nIn-Person Poster presentation / poster accept\n#{number}\n{title}\n\n"
                f"Ann Author\n\nAn abstract about {title}.\n\n")  # fmt: skip

    head = "Session\n\nPoster Session\n\nAbstract:\n\n"
    first, other = tmp_path / "monday.txt", tmp_path / "tuesday.txt"
    first.write_text(head + card(1, "Alpha Paper") + card(2, "Gamma Paper"))
    other.write_text(head + "".join(card(n, title) for n, title in enumerate(second, 3)))
    return [str(first), str(other)]


def test_pages_of_one_session_title_losing_items_are_named(tmp_path, isolated_library):
    first, second = two_pages(tmp_path, ["Beta Paper"])
    result = run_cli("parse", first, second, "--conference", "ICLR", "--year", "2021")
    assert result.code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == [
        f"confcli: warning: {first}: session 'Poster Session' is also on {second} (the same "
        f"conference, year and title): only {second}'s copy is stored, 2 item(s) of this "
        "page are not",
        f"confcli: stored 1 session(s), 1 item(s) in {isolated_library}",
    ]


def test_the_same_page_twice_or_a_fuller_copy_is_no_loss(tmp_path):
    first, fuller = two_pages(tmp_path, ["Alpha Paper", "Gamma Paper", "Beta Paper"])
    for pages in ([first, first], [first, fuller]):
        result = run_cli("parse", *pages, "--conference", "ICLR", "--year", "2021")
        assert result.code == ExitCode.OK and "warning" not in result.stderr


# --- part 4: a library is data, not code -------------------------------------------------------


def test_a_library_with_a_foreign_trigger_is_never_written_until_rebuilt(samples_library):
    libraries.execute(samples_library, *libraries.FOREIGN_TRIGGER)
    fresh = run_cli("parse", PAGE, "--library", str(samples_library), "--year", "2031")
    assert fresh.code == ExitCode.LIBRARY
    assert fresh.stderr == (
        f"confcli: error: {samples_library} holds triggers confcli did not write (spy): "
        "nothing writes to it until `confcli library rebuild` removes them\n"
    )
    assert libraries.side_rows(samples_library) == 0  # the trigger never ran
    checked = run_cli("library", "check", "--library", str(samples_library))
    assert checked.code == ExitCode.LIBRARY
    assert "problem   schema objects confcli did not make: table side, trigger spy" in (
        checked.stdout
    )
    rebuilt = run_cli("library", "rebuild", "--library", str(samples_library))
    assert rebuilt.stderr == (
        f"confcli: rebuilt the library {samples_library} (195 item(s)); dropped 2 schema "
        "object(s) confcli did not make\n"
    )
    assert run_cli("parse", PAGE, "--library", str(samples_library)).code == ExitCode.OK
    assert maintenance.check(samples_library).ok


def test_a_trigger_of_confcli_s_name_with_another_body_is_foreign(samples_library):
    libraries.execute(samples_library, *libraries.REPLACED_TRIGGER)
    health = maintenance.check(samples_library)
    assert health.problems == [
        "schema objects confcli did not make: table side, trigger items_fts_delete"
    ]
    # --force: the page is stored already, and unchanged it would not be stored again
    result = run_cli("parse", PAGE, "--force", "--library", str(samples_library))
    assert result.code == ExitCode.LIBRARY and libraries.side_rows(samples_library) == 0
    assert run_cli("library", "rebuild", "--library", str(samples_library)).code == ExitCode.OK
    assert maintenance.check(samples_library).ok  # confcli's own trigger is back
    assert run_cli("parse", PAGE, "--library", str(samples_library)).code == ExitCode.OK


def test_foreign_views_tables_and_indexes_are_reported_and_dropped(samples_library):
    libraries.execute(samples_library, *libraries.FOREIGN_VIEW_AND_TABLE)
    assert maintenance.check(samples_library).problems == [
        "schema objects confcli did not make: index notes_text, table notes, view everything"
    ]
    done = maintenance.rebuild(samples_library)
    assert (done.items, done.dropped) == (195, 3) and maintenance.check(samples_library).ok


# --- part 7: bounded cost ------------------------------------------------------------------------


def library_of(*titles: str, abstracts: dict[int, str] | None = None) -> Library:
    items = tuple(
        Item(id=f"i{n}", kind="oral", title=title, session_id="s", session="S", position=n,
             abstract=(abstracts or {}).get(n))
        for n, title in enumerate(titles)
    )  # fmt: skip
    library = Library()
    library.store([Session(id="s", title="S", items=items)])
    return library


def test_a_word_repeated_40000_times_is_marked_in_bounded_work():
    abstracts = {0: "word " * 40_000, 1: "lorem ipsum word. " * 300_000}  # 200 kB, 5 MB
    library = library_of("A paper", "Another", abstracts=abstracts)
    statements: list[str] = []
    library.connection.set_trace_callback(statements.append)
    with within(20):
        hits = app.search(library, "word")
    assert not [sql for sql in statements if "snippet(" in sql or "highlight(" in sql]
    snippets = {hit.item.id: hit.snippet for hit in hits}
    assert {key: snippet.text for key, snippet in snippets.items()} == {
        "i0": "word word word word word word word word word word…",
        "i1": "lorem ipsum word. lorem ipsum word. lorem ipsum word. lorem…",
    }
    assert {key: len(snippet.spans) for key, snippet in snippets.items()} == {"i0": 10, "i1": 3}


def test_marks_read_a_bounded_window_of_a_field():
    words = marking.tokens("word " * 1_000_000)  # 5 MB
    assert len(words.folded) == marking.MARK_CHARS // 5 and not words.complete


class CountingVocabulary:
    """A vocabulary that knows nothing, counting what it is asked."""

    def __init__(self) -> None:
        self.looked_up = self.scanned = 0

    def knows(self, term: str) -> bool:
        self.looked_up += 1
        return False

    def terms(self, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        self.scanned += 1
        return [("zzzzz", 1)]


def test_typo_correction_of_a_5000_word_phrase_is_bounded():
    vocabulary = CountingVocabulary()
    phrase = '"' + " ".join(f"unknownword{n}" for n in range(5000)) + '"'
    assert fuzzy.correct_query(parse(phrase), vocabulary) is None
    assert vocabulary.looked_up <= 2 * fuzzy.MAX_LOOKED_UP
    assert vocabulary.scanned <= 2 * fuzzy.MAX_CORRECTED


@pytest.fixture
def header_dripper() -> Iterator[str]:
    """A server that sends its status line and headers a byte every 50 ms (15 s in all)."""
    server = socket.create_server(("127.0.0.1", 0))
    answer = b"HTTP/1.0 200 OK\r\nX-Slow: " + b"y" * 300 + b"\r\n\r\nSession\n"

    def drip(connection: socket.socket) -> None:
        try:
            connection.recv(4096)
            for byte in answer:
                connection.send(bytes([byte]))
                time.sleep(0.05)
        except OSError:
            pass
        finally:
            connection.close()

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=drip, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    server.close()


def test_headers_sent_a_byte_at_a_time_meet_the_one_deadline(header_dripper):
    started = time.monotonic()
    with within(10), pytest.raises(BadInputError, match=r"timed out after 0\.5 s"):
        fetch(header_dripper, timeout=0.5, max_bytes=2**20)
    assert time.monotonic() - started < 5  # generous: the deadline is 0.5 s


# --- part 8: search means what it says -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "title", "corrected"),
    [("ANN", "Cats and dogs", "and"), ("ORB", "This or that", "or"), ("NOTE", "Do not", "not")],
)
def test_a_corrected_word_is_never_an_operator(typed, title, corrected):
    library = library_of(title, "Unrelated words")
    (hit,) = app.search(library, typed)
    assert (hit.item.title, hit.approximate) == (title, True)
    assert hit.correction.text == corrected  # a word, in lower case: not the operator


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("lukasz", "Łukasz Kaiser"), ("moller", "Møller"), ("aeron", "Æron"),
        ("strasse", "Straße"), ("odrzygozdz", "Odrzygóźdź"), ("ohduz", "Ohðuz"),
        ("fine", "ﬁne"), ("istanbul", "İstanbul ıstanbul"), ("Łukasz", "Lukasz"),
    ],
)  # fmt: skip
def test_letters_with_strokes_and_ligatures_are_found_exactly(typed, title):
    (hit,) = app.search(library_of(title, "Unrelated words"), typed)
    assert (hit.item.title, hit.approximate) == (title, False)
    assert hit.title.spans != ()


@pytest.mark.parametrize("word", ["Καλημέρα", "Ελλάδα", "Йогурт", "東京"])
def test_non_latin_text_matched_exactly_is_not_approximate(word):
    (hit,) = app.search(library_of(f"{word} title", "Unrelated words"), word)
    assert (hit.approximate, hit.correction) == (False, None)


def test_the_index_knows_a_word_as_its_own_tokenizer_reads_it():
    vocabulary = IndexVocabulary(library_of("Καλημέρα").connection)
    assert vocabulary.knows("Καλημέρα") and not vocabulary.knows("καλημερα")


TWO_ZONES = [
    ("Mon 3 May 3:00 PDT - 13:00 CEST", (2021, 5, 3, 10), (2021, 5, 3, 11)),
    ("Mon 3 May 23:00 PDT - 9:00 CEST", (2021, 5, 4, 6), (2021, 5, 4, 7)),  # past midnight
    ("Mon 3 May 3:00 PDT - 4:00", (2021, 5, 3, 10), (2021, 5, 3, 11)),  # one zone for both
]


@pytest.mark.parametrize(("text", "start", "end"), TWO_ZONES)
def test_each_end_of_a_range_keeps_its_own_zone(text, start, end):
    first, last = times.parse_range(text, times.TimeContext(year=2021))
    assert (first.astimezone(UTC), last.astimezone(UTC)) == (
        datetime(*start, tzinfo=UTC),
        datetime(*end, tzinfo=UTC),
    )


@pytest.mark.parametrize("prefix", ["\\", "%\\", "_%", "[", "'"])
def test_show_id_prefixes_with_like_and_escape_characters_match_literally(prefix, stored_samples):
    result = run_cli("show", prefix)
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == f"confcli: error: no item with id {prefix!r}\n"
