"""`export --format frab-xml` (schedule.xml) validated by xmllint against the c3voc XSD,
and the round trips through frab: confcli's own items exported as schedule.json and
schedule.xml and parsed back, and the real camp2019 schedule.json parsed and exported."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from conftest import need_tool, run_cli
from export_support import SCHEMA

from confcli.export import frab, frabxml
from confcli.export.common import ExportOptions, Selection
from confcli.export.frablayout import layout
from confcli.model import Item

pytest_plugins = ["export_fixtures"]  # samples, hostile, stamped

XSD = Path(__file__).parent / "schemas" / "frab-schedule.xml.xsd"
CAMP = Path(__file__).parent / "fixtures" / "real" / "camp2019_frab_schedule.json"
KEPT = ("title", "authors", "kind", "start", "end", "room", "abstract", "url", "session")
ALL_KINDS = ("--kind", "oral", "--kind", "spotlight", "--kind", "poster", "--kind", "qa",
             "--kind", "break")  # fmt: skip


def export(*args: str) -> str:
    result = run_cli("export", *args)
    assert result.code == 0, result.stderr
    return result.stdout


def validate(text: str, tmp_path: Path) -> ElementTree.Element:
    """xmllint's verdict on the document, then the document."""
    path = tmp_path / "schedule.xml"
    path.write_text(text, encoding="utf-8")
    command = [need_tool("xmllint"), "--noout", "--schema", str(XSD), str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{path} validates\n"
    return ElementTree.fromstring(text)


def validate_schedule(text: str) -> str:
    """The schedule.json, once jsonschema finds it valid against the c3voc schema."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(text), schema, format_checker=jsonschema.FormatChecker())
    return text


def events_of(root: ElementTree.Element) -> list[ElementTree.Element]:
    return root.findall("day/room/event")


def json_events(text: str) -> list[dict]:
    days = json.loads(text)["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


def items(*args: str) -> list[dict]:
    result = run_cli("list", *args, "--json")
    assert result.code == 0, result.stderr
    return result.json


# --- the document ---------------------------------------------------------------------------


def test_the_samples_validate_and_hold_the_schedule_json_events(samples, tmp_path):
    root = validate(export("-f", "frab-xml"), tmp_path)
    events = json_events(export("-f", "frab"))
    assert len(events) == 60
    assert [event.get("guid") for event in events_of(root)] == [event["guid"] for event in events]
    assert [int(event.get("id")) for event in events_of(root)] == [event["id"] for event in events]
    assert root.findtext("conference/acronym") == "confcli"
    assert [day.get("date") for day in root.findall("day")] == [
        "2020-12-08", "2021-05-03", "2021-05-05", "2022-07-21",
    ]  # fmt: skip
    assert root.find("generator").get("name") == "confcli"  # read back as confcli wrote it


def test_an_event_says_what_the_json_event_says(samples, tmp_path):
    root = validate(export("-f", "frab-xml", "--session", "Deep Learning"), tmp_path)
    (event,) = json_events(export("-f", "frab", "--session", "Deep Learning", "--limit", "1"))
    element = events_of(root)[0]
    for name in ("date", "start", "duration", "room", "slug", "title", "track", "type"):
        assert element.findtext(name) == event[name], name
    assert event["url"].startswith("urn:uuid:") and element.find("url") is None  # not http(s)
    assert element.findtext("abstract") == event["abstract"]
    assert [person.text for person in element.iterfind("persons/person")] == [
        person["name"] for person in event["persons"]
    ]
    assert root.findtext("conference/acronym") == "icml2022"
    assert root.findtext("conference/title") == "ICML 2022"


def test_the_display_zone_names_the_conference_zone(samples, tmp_path):
    text = export(
        "-f", "frab-xml", "--tz", "Asia/Tokyo", "--kind", "oral", "--conference", "NeurIPS"
    )
    root = validate(text, tmp_path)
    assert root.findtext("conference/time_zone_name") == "Asia/Tokyo"
    (day,) = root.findall("day")
    assert (day.get("date"), day.get("start")) == ("2020-12-09", "2020-12-09T11:00:00+09:00")


def test_hostile_text_is_escaped_and_controls_removed(hostile, tmp_path):
    root = validate(export("-f", "frab-xml"), tmp_path)
    events = {event.findtext("type"): event for event in events_of(root)}
    assert len(events_of(root)) == 6
    assert events["spotlight"].findtext("title").endswith("\\emph{faster} & {braces}")
    assert events["qa"].findtext("title") == "[31mRed[0m alert and tab"
    assert events["qa"].findtext("room") == "Room B"
    assert events["break"].findtext("title").startswith("# Not a heading *nor* _emphasis_")
    assert "<b>html</b> &amp; ~~strike~~" in events["break"].findtext("title")
    assert [room.get("name") for room in root.iter("room")][0] == 'Hall "A", level; 2'
    abstract = events["qa"].findtext("abstract")
    assert "\x1b" not in abstract and abstract.endswith(" end\nCR")


def item(id: str, title: str, start: datetime, end: datetime | None) -> Item:
    return Item(id=id, kind="talk", title=title, session_id="s", session="S", position=1,
                start=start, end=end, room="Hall")  # fmt: skip


def test_what_the_xsd_allows_less_of_is_adapted_never_invalid(tmp_path):
    """Two item ids whose frab ids collide, a week-long item, characters XML forbids."""
    start = datetime(2024, 5, 1, 9, tzinfo=UTC)
    selection = Selection(
        items=[
            item("item20771", "One\x00\x0b\ufffe\uffff two", start, start + timedelta(hours=1)),
            item("item25048", "Same frab id", start, start + timedelta(days=7)),
        ],
        sessions=[],
    )
    root = validate(frabxml.render(selection, ExportOptions()), tmp_path)
    first, second = events_of(root)
    assert int(second.get("id")) == int(first.get("id")) + 1  # both hash to 0x6929ffd + 1
    assert first.findtext("title") == "One two"
    assert second.findtext("duration") == "99:59"


URLS = {
    "https://example.org/a?b=1&c=(2)": "https://example.org/a?b=1&c=(2)",
    "HTTPS://example.org/a b": "https://example.org/a%20b",
    "https://example.org/50%/x#y#z": "https://example.org/50%25/x#y%23z",
    "https://example.org/[1]{2}|ü": "https://example.org/%5B1%5D%7B2%7D%7C%C3%BC",
    "https://[::1]:8080/": "https://[::1]:8080/",
    "https://[::1": None,
    "http://.:": None,
    "javascript:alert(1)": None,
}


def test_urls_are_what_an_xs_any_uri_takes(tmp_path):
    start = datetime(2024, 5, 1, 9, tzinfo=UTC)
    hour = timedelta(hours=1)
    selection = Selection(
        items=[
            Item(
                id=f"u{n}",
                kind="talk",
                title=f"Talk {n}",
                session_id="s",
                session="S",
                position=n,
                start=start + n * hour,
                end=start + (n + 1) * hour,
                url=url,
            )
            for n, url in enumerate(URLS)
        ],  # fmt: skip
        sessions=[],
    )
    root = validate(frabxml.render(selection, ExportOptions()), tmp_path)
    assert [event.findtext("url") for event in events_of(root)] == list(URLS.values())


@pytest.mark.parametrize("name", ["schedule.xml", "iclr.schedule.xml", "SCHEDULE.XML"])
def test_the_file_name_chooses_frab_xml(samples, tmp_path, name):
    target = tmp_path / name
    result = run_cli("export", "-o", str(target), "--kind", "oral")
    assert result.code == 0, result.stderr
    assert result.stderr == f"confcli: wrote 16 item(s) to {target}\n"
    assert target.read_text(encoding="utf-8") == export("-f", "frab-xml", "--kind", "oral")
    assert export("-f", "schedule.xml", "--kind", "oral") == target.read_text(encoding="utf-8")


def test_untimed_items_are_left_out_and_counted(samples):
    result = run_cli("export", "-f", "frab-xml")
    assert result.stderr == (
        "confcli: warning: left out 135 item(s) without times: frab-xml needs times\n"
    )


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("frab", "schedule.json"), ("frab-xml", "schedule.xml")])
def test_confcli_items_exported_to_frab_and_parsed_back_keep_their_fields(
    samples, tmp_path, monkeypatch, fmt, name
):
    """frab has no poster number, decision or award; everything else an item says comes
    back, for every timed item of the samples."""
    before = [entry for entry in items(*ALL_KINDS) if entry["start"]]
    path = tmp_path / name
    path.write_text(export("-f", fmt), encoding="utf-8")
    monkeypatch.setenv("CONFCLI_LIBRARY", str(tmp_path / "back.sqlite"))
    result = run_cli("parse", str(path))
    assert result.code == 0, result.stderr
    after = items(*ALL_KINDS)
    assert len(after) == len(before) == 60
    key = lambda entry: (entry["start"], entry["session"], entry["title"])  # noqa: E731
    for old, new in zip(sorted(before, key=key), sorted(after, key=key), strict=True):
        assert {field: new[field] for field in KEPT} == {field: old[field] for field in KEPT}
    assert {entry["session"] for entry in after} == {
        "Orals & Spotlights Track 13: Deep Learning/Theory", "Oral Session 1", "Oral Session 7",
        "Deep Learning",
    }  # fmt: skip


def camp_export(fmt: str, tmp_path: Path, name: str) -> Path:
    assert run_cli("parse", str(CAMP)).code == 0
    path = tmp_path / name
    path.write_text(export("-f", fmt), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt, name", [("frab", "schedule.json"), ("frab-xml", "schedule.xml")])
def test_the_camp_read_exported_and_read_again_is_the_same_programme(
    tmp_path, monkeypatch, fmt, name
):
    """Every field but the item's id (its guid is confcli's now) and its source."""
    path = camp_export(fmt, tmp_path, name)
    if fmt == "frab-xml":
        validate(path.read_text(encoding="utf-8"), tmp_path)
    before = items("--kind", "lecture", "--kind", "performance")
    monkeypatch.setenv("CONFCLI_LIBRARY", str(tmp_path / "again.sqlite"))
    assert run_cli("parse", str(path)).code == 0
    after = items("--kind", "lecture", "--kind", "performance")
    assert len(after) == len(before) == 79
    for old, new in zip(before, after, strict=True):
        assert {**new, "id": None, "source": None} == {**old, "id": None, "source": None}


# A frab file parsed and exported again as frab gives the same bytes: the reader keeps each
# event's own record and the schedule's frame (export/frabsource.py). (This replaces the
# count of fields that survived before the records were kept: now every field does.)
def test_the_real_camp_schedule_parsed_and_exported_as_frab_is_the_same_bytes(tmp_path):
    path = tmp_path / "schedule.json"
    assert run_cli("parse", str(CAMP)).code == 0
    path.write_bytes(export("-f", "frab").encode("utf-8"))
    assert path.read_bytes() == CAMP.read_bytes()
    again = export("-f", "frab", "--tz", "Europe/Berlin")  # the schedule's own zone
    assert again.encode("utf-8") == CAMP.read_bytes()


def camp_selection() -> Selection:
    from dataclasses import replace

    from confcli.readers.build import PageContext
    from confcli.readers.registry import read_document

    pages = read_document(CAMP.read_text(encoding="utf-8"), PageContext(source="camp"))
    sessions = [page.session for page in pages]
    items = [item for session in sessions for item in session.items]
    return Selection(items=items, sessions=[replace(s, items=s.items) for s in sessions])


def test_the_selection_of_a_whole_unchanged_schedule_gives_its_bytes():
    document = "".join(frab.render(camp_selection(), ExportOptions()))  # writers stream
    assert document.encode("utf-8") == CAMP.read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        {
            "start": datetime(2019, 8, 21, 10, tzinfo=UTC),
            "end": datetime(2019, 8, 21, 11, tzinfo=UTC),
        },
        {"end": datetime(2019, 8, 21, 9, 45, tzinfo=UTC)},
        {"title": "Opening Ceremony (moved)"},
        {"room": "Meitner"},
        {"authors": ("jinxx",)},
        {"abstract": "Another abstract."},
        {"url": "https://example.org/"},
        {"kind": "workshop"},
    ],
)
def test_an_event_the_library_changed_is_written_from_the_model_and_valid(change):
    """The library says something the event's record does not (a time set by hand, an
    edited row): the records are no longer true, so the writer falls back to the model,
    valid against the c3voc schema, the event as the library has it."""
    from dataclasses import replace

    selection = camp_selection()
    first = selection.items[0]
    assert first.title == "Opening Ceremony"
    changed = replace(first, **change)
    selection = Selection(items=[changed, *selection.items[1:]], sessions=selection.sessions)
    text = validate_schedule("".join(frab.render(selection, ExportOptions())))
    assert json.loads(text)["generator"]["name"] == "confcli"
    events = {event["guid"]: event for event in json_events(text)}
    assert len(events) == 79
    event = events[first.site_id or ""]
    assert event["title"] == changed.title and event["room"] == changed.room
    assert datetime.fromisoformat(event["date"]) == changed.start


def test_a_moved_copy_parsed_after_the_file_is_given_back_as_the_copy(tmp_path):
    """Parsing a changed copy replaces the records too: the export is the copy's bytes."""
    document = json.loads(CAMP.read_text(encoding="utf-8"))
    first = document["schedule"]["conference"]["days"][0]["rooms"]["Curie"][0]
    first["date"], first["start"] = "2019-08-21T12:00:00+02:00", "12:00"
    path = tmp_path / "camp.json"
    path.write_text(layout(document), encoding="utf-8")
    assert run_cli("parse", str(CAMP)).code == 0
    assert run_cli("parse", str(path)).code == 0
    assert export("-f", "frab").encode("utf-8") == path.read_bytes()


def test_part_of_a_schedule_or_another_zone_is_written_from_the_model(tmp_path):
    assert run_cli("parse", str(CAMP)).code == 0
    part = export("-f", "frab", "--room", "Curie")
    assert len(json_events(validate_schedule(part))) < 79
    shifted = export("-f", "frab", "--tz", "Asia/Tokyo")
    assert json.loads(shifted)["schedule"]["conference"]["time_zone_name"] == "Asia/Tokyo"
    assert len(json_events(validate_schedule(shifted))) == 79


def test_the_published_layout_gives_the_real_file_its_bytes():
    """The other half of a byte-for-byte round trip: given every field, the layout."""
    data = CAMP.read_bytes()
    assert layout(json.loads(data)).encode("utf-8") == data
