"""Tables people read: golden text at 40, 80 and 120 columns; what each table shows (ids
`show` takes, poster numbers, conference, awards, decisions, the slot on now); and narrow
terminals (blocks below confcli.render.layout.NARROW, no word split inside)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES, run_cli

from confcli.main import main
from confcli.model import Item, Session
from confcli.render.layout import NARROW
from confcli.render.terminal import Terminal
from confcli.store import Library

GOLDEN = Path(__file__).parent / "golden" / "tables"
WIDTHS = (40, 80, 120)
LOTTERY_ID = "49fd7c727325"  # Winning the Lottery Ahead of Time (ICML 2022, Deep Learning)
CASES = {
    "list": ["list"],
    "list-session-oral-7": ["list", "--session", "Oral Session 7"],
    "list-day": ["list", "--day", "2021-05-05", "--kind", "oral", "--tz", "Europe/Berlin"],
    "list-award": ["list", "--award", "any"],
    "list-at": ["list", "--at", "2021-05-05 04:22"],
    "search": ["search", "lottery"],
    "show": ["show", LOTTERY_ID],
    "stats": ["stats"],
}


@pytest.fixture
def samples(stored_samples):
    return stored_samples


def check_golden(name: str, out: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_tables(samples, case, width, update_golden):
    """Fixed-width golden text; rewrite with `pytest --update-golden` after reading it."""
    out = run_cli(*CASES[case], width=width).stdout
    assert max(map(len, out.splitlines())) <= width
    check_golden(f"{case}.{width}.txt", out, update_golden)


@pytest.mark.parametrize("width", WIDTHS)
def test_golden_parse_table(width, update_golden):
    parsed = run_cli("parse", *map(str, SAMPLE_FILES), width=width)
    assert parsed.code == 0
    assert max(map(len, parsed.stdout.splitlines())) <= width
    check_golden(f"parse.{width}.txt", parsed.stdout, update_golden)


# --- what the tables show -----------------------------------------------------------------


def test_search_hits_show_poster_conference_year_and_award(samples):
    out = run_cli("search", "biconnectivity", width=120).stdout
    (row,) = _rows(out)
    assert "Rethinking the Expressive Power of GNNs via Graph" in row
    for shown in ("Poster Session 3", "Outstanding Paper", "ICLR 2023", "poster #31"):
        assert shown in row
    assert "Award" in out.splitlines()[1]  # the header: an Award column
    without = run_cli("search", "lottery", width=120).stdout
    assert "Award" not in without  # no hit has one: no column


def test_award_and_decision_columns(samples):
    awards = run_cli("list", "--award", "any", width=100).stdout
    assert re.search(r"Title / authors +Award", awards)
    assert "Outstanding Paper" in awards and "Honorable Mention" in awards
    decisions = run_cli("list", "--decision", "top 5%", "-s", "Poster Session 3", width=120)
    assert re.search(r"Title / authors .*Decision", decisions.stdout)
    assert decisions.stdout.count("top 5% paper") == 11
    plain = run_cli("list", "--kind", "poster", "--limit", "3", width=120).stdout
    assert "Decision" not in plain


@pytest.mark.parametrize("args", [["list", "-s", "Oral Session 7"], ["search", "lottery"]])
def test_every_item_table_shows_an_id_prefix_that_show_finds(samples, args):
    out = run_cli(*args, width=100).stdout
    ids = re.findall(r"^ ([0-9a-f]{6,12}) ", out, flags=re.MULTILINE)
    full = {item["id"] for item in run_cli(*args, "--json").json}
    assert len(ids) == len(full) and {len(prefix) for prefix in ids} == {6}
    for prefix in ids:
        shown = run_cli("show", prefix, "--json")
        assert shown.code == 0 and shown.json["id"].startswith(prefix)
        assert shown.json["id"] in full


def test_the_id_prefix_grows_until_unique_in_the_library():
    ids = ["abcdef012345", "abcdef0f0000", "123456789abc"]
    items = tuple(
        Item(id=ident, kind="oral", title=f"T{n}", session_id="s", session="S", position=n)
        for n, ident in enumerate(ids)
    )
    library = Library()
    library.store([Session(id="s", title="S", items=items)])
    assert library.id_prefix_length(["123456789abc"]) == 6
    assert library.id_prefix_length(ids) == 8  # abcdef01 / abcdef0f
    assert library.id_prefix_length([]) == 6


def test_at_marks_the_slot_on_and_the_next(samples):
    out = run_cli("list", "--at", "2021-05-05 04:22", width=100).stdout
    rows = _rows(out)
    assert len(rows) == 2
    assert "Influence Estimation" in rows[0] and "▶ on" in rows[0] and "next" not in rows[0]
    assert "Stabilized Medical Image Attacks" in rows[1] and "▷ next" in rows[1]


def test_titles_are_plain_so_matches_and_awards_stand_out(samples):
    out = on_tty("search", "lottery")
    assert "\x1b[7mLottery\x1b[0m" in out  # the match: reverse video
    assert "\x1b[1mWinning" not in out and "Winning the " in out  # the title: not bold
    awards = on_tty("list", "--award", "any")
    assert "\x1b[1;33mOutstanding" in awards  # the award: bold yellow


def on_tty(*args: str) -> str:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    assert main(list(args), Terminal(stdout=out, stderr=io.StringIO(), width=100)) == 0
    return out.getvalue()


# --- narrow terminals ---------------------------------------------------------------------


def test_below_the_usable_width_records_become_blocks(samples):
    table = run_cli("list", "-s", "Oral Session 7", width=NARROW).stdout
    blocks = run_cli("list", "-s", "Oral Session 7", width=NARROW - 1).stdout
    assert "────" in table and "────" not in blocks
    assert "An Image is Worth 16x16 Words: Transformers for Image" in blocks  # a long line
    assert re.search(r"^e89712 · 03:00–03:15 · oral$", blocks, flags=re.MULTILINE)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_is_split_inside(samples, width):
    for args in (["stats"], ["list"]):
        out = run_cli(*args, width=width).stdout
        assert "Learning/Theory" in out, (args, width)


def test_parse_at_80_columns_keeps_file_names_and_counts_whole(tmp_path):
    parsed = run_cli("parse", *map(str, SAMPLE_FILES), width=80)
    for path in SAMPLE_FILES:
        assert path.name in parsed.stdout
    counts = [line.split()[-1] for line in parsed.stdout.splitlines() if ".txt" in line]
    assert counts == ["15", "16", "135", "14", "15"]


def _rows(out: str) -> list[str]:
    """A table's rows, each with its continuation lines: a row starts where the first
    column (the id) is not blank."""
    rows: list[str] = []
    for line in re.split(r"─+ *\n", out, maxsplit=1)[1].splitlines():
        if line.startswith("Times in"):
            break
        if line[1:2].strip():
            rows.append(line)
        elif rows:
            rows[-1] += "\n" + line
    return rows
