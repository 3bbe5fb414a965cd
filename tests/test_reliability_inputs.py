"""Issue 13, parts 1 and 2 (docs/reliability.md): one bad input never costs the others, and
values confcli stored or was given are always readable back. Each bad input is read next
to a good page: the good one is stored and the exit code says what happened to the bad one.
(The hostile corpus, tests/hostile/, holds these shapes one file at a time.)"""

from __future__ import annotations

import socket
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import run_cli
from hostile import make_corpus
from unprivileged import as_nobody, shared_folder

from confcli.errors import ExitCode

RANGE = "0001-01-02 to 9999-12-30 (UTC)"
LISTING = (
    Path(__file__).parent / "fixtures" / "real" / "neurips2025_tutorials_listing_fragment.html"
)
SESSION_7 = str(make_corpus.SESSION_7)
STORED_7 = "confcli: stored 1 session(s), 16 item(s) in {library}"


def page(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- part 1: one bad item or input never costs the others -------------------------------------


@pytest.mark.parametrize(
    ("when", "warning"),
    [
        ("Mon 3 May 3:00 - 3:15 +25:00", "time not read: no such UTC offset '+25:00'"),
        ("Mon 3 May 3:00 - 3:15 +23:99", "time not read: no such UTC offset '+23:99'"),
        ("Mon 3 May 3:00 - 3:15 -24:00", "time not read: no such UTC offset '-24:00'"),
        (
            "9999-12-31T22:00-08:00 - 9999-12-31T23:00-08:00",
            f"time not read: 9999-12-31T22:00:00-08:00 is outside {RANGE}",
        ),
    ],
)
def test_a_time_no_zone_can_show_is_a_warning_on_its_item(
    tmp_path, isolated_library, when, warning
):
    bad = page(tmp_path, "bad.txt", make_corpus.time_page(when))
    result = run_cli("parse", bad, SESSION_7, "--year", "2021")
    assert result.code == ExitCode.OK
    assert result.stderr.splitlines() == [
        f"confcli: warning: {bad}: {warning}",
        f"confcli: stored 2 session(s), 18 item(s) in {isolated_library}",
    ]
    assert run_cli("list", "--tz", "UTC", "--kind", "oral", "--json").code == ExitCode.OK


@pytest.mark.parametrize(
    "when",
    [
        "Fri 31 Dec 9999 23:00 - 0:30 PST",
        "Dec 31, 9999 11:30 PM - 12:30 AM PST",
        "Dec 31, 9999 10:00 PM - 11:00 PM -08:00",
    ],
)
def test_a_listing_time_at_the_calendars_edge_is_a_warning(tmp_path, isolated_library, when):
    text = LISTING.read_text(encoding="utf-8").replace("Dec 2, 9:30 AM - 12:00 PM", when, 1)
    bad = page(tmp_path, LISTING.name, text)
    result = run_cli("parse", bad, SESSION_7, "--conference", "NeurIPS", "--year", "2025")
    assert result.code == ExitCode.OK, result.stderr
    assert "1 time(s) not read: 9999-12-31T2" in result.stderr
    assert f"is outside {RANGE}" in result.stderr


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": 10**20}, "session 1: 'year' must be a whole number from 1 to 9999, or null"),
        ({"year": 0}, "session 1: 'year' must be a whole number from 1 to 9999, or null"),
        (
            {"items": [{"position": 10**20}]},
            "session 1, item 1: 'position' must be a whole number from 0 to 2147483647, or null",
        ),
        ({"year": "9" * 5000}, "confcli JSON holds a number too long to read"),
    ],
)
def test_a_number_confcli_cannot_keep_refuses_that_input_only(
    tmp_path, isolated_library, fields, message
):
    item = fields.pop("items", [{}])[0]
    text = make_corpus.confcli_session(fields, item)
    text = text.replace(f'"{"9" * 5000}"', "9" * 5000)  # a bare number of 5,000 digits
    bad = page(tmp_path, "bad.json", text)
    result = run_cli("parse", bad, SESSION_7, "--year", "2021")
    assert result.code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == [
        f"confcli: error: {bad}: {message}",
        STORED_7.format(library=isolated_library),
    ]


