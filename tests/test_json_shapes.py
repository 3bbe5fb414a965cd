"""The output contract (README, JSON): every record a command prints as JSON carries
``schema_version`` (the top-level object, and each object inside an array, at any depth);
listings are arrays, single answers are objects; and every result type has its renderers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
from conftest import SAMPLE_FILES, run_cli

from confcli.model import SCHEMA_VERSION
from confcli.render.output import RENDERERS
from confcli.results import Result

LOTTERY_ID = "49fd7c727325"  # Winning the Lottery Ahead of Time (ICML 2022): also a poster
POSTER_PAGE = (
    "Session\n\nPoster Session 9\n\nHall E\n\nAbstract:\n\n"
    "In-Person Poster presentation / poster accept\n#412\n"
    "Winning the Lottery Ahead of Time: Efficient Early Network Pruning\n\n"
    "John Rachwan · Daniel Zügner\n\nPruning, the task of sparsifying deep neural networks.\n"
)
ARRAYS = [
    ("list",),
    ("list", "--session", "Oral Session 7"),
    ("list", "--kind", "oral", "--conference", "ICLR"),
    ("search", "lottery"),
    ("search", "lotery"),  # corrected for the typo: approximate hits
    ("parse", "--force", *map(str, SAMPLE_FILES)),  # stored already: unchanged without it
    ("export", "-f", "json"),
    ("export", "-f", "json", "--nested"),
    ("export", "-f", "json", "--fields", "title,authors"),
]
OBJECTS = [
    ("show", LOTTERY_ID),
    ("stats",),
    ("stats", "--kind", "oral"),
    ("library", "check"),
]


@pytest.fixture
def library_with_a_second_slot(stored_samples, tmp_path) -> Path:
    """The samples, and a poster session holding the lottery paper again (show's
    other_slots)."""
    poster = tmp_path / "icml2022-posters.txt"
    poster.write_text(POSTER_PAGE, encoding="utf-8")
    assert run_cli("parse", str(poster)).code == 0
    return stored_samples


def records(data: object, path: str = "$", is_record: bool = True):
    """(path, record) for the top-level object and every object inside an array; the maps
    that are values of a key (an item's links, a stats entry's kinds) are not records."""
    if isinstance(data, dict):
        if is_record:
            yield path, data
        for key, value in data.items():
            yield from records(value, f"{path}.{key}", is_record=False)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from records(value, f"{path}[{index}]", is_record=True)


def printed(*args: str) -> object:
    json_flag = () if args[0] == "export" else ("--json",)
    result = run_cli(*args, *json_flag)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def unversioned(data: object) -> list[str]:
    return [path for path, record in records(data) if "schema_version" not in record]


def test_the_walk_finds_nested_records_and_skips_maps():
    data = [{"schema_version": 1, "links": {}, "items": [{"schema_version": 1}, {"id": 1}]}]
    assert [path for path, _ in records(data)] == ["$[0]", "$[0].items[0]", "$[0].items[1]"]
    assert unversioned(data) == ["$[0].items[1]"]


@pytest.mark.parametrize("args", ARRAYS, ids=" ".join)
def test_listings_are_arrays_of_versioned_records(library_with_a_second_slot, args):
    data = printed(*args)
    assert isinstance(data, list) and data
    assert unversioned(data) == []
    assert {record["schema_version"] for _, record in records(data)} == {SCHEMA_VERSION}


@pytest.mark.parametrize("args", OBJECTS, ids=" ".join)
def test_single_answers_are_versioned_objects(library_with_a_second_slot, args):
    data = printed(*args)
    assert isinstance(data, dict) and next(iter(data)) == "schema_version"
    assert unversioned(data) == []
    assert {record["schema_version"] for _, record in records(data)} == {SCHEMA_VERSION}


def test_nested_records_are_walked(library_with_a_second_slot):
    """The walk reaches what matters: show's other slots, stats' sessions, list's items."""
    show = printed("show", LOTTERY_ID)
    assert [path for path, _ in records(show)] == ["$", "$.other_slots[0]"]
    stats = printed("stats")
    assert len(list(records(stats))) == 1 + 6  # the object and its six sessions
    sessions = printed("list")
    items = sum(session["item_count"] for session in sessions)
    assert len(list(records(sessions))) == len(sessions) + items == 6 + 196


def test_jsonl_lines_are_versioned_records(stored_samples):
    result = run_cli("export", "-f", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 195 and unversioned(lines) == []


def test_every_result_type_has_its_renderers():
    assert set(RENDERERS) == set(get_args(Result))
