"""Fuzzing: every reader, the time parsers, decoding and the query language, on arbitrary
text and on mutated samples, raise nothing but confcli's own errors (ConfcliError) and never
hang; whatever a reader returns can be stored and read back. Pages with one line removed
still give every item that line does not touch; hostile shapes take linear time.

`ci` (the default hypothesis profile) runs ~100 cases a test; `--hypothesis-profile=fuzz` or
CONFCLI_FUZZ=1 runs 8,000 a test: over 100,000 across the readers (docs/reliability.md).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sqlite3
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES
from hostile import make_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from confcli import query, times
from confcli.app import search
from confcli.errors import ConfcliError, OutputError
from confcli.export.atomic import atomic_write
from confcli.readers.build import PageContext
from confcli.readers.feed import read_abstracts
from confcli.readers.registry import SHAPES, looks_like_page, read_document
from confcli.readers.sources import decode
from confcli.render.jsonout import session_to_json
from confcli.store import maintenance, marking
from confcli.store.foreign import confcli_objects
from confcli.store.library import Library

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURES = FIXTURES / "html" / "captures"
REAL_CAPTURES = FIXTURES / "real" / "captures"
SAMPLES = {path.stem: path.read_text(encoding="utf-8") for path in SAMPLE_FILES}
CONTEXT = PageContext(source="fuzz.txt", today=date(2024, 6, 1))
SLOW_CASE_SECONDS = 5  # no single input may take longer: a hang fails the test


def _feed_sample() -> str:
    feed = json.loads((FIXTURES / "feed" / "iclr-2024-orals-posters.json").read_text())
    return json.dumps({**feed, "results": feed["results"][:30]}, indent=1)


def _real_sample(name: str, records: int) -> str:
    """The first records of a real file (tests/fixtures/real), one field a line."""
    return json.dumps(json.loads((FIXTURES / "real" / name).read_text())[:records], indent=1)


def _confcli_json_sample() -> str:
    (page,) = read_document(SAMPLES["iclr2021-oral-session-7"], PageContext(year=2021))
    return json.dumps([session_to_json(page.session)], indent=2, ensure_ascii=False)


def _frab_json_sample() -> str:
    """The real camp2019 schedule.json cut to its first day."""
    camp = json.loads((FIXTURES / "real" / "camp2019_frab_schedule.json").read_text())
    camp["schedule"]["conference"]["days"] = camp["schedule"]["conference"]["days"][:1]
    return json.dumps(camp, indent=1, ensure_ascii=False)


def _frab_xml_sample() -> str:
    """That first day exported as schedule.xml."""
    from confcli.export import frabxml
    from confcli.export.common import ExportOptions, Selection

    pages = read_document(_frab_json_sample(), PageContext())
    items = [item for page in pages for item in page.session.items]
    return frabxml.render(Selection(items=items, sessions=[]), ExportOptions())


# Each reader's own kind of text, to mutate (the poster page cut to its first posters).
READER_SAMPLES = {
    "confcli-json": [_confcli_json_sample()],
    "feed": [_feed_sample()],
    "downloads": [_real_sample("icml2024_events_download_subset.json", 30)],
    "platform2020": [
        _real_sample("icml2020_papers.json", 20),
        _real_sample("icml2020_calendar.json", 30),
    ],
    "frab-json": [_frab_json_sample()],
    "frab-xml": [_frab_xml_sample()],
    "html-session": [(FIXTURES / "html" / "iclr2021-oral-session-7.html").read_text()],
    "listing": [(FIXTURES / "real" / "neurips2025_tutorials_listing_fragment.html").read_text()],
    "listing-capture": [
        (REAL_CAPTURES / "neurips2025_tutorials_listing_fragment.lynx.txt").read_text(),
        (REAL_CAPTURES / "neurips2023_posters_listing_excerpt.html2text.md").read_text()[:9_000],
    ],
    "markdown-capture": [(CAPTURES / "iclr2021-oral-session-7.md").read_text()],
    "text-browser-capture": [(CAPTURES / "iclr2021-oral-session-7.lynx.txt").read_text()],
    "track-page": [SAMPLES["neurips2020-orals-track-13"]],
    "poster-session": [SAMPLES["iclr2023-poster-session-3"][:30_000]],
    "timed-session": [SAMPLES["iclr2021-oral-session-7"], SAMPLES["icml2022-deep-learning"]],
}
READER_SAMPLES["abstracts"] = [
    json.dumps({str(n): f"Abstract {n} &amp; more" for n in range(1, 30)}),
]
PARSERS = {
    **{shape.name: shape.read for shape in SHAPES},
    "abstracts": lambda text, context: read_abstracts(text, context.source),
}

# What the readers look for, and what breaks parsers: markup, JSON, times, escapes.
TOKENS = [
    "\n", "\r", "\r\n", "\t", " ", "\x00", "\ufeff", "\u202e", "\x1b[2J", "\x9b", "\ufdd0",
    "<div>", "</div>", '<div class="track-schedule-card">', "<h5>", "</h5>",
    '<h2 class="main-title">', "<p>", "<a href='/virtual/2021/oral/1'>", "</a>", "<!--",
    "&#x27;", "&#99999999;", "&amp;", "&", "{", "}", "[", "]", '"', ":", ",", "\\u00e9",
    "\\ud800", '"schema_version": 1', '"results": [', '"id": 1', '"name": "x"', "null",
    "Mon 3 May 3:00 - 3:15 PDT", "Thu 21 Jul 11 a.m. PDT — 1:30 p.m. PDT", "25:00",
    "2020-12-08T18:00:00-08:00 - 2020-12-08T18:15:00-08:00", "Time", "Schedule", "Session",
    "Oral", "Poster Session", "In-Person Poster presentation / poster accept", "#42", "·",
    "Moderators: A · B", "Timezone: Mars/Olympus", "# ", "**", "[1]", "References", "---",
    "1. http://x/y", "http://[1]/", "javascript:alert(1)", "Abstract:", "9" * 40, "é", "🙂",
    '{"schedule": {"conference": {', "<schedule>", "<!DOCTYPE schedule>", "<![CDATA[",
    "9999-12-31T23:59:59+14:00", "99:59", "00:00",
]  # fmt: skip
ARBITRARY = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=80).map("".join),
)


@contextmanager
def within(seconds: float):
    """Fails what runs longer than ``seconds`` (a hang, or time quadratic in the input)."""

    def too_slow(*_):
        raise TimeoutError(f"took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutated(draw, texts: list[str]) -> str:
    """A sample with lines deleted, repeated, swapped, cut, shouted, or tokens inserted."""
    lines = draw(st.sampled_from(texts)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        lines = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, lines, index)
    return "".join(lines)


def _insert(draw, lines: list[str], index: int) -> list[str]:
    line = lines[index]
    at = draw(st.integers(0, len(line)))
    token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))
    return [*lines[:index], line[:at] + token + line[at:], *lines[index + 1 :]]


def _cut_line(draw, lines: list[str], index: int) -> list[str]:
    line = lines[index]
    return [*lines[:index], line[: draw(st.integers(0, len(line)))], *lines[index + 1 :]]


def _swap(draw, lines: list[str], index: int) -> list[str]:
    other = draw(st.integers(0, len(lines) - 1))
    lines = list(lines)
    lines[index], lines[other] = lines[other], lines[index]
    return lines


MUTATIONS = {
    "delete": lambda draw, lines, i: lines[:i] + lines[i + 1 :],
    "repeat": lambda draw, lines, i: lines[: i + 1] + lines[i:],
    "truncate": lambda draw, lines, i: lines[:i],
    "shout": lambda draw, lines, i: [*lines[:i], lines[i].upper(), *lines[i + 1 :]],
    "insert": _insert,
    "cut line": _cut_line,
    "swap": _swap,
}


def parse_safely(name: str, text: str):
    """The reader's result; confcli's own errors are fine, anything else fails the test."""
    with within(SLOW_CASE_SECONDS):
        try:
            return PARSERS[name](text, CONTEXT)
        except ConfcliError:
            return None


def storable(result) -> None:
    """What a reader returns goes into the library and comes back: every item, under the
    session that listed it last (a session read twice counts once, its last copy)."""
    pages = result if isinstance(result, list) else [result]
    sessions = {page.session.id: page.session for page in pages if hasattr(page, "session")}
    if not sessions:
        return
    with Library() as library:
        library.store(sessions.values())
        expected = {item.id: item.title for s in sessions.values() for item in s.items}
        stored = {item.id: item.title for sid in sessions for item in library.items_of(sid)}
    assert stored == expected


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(text=ARBITRARY)
def test_a_reader_given_anything_raises_only_confcli_errors(name, text):
    storable(parse_safely(name, text))


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(data=st.data())
def test_a_reader_given_a_mutated_sample_raises_only_confcli_errors(name, data):
    storable(parse_safely(name, data.draw(mutated(READER_SAMPLES[name]))))


ALL_SAMPLES = [text for texts in READER_SAMPLES.values() for text in texts]


@given(text=mutated(ALL_SAMPLES))
def test_the_reader_chain_given_any_mutated_page_raises_only_confcli_errors(text):
    with within(SLOW_CASE_SECONDS):
        try:
            storable(read_document(text, CONTEXT))
        except ConfcliError:
            pass


@given(data=st.binary(max_size=400) | mutated(ALL_SAMPLES).map(lambda t: t.encode("utf-16")))
def test_decoding_any_bytes_gives_text_or_a_confcli_error(data):
    try:
        text = decode(data, "fuzz")
    except ConfcliError:
        return
    assert isinstance(text, str) and not any("\ud800" <= c <= "\udfff" for c in text)
    looks_like_page(text)


# --- times and the query language ---------------------------------------------------------

TIME_WORDS = st.sampled_from(
    ["Mon", "Thu,", "3", "30", "May", "Feb", "July", "2021", "3:00", "25:00", "11", "a.m.",
     "p.m.", "noon", "midnight", "-", "–", "—", "to", "PDT", "XYZ", "+05:30", "-25:00", "T",
     "2020-12-08T18:00:00-08:00", "2021-02-29T10:00", "Z", ":", ".", " ",
     "+25:00", "+23:99", "-24:00", "9999", "0001", "Dec", "31", "Fri", "23:59",
     "9999-12-31T23:00-08:00", "0001-01-01T00:30+14:00"]
)  # fmt: skip
TIME_TEXT = st.one_of(st.text(max_size=60), st.lists(TIME_WORDS, max_size=14).map(" ".join))
TIME_CONTEXTS = st.builds(
    times.TimeContext,
    year=st.one_of(st.none(), st.integers(1, 9999)),
    today=st.dates(),
)


@given(text=TIME_TEXT, context=TIME_CONTEXTS)
def test_time_parsers_raise_only_time_parse_errors(text, context):
    """Nor warn: dateutil's warning about an unknown zone name went to stderr."""
    with within(SLOW_CASE_SECONDS), warnings.catch_warnings():
        warnings.simplefilter("error")
        for parse in (times.parse_range, times.parse_iso, times.parse_loose, times.parse_clock):
            try:
                parse(text, context) if parse is not times.parse_clock else parse(text)
            except ConfcliError:
                pass
        times.looks_like_range(text)