NOT_HTTP = {
    "ssh": (b"SSH-2.0-OpenSSH_9.6\r\n", "not an HTTP answer (SSH-2.0-OpenSSH_9.6)"),
    "status": (b"HTTP/1.1 abc OK\r\n\r\n", "not an HTTP answer (HTTP/1.1 abc OK)"),
    "long-header": (
        b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000 + b"\r\n\r\n",
        "not an HTTP answer (got more than 65536 bytes when reading header line)",
    ),
    "many-headers": (
        b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(101)) + b"\r\n",
        "not an HTTP answer (got more than 100 headers)",
    ),
    "control-location": (
        b"HTTP/1.1 302 Found\r\nLocation: /a\x7fb\x1b]8;;x\x07\r\nContent-Length: 0\r\n\r\n",
        "redirected to a malformed address: /a\\x7fb\\x1b]8;;x\\x07",
    ),
}


@pytest.fixture
def raw_server():
    """A server on 127.0.0.1 answering every connection with the bytes of its path's case,
    then hanging up; it stops with the test."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                request = connection.recv(65536).split(b" ")
                name = request[1].decode().strip("/") if len(request) > 1 else ""
                connection.sendall(NOT_HTTP.get(name, (b"",))[0])

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.mark.parametrize("case", NOT_HTTP)
def test_a_server_that_does_not_speak_http_costs_only_its_url(raw_server, isolated_library, case):
    url = f"{raw_server}/{case}"
    result = run_cli("parse", url, SESSION_7, "--year", "2021", "--timeout", "5")
    assert result.code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == [
        f"confcli: error: {url}: {NOT_HTTP[case][1]}",
        STORED_7.format(library=isolated_library),
    ]


READ_AS_NOBODY = """
import json, sys
from confcli.readers.reading import ReadOptions, read_pages
report = read_pages(sys.argv[1:], ReadOptions(year=2021))
print(json.dumps({
    "code": int(report.exit_code),
    "pages": sorted(entry.source for entry in report.pages),
    "failures": [[f.source, f.error.message] for f in report.failures],
}))
"""


def locked_tree(root: Path) -> tuple[Path, Path]:
    """root/pages holding session 7 and a link into root/locked, a folder only root may
    enter; the page behind the link."""
    (root / "pages").mkdir()
    (root / "locked").mkdir(mode=0o700)
    (root / "locked").chmod(0o700)
    secret = root / "locked" / "page.txt"
    secret.write_bytes(make_corpus.SESSION_7.read_bytes())
    (root / "pages" / "session-7.txt").write_bytes(make_corpus.SESSION_7.read_bytes())
    (root / "pages" / "link.txt").symlink_to(secret)
    for path in (root / "pages", root / "pages" / "session-7.txt"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root / "pages", secret


@pytest.mark.parametrize("how", ["named", "globbed", "in a folder"])
def test_a_path_whose_folder_may_not_be_searched_is_one_failure(how):
    with shared_folder() as root:
        pages, secret = locked_tree(root)
        good, link = str(pages / "session-7.txt"), str(pages / "link.txt")
        argument = {
            "named": str(secret),
            "globbed": str(pages / "*.txt"),
            "in a folder": str(pages),
        }
        paths = [argument[how]] if how != "named" else [argument[how], good]
        found = as_nobody(READ_AS_NOBODY, *paths)
    failed = str(secret) if how == "named" else link
    assert found == {
        "code": ExitCode.PARTIAL,
        "pages": [good],
        "failures": [[failed, "permission denied"]],  # the one wording (issue 12, part 8)
    }


# --- part 2: what was stored or given is readable back -----------------------------------------


def test_a_start_no_zone_can_show_is_left_out_on_the_way_in(tmp_path, isolated_library):
    text = make_corpus.confcli_session(item={"start": "0001-01-01T00:00+14:00"})
    path = page(tmp_path, "edited.json", text)
    result = run_cli("parse", path)
    assert result.code == ExitCode.OK
    assert result.stderr.splitlines()[0] == (
        f"confcli: warning: {path}: time left out of 1 item(s): outside {RANGE}"
    )
    for command in (["list", "--tz", "UTC", "-s", "Edited"], ["export", "-f", "ics"],
                    ["export", "-f", "csv", "--tz", "UTC"]):  # fmt: skip
        assert run_cli(*command).code == ExitCode.OK, command


IN_7 = " AND session_id LIKE 'iclr2021-oral-session-7-%'"  # ICML's holds an 'Oral Session 7' too
BAD_ROWS = {
    "start": ("UPDATE items SET start = ? WHERE position = 1" + IN_7, "garbage"),
    "month 13": (
        "UPDATE items SET start = ? WHERE position = 2" + IN_7,
        "2021-13-05T03:00:00-07:00",
    ),
    "year 1": ("UPDATE items SET start = ? WHERE position = 3" + IN_7, "0001-01-01T00:00:00+14:00"),
    "links": ("UPDATE items SET links = ? WHERE position = 4" + IN_7, "not json"),
    "links list": ("UPDATE items SET links = ? WHERE position = 5" + IN_7, "[1, 2]"),
    "year": ("UPDATE items SET year = ? WHERE position = 6" + IN_7, 10**15),
    "end": ('UPDATE items SET "end" = ? WHERE position = 7' + IN_7, "2021-05-05T02:00:00-07:00"),
}


def spoil(library: Path, *changes: tuple[str, object]) -> None:
    with sqlite3.connect(library) as db:
        for statement, value in changes:
            db.execute(statement, (value,))
    db.close()


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_row_confcli_cannot_read_is_named_by_check_and_queries(stored_samples, bad):
    spoil(stored_samples, BAD_ROWS[bad])
    check = run_cli("library", "check")
    assert check.code == ExitCode.LIBRARY
    assert "1 row(s) confcli cannot read back (a time, links or year): rebuild repairs 1 " in (
        check.stderr
    )
    if bad not in ("year", "end"):  # those two read back, but no longer compare or show
        listed = run_cli("list", "-s", "Oral Session 7", "--json")
        assert listed.code == ExitCode.LIBRARY
        assert "`confcli library rebuild` repairs such rows" in listed.stderr


def test_rebuild_repairs_or_drops_every_row_it_cannot_read(stored_samples):
    spoil(
        stored_samples,
        *BAD_ROWS.values(),
        ("UPDATE items SET title = ? WHERE position = 8" + IN_7, b"\x00"),
    )
    result = run_cli("library", "rebuild")
    assert result.code == ExitCode.OK
    assert result.stderr == (
        f"confcli: rebuilt the library {stored_samples} (194 item(s); 7 row(s) repaired, "
        "1 dropped)\n"
    )
    assert run_cli("library", "check").code == ExitCode.OK
    for command in (["list", "-s", "Oral Session 7", "--json", "--tz", "UTC"],
                    ["export", "-f", "ics"], ["export", "-f", "md"]):  # fmt: skip
        assert run_cli(*command).code == ExitCode.OK, command


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--day", "9999-12-31"], f"--day: 9999-12-31 is outside {RANGE}"),
        (["--day", "0001-01-01"], f"--day: 0001-01-01 is outside {RANGE}"),
        (["--after", "0001-01-01"], f"--after: 0001-01-01 is outside {RANGE}"),
        (["--before", "9999-12-31 23:00"], f"--before: 9999-12-31 23:00 is outside {RANGE}"),
        (["--at", "9999-12-31T23:00"], f"--at: 9999-12-31T23:00 is outside {RANGE}"),
        (["--at", "0001-01-01T00:00+14:00"], f"--at: 0001-01-01T00:00+14:00 is outside {RANGE}"),
        (["--limit", str(10**20)], "is not in the range 1<=x<=2147483647"),
        (["--year", str(10**20)], "is not in the range 1<=x<=9999"),
        (["--year", "0"], "0 is not in the range 1<=x<=9999"),
    ],
)
def test_extreme_option_values_are_usage_errors(stored_samples, args, message):
    for command in (["list", "--kind", "oral"], ["search", "lottery"], ["export", "-f", "csv"]):
        result = run_cli(*command, *args)
        assert result.code == ExitCode.USAGE, (command, result.stderr)
        assert message in result.stderr and len(result.stderr.splitlines()) == 1
