"""Exports stream (issue 16): the text is written as the library's rows are read, in memory
that does not grow with the library, and byte for byte what the whole document was."""

from __future__ import annotations

import json
import sys
import tracemalloc
from collections import Counter

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from confcli.export import WRITERS, ExportOptions, Selection, export
from confcli.export.atomic import atomic_write
from confcli.export.grouping import Groups, in_groups
from confcli.export.ics import folded
from confcli.export.jsonstream import Array, Object, document, indented
from confcli.model import Item
from confcli.render.jsonout import dumps
from confcli.store import Library
from confcli.store.streams import BATCH

sys.path.insert(0, str(REPO))  # the benchmark's corpus builder
from benchmarks.corpus import Layout, Scale, build  # noqa: E402

STREAMED = ("json", "jsonl", "csv", "md", "frab", "ics")
SMALL = Layout(4, 60, 6, 25, 2, 45)  # 480 items a conference: posters, orals, tracks
ROW_BATCH_BYTES = BATCH * 2_500  # rows fetched at a time, each with its abstract

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_indented_json_is_what_json_dumps_writes(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert "".join(document(value)) == dumps(value)


@given(st.lists(json_values, max_size=5), st.dictionaries(st.text(), json_values, max_size=5))
def test_lazy_arrays_and_objects_are_written_as_lists_and_dicts(elements, members):
    assert "".join(document(Array(iter(elements)))) == dumps(elements)
    assert "".join(document(Object(iter(members.items())))) == dumps(members)
    nested = Object(iter({"a": Array(iter(elements)), "b": Object(iter(members.items()))}.items()))
    assert "".join(document(nested)) == dumps({"a": elements, "b": members})


def _item(number: int) -> Item:
    return Item(
        id=f"i{number}", kind="poster", title=f"T{number}", session_id="s", session="S", position=1
    )


@given(st.lists(st.integers(0, 5), max_size=40))
def test_items_come_in_their_groups_order_each_group_in_its_own(keys):
    items = [_item(n) for n in range(len(keys))]
    group_of = dict(zip((item.id for item in items), keys, strict=True))
    groups: Groups[int] = Groups()
    for key in keys:
        groups.add(key)
    order = groups.ordered(lambda key: -key)  # any order of the groups
    found = list(in_groups(items, lambda item: group_of[item.id], order, groups.counts))
    expected = sorted(zip(keys, items, strict=True), key=lambda pair: order.index(pair[0]))
    assert found == expected  # sorted() is stable: a group's items keep their order


def test_contiguous_groups_wait_for_nothing():
    """Each item is passed on before the next one is read when groups do not interleave."""
    keys = [1, 1, 2, 2, 2, 3]
    read: list[int] = []

    def items():
        for number in range(len(keys)):
            read.append(number)
            yield _item(number)

    groups: Groups[int] = Groups()
    for key in keys:
        groups.add(key)
    for group, item in in_groups(
        items(), lambda item: keys[int(item.id[1:])], [1, 2, 3], groups.counts
    ):
        assert read[-1] == int(item.id[1:]) and keys[read[-1]] == group


def _library(conferences: int) -> Library:
    library = Library()
    library.store(build(Scale("test", conferences, SMALL)))
    return library


def _peak(library: Library, format: str) -> tuple[int, int]:
    """(bytes written, peak bytes Python allocated) for one export of the whole library."""
    chosen = library.chosen()
    tracemalloc.start()
    try:
        document = export(Selection(chosen, chosen.sessions()), WRITERS[format], ExportOptions())
        written = sum(len(piece) for piece in document.pieces)
        return written, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("format", STREAMED)
def test_an_export_takes_the_same_memory_for_a_library_four_times_as_large(format):
    _peak(_library(1), format)  # modules loaded, caches filled: not what is measured
    small_size, small_peak = _peak(_library(1), format)
    large_size, large_peak = _peak(_library(4), format)
    assert large_size > 3.5 * small_size
    # What is in flight differs (a batch of rows, parallel sessions' items waiting for their
    # turn, the piece being joined), by less than a batch of rows: never the document.
    assert large_peak - small_peak < ROW_BATCH_BYTES, (small_peak, large_peak)


@pytest.mark.parametrize("format", [*STREAMED, "frab-xml"])
def test_a_streamed_export_is_the_document_built_from_lists(format):
    library = _library(2)
    chosen = library.chosen()
    items = list(chosen)
    streamed = export(Selection(chosen, chosen.sessions()), WRITERS[format], ExportOptions())
    sessions = list(chosen.sessions())
    listed = export(Selection(items, sessions), WRITERS[format], ExportOptions())
    assert streamed.text == listed.text
    assert streamed.items == listed.items and streamed.warnings == listed.warnings


def test_the_sessions_come_in_order_of_their_first_item_each_with_its_chosen_items():
    library = _library(1)
    chosen = library.chosen()
    sessions = list(chosen.sessions())
    first_seen = list(dict.fromkeys(item.session_id for item in chosen))
    assert [session.id for session in sessions] == first_seen
    assert Counter(item.id for s in sessions for item in s.items) == Counter(i.id for i in chosen)
    limited = library.chosen(limit=30)
    assert sum(len(s.items) for s in limited.sessions()) == len(limited) == 30
    assert len(limited.timed()) == sum(1 for item in limited if item.start is not None)


def test_a_failure_while_the_pieces_are_made_leaves_the_old_file(tmp_path):
    target = tmp_path / "programme.json"
    target.write_bytes(b"old")

    def pieces():
        yield b"[\n"
        raise RuntimeError("a row confcli cannot read")

    with pytest.raises(RuntimeError):
        atomic_write(target, pieces())
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["programme.json"]
    atomic_write(target, iter([b"[", b"]\n"]))
    assert target.read_bytes() == b"[]\n"


@given(st.text(st.sampled_from(["a", " ", "\\", "^", ";", "é", "€", "𝄞"]), max_size=400))
def test_ics_lines_are_folded_as_icalendar_folds_them(line):
    from icalendar.parser.string import _foldline

    assert folded(line.encode("utf-8")) == _foldline(line).encode("utf-8")
