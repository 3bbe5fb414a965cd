"""Progress on long work: the library layer reports it through a callback; the CLI draws a
bar on stderr only when stderr is a terminal, and nothing at all (not even Rich) otherwise."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE_FILES

from confcli import app
from confcli.main import main
from confcli.progress import READING, STORING
from confcli.readers import reading
from confcli.render.terminal import Terminal
from confcli.store.library import Library

FEED = Path(__file__).parent / "fixtures" / "feed" / "iclr-2024-orals-posters.json"


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Recorder:
    def __init__(self):
        self.calls: list[tuple[str, int, int | None]] = []

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        self.calls.append((stage, done, total))

    def stage(self, name: str) -> list[tuple[int, int | None]]:
        return [(done, total) for stage, done, total in self.calls if stage == name]


def test_the_library_layer_reports_reading_and_storing():
    progress = Recorder()
    pages = [str(path) for path in SAMPLE_FILES]
    report = app.parse_into(Library(), pages, reading.ReadOptions(), progress)
    assert progress.stage(READING) == [(done, 5) for done in range(6)]
    assert progress.stage(STORING) == [(done, 5) for done in range(1, 6)]
    assert report.stored.sessions == 5


def test_a_big_feed_reports_each_session_it_stores():
    progress = Recorder()
    app.parse_into(Library(), [str(FEED)], reading.ReadOptions(), progress)
    stored = progress.stage(STORING)
    assert len(stored) == 12 and stored[-1] == (12, 12)


def test_a_terminal_sees_a_bar_on_stderr_and_clean_data_on_stdout(isolated_library):
    out, err = io.StringIO(), FakeTty()
    code = main(["parse", *map(str, SAMPLE_FILES), "--json"], Terminal(stdout=out, stderr=err))
    assert code == 0
    assert "reading pages" in err.getvalue() and "storing sessions" in err.getvalue()
    assert "5/5" in err.getvalue()
    assert len(json.loads(out.getvalue())) == 5  # the bar never touches stdout
    said = err.getvalue()  # the bar is gone before confcli says what it stored
    assert said.rindex("storing sessions") < said.index("confcli: stored 5 session(s)")
    assert said.rstrip().endswith(str(isolated_library))


def test_without_a_terminal_there_is_no_bar():
    out, err = io.StringIO(), io.StringIO()
    assert main(["parse", *map(str, SAMPLE_FILES)], Terminal(stdout=out, stderr=err)) == 0
    assert "reading pages" not in err.getvalue() and "\x1b" not in err.getvalue()
    assert err.getvalue().startswith("confcli: stored 5 session(s)")


PROBE = """
import json, sys
from confcli.main import main
code = main(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "rich": sorted(m for m in sys.modules if m.startswith("rich"))}),
      file=sys.stderr)
"""


def test_without_a_terminal_rich_is_not_even_imported(tmp_path):
    args = ["parse", *map(str, SAMPLE_FILES), "--json", "--library", str(tmp_path / "l.sqlite")]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "rich": []}
