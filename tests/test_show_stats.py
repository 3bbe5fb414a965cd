"""show, stats, time zones and terminal output (colour, width, pager, completion)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import run_cli, run_process

from confcli.errors import ExitCode
from confcli.main import main
from confcli.options import complete_kinds, complete_sessions
from confcli.render.terminal import Terminal

GOLDEN = Path(__file__).parent / "golden" / "tables"
LOTTERY_ID = "49fd7c727325"  # Winning the Lottery Ahead of Time (ICML 2022, Deep Learning)


@pytest.fixture(autouse=True)
def _samples(stored_samples):
    return stored_samples


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_show_by_id_prefix_and_title():
    for args in ([LOTTERY_ID], ["49fd7c"], ["--title", "winning the lottery"]):
        shown = run_cli("show", *args, "--json")
        assert shown.code == 0 and shown.json["id"] == LOTTERY_ID
    item = run_cli("show", "49fd", "--json").json
    assert item["authors"][-1] == "Stephan Günnemann" and item["other_slots"] == []
    assert item["abstract"].endswith("outperforming pruning baselines.")


def test_show_prints_everything_with_both_times():
    out = run_cli("show", LOTTERY_ID, "--tz", "Europe/Berlin", width=200).stdout
    for text in (
        "Winning the Lottery Ahead of Time: Efficient Early Network Pruning",
        "Session     Deep Learning",
        "Thu 21 Jul 2022 16:45–16:50 Europe/Berlin  (venue: Thu 21 Jul 2022 07:45–07:50 UTC-07:00)",
        "Room        Ballroom 1 & 2",
        "John Rachwan, Daniel Zügner, Bertrand Charpentier, Simon Geisler, Morgane Ayle, "
        "Stephan Günnemann\n",
        "outperforming pruning baselines.\n",
    ):
        assert text in out, text


def test_show_errors():
    assert run_cli("show").code == ExitCode.USAGE
    missing = run_cli("show", "zzzz")
    assert missing.code == ExitCode.NOT_FOUND
    assert missing.stderr.strip() == "confcli: error: no item with id 'zzzz'"
    ambiguous = run_cli("show", "--title", "learning")
    assert ambiguous.code == ExitCode.NOT_FOUND and "is ambiguous" in ambiguous.stderr


def test_show_lists_the_other_slots_of_the_same_paper(tmp_path):
    page = Path(__file__).parent.parent / "samples" / "icml2022-deep-learning.txt"
    poster = tmp_path / "icml2022-posters.txt"
    poster.write_text(
        "Session\n\nPoster Session 9\n\nHall E\n\nAbstract:\n\n"
        "In-Person Poster presentation / poster accept\n#412\n"
        "Winning the Lottery Ahead of Time: Efficient Early Network Pruning\n\n"
        "John Rachwan · Daniel Zügner\n\nPruning, the task of sparsifying deep neural networks.\n",
        encoding="utf-8",
    )
    assert run_cli("parse", str(page), str(poster)).code == 0
    shown = run_cli("show", LOTTERY_ID, "--json").json
    assert [(o["kind"], o["session"], o["poster"]) for o in shown["other_slots"]] == [
        ("poster", "Poster Session 9", "#412")
    ]
    assert "Also: poster in Poster Session 9, no time" in run_cli("show", LOTTERY_ID).stdout


def test_stats_counts_kinds_awards_spans_and_what_is_missing():
    printed = run_cli("stats", "--json").json
    assert list(printed) == ["schema_version", "sessions"] and printed["schema_version"] == 1
    stats = {entry["title"]: entry for entry in printed["sessions"]}
    assert list(stats) == [
        "Orals & Spotlights Track 13: Deep Learning/Theory",
        "Oral Session 1",
        "Oral Session 7",
        "Deep Learning",
        "Poster Session 3",
    ]
    os1 = stats["Oral Session 1"]
    assert os1["kinds"] == {"oral": 7, "spotlight": 5, "qa": 3} and os1["items"] == 15
    assert (os1["start"], os1["end"]) == ("2021-05-03T03:00:00-07:00", "2021-05-03T06:05:00-07:00")
    assert os1["missing"] == {"authors": 0, "abstract": 0, "time": 0}
    assert list(os1) == [
        "schema_version", "session_id", "conference", "year", "title", "items", "awards",
        "start", "end", "missing", "kinds",
    ]  # fmt: skip
    posters = stats["Poster Session 3"]
    assert (posters["awards"], posters["missing"]["time"], posters["start"]) == (2, 135, None)
    assert stats["Orals & Spotlights Track 13: Deep Learning/Theory"]["kinds"] == {
        "spotlight": 8,
        "oral": 3,
        "break": 2,
        "qa": 2,
    }
    narrowed = run_cli("stats", "--kind", "oral", "--json").json["sessions"]
    assert [(e["title"], e["items"]) for e in narrowed] == [
        ("Orals & Spotlights Track 13: Deep Learning/Theory", 3),
        ("Oral Session 1", 7),
        ("Oral Session 7", 5),
        ("Deep Learning", 1),
    ]


def test_the_display_zone_changes_dates_and_says_so(monkeypatch):
    out = run_cli("list", "--tz", "Asia/Tokyo", width=100).stdout
    assert "Wed 09 Dec 2020" in out and "11:00–14:00" in out  # 18:00 PST on 8 Dec
    assert "Times in Asia/Tokyo (the display zone)." in out
    monkeypatch.setenv("CONFCLI_TZ", "Asia/Tokyo")
    assert run_cli("list", width=100).stdout == out
    items = run_cli("list", "--kind", "oral", "--conference", "neurips", "--json").json
    assert items[0]["start"] == "2020-12-09T11:00:00+09:00"  # JSON too: the same instant
    monkeypatch.delenv("CONFCLI_TZ")
    items = run_cli("list", "--kind", "oral", "--conference", "neurips", "--json").json
    assert items[0]["start"] == "2020-12-08T18:00:00-08:00"  # without --tz: the page's offset


def run_on_tty(*args: str) -> str:
    out = FakeTty()
    assert main(list(args), Terminal(stdout=out, stderr=io.StringIO(), width=80)) == 0
    return out.getvalue()


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    assert "\x1b[" in run_on_tty("list", "-s", "Oral Session 7")
    assert "\x1b[" not in run_on_tty("list", "-s", "Oral Session 7", "--no-color")
    assert "\x1b[" not in run_cli("list", "-s", "Oral Session 7").stdout  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_on_tty("list", "-s", "Oral Session 7")


def test_pager_only_when_asked_on_a_terminal(monkeypatch):
    paged: list[str] = []
    monkeypatch.setattr("pydoc.pager", paged.append)
    direct = run_on_tty("list", "-s", "Poster Session 3", "--no-color")
    assert paged == []
    assert run_on_tty("list", "-s", "Poster Session 3", "--no-color", "--pager") == ""
    assert paged == [direct]
    assert run_cli("list", "-s", "Poster Session 3", "--pager").stdout  # not a terminal: printed


def test_shell_completion_of_sessions_and_kinds():
    assert complete_sessions("oral s") == ["'Oral Session 1'", "'Oral Session 7'"]  # quoted
    assert complete_kinds("s") == ["spotlight"]
    assert complete_kinds("") == ["break", "oral", "poster", "qa", "spotlight"]
    completed = run_process(
        env={
            "_CONFCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": "confcli list --session Ora",
            "COMP_CWORD": "3",
        },
    )
    assert completed.stdout.splitlines() == [
        "'Oral Session 1'",
        "'Oral Session 7'",
        "'Orals & Spotlights Track 13: Deep Learning/Theory'",
    ]
