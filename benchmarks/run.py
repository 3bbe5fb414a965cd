"""Times confcli at conference scale against ripgrep and jq, and checks issue 6's targets.

    python benchmarks/run.py                  # samples, 0.1x and 1x (about two minutes)
    python benchmarks/run.py --scale 10x      # only 10x; --scale all for every scale
    python benchmarks/run.py --quick          # one run of each: proves it works, not a timing

Corpora are generated first when missing or stale (benchmarks/generate.py). Every command
runs in a fresh process: wall time is the median of several runs, memory the peak RSS of
the process. Prints Markdown tables on stdout and progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(REPO))

from benchmarks import corpus, generate, measure, report  # noqa: E402
from benchmarks.measure import Command, Timing  # noqa: E402
from benchmarks.questions import Question, questions  # noqa: E402

DEFAULT_SCALES = ("samples", "0.1x", "1x")
TEXT_SHAPES = ("timed-session", "poster-session", "track-page")
# (label, folder under the corpus, shapes of the manifest it holds)
PARSE_INPUTS = (
    *((f"text: {shape}", f"text/{shape}", (shape,)) for shape in TEXT_SHAPES),
    ("text", "text", TEXT_SHAPES),
    ("html", "html", ("html",)),
    ("feed", "feed", ("feed",)),
)
BYTECODE_NOTE = (
    "PYTHONDONTWRITEBYTECODE was set: unset for the measured commands, so that confcli runs "
    "from cached bytecode as an installed confcli does"
)
TOOL_HINTS = {
    "rg": "ripgrep is not installed (apt-get install ripgrep): its columns say n/a",
    "jq": "jq is not installed (apt-get install jq): its columns say n/a",
}


def confcli_command() -> list[str]:
    """The console script users run, from this Python's environment."""
    script = Path(sys.executable).with_name("confcli")
    return [str(script)] if script.exists() else [sys.executable, "-m", "confcli"]


def machine() -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "load average at start": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "system": platform.platform(),
        "confcli commit": commit or "unknown",
        "tools": ", ".join(f"{name}: {measure.version_of(name)}" for name in ("rg", "jq")),
    }


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


