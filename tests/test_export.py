"""`confcli export`: choosing the format, the filtered set and nothing else, empty
exports, atomic files, options, errors; json and jsonl through the real jq; the round
trip through confcli's own JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import uuid

import pytest
from conftest import need_tool, run_cli
from export_support import EPOCH_2024

from confcli.errors import ExitCode
from confcli.export.atomic import atomic_write
from confcli.model import ALL_ITEM_FIELDS, ITEM_FIELDS

pytest_plugins = ["export_fixtures"]  # samples, hostile, stamped

FORMATS = ["json", "jsonl", "csv", "ics", "md", "frab"]


def ids_in(fmt: str, text: str) -> list[str]:
    """The item ids a document holds, read the way its consumers read it."""
    if fmt == "json":
        return [item["id"] for item in json.loads(text)]
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in text.splitlines()]
    if fmt == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    if fmt == "ics":
        from icalendar import Calendar

        events = Calendar.from_ical(text).walk("VEVENT")
        return [str(event["UID"]).split("-")[0] for event in events]
    if fmt == "frab":
        days = json.loads(text)["schedule"]["conference"]["days"]
        return [e["guid"] for d in days for events in d["rooms"].values() for e in events]
    return [line for line in text.splitlines() if line.startswith("- ")]


def frab_guid(item_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:confcli:item:{item_id}"))


# --- exactly the filtered set --------------------------------------------------------------

FILTERS = {
    "kind oral": (["--kind", "oral"], 16),
    "award": (["--award", "any"], 2),
    "author": (["--author", "Weller"], 2),
    "day": (["--day", "2021-05-05", "--tz", "America/Los_Angeles"], 16),
    "room": (["--room", "ballroom"], 14),
    "decision": (["--session", "Poster Session 3", "--decision", "top 5%"], 11),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FILTERS)
def test_every_format_exports_exactly_the_filtered_set(samples, fmt, name):
    args, count = FILTERS[name]
    listed = run_cli("list", *args, "--json").json
    assert len(listed) == count
    result = run_cli("export", "--format", fmt, *args)
    assert result.code == 0, result.stderr
    timed = [item["id"] for item in listed if item["start"]]
    wanted = {
        "ics": timed,
        "frab": [frab_guid(item_id) for item_id in timed],
        "md": [None] * count,
    }.get(fmt, [item["id"] for item in listed])
    found = ids_in(fmt, result.stdout)
    assert (found if fmt != "md" else [None] * len(found)) == wanted


def test_json_export_is_what_list_json_prints(samples):
    listed = run_cli("list", "--kind", "spotlight", "--json")
    exported = run_cli("export", "-f", "json", "--kind", "spotlight")
    assert exported.stdout == listed.stdout and exported.stderr == ""


def test_untimed_items_are_left_out_of_ics_and_frab_and_counted(samples):
    for fmt in ("ics", "frab"):
        result = run_cli("export", "-f", fmt)
        assert result.code == 0
        assert result.stderr == (
            f"confcli: warning: left out 135 item(s) without times: {fmt} needs times\n"
        )
        assert len(ids_in(fmt, result.stdout)) == 60


# --- empty exports --------------------------------------------------------------------------

EMPTY = {
    "json": "[]\n",
    "jsonl": "",
    "csv": ",".join(ITEM_FIELDS) + "\r\n",
    "md": "# Conference programme\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_is_a_valid_empty_document_and_a_warning(samples, stamped, fmt):
    result = run_cli("export", "-f", fmt, "--year", "2099")
    assert result.code == ExitCode.OK
    assert result.stderr == f"confcli: warning: no items to export: the {fmt} document is empty\n"
    if fmt in EMPTY:
        assert result.stdout == EMPTY[fmt]
    elif fmt == "ics":
        from icalendar import Calendar

        calendar = Calendar.from_ical(result.stdout)
        assert calendar.walk("VEVENT") == [] and str(calendar["PRODID"]).startswith("-//confcli")
    else:
        import jsonschema
        from export_support import SCHEMA

        document = json.loads(result.stdout)
        jsonschema.validate(document, json.loads(SCHEMA.read_text()))
        conference = document["schedule"]["conference"]
        assert conference["days"] == [] and conference["daysCount"] == 0
        assert conference["start"] == conference["end"] == "2024-01-01"


# --- the format: --format, else the file name ---------------------------------------------


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("out.json", "json"),
        ("out.jsonl", "jsonl"),
        ("out.ndjson", "jsonl"),
        ("OUT.CSV", "csv"),
        ("out.ics", "ics"),
        ("notes.md", "md"),
        ("schedule.json", "frab"),
        ("iclr.schedule.json", "frab"),
    ],
)
def test_the_format_comes_from_the_file_name(samples, tmp_path, name, fmt):
    target = tmp_path / name
    result = run_cli("export", "-o", str(target), "--kind", "oral")
    assert result.code == 0, result.stderr
    assert result.stderr == f"confcli: wrote 16 item(s) to {target}\n"
    expected = run_cli("export", "-f", fmt, "--kind", "oral").stdout
    assert target.read_bytes() == expected.encode("utf-8")


def test_format_wins_over_the_file_name(samples, tmp_path):
    target = tmp_path / "items.json"
    assert run_cli("export", "-f", "csv", "-o", str(target), "-k", "oral").code == 0
    assert target.read_text(encoding="utf-8").startswith("id,kind,title,")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            [],
            "say which format: --format json|jsonl|csv|ics|md|frab|frab-xml, or -o FILE ending in",
        ),
        (["-o", "notes.txt"], "say which format:"),
        (
            ["-f", "xml"],
            "unknown export format 'xml' (known: json, jsonl, csv, ics, md, frab, frab-xml)",
        ),
        (["-f", "csv", "--fields", "title,nope"], "--fields: unknown field 'nope' (valid: id, "),
        (["-f", "ics", "--fields", "title"], "--fields applies to json, jsonl and csv, not ics"),
        (["-f", "csv", "--nested"], "--nested applies to json and jsonl"),
        (["-f", "json", "--sessions"], "--sessions applies to ics, not json"),
        (["-f", "json", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_usage_errors_are_one_line_with_code_2(samples, args, message):
    result = run_cli("export", *args)
    assert result.code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.startswith(f"confcli: error: {message}")
    assert result.stderr.count("\n") == 1


def test_an_unknown_field_lists_every_valid_one(samples):
    result = run_cli("export", "-f", "json", "--fields", "titel")
    assert result.stderr.rstrip().endswith(f"(valid: {', '.join(ALL_ITEM_FIELDS)})")


def test_a_bad_source_date_epoch_is_a_usage_error(samples, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("export", "-f", "ics")
    assert (result.code, result.stderr) == (
        ExitCode.USAGE,
        "confcli: error: SOURCE_DATE_EPOCH must be whole seconds, not 'yesterday'\n",
    )


# --- --fields, --nested ---------------------------------------------------------------------


def test_fields_pick_and_order_columns_for_csv_and_json(samples):
    args = ("--fields", "title, authors,start,title", "--session", "Oral Session 7", "-n", "1")
    rows = list(csv.reader(io.StringIO(run_cli("export", "-f", "csv", *args).stdout)))
    title = "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
    assert rows[0] == ["title", "authors", "start"]
    assert rows[1][0] == title and rows[1][2] == "2021-05-05T03:00:00-07:00"
    assert rows[1][1].startswith("Alexey Dosovitskiy; Lucas Beyer; ")
    record = run_cli("export", "-f", "json", *args).json[0]
    assert list(record) == ["schema_version", "title", "authors", "start"]
    assert record["title"] == title and len(record["authors"]) == 12
    line = run_cli("export", "-f", "jsonl", *args).stdout
    assert json.loads(line) == record


def test_nested_json_is_sessions_holding_only_the_selected_items(samples):
    sessions = run_cli("export", "-f", "json", "--nested", "--kind", "qa").json
    assert [s["title"] for s in sessions] == ["Orals & Spotlights Track 13: Deep Learning/Theory",
                                              "Oral Session 1", "Oral Session 7"]  # fmt: skip
    assert [s["item_count"] for s in sessions] == [2, 3, 3]
    assert all(item["kind"] == "qa" for s in sessions for item in s["items"])
    assert sessions[1]["chairs"] == ["Blake Richards", "Ozan Sener", "Yutian Chen"]


# --- -o: atomic files -----------------------------------------------------------------------


def exports_in(folder) -> list[str]:
    """The files in a folder besides the test's library (and SQLite's -wal, -shm)."""
    return sorted(name for name in os.listdir(folder) if not name.startswith("library.sqlite"))


def test_output_replaces_a_file_whole_and_leaves_no_temporary_file(samples, tmp_path):
    target = tmp_path / "programme.csv"
    target.write_text("old")
    target.chmod(0o640)
    assert run_cli("export", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"id,kind,title,") and len(target.read_bytes()) > 1000
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert exports_in(tmp_path) == ["programme.csv"]


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.md", b"# x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "orals.ics"
    target.write_bytes(b"the old calendar")

    def fail(*args):
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(Exception if isinstance(failure, OSError) else KeyboardInterrupt):
        atomic_write(target, b"BEGIN:VCALENDAR half")
    assert target.read_bytes() == b"the old calendar"
    assert os.listdir(tmp_path) == ["orals.ics"]


def test_ctrl_c_during_an_export_exits_130_and_keeps_the_old_file(samples, tmp_path, monkeypatch):
    target = tmp_path / "orals.ics"
    target.write_bytes(b"old")

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    result = run_cli("export", "-o", str(target), "--kind", "oral")
    assert result.code == ExitCode.INTERRUPTED and "wrote" not in result.stderr
    assert target.read_bytes() == b"old"
    assert exports_in(tmp_path) == ["orals.ics"]


def test_unwritable_targets_are_one_line_errors(samples, tmp_path):
    missing = tmp_path / "no" / "such" / "out.json"
    result = run_cli("export", "-o", str(missing))
    assert result.code == ExitCode.OUTPUT  # issue 13: every write failure is exit 7
    assert result.stderr == (
        f"confcli: error: {missing}: cannot write: no such directory: {missing.parent}\n"
    )
    folder = tmp_path / "dir.json"
    folder.mkdir()
    result = run_cli("export", "-o", str(folder))
    assert result.code == ExitCode.OUTPUT
    assert result.stderr == f"confcli: error: {folder}: cannot write: it is a directory\n"
    assert os.listdir(folder) == []


def test_dash_means_standard_output(samples):
    result = run_cli("export", "-f", "jsonl", "-o", "-", "--kind", "oral")
    assert result.code == 0 and len(result.stdout.splitlines()) == 16


# --- determinism ----------------------------------------------------------------------------


def test_exports_do_not_depend_on_the_clock(samples, monkeypatch):
    for fmt in FORMATS:
        args = ("-f", fmt, "--kind", "oral", *(["--sessions"] if fmt == "ics" else []))
        assert run_cli("export", *args).stdout == run_cli("export", *args).stdout, fmt
    # Without SOURCE_DATE_EPOCH, DTSTAMP is the earliest start in the file: the NeurIPS
    # orals, 8 Dec 2020 18:00 PST.
    unset = run_cli("export", "-f", "ics", "--kind", "oral").stdout
    assert unset.count("DTSTAMP:20201209T020000Z\r\n") == 16
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2024)
    stamped_ics = run_cli("export", "-f", "ics", "--kind", "oral").stdout
    assert stamped_ics.count("DTSTAMP:20240101T000000Z\r\n") == 16


# --- real consumers: jq ---------------------------------------------------------------------


def jq(program: str, text: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [need_tool("jq"), "-e", *options, program], input=text, capture_output=True, text=True
    )


def test_jq_reads_the_json_export(samples):
    text = run_cli("export", "-f", "json", "--author", "Weller").stdout
    checks = [
        "length == 2",
        'all(.[]; .schema_version == 1 and .conference == "ICLR" and .year == 2021)',
        '[.[].kind] == ["oral", "oral"] and .[1].start == "2021-05-05T04:05:00-07:00"',
        '.[1].title == "Getting a CLUE: A Method for Explaining Uncertainty Estimates"',
        '.[0].authors | length == 13 and .[10] == "David Belanger"',
    ]
    for check in checks:
        result = jq(check, text)
        assert result.returncode == 0 and result.stdout == "true\n", (check, result)


def test_jq_reads_the_jsonl_export_line_by_line(samples):
    text = run_cli(
        "export", "-f", "jsonl", "--session", "Poster Session 3", "--award", "any"
    ).stdout
    assert text.count("\n") == 2 and "\n\n" not in text and text.endswith("}\n")
    titles = jq(".title", text, "-r")
    assert titles.returncode == 0
    assert titles.stdout.splitlines() == [
        "Rethinking the Expressive Power of GNNs via Graph Biconnectivity",
        "On the duality between contrastive and non-contrastive self-supervised learning",
    ]
    awards = '[.[].award] == ["Outstanding Paper", "Honorable Mention"]'
    slurped = jq(f"length == 2 and {awards}", text, "-s")
    assert slurped.stdout == "true\n", slurped


# --- the round trip through confcli's own JSON ---------------------------------------------


@pytest.mark.parametrize("nested", [False, True])
def test_json_round_trip_is_byte_identical(samples, tmp_path, monkeypatch, nested):
    shape = ["--nested"] if nested else []
    first = run_cli("export", "-f", "json", *shape).stdout
    exported = tmp_path / "programme.json"
    exported.write_text(first, encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite"
    parsed = run_cli("parse", str(exported), "--library", str(fresh))
    assert parsed.code == 0, parsed.stderr
    again = run_cli("export", "-f", "json", *shape, "--library", str(fresh))
    assert again.stdout == first
    assert json.loads(first)[0]["schema_version"] == 1


def test_hostile_text_round_trips_through_json(hostile, tmp_path):
    first = run_cli("export", "-f", "json").stdout
    exported = tmp_path / "hostile.json"
    exported.write_text(first, encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite"
    assert run_cli("parse", str(exported), "--library", str(fresh)).code == 0
    assert run_cli("export", "-f", "json", "--library", str(fresh)).stdout == first


# --- start-up --------------------------------------------------------------------------------

PROBE = """
import json, sys
from confcli.main import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules} & {'icalendar', 'rich'})]),
      file=sys.stderr)
"""


def test_only_the_ics_export_imports_icalendar(samples):
    def heavy(*args: str) -> list[str]:
        result = subprocess.run([sys.executable, "-c", PROBE, "export", *args],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        code, modules = json.loads(result.stderr.strip().splitlines()[-1])
        assert code == 0, result.stderr
        return modules

    assert heavy("-f", "json", "-k", "oral") == []
    assert heavy("-f", "ics", "-k", "oral") == ["icalendar"]
