"""Running a few lines of Python as an unprivileged user (issue 13: CI runs as root, which
bypasses permissions). The lines import only confcli modules that need nothing beyond the
standard library, so any Python 3.11+ that user may run will do; without setpriv or such a
Python the test is skipped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import confcli

REPO = Path(confcli.__file__).resolve().parents[1]  # the confcli under test
NOBODY = 65534
PYTHONS = (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3")


def as_nobody(code: str, *args: str) -> object:
    """What ``code`` prints (JSON), run as the user nobody with confcli importable."""
    python = _python()
    command = [*_setpriv(), python, "-c", code, *args]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _setpriv() -> list[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root to become another user")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not installed")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def _python() -> str:
    for python in PYTHONS:
        probe = [*_setpriv(), python, "-c", "import confcli.readers.reading"]
        env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
        try:
            done = subprocess.run(probe, capture_output=True, timeout=30, env=env)
        except OSError:
            continue
        if done.returncode == 0:
            return python
    pytest.skip("no Python the user nobody may run imports confcli")


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder every user may enter and write (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="confcli-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
