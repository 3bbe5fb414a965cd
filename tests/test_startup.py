"""Start-up stays fast: heavy modules are imported only where they are used."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

HEAVY = ["rich", "selectolax", "dateutil", "platformdirs", "icalendar"]
# What a query never needs: the page readers, and what only reading, fetching, exporting or
# making ids needs. Each costs milliseconds on every start (benchmarks/run.py measures it).
NOT_FOR_QUERIES = [
    "confcli.readers", "confcli.export", "urllib.request", "http.client", "email", "hashlib",
    "importlib.resources",
]  # fmt: skip

# Runs confcli in-process, then reports which heavy top-level modules got imported.
PROBE = """
import json, sys
from confcli.main import main
code = main(json.loads(sys.argv[1]))
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def heavy_modules_after(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return report["heavy"]


# Runs confcli in-process, then reports which of the given modules (or their submodules)
# got imported.
MODULES_PROBE = """
import json, sys
from confcli.main import main
code = main(json.loads(sys.argv[1]))
wanted = json.loads(sys.argv[2])
found = sorted(n for n in sys.modules if any(n == w or n.startswith(w + ".") for w in wanted))
print(json.dumps({"code": code, "found": found}), file=sys.stderr)
"""


def modules_after(args: tuple[str, ...], wanted: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", MODULES_PROBE, json.dumps(args), json.dumps(wanted)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return report["found"]


def test_importing_the_cli_loads_no_heavy_module():
    code = "import json, sys, confcli.main, confcli.cli; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_a_json_search_loads_no_heavy_module(stored_samples):
    assert heavy_modules_after("search", "lottery", "--json") == []


def test_a_json_search_on_the_bundled_samples_loads_no_heavy_module():
    assert heavy_modules_after("search", "lottery", "--json") == []


def test_queries_load_no_reader_and_nothing_only_parsing_needs(stored_samples):
    for args in (
        ("search", "lottery", "--json"),
        ("list", "--session", "Oral Session 7", "--json"),
        ("show", "49fd7c", "--json"),
    ):
        assert modules_after(args, NOT_FOR_QUERIES) == [], args


def test_tables_do_load_rich(stored_samples):
    assert heavy_modules_after("search", "lottery") == ["rich"]


def test_ruff_enforces_lazy_imports_and_style():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "confcli", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
