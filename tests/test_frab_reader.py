"""frab/pretalx schedules read: the real Chaos Communication Camp 2019 ``schedule.json``
(tests/fixtures/real/, a byte copy of shared/real) field by field, and small schedule.json
and schedule.xml documents for what the real file does not hold (pentabarf's clock times,
days past midnight, relative links, hostile XML)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli

from confcli.errors import BadInputError, ExitCode
from confcli.readers import frab, frab_xml
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.registry import read_document

CAMP = Path(__file__).parent / "fixtures" / "real" / "camp2019_frab_schedule.json"
ROOMS = ("Curie", "Meitner")
DAYS = ("Wed 21 Aug", "Thu 22 Aug", "Fri 23 Aug", "Sat 24 Aug", "Sun 25 Aug")
COUNTS = [9, 8, 8, 9, 9, 10, 9, 8, 6, 3]  # (Curie, Meitner) on each day


def parsed(*args: str) -> list[dict]:
    result = run_cli("parse", *args, "--json")
    assert result.code == 0, result.stderr
    return result.json


def camp_items() -> dict[str, dict]:
    """The camp's items by URL (every event has its own page)."""
    items = [item for session in parsed(str(CAMP)) for item in session["items"]]
    assert len(items) == 79
    return {item["url"]: item for item in items}


def read(text: str, format: str | None = None) -> list[ParsedPage]:
    return read_document(text, PageContext(source="schedule"), format)


def event_url(number: int) -> str:
    return f"https://fahrplan.events.ccc.de/camp/2019/Fahrplan/events/{number}.html"


# --- the real file --------------------------------------------------------------------------


def test_the_fixture_is_the_real_file():
    assert CAMP.stat().st_size == 209_825
    assert CAMP.read_bytes().startswith(b'{\n  "$schema": "../schema.json",\n  "schedule": {')


def test_one_session_per_day_and_room_holding_all_79_events():
    sessions = parsed(str(CAMP))
    assert [session["title"] for session in sessions] == [
        f"{room} · {day}" for day in DAYS for room in ROOMS
    ]
    assert [session["item_count"] for session in sessions] == COUNTS
    assert sum(COUNTS) == 79
    assert {session["room"] for session in sessions} == set(ROOMS)
    assert {(session["conference"], session["year"]) for session in sessions} == {
        ("Chaos Communication Camp", 2019)
    }
    first = sessions[0]
    assert (first["start"], first["end"]) == (
        "2019-08-21T11:00:00+02:00",
        "2019-08-21T23:30:00+02:00",
    )
    assert first["kind"] == "lecture-session"


def test_the_opening_ceremony_field_by_field():
    item = camp_items()[event_url(10386)]
    assert item["title"] == "Opening Ceremony"
    assert item["authors"] == ["jinxx", "smtw"]
    assert (item["start"], item["end"]) == (
        "2019-08-21T11:00:00+02:00",
        "2019-08-21T11:30:00+02:00",
    )
    assert (item["room"], item["kind"], item["session"]) == (
        "Curie",
        "lecture",
        "Curie · Wed 21 Aug",
    )
    assert item["abstract"] == "A hearty welcome me lasses and lads!"
    assert item["links"] == {} and item["position"] == 1
    assert (item["conference"], item["year"]) == ("Chaos Communication Camp", 2019)
    assert item["poster"] is item["decision"] is item["award"] is None


def test_persons_with_quotes_and_links_in_order():
    item = camp_items()[event_url(10174)]
    assert item["title"] == "Fomu - an FPGA inside your USB port!"
    assert item["authors"] == ["Tim 'mithro' Ansell", 'Sean "xobs" Cross']
    assert item["links"] == {
        "Fomu Website": "https://fomu.im",
        "Fomu Github": "https://github.com/im-tomu",
        "Tomu Website": "https://tomu.im",
    }
    assert item["abstract"] is None  # the file's abstract and description are both empty


