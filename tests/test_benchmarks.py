"""The benchmark suite works: the generator writes every input shape and confcli reads them
back, and `benchmarks/run.py --quick` prints every table. CI runs it once, on the tiny
scale; no timing is asserted (the benchmarks are not timed tests)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLE_FILES

sys.path.insert(0, str(REPO))  # `benchmarks` and `tests.pagegen` are imported by name

from benchmarks import generate, measure, pages, roundtrip, run  # noqa: E402
from benchmarks.questions import questions  # noqa: E402

SHAPES = {"timed-session", "poster-session", "track-page", "html", "feed"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("benchmarks")
    return out, generate.write("tiny", out)


def test_the_generator_writes_every_input_shape(tiny):
    out, manifest = tiny
    assert set(manifest.shapes) == SHAPES
    assert all(stats.files and stats.items and stats.bytes for stats in manifest.shapes.values())
    assert generate.is_current("tiny", out)


def test_confcli_reads_every_generated_page_back_to_the_same_items():
    said = []
    assert roundtrip.report(generate.sessions_of("tiny"), said.append), said


def test_the_text_writers_reproduce_the_samples_byte_for_byte():
    sessions = generate.sample_sessions()
    for path, session in zip(SAMPLE_FILES, sessions, strict=True):
        assert pages.session_text(session) == path.read_text(encoding="utf-8"), path.name


def test_the_corpus_is_the_same_for_the_same_seed(tiny, tmp_path):
    out, _ = tiny
    generate.write("tiny", tmp_path)
    for written in (out / "tiny").rglob("*.*"):
        if written.name != "manifest.json" and written.parent.name != "libraries":
            assert (tmp_path / "tiny" / written.relative_to(out / "tiny")).read_bytes() == (
                written.read_bytes()
            ), written.name


def test_the_corpus_has_realistic_content():
    sessions = generate.sessions_of("0.1x")
    papers = [item for s in sessions for item in s.items if item.abstract]
    lengths = sorted(len(item.abstract) for item in papers)
    assert 1000 <= lengths[len(lengths) // 2] <= 1400  # about 1,200 characters
    assert any("$" in item.abstract for item in papers)  # TeX
    assert any(not name.isascii() for item in papers for name in item.authors)
    assert any("lottery" in item.title.lower() for item in papers)
    timed = [item for s in sessions for item in s.items if item.start]
    assert timed and all(item.start.tzname() == "PDT" for item in timed)


def test_feed_records_have_the_fixture_feed_shape():
    sys.path.insert(0, str(REPO / "tests" / "fixtures"))
    from make_feed import FeedWriter

    expected = FeedWriter(1).record(1, "Poster", "T", "Poster Session 1", (None, None))
    session = generate.sessions_of("tiny")[0]
    record = pages.feed_record(session.items[0], 10000, {})
    assert list(record) == list(expected)


def test_growth_exponents():
    assert measure.growth_exponent([1, 10, 100], [2, 20, 200]) == pytest.approx(1.0)
    assert measure.growth_exponent([1, 10], [5, 5]) == pytest.approx(0.0)
    assert measure.growth_exponent([10], [1]) is None


def test_a_missing_tool_is_named_not_fatal(monkeypatch, tmp_path):
    monkeypatch.setattr(measure, "tool", lambda name: None if name == "rg" else f"/bin/{name}")
    bench = run.Benchmark(tmp_path, runs=1, quick=True)
    assert any("ripgrep is not installed" in note for note in bench.results.notes)


@pytest.mark.slow
def test_run_quick_prints_every_row_with_its_ratios(tiny):
    out, _ = tiny
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--scale",
            "tiny",
            "--out",
            str(out),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for section in ("Machine", "Start-up references", "Parse", "Queries", "Growth", "Targets"):
        assert f"## {section}" in text
    for label, _sub, _shapes in run.PARSE_INPUTS:
        assert re.search(rf"^\| tiny +\| {re.escape(label)} +\|", text, re.M), label
    for question in questions("S", "ID", "T"):
        row = re.search(rf"^\| tiny +\| {re.escape(question.label)} +\|(.*)$", text, re.M)
        assert row, question.label
        cells = [cell.strip() for cell in row[1].split("|")]
        assert re.fullmatch(r"[\d,]+", cells[0]), question.label  # confcli's time
        if question.jq and measure.tool("jq"):
            assert re.fullmatch(r"\d+\.\d\d", cells[3]), question.label  # confcli/jq
        if question.rg and measure.tool("rg"):
            assert re.fullmatch(r"\d+\.\d\d", cells[5]), question.label  # confcli/rg
    assert re.search(r"^\| samples: `search lottery --json` .*\| not run +\|$", text, re.M)
