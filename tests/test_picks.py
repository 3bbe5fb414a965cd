"""Picks (issue 15): star, unstar, hide, unhide and note by id, prefix, title or filters;
--starred and --hidden on the listing commands; picks kept apart from the page data, so they
survive a re-parse, a moved talk, `library rebuild`, `--move-aside` and an upgrade; a pick
whose item is gone is shown as withdrawn; `agenda export` and `agenda import`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import SAMPLE_FILES, run_cli
from library_support import PAGE
from pagegen.agenda_week import paper_title, week_json

from confcli.model import paper_id
from confcli.store import Library
from confcli.store.schema import LIBRARY_VERSION, PICKS_SCHEMA, UPGRADES

LOTTERY = "The Lottery Ticket Hypothesis"
ORALS_OF_DAY_1 = ["--session", "Oral Session 1A Room A", "--kind", "oral"]


@pytest.fixture
def week_library(isolated_library, tmp_path):
    pages = tmp_path / "week.json"
    pages.write_text(week_json(), encoding="utf-8")
    assert run_cli("parse", str(pages)).code == 0
    return pages


def listed(*args: str) -> list[dict]:
    result = run_cli("list", "--json", *args)
    assert result.code == 0, result.stderr
    return result.json


def ids_of(records: list[dict]) -> list[str]:
    return [record["id"] for record in records]


def the_id(title: str) -> str:
    return next(r["id"] for r in listed("--kind", "oral", "--hidden") if r["title"] == title)


def picks(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT item_id, starred, hidden, note FROM picks ORDER BY 1").fetchall()


# --- naming items ------------------------------------------------------------------------------


def test_star_by_id_prefix_and_title_marks_the_items_and_lists_them(week_library):
    first = the_id(paper_title(0, 0, 0, 0))
    result = run_cli("star", first[:6], "--title", "poster only d0 n1")
    assert (result.code, result.stderr) == (0, "confcli: starred 2 item(s)\n")
    assert [r["title"] for r in listed("--starred")] == [
        paper_title(0, 0, 0, 0),
        "Poster only d0 n1: Quiet Results",
    ]
    ambiguous = run_cli("star", "--title", paper_title(0, 0, 1, 1))  # its oral and its poster
    assert ambiguous.code == 4 and "is ambiguous" in ambiguous.stderr
    again = run_cli("star", first)
    assert again.stderr == "confcli: starred 0 item(s) (1 already)\n"
    table = run_cli("list", "--session", "Oral Session 1A Room A").stdout
    assert table.count("★") == 1 and " ★1 " in table


def test_star_by_filters_and_the_filterless_star_is_refused(week_library):
    result = run_cli("star", *ORALS_OF_DAY_1)
    assert (result.code, result.stderr) == (0, "confcli: starred 4 item(s)\n")
    assert [r["title"] for r in listed("--starred")] == [paper_title(0, 0, 0, n) for n in range(4)]
    refused = run_cli("star")
    assert refused.code == 2
    assert "name the items" in refused.stderr
    assert run_cli("star", "--hidden").code == 2  # --hidden alone selects everything too
    assert len(listed("--starred")) == 4


def test_unstar_by_filters_and_by_id(week_library):
    run_cli("star", *ORALS_OF_DAY_1)
    assert run_cli("unstar", "--kind", "oral", "--after", "2025-07-15 10:30").stderr == (
        "confcli: unstarred 2 item(s)\n"
    )
    first = the_id(paper_title(0, 0, 0, 0))
    assert run_cli("unstar", first).code == 0
    assert [r["title"] for r in listed("--starred")] == [paper_title(0, 0, 0, 1)]


def test_hidden_items_drop_out_of_list_search_and_export_unless_hidden(week_library):
    everything = len(listed("--kind", "poster"))
    assert run_cli("hide", "--kind", "poster", "--room", "Hall E").stderr == (
        f"confcli: hid {everything} item(s)\n"
    )
    assert listed("--kind", "poster") == []
    assert len(listed("--kind", "poster", "--hidden")) == everything
    assert run_cli("search", "Quiet", "--json").json == []
    assert len(run_cli("search", "Quiet", "--json", "--hidden").json) == 3 * 4
    exported = run_cli("export", "--format", "json", "--kind", "poster")
    assert json.loads(exported.stdout) == []
    assert run_cli("unhide", "--kind", "poster").stderr == f"confcli: unhid {everything} item(s)\n"
    assert len(listed("--kind", "poster")) == everything


def test_a_note_is_kept_and_removed(week_library, isolated_library):
    first = the_id(paper_title(0, 0, 0, 0))
    assert run_cli("note", first[:8], "ask about <b>bounds</b>").code == 0
    assert picks(isolated_library) == [(first, 0, 0, "ask about <b>bounds</b>")]
    run_cli("note", first, "")
    assert picks(isolated_library) == []  # nothing left in the pick: it goes


def test_an_unknown_or_ambiguous_item_is_an_error(week_library):
    assert run_cli("star", "zzzz").code == 4
    assert "no item with id 'zzzz'" in run_cli("star", "zzzz").stderr


# --- picks outlive the pages -----------------------------------------------------------------


def test_picks_survive_a_reparse_and_a_moved_talk(week_library, tmp_path):
    moved_title = paper_title(0, 0, 0, 1)
    run_cli("star", *ORALS_OF_DAY_1)
    starred = ids_of(listed("--starred"))
    assert run_cli("parse", str(week_library)).code == 0
    assert ids_of(listed("--starred")) == starred
    refreshed = tmp_path / "week-refreshed.json"
    refreshed.write_text(week_json(moved=moved_title), encoding="utf-8")
    assert run_cli("parse", str(refreshed)).code == 0
    after = listed("--starred")
    assert sorted(ids_of(after)) == sorted(starred)
    moved = next(record for record in after if record["title"] == moved_title)
    assert (moved["start"], moved["room"]) == ("2025-07-15T11:15:00-07:00", "Room C")


def test_picks_survive_library_rebuild(week_library, isolated_library):
    run_cli("star", *ORALS_OF_DAY_1)
    before = picks(isolated_library)
    with sqlite3.connect(isolated_library) as db:
        db.execute("DROP INDEX items_paper")  # a repairable library
    assert run_cli("library", "rebuild").code == 0
    assert picks(isolated_library) == before and len(before) == 4


def test_a_dropped_picks_table_is_restored_by_rebuild(week_library, isolated_library):
    with sqlite3.connect(isolated_library) as db:
        db.execute("DROP TABLE picks")
    check = run_cli("library", "check")
    assert check.code == 6 and "missing from the schema: table picks" in check.stderr
    assert run_cli("library", "rebuild").code == 0
    assert run_cli("library", "check").code == 0


def test_move_aside_carries_the_readable_picks_into_the_new_library(week_library, isolated_library):
    run_cli("star", *ORALS_OF_DAY_1)
    run_cli("note", the_id(paper_title(0, 0, 0, 0)), "front row")
    before = picks(isolated_library)
    with sqlite3.connect(isolated_library) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()[0]
    data = bytearray(isolated_library.read_bytes())
    data[(root - 1) * PAGE : root * PAGE] = bytes(PAGE)  # the items table beyond repair
    isolated_library.write_bytes(bytes(data))
    assert run_cli("library", "rebuild").code == 6
    result = run_cli("library", "rebuild", "--move-aside")
    assert result.code == 0, result.stderr
    assert picks(isolated_library) == before
    agenda = run_cli("agenda", "--json").json
    assert [item["withdrawn"] for item in agenda["items"]] == [True] * 4
    assert agenda["items"][0]["title"] == paper_title(0, 0, 0, 0)
    assert run_cli("parse", str(week_library)).code == 0
    assert [item["withdrawn"] for item in run_cli("agenda", "--json").json["items"]] == [False] * 4


def test_an_unreadable_file_moved_aside_leaves_an_empty_library(isolated_library):
    isolated_library.write_bytes(b"SQLite format 3\x00" + bytes(8000))
    assert run_cli("library", "rebuild", "--move-aside").code == 0
    assert picks(isolated_library) == []


# The version before the picks came: the upgrade step that creates them (later steps may
# follow it, so it is not always LIBRARY_VERSION - 1).
PICKS_STEP = next(step for step, sql in UPGRADES.items() if "planned" in str(sql))


def test_picks_survive_an_upgrade_from_the_version_before(week_library, isolated_library):
    run_cli("star", *ORALS_OF_DAY_1)
    with Library(isolated_library) as library:
        before = library.picks()
    with sqlite3.connect(isolated_library) as db:  # as the version before made it
        for table in ("planned", "exported"):
            db.execute(f"DROP TABLE {table}")
        db.execute(f"PRAGMA user_version = {PICKS_STEP}")
    assert "planned" in PICKS_SCHEMA
    check = run_cli("library", "check")
    assert check.code == 0, check.stdout
    with Library(isolated_library) as library:
        assert library.picks() == before
        assert library.connection.execute("PRAGMA user_version").fetchone()[0] == LIBRARY_VERSION
        assert library.saved_plan() == {}


def test_a_withdrawn_pick_is_shown_not_dropped(isolated_library, tmp_path):
    pages = tmp_path / "week.json"
    pages.write_text(week_json(), encoding="utf-8")
    run_cli("parse", str(pages))
    gone = the_id(paper_title(2, 1, 1, 3))
    run_cli("star", gone)
    with sqlite3.connect(isolated_library) as db:  # the talk left the programme
        db.execute("DELETE FROM items WHERE id = ?", (gone,))
    items = run_cli("agenda", "--json").json["items"]
    assert [(i["id"], i["withdrawn"], i["title"]) for i in items] == [
        (gone, True, paper_title(2, 1, 1, 3))
    ]
    assert "✗" in run_cli("agenda").stdout
    assert run_cli("unstar", gone).code == 0  # a withdrawn pick can still be unstarred
    assert run_cli("agenda", "--json").json["items"] == []


# --- export and import --------------------------------------------------------------------------


def test_agenda_export_then_import_into_another_library_merges(week_library, tmp_path):
    first = the_id(paper_title(0, 0, 0, 0))
    run_cli("star", *ORALS_OF_DAY_1)
    run_cli("hide", the_id(paper_title(0, 0, 1, 0)))
    run_cli("note", first, "mine")
    exported = run_cli("agenda", "export")
    document = exported.json
    assert document["schema_version"] == 1 and len(document["picks"]) == 5
    assert next(pick for pick in document["picks"] if pick["id"] == first) == {
        "id": first, "conference": "ICML", "year": 2025, "title": paper_title(0, 0, 0, 0),
        "kind": "oral", "start": "2025-07-15T10:00:00-07:00",
        "paper_id": paper_id(paper_title(0, 0, 0, 0)), "starred": True, "hidden": False,
        "note": "mine",
    }  # fmt: skip
    other = tmp_path / "other.sqlite"
    assert run_cli("parse", "--library", str(other), str(week_library)).code == 0
    run_cli("note", "--library", str(other), first, "theirs")
    picks_file = tmp_path / "picks.json"
    picks_file.write_text(exported.stdout, encoding="utf-8")
    result = run_cli("agenda", "import", str(picks_file), "--library", str(other))
    assert result.stderr == "confcli: imported 4 new pick(s), merged 1\n"
    assert picks(other) == sorted(
        (r["id"], int(r["starred"]), int(r["hidden"]), "theirs\nmine" if r["id"] == first else None)
        for r in document["picks"]
    )
    again = run_cli("agenda", "import", str(picks_file), "--library", str(other))
    assert again.stderr == "confcli: imported 0 new pick(s), merged 5\n"
    assert dict((row[0], row[3]) for row in picks(other))[first] == "theirs\nmine"  # once


def test_import_keeps_and_reports_unknown_ids(isolated_library, tmp_path):
    run_cli("parse", *map(str, SAMPLE_FILES))
    document = {
        "schema_version": 1,
        "picks": [{"id": "feedbeef0001", "title": "Gone", "starred": True, "note": None}],
    }
    path = tmp_path / "picks.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("agenda", "import", str(path))
    assert result.code == 0
    assert "1 pick(s) name items not in this library" in result.stderr
    assert "feedbeef0001" in result.stderr
    assert picks(isolated_library) == [("feedbeef0001", 1, 0, None)]
    items = run_cli("agenda", "--json").json["items"]
    assert [(i["id"], i["title"], i["withdrawn"]) for i in items] == [
        ("feedbeef0001", "Gone", True)
    ]


@pytest.mark.parametrize(
    "text", ["[]", '{"picks": [{"title": "no id"}]}', "not json", '{"picks": 3}']
)
def test_import_refuses_what_is_not_a_picks_file(isolated_library, tmp_path, text):
    path = tmp_path / "picks.json"
    path.write_text(text, encoding="utf-8")
    result = run_cli("agenda", "import", str(path))
    assert result.code == 2 and result.stderr.startswith("confcli: error: ")
    assert not isolated_library.exists() or picks(isolated_library) == []