def test_attachments_are_links_made_absolute_against_the_base_url():
    item = camp_items()[event_url(10178)]
    assert item["title"] == "Hacking Containers and Kubernetes"  # the file's trailing space
    assert item["links"] == {
        "Slides": "https://fahrplan.events.ccc.de/system/event_attachments/attachments/000/003/"
        "792/original/Hacking_Containers_and_Kubernetes.pdf?1566398735"
    }


def test_a_long_event_crossing_midnight_and_one_without_persons():
    items = camp_items()
    late = items[event_url(10344)]
    assert late["title"] == "Achtung, Datenpannen!"
    assert late["authors"] == ["Alvar C.H. Freude", "Stefan Brink"]
    assert (late["start"], late["end"]) == (
        "2019-08-22T23:00:00+02:00",
        "2019-08-23T00:30:00+02:00",
    )
    assert (late["room"], late["session"]) == ("Meitner", "Meitner · Thu 22 Aug")
    review = items[event_url(10390)]
    assert review["title"] == "Infrastructure Review" and review["authors"] == []
    assert review["abstract"] is None
    assert review["start"] == "2019-08-25T17:00:00+02:00" and review["kind"] == "lecture"


def test_every_event_keeps_its_time_room_type_and_url():
    document = json.loads(CAMP.read_text(encoding="utf-8"))
    items = camp_items()
    for day in document["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                item = items[event["url"]]
                assert item["start"] == event["date"] and item["room"] == room
                start = datetime.fromisoformat(item["start"])
                hours, minutes = map(int, event["duration"].split(":"))
                minutes_long = (datetime.fromisoformat(item["end"]) - start).total_seconds() / 60
                assert minutes_long == hours * 60 + minutes
                assert item["title"] == " ".join(event["title"].split())
                assert item["kind"] == event["type"]  # 'lecture', once 'performance'
                assert item["authors"] == [
                    " ".join(p["public_name"].split()) for p in event["persons"]
                ]


def test_the_conference_time_zone_is_kept_on_every_time():
    pages = read(CAMP.read_text(encoding="utf-8"))
    items = [item for page in pages for item in page.session.items]
    assert len(items) == 79
    assert {item.start.tzinfo.key for item in items} == {"Europe/Berlin"}  # type: ignore[union-attr]
    assert {page.session.start.tzinfo.key for page in pages} == {"Europe/Berlin"}  # type: ignore[union-attr]


def test_the_guid_is_the_events_identity(tmp_path):
    """An event keeps its item when it moves to another room and day (the guid, not the
    session, is its identity); an event given another guid is another item."""
    document = json.loads(CAMP.read_text(encoding="utf-8"))
    days = document["schedule"]["conference"]["days"]
    moved = days[0]["rooms"]["Curie"].pop(0)
    days[1]["rooms"]["Meitner"].append({**moved, "room": "Meitner"})
    days[0]["rooms"]["Curie"][0]["guid"] = "00000000-0000-4000-8000-000000000001"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    before = camp_items()
    after = {item["url"]: item for session in parsed(str(changed)) for item in session["items"]}
    assert after[event_url(10386)]["session"] == "Meitner · Thu 22 Aug"
    assert after[event_url(10386)]["id"] == before[event_url(10386)]["id"]
    assert after[event_url(10365)]["id"] != before[event_url(10365)]["id"]
    unchanged = [url for url in before if url != event_url(10365)]
    assert [after[url]["id"] for url in unchanged] == [before[url]["id"] for url in unchanged]


def test_parse_on_the_command_line_stores_every_event(isolated_library):
    result = run_cli("parse", str(CAMP))
    assert result.code == ExitCode.OK, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"confcli: stored 10 session(s), 79 item(s) in {isolated_library}"
    )
    assert "Curie · Sun 25 Aug: 1 item(s) without authors" in result.stderr
    assert len(run_cli("list", "--room", "Meitner", "--json").json) == 38


# --- detection ------------------------------------------------------------------------------


