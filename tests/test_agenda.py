"""`confcli agenda` (issue 15) on a generated week (parallel oral sessions in two rooms, each
day's orals again as posters in the hall): picks day by day, clashes with half-open edges
and the buffer, the same paper's other slots, free gaps with what is on, the plan, now and
next, and the JSON contract."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import SAMPLE_FILES, run_cli
from pagegen.agenda_week import paper_title, week_json

A_ORAL = paper_title(0, 0, 0, 0)  # Tue 15 Jul 10:00-10:15 Room A (PDT); poster 11:30-13:30
B_ORAL = paper_title(0, 0, 1, 0)  # 10:00-10:15 Room B
B_NEXT = paper_title(0, 0, 1, 1)  # 10:15-10:30 Room B
A_NEXT = paper_title(0, 0, 0, 1)  # 10:15-10:30 Room A
AFTERNOON = paper_title(0, 1, 0, 0)  # 14:00-14:15 Room A
POSTER_ONLY = "Poster only d0 n0: Quiet Results"  # 11:30-13:30 Hall E


@pytest.fixture
def week(isolated_library, tmp_path):
    pages = tmp_path / "week.json"
    pages.write_text(week_json(), encoding="utf-8")
    assert run_cli("parse", str(pages)).code == 0
    return pages


def slot(title: str, kind: str = "oral") -> dict:
    found = run_cli("list", "--json", "--kind", kind, "--hidden").json
    return next(record for record in found if record["title"] == title)


def star(*titles: str, kind: str = "oral") -> list[str]:
    ids = [slot(title, kind)["id"] for title in titles]
    assert run_cli("star", *ids).code == 0
    return ids


def agenda(*args: str) -> dict:
    result = run_cli("agenda", "--json", *args)
    assert result.code == 0, result.stderr
    return result.json


def by_title(data: dict) -> dict[str, dict]:
    return {item["title"]: item for item in data["items"]}


def test_two_talks_at_once_clash_and_each_poster_is_the_way_out(week):
    a, b = star(A_ORAL, B_ORAL)
    items = by_title(agenda())
    assert (items[A_ORAL]["conflicts"], items[B_ORAL]["conflicts"]) == ([b], [a])
    for title in (A_ORAL, B_ORAL):
        (alternative,) = items[title]["alternatives"]
        assert (alternative["kind"], alternative["room"]) == ("poster", "Hall E")
        assert alternative["start"] == "2025-07-15T11:30:00-07:00"
        assert alternative["paper_id"] == items[title]["paper_id"]
        assert alternative["schema_version"] == 1


def test_back_to_back_talks_do_not_clash_but_the_buffer_makes_a_room_change_clash(week):
    a, b = star(A_ORAL, B_NEXT)  # 10:00-10:15 Room A, then 10:15-10:30 Room B
    assert [item["conflicts"] for item in agenda()["items"]] == [[], []]
    assert [item["conflicts"] for item in agenda("--buffer", "10")["items"]] == [[b], [a]]


def test_the_buffer_leaves_back_to_back_talks_in_one_room_alone(week):
    star(A_ORAL, A_NEXT)
    assert [item["conflicts"] for item in agenda("--buffer", "10")["items"]] == [[], []]


def test_no_alternative_when_the_other_slot_clashes_with_another_pick(week):
    star(A_ORAL, B_ORAL)
    star(POSTER_ONLY, kind="poster")  # 11:30-13:30, when both posters are on
    items = by_title(agenda())
    assert items[A_ORAL]["alternatives"] == [] and items[B_ORAL]["alternatives"] == []
    assert items[POSTER_ONLY]["conflicts"] == []


def test_free_gaps_say_how_many_items_are_on(week):
    star(A_ORAL, AFTERNOON)
    data = agenda()
    # 10:15-14:00: the other six morning orals (three per room) and the day's 20 posters
    assert data["gaps"] == [
        {
            "schema_version": 1,
            "start": "2025-07-15T10:15:00-07:00",
            "end": "2025-07-15T14:00:00-07:00",
            "minutes": 225,
            "on": 26,
        }
    ]
    assert agenda("--gap", "226")["gaps"] == []
    table = run_cli("agenda").stdout
    assert "free 10:15–14:00 (225 min, 26 item(s) on)" in table


def test_gaps_stay_within_a_day_of_the_display_zone(week):
    star(AFTERNOON, paper_title(1, 0, 0, 0))  # Tue 14:00 and Wed 10:00 (PDT)
    assert agenda()["gaps"] == []
    data = agenda("--tz", "Asia/Tokyo")  # Wed 06:00-06:15 and Thu 02:00: still two days
    assert data["gaps"] == []
    assert [item["start"] for item in data["items"]] == [
        "2025-07-15T14:00:00-07:00",
        "2025-07-16T10:00:00-07:00",
    ]


def test_the_table_shows_days_times_rooms_posters_and_marks(week):
    star(A_ORAL, B_ORAL)
    star("Poster only d1 n0: Quiet Results", kind="poster")  # Wed, #E-116
    run_cli("note", slot(A_ORAL)["id"], "sit near the front")
    table = run_cli("agenda", "--tz", "America/Los_Angeles", width=120).stdout
    assert "Tue 15 Jul 2025" in table and "Wed 16 Jul 2025" in table
    assert table.count("!★") == 2 and table.count("★") == 3
    assert "10:00–10:15" in table and "Room A" in table and "#E-116" in table
    assert "note: sit near the front" in table
    assert f"clashes with {slot(B_ORAL)['id']}" in table
    assert "or: poster Tue 11:30–13:30 Hall E · #E-100" in table


def test_day_and_filters_narrow_the_agenda(week):
    star(A_ORAL, paper_title(1, 0, 0, 0), paper_title(2, 1, 1, 2))
    assert [i["title"] for i in agenda("--day", "2025-07-16")["items"]] == [paper_title(1, 0, 0, 0)]
    assert [i["title"] for i in agenda("--room", "Room B")["items"]] == [paper_title(2, 1, 1, 2)]


def test_hidden_picks_stay_in_the_agenda(week):
    (a,) = star(A_ORAL)
    run_cli("hide", a)
    assert [item["id"] for item in agenda()["items"]] == [a]


def test_every_record_of_the_agenda_json_is_versioned(week):
    star(A_ORAL, B_ORAL)
    data = agenda("--plan")
    assert data["schema_version"] == 1 and set(data) == {"schema_version", "items", "gaps", "plan"}
    assert all(item["schema_version"] == 1 for item in data["items"])
    for key in ("starred", "note", "conflicts", "alternatives", "withdrawn"):
        assert key in data["items"][0]
    assert data["plan"]["schema_version"] == 1


def test_an_empty_agenda_says_how_to_star(week):
    result = run_cli("agenda")
    assert result.code == 0 and "`confcli star ITEM`" in result.stderr
    assert agenda() == {"schema_version": 1, "items": [], "gaps": []}


# --- the plan ---------------------------------------------------------------------------------


def test_the_plan_sends_one_of_two_clashing_orals_to_its_poster(week):
    a, b = star(A_ORAL, B_ORAL)
    plan = agenda("--plan")["plan"]
    assert plan["cannot_fit"] == [] and plan["optimal"] is True
    attend = {item_id: slot for item_id, slot in _slots(plan["attend"]).items()}
    kinds = sorted(record["kind"] for record in attend.values())
    assert kinds == ["oral", "poster"]
    papers = {record["paper_id"] for record in attend.values()}
    assert papers == {slot(A_ORAL)["paper_id"], slot(B_ORAL)["paper_id"]}


def test_the_plan_says_which_paper_cannot_fit_and_why(week):
    a, b = star(A_ORAL, B_ORAL)
    (c,) = star(POSTER_ONLY, kind="poster")
    plan = agenda("--plan")["plan"]
    assert len(plan["attend"]) == 2 and c in plan["attend"]
    (left_out,) = plan["cannot_fit"]
    assert left_out["id"] in (a, b) and left_out["id"] not in plan["attend"]
    assert "clashes with" in left_out["reason"] and POSTER_ONLY in left_out["reason"]
    text = run_cli("agenda", "--plan").stdout
    assert "Plan: 2 of 3 starred paper(s) fit" in text
    assert f"cannot fit {left_out['id']} Paper d0 b0 r" in text


def test_plan_save_keeps_the_choice(week, isolated_library):
    from confcli.store import Library

    star(A_ORAL, B_ORAL)
    assert run_cli("agenda", "--save").code == 2
    attend = agenda("--plan", "--save")["plan"]["attend"]
    with Library(isolated_library) as library:
        assert sorted(library.saved_plan().values()) == sorted(attend)


def _slots(ids: list[str]) -> dict[str, dict]:
    everything = run_cli("list", "--json", "--kind", "oral", "--kind", "poster", "--hidden").json
    return {record["id"]: record for record in everything if record["id"] in ids}


# --- now and next -------------------------------------------------------------------------------


def test_at_a_moment_where_to_be_and_what_comes_next(week):
    a, later = star(A_ORAL, AFTERNOON)
    result = run_cli("agenda", "--at", "2025-07-15 10:05", "--json")
    data = result.json
    assert data["at"] == "2025-07-15T10:05:00-07:00"
    assert [item["id"] for item in data["now"]] == [a]
    assert [item["id"] for item in data["next"]] == [later]
    assert data["minutes_to_next"] == 235
    text = run_cli("agenda", "--at", "2025-07-15 13:00").stdout
    assert "nothing picked is on" in text
    assert f"next, in 60 min: {later} Tue 15 Jul 14:00–14:15 oral Room A" in text


def test_now_reads_the_injected_clock(week):
    (a,) = star(AFTERNOON)
    moment = datetime(2025, 7, 15, 21, 10, tzinfo=UTC)
    data = run_cli("agenda", "--now", "--json", clock=lambda: moment).json  # 14:10 PDT
    assert [item["id"] for item in data["now"]] == [a] and data["next"] == []
    assert data["minutes_to_next"] is None
    text = run_cli("agenda", "--now", "--tz", "UTC", clock=lambda: moment).stdout
    assert text.startswith("At Tue 15 Jul 21:10:") and "nothing picked comes next" in text


def test_now_with_the_plan_follows_the_planned_slots(week):
    star(A_ORAL, B_ORAL)
    data = run_cli("agenda", "--plan", "--at", "2025-07-15 12:00", "--json").json
    (poster,) = data["now"]
    assert poster["kind"] == "poster" and poster["room"] == "Hall E"


def test_the_samples_agenda(isolated_library):
    run_cli("parse", *map(str, SAMPLE_FILES))
    orals = run_cli("list", "--json", "--session", "Oral Session 7", "--kind", "oral").json
    run_cli("star", "--session", "Oral Session 7", "--kind", "oral")
    data = agenda("--tz", "UTC", "--gap", "20")
    assert [item["id"] for item in data["items"]] == [record["id"] for record in orals]
    assert all(item["conflicts"] == [] for item in data["items"])
    # the first block of orals ends 03:45, the second 04:20; the next starts 05:00
    assert [(gap["start"], gap["end"], gap["minutes"]) for gap in data["gaps"]] == [
        ("2021-05-05T03:45:00-07:00", "2021-05-05T04:05:00-07:00", 20),
        ("2021-05-05T04:20:00-07:00", "2021-05-05T05:00:00-07:00", 40),
    ]
