"""The command line as users meet it: output, JSON for jq, errors and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import SAMPLE_FILES, SAMPLES, need_tool, run_cli, run_process

from confcli.errors import ExitCode

LOTTERY = [
    "Winning the Lottery Ahead of Time: Efficient Early Network Pruning",
    "Unmasking the Lottery Ticket Hypothesis: What's Encoded in a Winning Ticket's Mask?",
]
HOSTILE_PAGE = """Session

Oral Session 99

Moderator: Eve [bold]Mallory[/bold]

Abstract:

Mon 3 May 3:00 - 3:15 PDT

Oral
[bold red]Loud[/] title \x1b[2J\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \u202eevil

Alice [link=http://evil.example]Bob[/link] · Carol\x9b31m

An abstract.
"""


def test_parse_reports_each_page_and_stores_it(isolated_library):
    result = run_cli("parse", *map(str, SAMPLE_FILES), width=200)
    assert result.code == ExitCode.OK
    lines = result.stdout.splitlines()
    rows = [  # a file's name, its items; the shape that read it on the line below its name
        (line.split()[0], lines[n + 1].split()[0], line.split()[-1])
        for n, line in enumerate(lines)
        if ".txt" in line
    ]
    assert rows == [
        ("iclr2021-oral-session-1.txt", "timed-session", "15"),
        ("iclr2021-oral-session-7.txt", "timed-session", "16"),
        ("iclr2023-poster-session-3.txt", "poster-session", "135"),
        ("icml2022-deep-learning.txt", "timed-session", "14"),
        ("neurips2020-orals-track-13.txt", "track-page", "15"),
    ]
    assert "stored 5 session(s), 195 item(s)" in result.stderr
    assert isolated_library.exists()


def test_parse_json_prints_the_sessions_with_their_items():
    result = run_cli("parse", str(SAMPLES / "iclr2021-oral-session-7.txt"), "--json")
    assert result.code == 0
    (session,) = result.json
    assert session["title"] == "Oral Session 7" and session["item_count"] == 16
    assert [item["kind"] for item in session["items"]].count("spotlight") == 8


def test_parsing_again_replaces_and_never_duplicates(stored_samples):
    run_cli("parse", *map(str, SAMPLE_FILES))
    listing = run_cli("list", "--json").json
    assert len(listing) == 5
    assert sum(session["item_count"] for session in listing) == 195


def test_list_shows_the_sessions(stored_samples):
    result = run_cli("list")
    assert result.code == 0 and result.stderr == ""
    for text in ("Oral Session 7", "ICLR 2021", "Wed 05 May 2021", "Ballroom 1 & 2", "135"):
        assert text in result.stdout


def test_list_session_shows_its_slots_in_order(stored_samples):
    result = run_cli("list", "--session", "Oral Session 7")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert "Oral Session 7" in lines[0]
    assert "03:00–03:15" in result.stdout and "05:55–06:08" in result.stdout
    assert result.stdout.index("An Image is Worth 16x16") < result.stdout.index("Performers")
    assert "Times in UTC-07:00" in result.stdout


def test_list_session_json_is_the_items(stored_samples):
    items = run_cli("list", "--session", "oral session 7", "--json").json
    assert len(items) == 16
    assert [item["position"] for item in items] == list(range(1, 17))
    assert items[0]["start"] == "2021-05-05T03:00:00-07:00"
    assert set(items[0]) >= {
        "id",
        "kind",
        "title",
        "authors",
        "abstract",
        "start",
        "end",
        "poster",
        "decision",
        "presentation",
        "award",
        "url",
        "session",
        "session_id",
        "conference",
        "year",
        "source",
        "schema_version",
    }


def test_a_session_prefix_works_and_an_unknown_name_says_what_exists(stored_samples):
    assert len(run_cli("list", "-s", "poster", "--json").json) == 135
    ambiguous = run_cli("list", "-s", "oral sess")
    assert ambiguous.code == ExitCode.NOT_FOUND
    assert ambiguous.stderr.strip() == (
        "confcli: error: session 'oral sess' is ambiguous: 'Oral Session 1', 'Oral Session 7'"
    )
    unknown = run_cli("list", "-s", "Oral Sesion 7")
    assert unknown.code == ExitCode.NOT_FOUND
    assert "did you mean: 'Oral Session 7'" in unknown.stderr
    assert len(unknown.stderr.splitlines()) == 1


def test_search_lottery_finds_the_two_lottery_papers(stored_samples):
    hits = run_cli("search", "lottery", "--json").json
    assert [hit["title"] for hit in hits] == LOTTERY
    assert all(hit["score"] > 0 for hit in hits)
    table = run_cli("search", "lottery").stdout
    assert "Winning the Lottery Ahead of" in table and "Poster Session 3" in table  # wrapped


def test_limit_applies_to_every_listing(stored_samples):
    assert len(run_cli("search", "learning", "--json", "--limit", "3").json) == 3
    assert len(run_cli("list", "--json", "-n", "2").json) == 2
    assert len(run_cli("list", "-s", "Poster Session 3", "--json", "-n", "5").json) == 5


def test_an_empty_library_uses_the_bundled_samples_and_says_so(isolated_library):
    result = run_cli("search", "lottery", "--json")
    assert [hit["title"] for hit in result.json] == LOTTERY
    assert "is empty: showing the bundled samples" in result.stderr
    assert not isolated_library.exists()  # reading never creates a library


def test_from_reads_pages_without_touching_the_library(isolated_library):
    page = str(SAMPLES / "icml2022-deep-learning.txt")
    result = run_cli("list", "--from", page, "--json")
    assert [session["title"] for session in result.json] == ["Deep Learning"]
    assert result.stderr == "" and not isolated_library.exists()


def test_some_pages_failing_is_partial_and_the_good_ones_are_stored(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    result = run_cli(
        "parse",
        str(SAMPLES / "iclr2021-oral-session-7.txt"),
        str(empty),
        str(notes),
        str(tmp_path / "missing.txt"),
    )
    assert result.code == ExitCode.PARTIAL
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 3
    assert errors[0] == f"confcli: error: {empty}: empty page"
    assert errors[1].startswith(f"confcli: error: {notes}: not a conference session page (tried:")
    assert errors[2] == f"confcli: error: {tmp_path / 'missing.txt'}: no such file or directory"
    assert [s["title"] for s in run_cli("list", "--json").json] == ["Oral Session 7"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["parse", "/no/such/page.txt"], ExitCode.NOT_FOUND, "no such file or directory"),
        (["list", "--bogus"], ExitCode.USAGE, "No such option: --bogus"),
        (["list", "--limit", "zero"], ExitCode.USAGE, "Invalid value for '--limit'"),
        (["search", "%%%"], ExitCode.BAD_INPUT, "nothing to search for"),
        (["list", "-s", "Nope"], ExitCode.NOT_FOUND, "no session 'Nope'"),
    ],
)
def test_errors_are_one_line_with_a_documented_code(args, code, message):
    result = run_cli(*args)
    assert result.code == code
    assert len(result.stderr.strip().splitlines()) == 1 + ("is empty" in result.stderr)
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_empty_file_alone_is_bad_input(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = run_cli("parse", str(empty))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr.strip() == f"confcli: error: {empty}: empty page"


def test_parse_reads_standard_input():
    text = (SAMPLES / "icml2022-deep-learning.txt").read_text(encoding="utf-8")
    result = run_cli("parse", "-", "--year", "2022", "--conference", "ICML", stdin=text)
    assert result.code == 0, result.stderr
    (session,) = run_cli("list", "--json").json
    assert (session["conference"], session["year"], session["source"]) == ("ICML", 2022, "-")


def test_hostile_text_prints_literally(tmp_path):
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    assert run_cli("parse", str(page), "--year", "2021").code == 0
    for args in (["list", "-s", "Oral Session 99"], ["search", "loud"], ["list"]):
        out = run_cli(*args, width=200).stdout
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
        assert "\x07" not in out
    out = run_cli("list", "-s", "Oral Session 99", width=200).stdout
    assert "[bold red]Loud[/] title \\x1b[2J\\x1b]8;;http://evil.example\\x07click" in out
    assert "\\u202eevil" in out
    assert "Alice [link=http://evil.example]Bob[/link] · Carol\\x9b31m" in out
    assert "Eve [bold]Mallory[/bold]" in out
    stored = run_cli("list", "-s", "Oral Session 99", "--json").json[0]
    assert stored["title"].startswith("[bold red]Loud[/] title \x1b[2J")  # data kept exact


def test_json_pipes_through_the_real_jq(stored_samples):
    need_tool("jq")
    search = run_process("search", "lottery", "--json")
    assert search.returncode == 0
    titles = subprocess.run(
        ["jq", "-r", ".[].title"], input=search.stdout, capture_output=True, text=True, check=True
    ).stdout
    assert titles.splitlines() == LOTTERY
    listing = run_process("list", "--session", "Oral Session 7", "--json").stdout
    check = subprocess.run(
        [
            "jq",
            "-e",
            'length == 16 and (map(select(.kind == "spotlight")) | length) == 8 '
            'and .[0].start == "2021-05-05T03:00:00-07:00"',
        ],
        input=listing,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_real_command_exits_with_its_codes(stored_samples):
    ok = run_process("list", "--session", "Oral Session 7")
    assert ok.returncode == 0 and "Oral Session 7" in ok.stdout and ok.stderr == ""
    bad = run_process("list", "--session", "Nope")
    assert bad.returncode == ExitCode.NOT_FOUND and "Traceback" not in bad.stderr
    usage = run_process("frobnicate")
    assert usage.returncode == ExitCode.USAGE and len(usage.stderr.strip().splitlines()) == 1


def test_output_to_a_closed_pipe_ends_quietly(stored_samples):
    pipeline = subprocess.run(
        f"{sys.executable} -m confcli list -s 'Poster Session 3' | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert len(pipeline.stdout.splitlines()) == 2
    assert "Traceback" not in pipeline.stderr and "Error" not in pipeline.stderr


def test_help_shows_an_example_for_each_command():
    for command, example in [
        ("parse", "confcli parse pages/"),
        ("list", 'confcli list --session "Oral Session 7"'),
        ("search", "confcli search lottery --json | jq"),
    ]:
        result = run_process(command, "--help", env={"COLUMNS": "120"})
        assert result.returncode == 0 and example in result.stdout


def test_json_output_is_stable(stored_samples):
    first = run_cli("search", "learning", "--json").stdout
    assert first == run_cli("search", "learning", "--json").stdout
    assert json.loads(first) and first.endswith("]\n")


HIT_ROW = re.compile(r"^ [0-9a-f]{6,12} +≈?\d+\.\d\d ", re.MULTILINE)  # id, score: a hit


def test_tables_stop_at_a_readable_length_and_say_so(stored_samples):
    every = run_cli("search", "learning", "--json").json
    assert len(every) > 50  # JSON is never capped
    table = run_cli("search", "learning", width=200)
    assert table.stderr == "confcli: showing the first 50; use --limit N for more, or --json\n"
    assert len(HIT_ROW.findall(table.stdout)) == 50
    asked = run_cli("search", "learning", "--limit", "60", width=200)
    assert asked.stderr == "" and len(HIT_ROW.findall(asked.stdout)) == 60