def test_the_frab_reader_claims_the_file_before_any_other():
    text = CAMP.read_text(encoding="utf-8")
    assert frab.sniff(text[: 64 * 1024]) and not frab_xml.sniff(text)
    for format in (None, "json", "frab", "frab-json"):
        pages = read(text, format)
        assert len(pages) == 10 and {page.shape for page in pages} == {"frab-json"}


@pytest.mark.parametrize(
    "head",
    [
        '{"schema_version": 1, "id": "x", "title": "Oral 1", "items": []}',
        '{"count": 1, "results": [{"id": 1, "name": "A paper"}]}',
        '[{"type": "Poster", "name": "x", "virtualsite_url": "https://icml.cc/virtual/2024/poster/1"}]',
        '{"1": "an abstract"}',
        '{"conference": {"title": "x"}, "schedule": 1}',  # conference not inside schedule
        "Oral Session 1\nschedule: conference",
    ],
)
def test_other_json_and_text_are_not_a_frab_schedule(head):
    assert not frab.sniff(head)
    assert not frab_xml.sniff(head)


def test_a_head_full_of_schedule_keys_is_sniffed_at_once():
    assert not frab.sniff("{" + '"schedule": {' * 5000)


# --- small schedule.json documents ----------------------------------------------------------


def schedule_json(events: list[dict], zone: str | None = "Europe/Amsterdam", **top) -> str:
    conference = {"acronym": "fosdem2024", "title": "FOSDEM 2024", "start": "2024-02-03"}
    if zone:
        conference["time_zone_name"] = zone
    conference["days"] = [
        {"index": 1, "date": "2024-02-03", "day_start": "2024-02-03T09:00:00+01:00",
         "rooms": {"Janson": events}}
    ]  # fmt: skip
    return json.dumps({**top, "schedule": {"version": "1", "conference": conference}})


def event(**fields) -> dict:
    return {"title": "Keynote", "type": "Talk", "duration": "00:50", **fields}


def only_item(text: str, format: str | None = None):
    (page,) = read(text, format)
    (item,) = page.session.items
    return page, item


def test_pretalx_events_have_names_an_end_and_utc_dates_shown_in_the_conference_zone():
    text = schedule_json([event(date="2024-02-03T09:30:00Z", end="2024-02-03T10:00:00Z",
                                persons=[{"code": "ABC123", "name": "Ada Lovelace"}])])  # fmt: skip
    page, item = only_item(text)
    assert item.start.isoformat() == "2024-02-03T10:30:00+01:00"
    assert item.end.isoformat() == "2024-02-03T11:00:00+01:00"  # end wins over duration
    assert item.authors == ("Ada Lovelace",) and item.kind == "talk"
    assert (page.session.conference, page.session.year) == ("FOSDEM", 2024)
    assert page.session.title == "Janson · Sat 3 Feb"


def test_without_date_the_day_and_start_in_the_conference_zone():
    page, item = only_item(schedule_json([event(start="10:30")]))
    assert item.start.isoformat() == "2024-02-03T10:30:00+01:00"
    assert item.end.isoformat() == "2024-02-03T11:20:00+01:00"


def test_a_clock_time_before_the_day_begins_is_after_midnight():
    page, item = only_item(schedule_json([event(start="01:15")]))
    assert item.start.isoformat() == "2024-02-04T01:15:00+01:00"
    assert page.session.title == "Janson · Sat 3 Feb"  # the schedule's day, not the date


def test_a_duration_is_elapsed_time_across_the_clock_change():
    text = schedule_json([event(date="2024-03-31T01:30:00+01:00", duration="01:00")])
    page, item = only_item(text)
    assert item.end.isoformat() == "2024-03-31T03:30:00+02:00"


