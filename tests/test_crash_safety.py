"""Crash safety, for real: `confcli parse` of a 24,000-poster corpus is killed (SIGKILL) at
seeded random moments, reading and storing, and interrupted (SIGINT, Ctrl-C); the library
is exactly as it was before, and sound; a reader meanwhile sees it as it was. Concurrent
`confcli parse` runs on one library all succeed and lose nothing."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES, run_cli
from hostile import make_corpus
from library_support import dump, sound

from confcli.errors import ExitCode

PAGES, POSTERS = 12, 2000  # 24,000 items: ~0.9 s of reading, then ~0.5 s of storing
SEED = 7  # issue 7
KILLS_READING = KILLS_STORING = 3
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Run:
    """What a complete parse of the corpus takes (measured once, by the timing fixture)."""

    seconds: float
    storing_from: float  # when the library's write-ahead log starts growing


def confcli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "confcli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def parse(corpus: Path, library: Path) -> subprocess.Popen:
    """The corpus and, changed, a sample already in the library (it would be replaced)."""
    return confcli("parse", str(corpus), "--library", str(library), "--year", "2021")


def wal_growing(library: Path) -> bool:
    wal = Path(f"{library}-wal")
    return wal.exists() and wal.stat().st_size > 0


def wait_until_storing(process: subprocess.Popen, library: Path) -> None:
    while not wal_growing(library):
        assert process.poll() is None, "the parse ended before it stored anything"
        time.sleep(0.002)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = make_corpus.poster_pages(tmp_path_factory.mktemp("corpus"), PAGES, POSTERS)
    changed = make_corpus.SESSION_7.read_text(encoding="utf-8").replace("Performers", "Pf")
    (folder / "iclr2021-oral-session-7.txt").write_text(changed, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A library holding the five samples, closed (no write-ahead log beside it)."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite"
    result = run_cli("parse", "--library", str(path), *map(str, SAMPLE_FILES))
    assert result.code == ExitCode.OK, result.stderr
    return path


@pytest.fixture(scope="module")
def timing(corpus, template, tmp_path_factory) -> Run:
    library = shutil.copy(template, tmp_path_factory.mktemp("timing") / "library.sqlite")
    started = time.monotonic()
    process = parse(corpus, library)
    wait_until_storing(process, library)
    storing_from = time.monotonic() - started
    assert process.wait(timeout=120) == ExitCode.OK, process.stderr.read()
    seconds = time.monotonic() - started
    assert session_count(library) == PAGES + 5  # the changed sample replaced its session
    return Run(seconds, storing_from)


def session_count(library: Path) -> int:
    with closing(sqlite3.connect(library)) as connection:
        return connection.execute("SELECT count(*) FROM sessions").fetchone()[0]


@pytest.fixture
def library(template, tmp_path) -> Path:
    return Path(shutil.copy(template, tmp_path / "library.sqlite"))


def moments() -> list[tuple[str, float]]:
    """(phase, fraction): where in the reading phase, or how far into storing, to strike."""
    rnd = random.Random(SEED)
    reading = [("reading", rnd.uniform(0.15, 0.9)) for _ in range(KILLS_READING)]
    # The first 40% of storing: its end is the commit, and the checkpoint after it.
    storing = [("storing", rnd.uniform(0.0, 0.4)) for _ in range(KILLS_STORING)]
    return reading + storing


def strike(process: subprocess.Popen, library: Path, timing: Run, phase: str, at: float):
    if phase == "reading":
        time.sleep(at * timing.storing_from)
    else:
        wait_until_storing(process, library)
        time.sleep(at * (timing.seconds - timing.storing_from))


@pytest.mark.parametrize(("phase", "at"), moments(), ids=lambda value: str(value)[:5])
def test_sigkill_at_any_moment_leaves_the_library_as_it_was(corpus, timing, library, phase, at):
    before = dump(library)
    process = parse(corpus, library)
    strike(process, library, timing, phase, at)
    process.kill()
    assert process.wait(timeout=30) == -signal.SIGKILL  # killed, not finished
    assert dump(library) == before and sound(library)
    assert len(run_cli("list", "--library", str(library), "--json").json) == 5


@pytest.mark.parametrize("phase", ["reading", "storing"])
def test_ctrl_c_ends_quietly_with_130_and_leaves_the_library_as_it_was(
    corpus, timing, library, phase
):
    before = dump(library)
    process = parse(corpus, library)
    strike(process, library, timing, phase, 0.3)
    if phase == "storing":  # meanwhile a reader sees the library as it was
        listed = run_cli("list", "--library", str(library), "--json")
        assert listed.code == ExitCode.OK and len(listed.json) == 5
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == ExitCode.INTERRUPTED
    assert process.stderr.read() == "confcli: interrupted\n"
    assert dump(library) == before and sound(library)


def test_concurrent_parses_all_succeed_and_lose_nothing(tmp_path):
    """Four at once on a new library, each its own pages; then two at once on the same
    pages: every run succeeds (one waits for another's write), no session is lost or
    doubled."""
    library = tmp_path / "library.sqlite"
    folders = [
        make_corpus.poster_pages(tmp_path / f"part-{n}", 4, 800, first=4 * n + 1) for n in range(4)
    ]
    runs = [confcli("parse", str(folder), "--library", str(library)) for folder in folders]
    assert [run.wait(timeout=120) for run in runs] == [ExitCode.OK] * 4, [
        run.stderr.read() for run in runs
    ]
    twice = [confcli("parse", str(folders[0]), "--library", str(library)) for _ in range(2)]
    assert [run.wait(timeout=120) for run in twice] == [ExitCode.OK] * 2
    sessions = run_cli("list", "--library", str(library), "--json").json
    assert sorted(session["title"] for session in sessions) == sorted(
        f"Poster Session {n}" for n in range(1, 17)
    )
    assert {session["item_count"] for session in sessions} == {800}
    assert sound(library)
