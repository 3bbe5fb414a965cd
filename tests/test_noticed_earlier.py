"""Issue 12, part 9: what was noticed earlier and still open."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO, SAMPLES, run_cli

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


HTML_OS1 = REPO / "tests" / "fixtures" / "html" / "iclr2021-oral-session-1.html"


def test_a_page_and_the_users_conference_and_year_that_disagree_are_warned_about():
    result = run_cli("parse", str(HTML_OS1), "--year", "2020", "--conference", "NeurIPS")
    assert result.code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"confcli: warning: {HTML_OS1}: the page says ICLR, not --conference NeurIPS: ICLR kept",
        f"confcli: warning: {HTML_OS1}: the page says 2021, not --year 2020: 2021 kept",
    ]
    agreeing = run_cli("parse", str(HTML_OS1), "--year", "2021", "--conference", "iclr")
    assert "warning" not in agreeing.stderr


def test_weekdays_that_do_not_fit_the_year_given_are_warned_about():
    """'Wed 5 May' is a 2021 date: with --year 2022 the page's weekdays win, and say so."""
    page = SAMPLES / "iclr2021-oral-session-7.txt"
    result = run_cli("parse", str(page), "--year", "2022")
    assert result.code == 0
    assert f"confcli: warning: {page}: the page's weekdays put its dates in 2021, not 2022\n" in (
        result.stderr
    )
    assert "warning" not in run_cli("parse", str(page), "--year", "2021").stderr
