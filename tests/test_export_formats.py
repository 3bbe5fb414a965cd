"""Each export format read back by the program that will read it: Python's csv module and
duckdb, the icalendar library and khal, a CommonMark renderer, the c3voc JSON schema."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from conftest import run_cli
from export_support import SCHEMA, Khal, need_module

from confcli.model import ITEM_FIELDS

pytest_plugins = ["export_fixtures"]  # samples, hostile, stamped


def items_of(*args: str) -> list[dict]:
    result = run_cli("list", *args, "--json")
    assert result.code == 0, result.stderr
    return result.json


def export(*args: str) -> str:
    result = run_cli("export", *args)
    assert result.code == 0, result.stderr
    return result.stdout


def csv_cells(item: dict) -> list[str]:
    """What each cell should hold: the JSON values, authors joined with '; '."""
    cells = []
    for name in ITEM_FIELDS:
        value = item[name]
        if name == "authors":
            value = "; ".join(value)
        elif name == "links":
            value = "; ".join(f"{label}={url}" for label, url in value.items())
        cells.append("" if value is None else str(value))
    return cells


# --- csv --------------------------------------------------------------------------------------


ALL_KINDS = ("--kind", "oral", "--kind", "spotlight", "--kind", "poster", "--kind", "qa",
             "--kind", "break")  # fmt: skip


def test_csv_is_rfc_4180_and_reads_back_to_the_same_values(samples):
    text = export("-f", "csv")
    items = items_of(*ALL_KINDS)
    assert len(items) == 195
    assert text.count("\r\n") == 196 and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(ITEM_FIELDS)
    assert rows[1:] == [csv_cells(item) for item in items]


def test_duckdb_reads_the_csv_like_a_spreadsheet_with_every_author_intact(samples, tmp_path):
    duckdb = need_module("duckdb")
    target = tmp_path / "programme.csv"
    assert run_cli("export", "-o", str(target)).code == 0
    table = duckdb.read_csv(str(target), header=True, all_varchar=True)
    assert table.columns == list(ITEM_FIELDS)
    items = items_of(*ALL_KINDS)
    # duckdb reads an empty cell as NULL.
    assert table.fetchall() == [tuple(cell or None for cell in csv_cells(i)) for i in items]
    vit = next(item for item in items if item["title"].startswith("An Image is Worth 16x16"))
    [(authors,)] = table.filter(f"id = '{vit['id']}'").project("authors").fetchall()
    assert authors.split("; ") == vit["authors"] and len(vit["authors"]) == 12


def test_formula_guard_is_on_by_default_and_can_be_turned_off(hostile_like_samples):
    guarded = list(csv.reader(io.StringIO(export("-f", "csv", "--fields", "title,abstract"))))
    plain = list(csv.reader(io.StringIO(export("-f", "csv", "--fields", "title,abstract",
                                               "--no-formula-guard"))))  # fmt: skip
    assert guarded[1:] == [["'=SUM(A1:A9)", "'+cmd|' /C calc'!A0"], ["'-2+3", "'@SUM(1)"],
                           ["'\tTab", "'\rCR"], ["Fine - really", "x=1"]]  # fmt: skip
    assert plain[1:] == [["=SUM(A1:A9)", "+cmd|' /C calc'!A0"], ["-2+3", "@SUM(1)"],
                         ["\tTab", "\rCR"], ["Fine - really", "x=1"]]  # fmt: skip


@pytest.fixture
def hostile_like_samples(isolated_library):
    """Four items whose cells a spreadsheet would run as formulas, and one it would not."""
    from export_support import at

    from confcli.model import Item, Session
    from confcli.store.library import Library

    texts = [("=SUM(A1:A9)", "+cmd|' /C calc'!A0"), ("-2+3", "@SUM(1)"), ("\tTab", "\rCR"),
             ("Fine - really", "x=1")]  # fmt: skip
    items = tuple(
        Item(id=f"f{n}", kind="oral", title=title, abstract=abstract, session_id="s",
             session="S", position=n, start=at(3, 10 * n))
        for n, (title, abstract) in enumerate(texts, 1)
    )  # fmt: skip
    with Library(isolated_library) as library:
        library.store([Session(id="s", title="S", items=items)])


# --- ics ----------------------------------------------------------------------------------


def calendar_of(text: str):
    from icalendar import Calendar

    return Calendar.from_ical(text)


def test_icalendar_reads_back_times_uids_and_summaries(samples, stamped):
    items = [item for item in items_of("--kind", "oral") if item["start"]]
    calendar = calendar_of(export("-f", "ics", "--kind", "oral"))
    assert str(calendar["PRODID"]) == "-//confcli//confcli export//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "NeurIPS 2020 · ICLR 2021 · ICML 2022"
    events = calendar.walk("VEVENT")
    assert len(events) == len(items) == 16
    for event, item in zip(events, items, strict=True):
        assert str(event["UID"]) == f"{item['id']}-oral@confcli"
        assert event.decoded("DTSTART") == datetime.fromisoformat(item["start"])
        assert event.decoded("DTEND") == datetime.fromisoformat(item["end"])
        assert event["DTSTART"].to_ical().endswith(b"Z")  # UTC, never the page's "PDT"
        assert event.decoded("DTSTAMP") == datetime(2024, 1, 1, tzinfo=UTC)
        assert str(event["SUMMARY"]) == f"Oral: {item['title']}"
        assert str(event["DESCRIPTION"]).startswith(f"Authors: {', '.join(item['authors'])}\n")
        assert f"\nSession: {item['session']}\n" in str(event["DESCRIPTION"])
        assert item["abstract"] in str(event["DESCRIPTION"])


def test_ics_with_an_iana_zone_carries_its_tzid_and_vtimezone(samples):
    text = export("-f", "ics", "--kind", "oral", "--tz", "Europe/Berlin")
    assert "DTSTART;TZID=Europe/Berlin:20210505T120000\r\n" in text
    assert "TZID=PDT" not in text and "TZID=PST" not in text
    calendar = calendar_of(text)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    assert all(start.tzinfo is not None for start in starts)  # never floating
    expected = [item["start"] for item in items_of("--kind", "oral")]
    assert [start.isoformat() for start in starts] != expected  # shown in Berlin time...
    assert starts == [datetime.fromisoformat(start) for start in expected]  # ...same instants


def test_ics_location_and_untimed_posters(samples):
    calendar = calendar_of(export("-f", "ics", "--session", "Deep Learning", "--limit", "1"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "Ballroom 1 & 2"
    result = run_cli("export", "-f", "ics", "--session", "Poster Session 3", "-n", "3")
    assert calendar_of(result.stdout).walk("VEVENT") == []
    assert result.stderr == (
        "confcli: warning: left out 3 item(s) without times: ics needs times\n"
        "confcli: warning: no items to export: the ics document is empty\n"
    )


def test_ics_sessions_adds_one_event_per_timed_session(samples):
    calendar = calendar_of(export("-f", "ics", "--sessions", "--kind", "qa"))
    sessions = [e for e in calendar.walk("VEVENT") if str(e["UID"]).endswith("-session@confcli")]
    assert [str(event["SUMMARY"]) for event in sessions] == [
        "Orals & Spotlights Track 13: Deep Learning/Theory", "Oral Session 1", "Oral Session 7",
    ]  # fmt: skip
    assert len(calendar.walk("VEVENT")) == 3 + 8
    assert sessions[1].decoded("DTSTART").isoformat() == "2021-05-03T10:00:00+00:00"
    assert str(sessions[1]["DESCRIPTION"]).startswith(
        "Chairs: Blake Richards, Ozan Sener, Yutian Chen\n5. Q&A\n10. Q&A\n15. Q&A"
    )


def test_a_qa_slot_says_its_session(samples):
    events = calendar_of(export("-f", "ics", "--kind", "qa", "-s", "Oral Session 1")).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Q&A · Oral Session 1"] * 3


def test_khal_imports_the_orals_with_the_right_local_times(samples, tmp_path):
    """The issue's 'done when': `confcli export --format ics --kind oral > orals.ics`, run
    as a real process with its standard output in the file."""
    orals = tmp_path / "orals.ics"
    with orals.open("wb") as out:
        command = [sys.executable, "-m", "confcli", "export", "--format", "ics", "--kind", "oral"]
        assert subprocess.run(command, stdout=out, timeout=60).returncode == 0
    khal = Khal(tmp_path / "khal", "Europe/Berlin")
    khal.import_file(orals)
    assert len(list(khal.calendar.glob("*.ics"))) == 16
    # 03:00 PDT is 12:00 in Berlin (CEST, UTC+2).
    assert khal.agenda("2021-05-05") == [
        "2021-05-05 12:00 2021-05-05 12:15 Oral: An Image is Worth 16x16 Words: Transformers "
        "for Image Recognition at Scale",
        "2021-05-05 12:15 2021-05-05 12:30 Oral: Rethinking Attention with Performers",
        "2021-05-05 12:30 2021-05-05 12:45 Oral: Share or Not? Learning to Schedule "
        "Language-Specific Capacity for Multilingual Translation",
        "2021-05-05 13:05 2021-05-05 13:20 Oral: Getting a CLUE: A Method for Explaining "
        "Uncertainty Estimates",
        "2021-05-05 14:00 2021-05-05 14:15 Oral: Learning Cross-Domain Correspondence for "
        "Control with Dynamics Cycle-Consistency",
    ]


def test_khal_reads_a_tzid_calendar_in_another_zone(samples, tmp_path):
    berlin = tmp_path / "berlin.ics"
    text = export("-f", "ics", "--tz", "Europe/Berlin", "-s", "Oral Session 1", "-k", "qa")
    berlin.write_text(text, encoding="utf-8", newline="")
    khal = Khal(tmp_path / "khal", "Asia/Tokyo")
    khal.import_file(berlin)
    # 03:50, 04:50, 05:55 PDT are 19:50, 20:50, 21:55 in Tokyo (UTC+9).
    assert [line[:33] for line in khal.agenda("2021-05-03")] == [
        "2021-05-03 19:50 2021-05-03 20:00",
        "2021-05-03 20:50 2021-05-03 21:00",
        "2021-05-03 21:55 2021-05-03 22:05",
    ]


# --- md -------------------------------------------------------------------------------------


def test_markdown_has_a_heading_per_day_and_session(samples):
    text = export("-f", "md", "--tz", "UTC", "--kind", "qa")
    assert text.splitlines()[:9] == [
        "# NeurIPS 2020 · ICLR 2021",
        "",
        "*Times in UTC+00:00 (the display zone).*",
        "",
        "## Wed 09 Dec 2020",
        "",
        "### Orals & Spotlights Track 13: Deep Learning/Theory",
        "",
        "- 03:40–03:50 · Q&A · **Joint Q&A for Preceeding Spotlights**",
    ]
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# NeurIPS 2020 · ICLR 2021", "## Wed 09 Dec 2020",
        "### Orals & Spotlights Track 13: Deep Learning/Theory", "## Mon 03 May 2021",
        "### Oral Session 1", "## Wed 05 May 2021", "### Oral Session 7",
    ]  # fmt: skip
    assert text.count("\n- ") == 8 and text.endswith("**Q&A**\n")


def test_markdown_posters_come_under_no_time_with_their_number_and_award(samples):
    text = export("-f", "md", "--award", "any")
    assert text == (
        "# ICLR 2023\n\n## No time given\n\n### Poster Session 3 · MH1-2-3-4\n\n"
        "- #31 · Poster · **Rethinking the Expressive Power of GNNs via Graph Biconnectivity** — "
        "Bohang Zhang, Shengjie Luo, Liwei Wang, Di He · *Outstanding Paper*\n"
        "- #165 · Poster · **On the duality between contrastive and non-contrastive "
        "self-supervised learning** — Quentin Garrido, Yubei Chen, Adrien Bardes, "
        "Laurent Najman, Yann LeCun · *Honorable Mention*\n"
    )


# --- frab schedule.json -------------------------------------------------------------------


def validate_schedule(text: str) -> dict:
    document = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    return document


def events_of(document: dict) -> list[dict]:
    days = document["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


def test_schedule_json_validates_and_holds_every_timed_item(samples):
    document = validate_schedule(export("-f", "frab"))
    conference = document["schedule"]["conference"]
    assert (conference["start"], conference["end"], conference["daysCount"]) == (
        "2020-12-08", "2022-07-21", 4,
    )  # fmt: skip
    assert conference["acronym"] == "confcli"  # several conferences
    assert [day["date"] for day in conference["days"]] == [
        "2020-12-08", "2021-05-03", "2021-05-05", "2022-07-21",
    ]  # fmt: skip
    events = events_of(document)
    assert len(events) == 60 and len({event["guid"] for event in events}) == 60
    assert len({event["id"] for event in events}) == 60
    assert [room["name"] for room in conference["rooms"]] == [
        "Orals & Spotlights Track 13: Deep Learning/Theory", "Oral Session 1", "Oral Session 7",
        "Ballroom 1 & 2",
    ]  # fmt: skip


def test_schedule_json_events_say_what_the_items_say(samples):
    document = validate_schedule(export("-f", "frab", "--session", "Deep Learning"))
    assert document["schedule"]["conference"]["acronym"] == "icml2022"
    items = items_of("--session", "Deep Learning")
    events = events_of(document)
    assert len(events) == len(items) == 14
    for event, item in zip(events, items, strict=True):
        assert event["date"] == item["start"] and event["end"] == item["end"]
        assert event["title"] == item["title"] and event["room"] == "Ballroom 1 & 2"
        assert [person["name"] for person in event["persons"]] == item["authors"]
        assert event["track"] == "Deep Learning" and event["type"] == item["kind"]
    assert events[0]["start"] == "07:30" and events[0]["duration"] == "00:05"


def test_schedule_json_days_follow_the_display_zone(samples):
    document = validate_schedule(export("-f", "frab", "--tz", "Asia/Tokyo", "--kind", "oral",
                                        "--conference", "NeurIPS"))  # fmt: skip
    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "Asia/Tokyo"
    (day,) = conference["days"]
    assert day["date"] == "2020-12-09" and day["day_start"] == "2020-12-09T11:00:00+09:00"
    assert [event["start"] for event in events_of(document)] == ["11:00", "11:15", "11:30"]
    assert datetime.fromisoformat(day["day_end"]) == datetime(
        2020, 12, 9, 11, 45, tzinfo=ZoneInfo("Asia/Tokyo")
    )
