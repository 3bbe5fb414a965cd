"""Issue 13, parts 5 and 6 (docs/reliability.md): nothing dangerous reaches an export, a
calendar or a terminal, and `export -o` writes files, not devices. Special files are made
under a temporary folder (a FIFO, a device node, a link to a descriptor): never the real
/dev; a full disk and a read-only mount are simulated."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from conftest import run_cli
from hostile import make_corpus
from unprivileged import as_nobody, shared_folder

from confcli import options
from confcli.errors import ExitCode

HOSTILE_ID = "a1\x1b]0;owned\x07"
HOSTILE_KIND = "oral\x1b[31m\x07"
HOSTILE_TITLE = "Safe \u202eexe.txt\x9b2J\u2066x\u2069"
SCHEMES = ("javascript:", "data:", "vbscript:", "file:")


def parse_text(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli("parse", str(path))
    assert result.code == ExitCode.OK, result.stderr
    return result.stderr


@pytest.fixture
def hostile_item(tmp_path) -> None:
    """confcli's own JSON of an item whose id, kind and title hold escapes and overrides."""
    item = {"id": HOSTILE_ID, "kind": HOSTILE_KIND, "title": HOSTILE_TITLE}
    item |= {"start": "2021-05-03T03:00:00-07:00", "end": "2021-05-03T03:15:00-07:00"}
    parse_text(tmp_path, "item.json", make_corpus.confcli_session({"title": "S"}, item))


# --- part 5: one URL policy, for every reader and every writer --------------------------------


def test_the_feed_reader_keeps_only_http_links(tmp_path):
    stderr = parse_text(tmp_path, "feed.json", make_corpus.hostile_links_feed())
    assert "links that are not http(s) left out of 1 item(s)" in stderr
    (item,) = run_cli("search", "Evil", "--json").json
    assert (item["url"], item["links"]) == (None, {"video": "https://example.org/video"})


def test_no_writer_writes_a_link_that_is_not_http(stored_samples):
    """A library written before the policy (or by hand) may hold such links."""
    links = json.dumps({name: f"{name}alert(1)" for name in SCHEMES} | {"ok": "https://a.b/"})
    with sqlite3.connect(stored_samples) as db:
        db.execute("UPDATE items SET url = 'javascript:alert(1)', links = ?", (links,))
    db.close()
    for format in ("md", "ics", "csv", "json", "jsonl", "frab", "frab-xml"):
        result = run_cli("export", "-f", format, "--kind", "oral")
        assert result.code == ExitCode.OK, format
        assert not any(scheme in result.stdout for scheme in SCHEMES), format
        assert "https://a.b/" in result.stdout or format in ("frab", "frab-xml"), format


def test_ics_has_no_escape_or_bell_in_uid_categories_or_summary(hostile_item):
    calendar = run_cli("export", "-f", "ics").stdout
    assert "\x1b" not in calendar and "\x07" not in calendar and "\x9b" not in calendar
    lines = {line.split(":", 1)[0]: line for line in calendar.splitlines() if ":" in line}
    assert lines["UID"] == "UID:a1]0\\;owned-oral[31m@confcli"
    assert lines["CATEGORIES"] == "CATEGORIES:oral[31m"


def test_markdown_drops_bidi_overrides_and_isolates(hostile_item):
    notes = run_cli("export", "-f", "md").stdout
    assert "**Safe exe.txt2Jx**" in notes
    assert not any(mark in notes for mark in "\u202e\u2066\u2069\x9b")


def test_json_escapes_c1_controls_and_bidi_overrides(hostile_item):
    for command in (["list", "-s", "S", "--json"], ["export", "-f", "jsonl"]):
        text = run_cli(*command).stdout
        assert not any(mark in text for mark in "\u202e\u2066\u2069\x9b\x1b\x07"), command
        assert "Safe \\u202eexe.txt\\u009b2J\\u2066x\\u2069" in text, command
        assert json.loads(text.splitlines()[0] if "jsonl" in command else text)


def test_completion_never_gives_the_shell_a_control_character(hostile_item):
    """A title or kind is completed up to its first unsafe character (--session and --kind
    take a prefix), quoted for the shell: no escape sequence reaches the command line."""
    assert options.complete_sessions("") == ["S"]
    assert options.complete_kinds("") == ["oral"]


def test_completion_escapes_osc_sequences_in_session_titles(tmp_path):
    title = "Evil \x1b]52;c;cm0gLXJmIH4=\x07\u202e\x9b"
    parse_text(tmp_path, "s.json", make_corpus.confcli_session({"title": title}))
    assert options.complete_sessions("evil") == ["'Evil '"]  # cut at the OSC, quoted


