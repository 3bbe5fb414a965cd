"""One session, one identity (issue 11, part 9): the same session read from a differently
named file (a copy, standard input, a capture) joins the stored one instead of appearing
twice; a different session of the same title stays apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.store import Library

SESSION_7 = SAMPLES / "iclr2021-oral-session-7.txt"
HTML = Path(__file__).parent / "fixtures" / "html"
CAPTURES = HTML / "captures"


def parse(*args: str, stdin: str | None = None) -> list[dict]:
    result = run_cli("parse", *args, "--json", stdin=stdin)
    assert result.code == ExitCode.OK, result.stderr
    return result.json


def identity(session: dict) -> tuple:
    return (
        session["id"],
        session["conference"],
        session["year"],
        [item["id"] for item in session["items"]],
    )


def stored(library: Path) -> list[tuple[str, str | None, int | None, int]]:
    with Library(library) as store:
        found = store.sessions()
    return [(s.session.id, s.session.conference, s.session.year, s.item_count) for s in found]


@pytest.fixture
def original(isolated_library) -> tuple:
    (session,) = parse(str(SESSION_7))
    assert (session["conference"], session["year"]) == ("ICLR", 2021)
    return identity(session)


def test_a_copy_under_a_neutral_name_is_the_same_session(original, tmp_path, isolated_library):
    copy = tmp_path / "copy-of-oral-session-7.txt"
    shutil.copy(SESSION_7, copy)
    (session,) = parse(str(copy))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


def test_standard_input_is_the_same_session(original, isolated_library):
    (session,) = parse("-", stdin=SESSION_7.read_text(encoding="utf-8"))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


@pytest.mark.parametrize(
    "capture", ["iclr2021-oral-session-7.lynx.txt", "iclr2021-oral-session-7.md"]
)
def test_a_capture_is_the_same_session(original, capture, tmp_path, isolated_library):
    pasted = tmp_path / "pasted.txt"
    shutil.copy(CAPTURES / capture, pasted)
    (session,) = parse(str(pasted))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


def test_the_html_page_first_then_its_text_copies_keep_the_html_ids(tmp_path, isolated_library):
    """The page with the site's ids comes first: every copy takes those ids."""
    (html,) = parse(str(HTML / "iclr2021-oral-session-7.html"))
    for name, text in (
        ("a.txt", SESSION_7.read_text(encoding="utf-8")),
        ("b.md", (CAPTURES / "iclr2021-oral-session-7.md").read_text(encoding="utf-8")),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        (session,) = parse(str(tmp_path / name))
        assert identity(session) == identity(html)
    assert stored(isolated_library) == [(html["id"], "ICLR", 2021, 16)]


def test_copies_in_one_run_are_one_session(tmp_path, isolated_library):
    shutil.copy(SESSION_7, tmp_path / "a-copy.txt")
    shutil.copy(SESSION_7, tmp_path / "iclr2021-oral-session-7.txt")
    sessions = parse(str(tmp_path))
    assert len({session["id"] for session in sessions}) == 1
    assert [(s[1], s[2], s[3]) for s in stored(isolated_library)] == [("ICLR", 2021, 16)]


def test_a_session_of_the_same_title_elsewhere_stays_apart(original, tmp_path, isolated_library):
    text = SESSION_7.read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(text.replace("Wed 5 May", "Thu 6 May"), encoding="utf-8")
    (moved,) = parse(str(other), "--conference", "NeurIPS", "--year", "2021")
    assert (moved["conference"], moved["year"]) == ("NeurIPS", 2021)
    assert moved["id"] != original[0]
    assert sorted(s[1] for s in stored(isolated_library)) == ["ICLR", "NeurIPS"]


def test_the_same_title_and_time_with_other_items_stays_apart(original, tmp_path, isolated_library):
    text = SESSION_7.read_text(encoding="utf-8")
    # Most slots renamed: a different session that happens to share its title and time.
    changed = text
    for word in ("Transformer", "Image", "Learning", "Neural", "Networks", "Deep", "Models"):
        changed = changed.replace(word, word + "s-elsewhere")
    other = tmp_path / "neutral.txt"
    other.write_text(changed, encoding="utf-8")
    (session,) = parse(str(other))
    assert session["id"] != original[0]
    assert session["conference"] is None
    assert len(stored(isolated_library)) == 2


def test_the_pages_words_against_the_options_give_one_warning_each(isolated_library):
    result = run_cli(
        "parse", str(HTML / "iclr2021-oral-session-7.html"), "--conference", "NeurIPS",
        "--year", "2020",
    )  # fmt: skip
    assert result.code == ExitCode.OK, result.stderr
    source = HTML / "iclr2021-oral-session-7.html"
    assert (
        f"confcli: warning: {source}: the page says ICLR, not --conference NeurIPS: ICLR kept"
        in (result.stderr.splitlines())
    )
    assert f"confcli: warning: {source}: the page says 2021, not --year 2020: 2021 kept" in (
        result.stderr.splitlines()
    )
    assert result.stderr.count("the page says") == 2  # once each, not from two places