@pytest.mark.parametrize(
    "fields",
    [
        {"date": "9999-12-31T23:59:59+00:00"},  # after the year 9999 in Amsterdam
        {"date": "0001-01-01T00:30:00+01:00"},  # before the year 1 in UTC
        {"date": "9999-12-31T22:00:00+00:00", "duration": "999:00"},
    ],
)
def test_times_past_the_calendar_are_no_times_not_a_crash(fields):
    page, item = only_item(schedule_json([event(**fields)]))
    assert item.end is None
    if "duration" not in fields:
        assert item.start is None
        assert page.warnings[0] == "1 event(s) without a readable start time"


def test_an_unknown_zone_is_told_and_offsets_are_kept():
    for zone in ("Mars/Olympus", "../../etc/passwd"):
        text = schedule_json([event(date="2024-02-03T10:30:00+01:00")], zone=zone)
        page, item = only_item(text)
        assert item.start.isoformat() == "2024-02-03T10:30:00+01:00"
        assert page.warnings[0] == f"unknown time_zone_name {zone!r}: times keep their offsets"


def test_events_without_titles_or_times_are_told():
    events = [event(date="2024-02-03T10:30:00+01:00"), {"title": " "}, 7,
              event(title="Lost", date="soon")]  # fmt: skip
    (page,) = read(schedule_json(events))
    assert [item.title for item in page.session.items] == ["Keynote", "Lost"]
    assert page.session.items[1].start is None
    assert page.warnings[:2] == [
        "left out 2 event(s) without a title",
        "1 event(s) without a readable start time",
    ]


def test_the_description_stands_in_for_a_missing_abstract_except_in_confclis_own():
    fields = dict(date="2024-02-03T10:30:00+01:00", abstract="", description="Long\r\ntext ")
    assert only_item(schedule_json([event(**fields)]))[1].abstract == "Long\ntext"
    own = schedule_json([event(**fields)], generator={"name": "confcli"})
    assert only_item(own)[1].abstract is None  # confcli writes poster, decision, award there


def test_only_web_links_are_kept():
    links = [
        {"url": "javascript:alert(1)", "title": "x"},
        {"url": "/slides.pdf", "title": "Slides"},  # no base_url to resolve it against
        {"url": "https://example.org/a", "title": "Slides"},
        {"url": "https://example.org/b"},
    ]
    text = schedule_json([event(date="2024-02-03T10:30:00+01:00", url="urn:uuid:1", links=links)])
    page, item = only_item(text)
    assert item.url is None
    assert item.links == (("Slides", "https://example.org/a"), ("link", "https://example.org/b"))


