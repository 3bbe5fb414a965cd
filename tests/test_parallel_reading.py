"""Pages read on every core (issue 16, part 2): the same report as reading them in one
process, in the same order; a Ctrl-C or a SIGKILL of the parse leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES
from hostile import make_corpus

from confcli.errors import ExitCode
from confcli.readers import parallel
from confcli.readers.reading import ReadOptions, read_pages


def _report(paths: list[str]) -> tuple[list, list]:
    report = read_pages(paths, ReadOptions(year=2021))
    pages = [(entry.source, entry.page.session) for entry in report.pages]
    failures = [(failure.source, str(failure.error)) for failure in report.failures]
    return pages, failures


def test_workers_read_the_same_pages_in_the_same_order_as_one_process(tmp_path, monkeypatch):
    bad = tmp_path / "broken.txt"
    bad.write_text("not a page at all\n", encoding="utf-8")
    paths = [str(SAMPLE_FILES[0]), str(bad), *map(str, SAMPLE_FILES[1:])]
    alone = _report(paths)
    assert parallel.worker_count(paths) == 0  # little input: read here
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    assert parallel.worker_count(paths) >= 2 or os.cpu_count() == 1
    assert _report(paths) == alone
    assert len(alone[0]) == len(SAMPLE_FILES) and [source for source, _ in alone[1]] == [str(bad)]


def test_one_file_standard_input_or_a_url_are_read_here(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * (parallel.MIN_BYTES + 1), encoding="utf-8")
    assert parallel.worker_count([str(big)]) == 0
    assert parallel.worker_count([str(big), "-"]) == 0
    assert parallel.worker_count([str(big), "https://example.org/page"]) == 0


def _children(pid: int) -> set[int]:
    try:
        return {
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        }
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus.poster_pages(tmp_path_factory.mktemp("corpus"), 12, 2000)


def _parse_with_workers(corpus: Path, library: Path) -> tuple[subprocess.Popen, set[int]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "confcli", "parse", str(corpus), "--library", str(library)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while len(workers := _children(process.pid)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.005)
    return process, workers


@pytest.mark.skipif(not Path("/proc/self/task").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux's /proc and two cores")  # fmt: skip
@pytest.mark.parametrize("how", ["ctrl-c", "sigkill"])
def test_an_ended_parse_leaves_no_worker_behind(corpus, tmp_path, how):
    process, workers = _parse_with_workers(corpus, tmp_path / "library.sqlite")
    if how == "ctrl-c":
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == ExitCode.INTERRUPTED
        assert process.stderr.read() == "confcli: interrupted\n"
    else:
        process.kill()
        assert process.wait(timeout=30) == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(map(_alive, workers)), "a worker outlived its parse"