def test_an_end_before_its_start_is_left_out_with_a_warning(tmp_path):
    stderr = parse_text(tmp_path, "feed.json", make_corpus.hostile_links_feed())
    assert "end left out of 1 item(s): before its start" in stderr
    frab = run_cli("export", "-f", "frab").stdout
    assert '"duration": "-' not in frab
    assert "DTEND" not in run_cli("export", "-f", "ics").stdout


# --- part 6: export -o writes files, not devices -----------------------------------------------


def export_to(target: Path | str, *extra: str):
    return run_cli("export", "-f", "csv", "--kind", "oral", "-o", str(target), *extra)


def test_a_fifo_is_written_through_not_replaced(stored_samples, tmp_path):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = export_to(fifo)
    reader.join(10)
    assert result.code == ExitCode.OK, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith(b"id,kind,title,") and received[0].count(b"\n") > 16


def test_a_device_is_written_through_not_replaced(stored_samples, tmp_path):
    null = tmp_path / "null"  # a stand-in for /dev/null, in a temporary folder
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    result = export_to(null)
    assert result.code == ExitCode.OK, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)
    assert os.listdir(tmp_path) != [] and not any(".part" in n for n in os.listdir(tmp_path))


def test_a_link_to_standard_output_writes_into_it(stored_samples, tmp_path):
    """`-o /dev/stdout`: here a link in a temporary folder to the process's descriptor."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    captured = tmp_path / "captured.csv"
    with captured.open("wb") as out:
        command = [sys.executable, "-m", "confcli", "export", "-f", "csv", "-o", str(link)]
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == ExitCode.OK, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert captured.read_bytes().startswith(b"id,kind,title,")


def test_a_symbolic_link_is_followed_to_its_target_never_replaced(stored_samples, tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "programme.csv"
    target.write_bytes(b"old")
    link = tmp_path / "programme.csv"
    link.symlink_to(target)
    assert export_to(link).code == ExitCode.OK
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"id,kind,title,")
    dangling = tmp_path / "new.csv"
    dangling.symlink_to(tmp_path / "real" / "new-target.csv")
    assert export_to(dangling).code == ExitCode.OK
    assert dangling.is_symlink() and (tmp_path / "real" / "new-target.csv").is_file()


WRITE_AS_NOBODY = """
import json, sys
from confcli.errors import ConfcliError
from confcli.export.atomic import atomic_write
try:
    atomic_write(sys.argv[1], b"new", force=sys.argv[2] == "force")
    print(json.dumps("written"))
except ConfcliError as error:
    print(json.dumps([int(error.exit_code), str(error)]))
"""


def test_a_read_only_file_is_refused_unless_forced():
    with shared_folder() as folder:
        target = folder / "programme.csv"
        target.write_bytes(b"old")
        target.chmod(0o444)
        refused = as_nobody(WRITE_AS_NOBODY, str(target), "")
        assert target.read_bytes() == b"old"
        forced = as_nobody(WRITE_AS_NOBODY, str(target), "force")
        assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o444
    assert refused == [
        ExitCode.OUTPUT,
        f"{target}: cannot write: the file is read-only (--force replaces it)",
    ]
    assert forced == "written"


@pytest.mark.parametrize(
    ("target", "message"),
    [("", "cannot write: an empty file name"), (".", ".: cannot write: it is a directory")],
)
def test_an_output_that_names_no_file_is_exit_7(stored_samples, target, message):
    result = export_to(target)
    assert result.code == ExitCode.OUTPUT
    assert result.stderr == f"confcli: error: {message}\n"


@pytest.mark.parametrize(
    ("where", "code", "text"),
    [
        ("fsync", errno.ENOSPC, "No space left on device"),
        ("mkstemp", errno.EROFS, "Read-only file system"),
    ],
)
def test_a_full_disk_or_a_read_only_mount_is_exit_7(
    stored_samples, tmp_path, monkeypatch, where, code, text
):
    target = tmp_path / "programme.csv"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise OSError(code, text)

    monkeypatch.setattr(os if where == "fsync" else tempfile, where, fail)
    result = export_to(target)
    assert result.code == ExitCode.OUTPUT
    assert result.stderr == f"confcli: error: {target}: cannot write: {text}\n"
    assert target.read_bytes() == b"old" and os.listdir(tmp_path).count("programme.csv") == 1