def test_relative_links_resolve_against_the_base_url():
    events = [event(date="2024-02-03T10:30:00+01:00", url="events/1.html",
                    links=[{"url": "/slides.pdf", "title": "Slides"}])]  # fmt: skip
    text = json.loads(schedule_json(events))
    text["schedule"]["base_url"] = "https://fosdem.org/2024/schedule/"
    page, item = only_item(json.dumps(text))
    assert item.url == "https://fosdem.org/2024/schedule/events/1.html"
    assert item.links == (("Slides", "https://fosdem.org/slides.pdf"),)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"schedule": {"conference": {"days": [', "broken frab schedule (line 1 column"),
        ('{"schedule": {"conference": {"title": "x"}}}', "a frab schedule without events"),
        ('{"schedule": {"conference": {"days": [{"rooms": {"A": []}}]}}}',
         "a frab schedule without events"),
    ],
)  # fmt: skip
def test_broken_schedules_are_refused_with_the_reason(text, message):
    with pytest.raises(BadInputError, match="^schedule: " + re.escape(message)):
        read(text)


# --- schedule.xml ---------------------------------------------------------------------------

PENTABARF = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!-- saved from the conference site -->
<schedule>
  <conference>
    <title>FrOSCon 2019</title>
    <acronym>froscon2019</acronym>
    <start>2019-08-10</start>
    <days>1</days>
    <day_change>04:00</day_change>
    <time_zone_name>Europe/Berlin</time_zone_name>
    <base_url>https://programm.froscon.de/2019/</base_url>
  </conference>
  <day date="2019-08-10" index="1">
    <room name="HS 1">
      <event id="2386" guid="6f3e33a4-0ad3-4c33-8a6d-8c6e2d5e3b4c">
        <start>10:00</start>
        <duration>01:00</duration>
        <room>HS 1</room>
        <title>Fast &amp; <![CDATA[<safe>]]> Python</title>
        <track>Python</track>
        <type>lecture</type>
        <abstract>Line one.
Line two.</abstract>
        <persons><person id="1">Guido <i>van</i> Rossum</person></persons>
        <links><link href="events/2386.html">Event page</link></links>
        <url>events/2386.html</url>
      </event>
      <event id="2387" guid="6f3e33a4-0ad3-4c33-8a6d-8c6e2d5e3b4d">
        <start>02:30</start>
        <duration>00:30</duration>
        <title>Late night</title>
        <type>other</type>
      </event>
    </room>
  </day>
</schedule>
"""


def test_a_pentabarf_schedule_xml():
    (page,) = read(PENTABARF)
    assert page.shape == "frab-xml" and page.session.title == "HS 1 · Sat 10 Aug"
    first, late = page.session.items
    assert first.title == "Fast & <safe> Python" and first.authors == ("Guido van Rossum",)
    assert first.start.isoformat() == "2019-08-10T10:00:00+02:00"
    assert first.end.isoformat() == "2019-08-10T11:00:00+02:00"
    assert first.abstract == "Line one.\nLine two." and first.kind == "lecture"
    assert first.url == "https://programm.froscon.de/2019/events/2386.html"
    assert first.links == (("Event page", "https://programm.froscon.de/2019/events/2386.html"),)
    assert late.start.isoformat() == "2019-08-11T02:30:00+02:00"  # before day_change
    assert (late.room, late.kind) == ("HS 1", "other")
    assert (page.session.conference, page.session.year) == ("FrOSCon", 2019)


def test_the_xml_reader_is_chosen_by_content_and_by_format():
    for format in (None, "xml", "frab", "frab-xml"):
        assert [page.shape for page in read(PENTABARF, format)] == ["frab-xml"]
    with pytest.raises(BadInputError, match="tried: frab-json"):
        read(PENTABARF, "frab-json")


@pytest.mark.parametrize(
    "head, claimed",
    [
        ("\ufeff<?xml version='1.0'?>\n<schedule>", True),
        ("<!-- a -->\n<!-- b -->\n<?xml-stylesheet href='s.xsl'?><schedule version='1'>", True),
        ("  <schedule/>", True),
        ('<!DOCTYPE schedule [<!ENTITY a "x">]><schedule>', True),  # claimed, then refused
        ("<html><body><schedule>", False),
        ("<?xml version='1.0'?><schedules>", False),
        ("<!DOCTYPE html><html>", False),
        ("<!--" + " " * 70_000, False),
    ],
)
def test_xml_sniffing(head, claimed):
    assert frab_xml.sniff(head) is claimed


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE schedule [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<schedule><conference><title>&lol3;</title></conference></schedule>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE schedule SYSTEM "file:///etc/passwd">
<schedule><conference><title>x</title></conference></schedule>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL])
def test_xml_with_a_dtd_or_entities_is_refused_before_parsing(text, tmp_path):
    with pytest.raises(BadInputError, match="XML declaring a DTD or entities is refused"):
        read(text)
    path = tmp_path / "schedule.xml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("parse", str(path))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: {path}: XML declaring a DTD or entities is refused "
        "(they can expand without bound)\n"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("<schedule><conference>", "broken schedule XML (no element found: line 1, column 22)"),
        ("<schedule><day>&nbsp;</day></schedule>", "broken schedule XML (undefined entity"),
        ("<schedule><conference/></schedule>", "a frab schedule without events"),
    ],
)
def test_broken_xml_is_refused_with_the_reason(text, message):
    with pytest.raises(BadInputError, match="^schedule: " + re.escape(message)):
        read(text)
