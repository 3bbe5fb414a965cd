"""Shared test helpers: run the CLI in-process with a replaceable terminal."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from confcli.clock import Clock, system_clock
from confcli.main import main
from confcli.render.terminal import Terminal

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


# Hypothesis profiles: `ci`, the default, keeps the suite quick; `fuzz` (pytest
# --hypothesis-profile=fuzz, or CONFCLI_FUZZ=1) runs the property tests of tests/test_fuzz.py
# over more than 100,000 generated inputs in all (README, Reliability).
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "fuzz",
    max_examples=8_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
settings.load_profile("fuzz" if os.environ.get("CONFCLI_FUZZ") else "ci")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow: seconds-long (big inputs, real crashes, concurrent runs): opt-in with "
        "CONFCLI_SLOW=1, which CI sets",
    )


def pytest_collection_modifyitems(config, items):
    """The slow cases run only when asked (CONFCLI_SLOW=1: CI always asks), so that
    `python -m pytest` stays well under two minutes on two cores."""
    if os.environ.get("CONFCLI_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: set CONFCLI_SLOW=1 to run it (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def need_tool(name: str) -> str:
    """A real consumer (jq, khal…): skipped when missing, except where CI installed it."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CONFCLI_REQUIRE_CONSUMERS"):
        pytest.fail(f"{name} is required here but not on the PATH")
    pytest.skip(f"{name} is not installed (.ci/run installs it)")


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


def run_cli(
    *args: str, stdin: str | None = None, width: int = 80, clock: Clock = system_clock
) -> CliResult:
    """The CLI in-process, on a captured terminal (no colour, fixed width, ``clock``)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        terminal = Terminal(stdout=out, stderr=err, color=False, width=width, clock=clock)
        code = main(list(args), terminal)
    finally:
        sys.stdin = old_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def run_process(
    *args: str, input: str | None = None, env: dict | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The real `confcli` in a subprocess (python -m confcli), as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "confcli", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(autouse=True)
def isolated_library(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty library; nothing touches the user's."""
    path = tmp_path / "library.sqlite"
    monkeypatch.setenv("CONFCLI_LIBRARY", str(path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CONFCLI_TZ", raising=False)
    return path


@pytest.fixture
def stored_samples(isolated_library) -> Path:
    """A library holding the five bundled samples."""
    result = run_cli("parse", *map(str, SAMPLE_FILES))
    assert result.code == 0, result.stderr
    return isolated_library