class Benchmark:
    def __init__(self, out: Path, runs: int, quick: bool):
        self.out, self.runs, self.quick = out, runs, quick
        self.confcli = confcli_command()
        self.results = report.Results(machine())
        self.env = {**os.environ, "NO_COLOR": "1"}
        self.env.pop("CONFCLI_LIBRARY", None)
        # Installed confcli runs from cached bytecode (pip compiles it); compiling every
        # module on every run would time the compiler, not confcli.
        if self.env.pop("PYTHONDONTWRITEBYTECODE", None):
            self.results.notes.append(BYTECODE_NOTE)
        self.tools = {name: measure.tool(name) for name in ("rg", "jq")}
        self.commands: dict[str, bool] = {}
        self.results.notes += [TOOL_HINTS[name] for name, path in self.tools.items() if not path]

    def say(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def timed(self, argv: list[str], before=None) -> Timing:
        command = Command(argv, before)
        return measure.measure_adaptive(command, 1 if self.quick else self.runs, env=self.env)

    # --- the whole run --------------------------------------------------------------------

    def run(self, scales: list[str]) -> report.Results:
        self.references()
        for scale in scales:
            self.scale(scale)
        return self.results

    def references(self) -> None:
        self.say("start-up references")
        for label, code in report.REFERENCES.items():
            self.results.references[label] = self.timed([sys.executable, "-c", code])

    def scale(self, scale: str) -> None:
        folder = self.out / scale
        if not generate.is_current(scale, self.out):
            self.say(f"{scale}: generating the corpus")
            generate.write(scale, self.out)
        manifest = json.loads((folder / "manifest.json").read_text())
        libraries = folder / "libraries"
        libraries.mkdir(exist_ok=True)
        whole_library = scale in LIBRARY_ONLY_SCALES  # every conference: its library only
        for label, sub, shapes in PARSE_INPUTS:
            stats = [manifest["shapes"][shape] for shape in shapes if shape in manifest["shapes"]]
            if stats and (label == "text" or not whole_library):
                self.parse(scale, label, folder / sub, libraries, stats)
        items = sum(
            stats["items"] for shape, stats in manifest["shapes"].items() if shape in TEXT_SHAPES
        )
        if whole_library:
            self.library_scale(scale, libraries / "text.sqlite", items)
            return
        self.results.items[scale] = items
        if scale == FLOOR_SCALE:
            self.floors(scale, folder)
        self.queries(scale, libraries / "text.sqlite", folder / "text")

    # --- floors (issue 16, part 2) --------------------------------------------------------

    def floors(self, scale: str, folder: Path) -> None:
        """What parsing cannot beat, in this process: selectolax parsing the HTML pages and
        taking their text, json.loads of the feed; storing the already read sessions."""
        self.say(f"{scale}: floors (reading alone, storing alone)")
        best = 1 if self.quick else 3
        html = sorted((folder / "html").glob("*.html"))
        feed = sorted((folder / "feed").glob("*.json"))
        found = self.results.floors
        found["reading html"] = _best(best, lambda: [_lexbor_text(path) for path in html])
        found["reading feed"] = _best(best, lambda: [json.loads(p.read_bytes()) for p in feed])
        for shape in ("html", "feed"):
            found[f"storing {shape}"] = _storing_floor(folder / shape, best)

    # --- every conference in one library (issue 16, part 5) ---------------------------------

    def library_scale(self, scale: str, library: Path, items: int) -> None:
        session = session_title(scale)
        item = self.first_item(library, session)
        export = self.out / scale / "libraries" / "export.json"
        self.json_export(library, export)
        wanted = LIBRARY_SCALE_QUESTIONS
        for question in questions(session, item["id"], item["title"]):
            if question.label in wanted:
                self.say(f"{scale}: {question.label}")
                timing = self.timed([*self.confcli, *self.with_library(question, library)])
                self.results.queries.append(report.QueryRow(scale, question, timing))
        sizes = {
            "library": sum(
                Path(f"{library}{end}").stat().st_size
                for end in ("", "-wal")
                if Path(f"{library}{end}").exists()
            ),
            "json export": export.stat().st_size if export.exists() else 0,
        }
        self.results.library_scales[scale] = report.LibraryScale(items, sizes)

    # --- parsing --------------------------------------------------------------------------

    def parse(self, scale: str, label: str, pages: Path, libraries: Path, stats: list) -> None:
        self.say(f"{scale}: parse {label}")
        library = libraries / f"{label.replace(': ', '-')}.sqlite"
        timing = self.timed(
            [*self.confcli, "parse", str(pages), "--library", str(library)],
            before=lambda: _remove_library(library),
        )
        row = report.ParseRow(
            scale,
            label,
            sum(s["files"] for s in stats),
            sum(s["bytes"] for s in stats) / 1e6,
            sum(s["items"] for s in stats),
            timing,
            self.reader_seconds(pages),
        )
        self.results.parses.append(row)
        if label == "html":  # issue 16 target 6: the same pages again, into the same library
            self.say(f"{scale}: parse {label} again (unchanged)")
            again = self.timed([*self.confcli, "parse", str(pages), "--library", str(library)])
            self.results.parses.append(
                replace(row, shape=report.REPARSED, timing=again, reader_seconds=None)
            )
        if label != "text":  # the text library answers the queries; the others can go
            _remove_library(library)

    def reader_seconds(self, pages: Path) -> float:
        """The readers alone (no start-up, no SQLite), in this process: best of a few."""
        from confcli.readers.reading import ReadOptions, read_pages

        best = float("inf")
        for _ in range(1 if self.quick else 3):
            start = time.perf_counter()
            read_pages([str(pages)], ReadOptions())
            best = min(best, time.perf_counter() - start)
            if best > 2:
                break
        return best

    # --- questions ------------------------------------------------------------------------

    def queries(self, scale: str, library: Path, pages: Path) -> None:
        session = session_title(scale)
        item = self.first_item(library, session)
        export = self.json_export(library, library.with_name("export.json"))
        has_export = self.has_command("export")
        for question in questions(session, item["id"], item["title"]):
            self.say(f"{scale}: {question.label}")
            exists = has_export or question.kind != "export"
            mine = (
                self.timed([*self.confcli, *self.with_library(question, library)])
                if exists
                else None
            )
            row = report.QueryRow(scale, question, mine)
            if question.jq and self.tools["jq"] and export:
                row.jq = self.timed([self.tools["jq"], question.jq, str(export)])
            if question.rg and self.tools["rg"]:
                row.rg = self.timed([self.tools["rg"], *question.rg, str(pages)])
            self.results.queries.append(row)
        if scale == "samples":
            self.startup_pair(library)

    def startup_pair(self, library: Path) -> None:
        """The start-up target's two commands, timed in alternation: the same load for both."""
        self.say("samples: search lottery --json and import typer, alternating")
        search = Command([*self.confcli, "search", "lottery", "--json", "--library", str(library)])
        typer = Command([sys.executable, "-c", "import typer"])
        runs = 1 if self.quick else 2 * self.runs
        self.results.startup = measure.measure_pair(search, typer, runs, env=self.env)

    @staticmethod
    def with_library(question: Question, library: Path) -> list[str]:
        if question.kind == "help":
            return list(question.args)
        return [*question.args, "--library", str(library)]

    def first_item(self, library: Path, session: str) -> dict:
        """A paper of the session, for `show` (its id) and for rg (its title)."""
        found = self.output(
            [
                *self.confcli,
                "list",
                "--session",
                session,
                "--json",
                "-n",
                "5",
                "--library",
                str(library),
            ]
        )
        papers = [item for item in json.loads(found or "[]") if item["authors"]]
        return papers[0] if papers else {"id": "0", "title": session}

    def json_export(self, library: Path, path: Path) -> Path | None:
        """confcli's own JSON export of the whole library, for jq (list --json flattened
        when there is no export command)."""
        if self.has_command("export"):
            self.output(
                [
                    *self.confcli,
                    "export",
                    "--format",
                    "json",
                    "-o",
                    str(path),
                    "--library",
                    str(library),
                ]
            )
        elif self.tools["jq"]:
            nested = self.output([*self.confcli, "list", "--json", "--library", str(library)])
            flat = subprocess.run(
                [self.tools["jq"], "[.[].items[]]"],
                input=nested,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            path.write_text(flat, encoding="utf-8")
        return path if path.exists() else None

    def has_command(self, name: str) -> bool:
        """Whether this confcli has the command (export is another engineer's work)."""
        if name not in self.commands:
            help_run = subprocess.run([*self.confcli, name, "--help"], capture_output=True)
            self.commands[name] = help_run.returncode == 0
            if not self.commands[name]:
                self.results.notes.append(f"`confcli {name}` does not exist yet: its rows say n/a")
        return self.commands[name]

    def output(self, argv: list[str]) -> str:
        result = subprocess.run(argv, capture_output=True, text=True, env=self.env, check=False)
        return result.stdout


FLOOR_SCALE = "1x"  # where the parse floors are measured
LIBRARY_ONLY_SCALES = ("30x",)  # parsed (text) and asked the few questions that matter
LIBRARY_SCALE_QUESTIONS = ("search lottery -n 10 --json", "list --session S", "show ID")


def _best(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _lexbor_text(path: Path) -> str:
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(path.read_bytes()).body
    return body.text() if body is not None else ""


def _storing_floor(pages: Path, runs: int) -> float:
    """The library storing these pages' sessions, read beforehand (untimed), into a fresh
    library file: from the first row to the commit."""
    import tempfile

    from confcli.readers.reading import ReadOptions, read_pages
    from confcli.store import Library

    read = [entry.page for entry in read_pages([str(pages)], ReadOptions()).pages]
    best = float("inf")
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=pages.parent) as folder:
            with Library(Path(folder) / "floor.sqlite") as library:
                start = time.perf_counter()
                library.store(read)
                best = min(best, time.perf_counter() - start)
    return best


def _remove_library(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def session_title(scale: str) -> str:
    """A timed session every corpus of this scale holds ('Oral Session 7' when there is)."""
    layout = corpus.SCALES[scale].layout if scale in corpus.SCALES else None
    return "Oral Session 7" if layout is None or layout.timed_sessions >= 7 else "Oral Session 1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        action="append",
        choices=[*generate.SCALE_NAMES, "all"],
        help=f"repeatable (default: {' '.join(DEFAULT_SCALES)})",
    )
    parser.add_argument("--quick", action="store_true", help="one run of each command")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (median)")
    parser.add_argument("--out", type=Path, default=generate.OUT, help="where corpora live")
    args = parser.parse_args(argv)
    scales = args.scale or list(DEFAULT_SCALES)
    if "all" in scales:
        scales = ["samples", "0.1x", "1x", "10x"]
    results = Benchmark(args.out, args.runs, args.quick).run(scales)
    print(report.render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