# --- out-of-range times and offsets (issue 13, part 1) -------------------------------------

OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
EDGE_TIMES = st.one_of(
    st.datetimes(max_value=datetime(1, 1, 3)),
    st.datetimes(min_value=datetime(9999, 12, 29)),
    st.datetimes(),
)


def iso_text(moment: datetime, offset: timedelta) -> str:
    return moment.replace(tzinfo=timezone(offset)).isoformat()


@given(start=EDGE_TIMES, end=EDGE_TIMES, offset=OFFSETS, raw=st.sampled_from(["", "+25:00"]))
def test_times_at_any_offset_and_the_calendars_edge_are_kept_or_warned_about(
    start, end, offset, raw
):
    """Every reader of ISO times, given any moment at any offset: stored and shown in any
    zone afterwards, or left out with a warning; never a crash."""
    first, last = iso_text(start, offset), iso_text(end, offset)
    if raw:
        first = first[:-6] + raw
    texts = [
        make_corpus.timed_page([(f"{first} - {last}", "Edge")]),
        make_corpus.feed([{"id": 1, "name": "Edge", "starttime": first, "endtime": last}]),
        make_corpus.confcli_session(item={"start": first, "end": last}),
    ]
    for text in texts:
        with within(SLOW_CASE_SECONDS):
            try:
                pages = read_document(text, CONTEXT)
            except ConfcliError:
                continue
            storable(pages)
            for item in (item for page in pages for item in page.session.items):
                for moment in (item.start, item.end):
                    if moment is not None:
                        moment.astimezone(timezone(timedelta(hours=-23, minutes=-59)))
                        moment.astimezone(timezone(timedelta(hours=23, minutes=59)))


