"""confcli's own JSON read back by `confcli parse`: the same ids and fields, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES, SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.model import SCHEMA_VERSION

FEED = Path(__file__).parent / "fixtures" / "feed" / "iclr-2024-orals-posters.json"


@pytest.fixture
def other_library(tmp_path) -> str:
    return str(tmp_path / "other.sqlite")


def parse_stdin(text: str, *args: str):
    return run_cli("parse", "-", *args, stdin=text)


def write(tmp_path: Path, data, name: str = "data.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("pages", [SAMPLE_FILES, [FEED]], ids=["samples", "feed"])
def test_list_json_read_into_an_empty_library_gives_the_same_bytes(pages, other_library):
    assert run_cli("parse", *map(str, pages)).code == ExitCode.OK
    listed = run_cli("list", "--json").stdout
    result = parse_stdin(listed, "--library", other_library)
    assert result.code == ExitCode.OK, result.stderr
    assert run_cli("list", "--json", "--library", other_library).stdout == listed


def test_parse_json_output_reads_back_the_same(other_library):
    printed = run_cli("parse", *map(str, SAMPLE_FILES), "--json").stdout
    again = parse_stdin(printed, "--library", other_library, "--json")
    assert again.code == ExitCode.OK
    assert again.stdout == printed
    assert {page["source"] for page in json.loads(printed)} == {str(p) for p in SAMPLE_FILES}


def test_the_shape_is_confcli_json_and_nothing_is_recomputed(tmp_path, other_library):
    run_cli("parse", str(SAMPLES / "iclr2021-oral-session-7.txt"))
    listed = run_cli("list", "--json").json
    listed[0]["items"][0]["paper_id"] = "kept-as-written"
    listed[0]["items"][0]["source"] = "somewhere/else.txt"
    path = write(tmp_path, listed, "iclr2025-renamed.json")  # a name that says otherwise
    result = run_cli("parse", path, "--library", other_library, "--conference", "ICML")
    assert result.code == ExitCode.OK
    assert "confcli-json" in result.stdout
    back = run_cli("list", "--json", "--library", other_library).json
    assert back == listed


def test_an_items_array_is_grouped_back_into_its_session(other_library):
    run_cli("parse", *map(str, SAMPLE_FILES))
    items = run_cli("list", "--session", "Oral Session 7", "--json").stdout
    result = parse_stdin(items, "--library", other_library, "--json")
    assert result.code == ExitCode.OK
    (session,) = result.json
    assert (session["id"], session["title"], session["item_count"]) == (
        "iclr2021-oral-session-7-5b5522", "Oral Session 7", 16,
    )  # fmt: skip
    assert (
        run_cli("list", "--session", "Oral Session 7", "--json", "--library", other_library).stdout
        == items
    )


def test_search_hits_join_their_stored_sessions_without_losing_the_others(stored_samples):
    before = run_cli("list", "--json").stdout
    hits = run_cli("search", "lottery", "--json")
    assert hits.json and all("score" in hit for hit in hits.json)
    result = parse_stdin(hits.stdout)
    assert result.code == ExitCode.OK, result.stderr
    assert run_cli("list", "--json").stdout == before


def test_items_of_several_sessions_make_several_sessions(other_library):
    run_cli("parse", *map(str, SAMPLE_FILES))
    items = run_cli("list", "--kind", "oral", "--json")
    sessions = {item["session_id"] for item in items.json}
    result = parse_stdin(items.stdout, "--library", other_library, "--json")
    assert [session["id"] for session in result.json] == list(dict.fromkeys(
        item["session_id"] for item in items.json
    ))  # fmt: skip
    assert len(result.json) == len(sessions) > 1


def test_json_written_before_links_existed_reads_as_no_links(tmp_path, other_library):
    run_cli("parse", str(SAMPLES / "iclr2021-oral-session-7.txt"))
    listed = run_cli("list", "--json").json
    for item in listed[0]["items"]:
        del item["links"]
    assert run_cli("parse", write(tmp_path, listed), "--library", other_library).code == 0
    assert run_cli("list", "--json", "--library", other_library).json[0]["items"][0]["links"] == {}


# --- what is not confcli's JSON ---------------------------------------------------------------


def session_json() -> list[dict]:
    run_cli("parse", str(SAMPLES / "iclr2021-oral-session-7.txt"))
    return run_cli("list", "--json").json


def broken(change) -> list[dict]:
    data = session_json()
    change(data)
    return data


CASES = {
    "newer": (
        lambda d: d[0].update(schema_version=SCHEMA_VERSION + 1),
        f"written by a newer confcli (schema_version {SCHEMA_VERSION + 1}, this one reads "
        f"{SCHEMA_VERSION}); upgrade confcli",
    ),
    "no-version": (
        lambda d: d.append({"id": "x", "title": "x", "items": []}),
        "object 2 has no schema_version: not confcli's JSON",
    ),
    "year": (
        lambda d: d[0]["items"][2].update(year="2021"),
        "session 1, item 3: 'year' must be a whole number from 1 to 9999, or null",
    ),
    "authors": (
        lambda d: d[0]["items"][0].update(authors="A · B"),
        "session 1, item 1: 'authors' must be a list of strings",
    ),
    "naive-time": (
        lambda d: d[0].update(start="2021-05-05T03:00:00"),
        "session 1: 'start' must be an ISO 8601 time with an offset, or null",
    ),
    "no-id": (lambda d: d[0]["items"][1].pop("id"), "session 1, item 2: 'id' is missing"),
    "no-items": (
        lambda d: d[0].pop("items"),
        "session 1: 'items' must be a list (write sessions with their items)",
    ),
    "elsewhere": (
        lambda d: d[0]["items"][0].update(session_id="other"),
        "session 1: item e89712eaa17b belongs to session other",
    ),
    "mixed": (
        lambda d: d.append(d[0]["items"][0]),
        "confcli JSON mixing sessions and items",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_json_that_confcli_did_not_write_is_refused(tmp_path, case):
    change, message = CASES[case]
    data = broken(change)
    path = write(tmp_path, data)
    result = run_cli("parse", path, "--library", str(tmp_path / "other.sqlite"))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == f"confcli: error: {path}: {message}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "an empty JSON array: no sessions or items"),
        (
            '[{"schema_version": 1, "id": ',
            "broken confcli JSON (line 1 column 30: Expecting value)",
        ),
        (
            '[{"name": "not confcli"}]',
            "not a conference session page: a JSON array of 1 object (keys: name), in none of "
            "the JSON shapes confcli reads (tried: confcli-json, downloads, feed, platform2020, ",
        ),
    ],
)
def test_empty_broken_or_foreign_json(text, message):
    result = parse_stdin(text)
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr.startswith(f"confcli: error: -: {message}")


# --- --format -----------------------------------------------------------------------------------


def test_format_json_forces_the_json_readers(tmp_path):
    text = (SAMPLES / "iclr2021-oral-session-7.txt").read_text(encoding="utf-8")
    result = parse_stdin(text, "--format", "json")
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        "confcli: error: -: not a conference session page "
        "(tried: confcli-json, downloads, feed, platform2020, frab-json)\n"
    )
    listed = json.dumps(session_json())
    assert parse_stdin(listed, "--format", "text").stderr == (
        "confcli: error: -: not a conference session page "
        "(tried: track-page, poster-session, timed-session)\n"
    )
    assert parse_stdin(listed, "--format", "confcli-json").code == ExitCode.OK


def test_an_unknown_format_is_a_usage_error_before_reading():
    result = run_cli("parse", "/no/such/page.txt", "--format", "pdf")
    assert result.code == ExitCode.USAGE
    assert result.stderr.startswith("confcli: error: unknown format 'pdf' (known: json, text, ")
    assert "/no/such/page.txt" not in result.stderr
