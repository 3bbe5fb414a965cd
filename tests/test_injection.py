"""Page text that tries to attack the terminal: Rich markup, ANSI and OSC escapes, C1
controls, bidi overrides and endless words in every field, through every human output
(parse's table, list, list --session, search with its highlights, show, stats, error lines
and warnings), coloured and plain. Each prints literally, harmlessly and within the width.
(CSV, ICS and the other exports: tests/test_export_hostile.py.)"""

from __future__ import annotations

import io
import re

import pytest
from conftest import run_cli

from confcli.errors import ExitCode
from confcli.main import main
from confcli.render.safe import printable
from confcli.render.terminal import Terminal

MARKUP = "[bold red]Loud[/] [link=http://evil.example]click[/link] [/i]"
CLEAR = "\x1b[2J\x1b[H"
HYPERLINK = "\x1b]8;;http://evil.example\x07here\x1b]8;;\x07 \x1b]8;;http://st.example\x1b\\st"
C1 = "\x9b31mred\x9b0m \x85next"
CONTROLS = "bell\x07 back\x08space \x0bvertical\x0cfeed del\x7f"  # (CR ends a line)
BIDI = "\u202eevil\u202c \u2066isolate\u2069 \u200fmark"
ENDLESS = "Supercalifragilistic" * 200  # 4,000 characters, no space
HOSTILE = f"{MARKUP} {CLEAR} {HYPERLINK} {C1} {CONTROLS} {BIDI} {ENDLESS}"

TIMED = f"""Session

Oral Session {CLEAR}Zeta {MARKUP}

Room {HYPERLINK}

Moderators: Eve {MARKUP} · Mallory {BIDI}

Abstract: {HOSTILE}

Mon 3 May 3:00 - 3:15 PDT

Oral
Zebrafish {HOSTILE}

Alice {MARKUP} · Bob {C1} · Carol {ENDLESS}

Quokka abstract {HOSTILE}
"""
POSTERS = f"""Poster Session

Poster Session Zeta {C1}

Hall {BIDI}

In-Person Poster presentation / poster accept {CLEAR}
#Z9
Outstanding Paper Award {HYPERLINK}
Zebrafish posters {HOSTILE}

Dana {CONTROLS} · Erin

Wombat abstract {HOSTILE}
"""
# Anything a terminal would act on: C0 controls but newline, ESC, DEL, C1, bidi controls.
ACTIVE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the colours confcli itself asks for


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_coloured(*args: str) -> tuple[int, str, str]:
    out, err = FakeTty(), io.StringIO()
    code = main(list(args), Terminal(stdout=out, stderr=err, width=80))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hostile_library(tmp_path, isolated_library):
    for name, text in (("timed.txt", TIMED), ("posters.txt", POSTERS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("parse", str(tmp_path / "timed.txt"), str(tmp_path / "posters.txt"))
    assert result.code == ExitCode.OK, result.stderr
    return tmp_path


COMMANDS = [
    ["list"],
    ["list", "-s", "Oral Session"],
    ["list", "-s", "Poster Session Zeta"],
    ["list", "--kind", "poster"],
    ["search", "zebrafish"],
    ["search", "quokka"],
    ["search", "wombat"],
    ["show", "--title", "Zebrafish posters"],
    ["show", "--title", "Zebrafish [bold"],
    ["stats"],
]


def assert_harmless(text: str, coloured: bool = False) -> None:
    shown = RICH_STYLE.sub("", text) if coloured else text
    assert not ACTIVE.search(shown), repr(ACTIVE.search(shown))


def assert_within(text: str, width: int = 80) -> None:
    from rich.cells import cell_len

    assert max(map(cell_len, text.splitlines())) <= width


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_hostile_text_is_shown_literally_and_harmlessly(hostile_library, command):
    result = run_cli(*command)
    assert result.code == ExitCode.OK, result.stderr
    assert_harmless(result.stdout)
    assert_harmless(result.stderr)
    assert_within(result.stdout)
    wide = run_cli(*command, width=20_000).stdout  # nothing folded: the text as it is shown
    assert printable(MARKUP) in wide and printable(CLEAR) in wide


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_in_colour_only_confcli_styles_reach_the_terminal(hostile_library, command):
    code, out, err = run_coloured(*command)
    assert code == ExitCode.OK
    assert RICH_STYLE.search(out)  # coloured indeed
    assert_harmless(out, coloured=True)
    assert_within(RICH_STYLE.sub("", out))


def test_the_parse_table_and_its_warnings_are_harmless(tmp_path):
    page = tmp_path / f"{CLEAR}name{BIDI}.txt"
    untitled = f"Virtual presentation / reject {HYPERLINK}\n#Z10\n"  # warned about, quoted
    page.write_text(POSTERS + untitled, encoding="utf-8")
    plain = run_cli("parse", str(page), "--year", "2021")
    for code, out, err in [
        (plain.code, plain.stdout, plain.stderr),
        run_coloured("parse", str(page), "--year", "2021", "--force"),  # stored: read again
    ]:
        assert code == ExitCode.OK
        assert_harmless(out, coloured=True)
        assert_harmless(err)
        assert_within(RICH_STYLE.sub("", out))
    warning = run_cli("parse", str(page), "--year", "2021", "--force").stderr.splitlines()[0]
    assert warning.startswith("confcli: warning: ") and "\\x1b[2J\\x1b[Hname\\u202eevil" in warning
    assert "poster without a title skipped near 'Virtual presentation / reject \\x1b]8;;" in warning


def test_error_lines_quote_hostile_text_harmlessly(hostile_library):
    result = run_cli("show", "--title", f"nothing {CLEAR}{BIDI}")
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == (
        "confcli: error: no item with title 'nothing \\x1b[2J\\x1b[H\\u202eevil\\u202c "
        "\\u2066isolate\\u2069 \\u200fmark'\n"
    )
    session = run_cli("list", "-s", f"Nope {HYPERLINK}")
    assert session.code == ExitCode.NOT_FOUND
    assert_harmless(session.stderr)
    assert len(session.stderr.splitlines()) == 1


def test_the_data_itself_is_kept_exactly(hostile_library):
    (item,) = run_cli("search", "quokka", "--json").json
    assert item["title"] == f"Zebrafish {HOSTILE}"
    assert item["authors"] == [f"Alice {MARKUP}", f"Bob {C1}", f"Carol {ENDLESS}"]