# --- special output files (issue 13, part 6) ---------------------------------------------

TARGETS = ["new", "regular", "read-only", "link", "dangling-link", "directory", "fifo",
           "missing-folder", "empty", "link-loop"]  # fmt: skip


def _make_target(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.out"
    if kind in ("regular", "read-only"):
        path.write_bytes(b"old")
        path.chmod(0o444 if kind == "read-only" else 0o644)
    elif kind == "link":
        (folder / "target").write_bytes(b"old")
        path.symlink_to(folder / "target")
    elif kind == "dangling-link":
        path.symlink_to(folder / "nowhere")
    elif kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
        reader = threading.Thread(target=path.read_bytes, daemon=True)
        reader.start()
    elif kind == "missing-folder":
        path = folder / "no" / "such.out"
    elif kind == "empty":
        return Path("")
    elif kind == "link-loop":
        path.symlink_to(path)
    return path


@pytest.mark.parametrize("kind", TARGETS)
@given(data=st.binary(max_size=2000), force=st.booleans())
def test_writing_an_export_anywhere_writes_it_or_is_an_output_error(kind, data, force):
    with tempfile.TemporaryDirectory() as folder, within(SLOW_CASE_SECONDS):
        target = _make_target(Path(folder), kind)
        try:
            atomic_write(target if kind != "empty" else "", data, force=force)
        except OutputError:
            assert kind in ("directory", "missing-folder", "empty", "link-loop") or (
                kind == "read-only" and not force and os.geteuid() != 0
            )
            return
        written = Path(folder, "target") if kind == "link" else target.resolve()
        if kind != "fifo":
            assert written.read_bytes() == data
        assert kind not in ("link", "dangling-link") or target.is_symlink()
        assert not any(name.endswith(".part") for name in os.listdir(folder))


@pytest.fixture(scope="module")
def sample_library():
    with Library() as library:
        library.store(read_document(text, CONTEXT)[0].session for text in SAMPLES.values())
        yield library


QUERY_WORDS = st.sampled_from(
    ["lottery", "AND", "OR", "NOT", "NEAR", "(", ")", '"', "*", "^", ":", "title:", "author:",
     "-", "+", "~", "'", "\\", "\x00", "🙂", "é", "NEAR(", "a", "lotery", "attention", "{", "}",
     "ANN", "ORB", "NOTE", "titel:", "Łukasz", "Straße", "Καλημέρα", "ﬁne", '"learning'] +
    ["word " * 30]
)  # fmt: skip
QUERIES = st.one_of(st.text(max_size=40), st.lists(QUERY_WORDS, max_size=10).map(" ".join))


@given(text=QUERIES)
def test_any_query_gives_results_or_a_query_error(sample_library, text):
    with within(SLOW_CASE_SECONDS):
        try:
            search(sample_library, text, limit=5)
        except ConfcliError:
            pass
        if hasattr(query, "parse"):
            try:
                query.parse(text)
            except ConfcliError:
                pass


# --- one line removed: exhaustively, for each sample ----------------------------------------


def title_lines(lines: list[str], titles: list[str]) -> list[int]:
    """Where each item's title is, in page order."""
    found, start = [], 0
    for title in titles:
        start = next(i for i in range(start, len(lines)) if title in lines[i])
        found.append(start)
        start += 1
    return found


def untouched(index: list[int], removed: int, lines: int) -> list[int]:
    """The items whose block cannot hold the removed line: it lies outside the lines
    between the titles of the item before and the item after."""
    bounds = [-1, *index, lines]
    return [n for n in range(len(index)) if not bounds[n] < removed < bounds[n + 2]]


@pytest.mark.parametrize(
    "sample",
    [  # the poster session's 1,385 lines take most of a minute: opt-in (conftest)
        pytest.param(name, marks=pytest.mark.slow) if "poster" in name else name
        for name in sorted(SAMPLES)
    ],
)
def test_a_sample_without_any_one_of_its_lines_keeps_every_other_item(sample):
    text = SAMPLES[sample]
    context = PageContext(source=f"{sample}.txt")
    titles = [item.title for item in read_document(text, context)[0].session.items]
    lines = text.split("\n")
    index = title_lines(lines, titles)
    for removed in range(len(lines)):
        cut = "\n".join(lines[:removed] + lines[removed + 1 :])
        found = {item.title for item in read_document(cut, context)[0].session.items}
        kept = [titles[n] for n in untouched(index, removed, len(lines))]
        assert [title for title in kept if title not in found] == [], (removed, lines[removed])


# --- shapes that once took time quadratic in their size ---------------------------------------

HOSTILE_SHAPES = {
    "spaces inside a heading": "# a" + " " * 20_000 + "b\n[x](/virtual/2021/oral/1)",
    "spaces inside an author line": "Session\nX\n" + "a" + " " * 20_000 + "b",
    "blank lines before a numbered link": "\n" * 20_000 + "[1]",
    "blank lines": "\n" * 60_000,
    "open brackets": "# Session\n[x](/virtual/1)\n" + "[" * 20_000,
    "links without an end": "# Session\n[x](/virtual/1)\n" + "[a](b" * 20_000,
    "titled links without an end": "# Session\n[x](/virtual/1)\n" + '[a](b "' * 20_000,
    "images without an end": "# Session\n[x](/virtual/1)\n" + "![" * 20_000,
    "one-word lines of a paragraph": "# Session\n[x](/virtual/1)\n" + "a\n" * 20_000,
    "presentation words without a slash after": "/" + "presentation " * 20_000,
    "a slash and spaces": "/presentation" + " " * 200_000,
}


@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_hostile_shapes_are_read_in_linear_time(shape):
    text = HOSTILE_SHAPES[shape]
    started = time.perf_counter()
    with within(SLOW_CASE_SECONDS):
        looks_like_page(text[:65536])
        for name in PARSERS:
            parse_safely(name, text)
    assert time.perf_counter() - started < 1.0, shape


# --- foreign schema objects and marks (issue 13, parts 4 and 7) -------------------------------

FOREIGN_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: name not in confcli_objects() and not name.startswith("sqlite")
)
FOREIGN_KINDS = {
    "trigger on insert": "CREATE TRIGGER {n} AFTER INSERT ON items BEGIN "
    "INSERT INTO fuzz_side VALUES (new.title); END",
    "trigger on delete": "CREATE TRIGGER {n} BEFORE DELETE ON sessions BEGIN "
    "INSERT INTO fuzz_side VALUES (old.id); END",
    "trigger on update": "CREATE TRIGGER {n} AFTER UPDATE ON items BEGIN SELECT 1; END",
    "view": "CREATE VIEW {n} AS SELECT title FROM items",
    "table": "CREATE TABLE {n} (x)",
    "index": "CREATE INDEX {n} ON items(title, kind)",
}


