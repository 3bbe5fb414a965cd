"""Issue 12, part 9: what was noticed earlier and still open."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import run_cli

from confcli.errors import ExitCode


def test_csv_bom_for_spreadsheet_apps(stored_samples):
    plain = run_cli("export", "-f", "csv", "--limit", "2").stdout
    marked = run_cli("export", "-f", "csv", "--limit", "2", "--bom").stdout
    assert marked == "\ufeff" + plain and not plain.startswith("\ufeff")
    refused = run_cli("export", "-f", "ics", "--bom")
    assert refused.code == ExitCode.USAGE
    assert refused.stderr == "confcli: error: --bom is for csv, not ics\n"


def test_json_on_a_stdout_that_is_not_utf8_is_still_utf8(stored_samples):
    """LANG=C: escaping what the locale cannot encode (\\xe9) would be invalid JSON."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    for args in (["list", "--json"], ["export", "-f", "json", "-a", "Zügner"]):
        done = subprocess.run(
            [sys.executable, "-m", "confcli", *args], capture_output=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")  # strict: UTF-8 or an error
        assert "Daniel Zügner" in text and json.loads(text)
