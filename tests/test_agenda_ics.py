"""The picks into a calendar (issue 15): `export --starred --format ics` (and `--plan`) with
stable UIDs, a SEQUENCE that rises when a slot changed since the last export, reminders and
notes; read back by icalendar and by khal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import run_cli
from export_support import Khal
from pagegen.agenda_week import paper_title, week_json

A_ORAL = paper_title(0, 0, 0, 0)  # Tue 15 Jul 10:00-10:15 Room A (PDT)
B_ORAL = paper_title(0, 0, 1, 0)  # 10:00-10:15 Room B: clashes with A_ORAL
MOVED = paper_title(0, 0, 0, 1)  # 10:15 Room A; refreshed: 11:15 Room C


@pytest.fixture
def week(isolated_library, tmp_path):
    pages = tmp_path / "week.json"
    pages.write_text(week_json(), encoding="utf-8")
    assert run_cli("parse", str(pages)).code == 0
    return tmp_path


def oral_id(title: str) -> str:
    found = run_cli("list", "--json", "--kind", "oral").json
    return next(record["id"] for record in found if record["title"] == title)


def events(text: str) -> dict[str, object]:
    from icalendar import Calendar

    return {str(event["uid"]): event for event in Calendar.from_ical(text).walk("VEVENT")}


def export(*args: str) -> str:
    result = run_cli("export", "--starred", "--format", "ics", *args)
    assert result.code == 0, result.stderr
    return result.stdout


def refresh_with_a_moved_talk(folder) -> None:
    pages = folder / "week-refreshed.json"
    pages.write_text(week_json(moved=MOVED), encoding="utf-8")
    assert run_cli("parse", str(pages)).code == 0


def test_the_picks_calendar_has_stable_uids_notes_and_reminders(week):
    a, moved = oral_id(A_ORAL), oral_id(MOVED)
    run_cli("star", a, moved)
    run_cli("note", a, "ask about the bound")
    first = events(export("--remind", "15"))
    assert sorted(first) == sorted([f"{a}-oral@confcli", f"{moved}-oral@confcli"])
    event = first[f"{a}-oral@confcli"]
    assert event["sequence"] == 0
    assert str(event["description"]).startswith("Note: ask about the bound\n\nAuthors: ")
    (alarm,) = event.subcomponents
    assert (alarm.name, str(alarm["action"])) == ("VALARM", "DISPLAY")
    assert alarm["trigger"].dt == timedelta(minutes=-15)
    assert export("--remind", "15") == export("--remind", "15")  # nothing changed: same bytes


def test_sequence_rises_only_for_the_slot_that_changed(week):
    a, moved = oral_id(A_ORAL), oral_id(MOVED)
    run_cli("star", a, moved)
    before = events(export())
    assert {uid: event["sequence"] for uid, event in before.items()} == {
        f"{a}-oral@confcli": 0,
        f"{moved}-oral@confcli": 0,
    }
    refresh_with_a_moved_talk(week)
    after = events(export())
    assert after[f"{moved}-oral@confcli"]["sequence"] == 1
    assert after[f"{a}-oral@confcli"]["sequence"] == 0
    assert str(after[f"{moved}-oral@confcli"]["location"]) == "Room C"
    again = events(export())  # exported once more, unchanged: no new sequence
    assert again[f"{moved}-oral@confcli"]["sequence"] == 1


def test_an_ordinary_export_has_no_sequence_and_remind_is_for_ics_only(week):
    text = run_cli("export", "--format", "ics", "--kind", "oral").stdout
    assert "SEQUENCE" not in text
    refused = run_cli("export", "--starred", "--format", "csv", "--remind", "5")
    assert refused.code == 2 and "--remind applies to ics, not csv" in refused.stderr


def test_the_plan_exports_the_planned_slots(week):
    a, b = oral_id(A_ORAL), oral_id(B_ORAL)
    run_cli("star", a, b)
    planned = events(export("--plan"))
    kinds = sorted(str(event["categories"].cats[0]) for event in planned.values())
    assert kinds == ["oral", "poster"]
    saved = run_cli("agenda", "--plan", "--save", "--json").json["plan"]["attend"]
    assert sorted(uid.split("-")[0] for uid in events(export("--plan"))) == sorted(saved)


def test_khal_imports_the_picks_and_updates_the_moved_talk(week):
    khal = Khal(week / "khal", "America/Los_Angeles")
    a, moved = oral_id(A_ORAL), oral_id(MOVED)
    run_cli("star", a, moved)
    first = week / "first.ics"
    first.write_text(export("--remind", "10"), encoding="utf-8")
    khal.import_file(first)
    assert khal.agenda("2025-07-15") == [
        f"2025-07-15 10:00 2025-07-15 10:15 Oral: {A_ORAL}",
        f"2025-07-15 10:15 2025-07-15 10:30 Oral: {MOVED}",
    ]
    refresh_with_a_moved_talk(week)
    second = week / "second.ics"
    second.write_text(export("--remind", "10"), encoding="utf-8")
    khal.import_file(second)
    assert khal.agenda("2025-07-15") == [  # the same UIDs: updated, not doubled
        f"2025-07-15 10:00 2025-07-15 10:15 Oral: {A_ORAL}",
        f"2025-07-15 11:15 2025-07-15 11:30 Oral: {MOVED}",
    ]