@functools.cache
def base_library() -> bytes:
    """A library of session 7, as a file's bytes (its WAL checkpointed into it)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.sqlite"
        with Library(path) as library:
            library.store([read_document(SAMPLES["iclr2021-oral-session-7"], CONTEXT)[0].session])
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        return path.read_bytes()


@settings(max_examples=25)
@given(objects=st.dictionaries(FOREIGN_NAMES, st.sampled_from(sorted(FOREIGN_KINDS)), max_size=5))
def test_any_foreign_schema_objects_are_reported_dropped_and_never_run(objects):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.sqlite"
        path.write_bytes(base_library())
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE fuzz_side (what)")
            for name, kind in objects.items():
                connection.execute(FOREIGN_KINDS[kind].format(n=name))
        connection.close()
        reported = maintenance.check(path).problems
        assert reported and reported[0].startswith("schema objects confcli did not make")
        for name in [*objects, "fuzz_side"]:
            assert f" {name}" in reported[0]
        if any(kind.startswith("trigger") for kind in objects.values()):
            with Library(path) as library, pytest.raises(ConfcliError, match="did not write"):
                library.store([])
        done = maintenance.rebuild(path)
        assert done.dropped == len(objects) + 1 and maintenance.check(path).ok
        with Library(path) as library:  # writes again, and nothing foreign is left to run
            library.store([read_document(SAMPLES["iclr2021-oral-session-1"], CONTEXT)[0].session])
            library.store([read_document(SAMPLES["iclr2021-oral-session-7"], CONTEXT)[0].session])
        with sqlite3.connect(path) as connection:
            assert "fuzz_side" not in {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master")}  # fmt: skip
        connection.close()


MARK_WORDS = st.sampled_from(
    ["word", "Word", "WORD", "wörd", "Łukasz", "lukasz", ".", ": ", " ", "\n", "-", "ß",
     "strasse", "x" * 30, "é", "🙂", "\ufdd0"]
)  # fmt: skip
MARK_TEXT = st.lists(st.one_of(MARK_WORDS, st.text(max_size=6)), max_size=60).map(" ".join)


@given(text=MARK_TEXT, typed=st.lists(MARK_WORDS, min_size=1, max_size=4).map(" ".join))
def test_marks_of_any_text_are_the_text_itself(text, typed):
    """Highlighting only adds marks; a snippet is pieces of the text, in order; both in
    bounded time."""
    try:
        terms = marking.wanted_terms(query.parse(typed))
    except ConfcliError:
        return
    marks = ("\ufdd2", "\ufdd3")  # not among the words the text may hold
    with within(SLOW_CASE_SECONDS):
        marked = marking.highlight(text, terms, "title", marks)
        cut = marking.snippet(text, terms, "abstract", marks)
    assert marked.replace(marks[0], "").replace(marks[1], "") == text
    plain = cut.replace(marks[0], "").replace(marks[1], "").strip("…")
    assert plain in text
