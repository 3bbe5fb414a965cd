"""`library remove` and `library set-time`: changes by hand, each one transaction; a time set
by hand survives a re-parse of its page until the page gives a time."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from datetime import datetime

import pytest
from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.store import Library
from confcli.store.maintenance import check

POSTERS = SAMPLES / "iclr2023-poster-session-3.txt"
UNMASKING = "63d3c583bda5"  # a poster of Poster Session 3


@pytest.fixture
def samples(stored_samples):
    return stored_samples


def titles() -> list[str]:
    return [session["title"] for session in run_cli("list", "--json").json]


# --- remove -------------------------------------------------------------------------------


def test_remove_by_title_prefix_and_id_with_yes(samples):
    ids = {session["title"]: session["id"] for session in run_cli("list", "--json").json}
    named = ["oral session 7", "Deep Le", ids["Oral Session 1"]]  # title, prefix, id
    removed = run_cli("library", "remove", *named, "--yes")
    assert removed.code == ExitCode.OK and removed.stdout == ""
    assert removed.stderr.splitlines() == [
        f"confcli: will remove Oral Session 7 (ICLR 2021, 16 items, id {ids['Oral Session 7']})",
        f"confcli: will remove Deep Learning (ICML 2022, 14 items, id {ids['Deep Learning']})",
        f"confcli: will remove Oral Session 1 (ICLR 2021, 15 items, id {ids['Oral Session 1']})",
        f"confcli: removed 3 session(s), 45 item(s) from {samples}",
    ]
    assert titles() == ["Orals & Spotlights Track 13: Deep Learning/Theory", "Poster Session 3"]
    assert [hit["id"] for hit in run_cli("search", "lottery", "--json").json] == [UNMASKING]
    assert len(run_cli("list", "--kind", "oral", "--json").json) == 3  # NeurIPS's orals
    assert check(samples).ok  # the search index agrees with the rows


def test_remove_refuses_to_ask_without_a_terminal(samples):
    refused = run_cli("library", "remove", "Oral Session 7", stdin="y\n")
    assert refused.code == ExitCode.USAGE
    assert refused.stderr.splitlines()[-1] == (
        "confcli: error: standard input is not a terminal, so confcli cannot ask: "
        "add --yes to remove (nothing removed)"
    )
    assert "Oral Session 7" in titles()


class TtyInput(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "kept"), [("y\n", False), ("n\n", True), ("\n", True)])
def test_remove_asks_on_a_terminal(samples, monkeypatch, answer, kept):
    monkeypatch.setattr(sys, "stdin", TtyInput(answer))
    asked = run_cli("library", "remove", "Oral Session 7")
    assert asked.code == ExitCode.OK
    assert "Remove 1 session(s) and 16 item(s)? [y/N] " in asked.stderr
    assert ("Oral Session 7" in titles()) is kept
    assert ("nothing removed" in asked.stderr) is kept


def test_remove_names_unknown_and_ambiguous_sessions(samples, tmp_path):
    unknown = run_cli("library", "remove", "Oral Session 9", "--yes")
    assert unknown.code == ExitCode.NOT_FOUND and "did you mean" in unknown.stderr
    other_year = run_cli("library", "remove", "Oral Session 7", "--year", "2022", "--yes")
    assert other_year.code == ExitCode.NOT_FOUND
    assert other_year.stderr.strip() == "confcli: error: no session 'Oral Session 7' in 2022"
    # The same title at two conferences: named alone it is refused, narrowed it is one.
    copy = tmp_path / "iclr2022-oral-session-7.txt"
    copy.write_text(
        (SAMPLES / "iclr2021-oral-session-7.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run_cli("parse", str(copy), "--year", "2022", "--conference", "ICML").code == 0
    both = run_cli("library", "remove", "Oral Session 7", "--yes")
    assert both.code == ExitCode.USAGE and "names 2 sessions" in both.stderr
    assert titles().count("Oral Session 7") == 2
    one = run_cli("library", "remove", "Oral Session 7", "-c", "icml", "--yes")
    assert one.code == ExitCode.OK and "removed 1 session(s), 16 item(s)" in one.stderr
    left = [s for s in run_cli("list", "--json").json if s["title"] == "Oral Session 7"]
    assert [(s["conference"], s["year"]) for s in left] == [("ICLR", 2021)]


def test_the_store_says_what_a_removal_changed(samples):
    with Library(samples) as library:
        (summary,) = [s for s in library.sessions() if s.session.title == "Oral Session 7"]
        removed = library.remove_sessions([summary.session.id, summary.session.id, "nope"])
        assert removed.sessions == ((summary.session.id, "Oral Session 7"),)
        assert removed.items == 16
        assert library.remove_sessions([summary.session.id]).items == 0


# --- set-time -----------------------------------------------------------------------------


def set_posters(*extra: str):
    return run_cli("library", "set-time", "Poster Session 3", "2023-05-02 11:30", "13:30", *extra)


def test_set_time_gives_a_poster_session_a_time_for_calendars(samples):
    done = set_posters("--tz", "Africa/Kigali")
    assert done.code == ExitCode.OK
    assert done.stderr == (
        "confcli: Poster Session 3: Tue 02 May 2023 11:30–13:30 Africa/Kigali, set by hand "
        "(and on 135 of its items)\n"
    )
    item = run_cli("show", UNMASKING, "--json").json
    assert (item["start"], item["end"]) == (
        "2023-05-02T11:30:00+02:00",
        "2023-05-02T13:30:00+02:00",
    )
    shown = run_cli("show", UNMASKING, width=120).stdout
    assert "When          Tue 02 May 2023 11:30–13:30 UTC+02:00  (set by hand)" in shown
    ics = run_cli("export", "--format", "ics", "--session", "Poster Session 3")
    assert ics.stdout.count("BEGIN:VEVENT") == 135
    assert "DTSTART:20230502T093000Z" in ics.stdout
    stats = run_cli("stats", "--json").json["sessions"]
    posters = next(s for s in stats if s["title"] == "Poster Session 3")
    assert posters["missing"]["time"] == 0


def test_a_time_set_by_hand_survives_a_reparse_until_the_page_gives_one(samples):
    assert set_posters("--tz", "UTC").code == ExitCode.OK
    assert run_cli("parse", str(POSTERS)).code == ExitCode.OK  # the page: still no times
    item = run_cli("show", UNMASKING, "--json").json
    assert item["start"] == "2023-05-02T11:30:00+00:00"
    assert "(set by hand)" in run_cli("show", UNMASKING, width=120).stdout
    with Library(samples) as library:  # the page now gives the session a time
        (summary,) = [s for s in library.sessions() if s.session.title == "Poster Session 3"]
        session = library.session(summary.session.id)
        timed = datetime.fromisoformat("2023-05-03T10:00:00+02:00")
        library.store([replace(session, start=None, items=_timed(session.items, timed))])
        assert library.hand_time(session.id) is None
    item = run_cli("show", UNMASKING, "--json").json
    assert item["start"] == "2023-05-03T10:00:00+02:00"
    assert "set by hand" not in run_cli("show", UNMASKING, width=120).stdout


def _timed(items, start):
    return tuple(replace(item, start=start, end=None) for item in items)


def test_set_time_refuses_what_makes_no_sense(samples):
    timed = run_cli("library", "set-time", "Oral Session 7", "2021-05-05 10:00", "11:00")
    assert timed.code == ExitCode.USAGE
    assert "has times from its page" in timed.stderr
    backwards = run_cli("library", "set-time", "Poster Session 3", "2023-05-02 11:30", "10:00")
    assert (
        backwards.code == ExitCode.USAGE and "END ('10:00') is not after START" in backwards.stderr
    )
    no_date = run_cli("library", "set-time", "Poster Session 3", "11:30", "12:30")
    assert no_date.code == ExitCode.USAGE and "START: not a date and time" in no_date.stderr


def test_set_time_again_moves_the_items_it_moved(samples):
    assert set_posters("--tz", "UTC").code == ExitCode.OK
    again = run_cli(
        "library", "set-time", "Poster Session 3", "2023-05-04 09:00", "2023-05-04 10:00",
        "--tz", "UTC",
    )  # fmt: skip
    assert again.code == ExitCode.OK and "(and on 135 of its items)" in again.stderr
    assert run_cli("show", UNMASKING, "--json").json["start"] == "2023-05-04T09:00:00+00:00"


# --- edits by hand are change sets (confcli changes) ---------------------------------------


def test_a_removal_and_a_time_set_by_hand_are_reported_by_changes(samples):
    assert run_cli("library", "remove", "Oral Session 7", "--yes").code == ExitCode.OK
    removed = run_cli("changes", "--last", "--json").json["changes"]
    assert len(removed) == 16  # Oral Session 7's slots, each withdrawn
    assert {change["change"] for change in removed} == {"withdrawn"}
    assert set_posters("--tz", "Africa/Kigali").code == ExitCode.OK
    moved = run_cli("changes", "--last", "--json").json["changes"]
    assert len(moved) == 135 and {change["change"] for change in moved} == {"moved"}
    first = next(change for change in moved if change["before"]["start"] is None)
    assert first["after"]["start"] == "2023-05-02T11:30:00+02:00"
