"""One test per documented exit code (README, Exit codes; confcli.errors.ExitCode is the
one source), each with its exact line on stderr; and what no command line may cause: a
traceback, or a crash on text the terminal or SQLite cannot take."""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLE_FILES, run_cli, run_process

from confcli import app as core
from confcli import main as entry
from confcli.errors import ExitCode

SESSION_7 = next(path for path in SAMPLE_FILES if path.name == "iclr2021-oral-session-7.txt")


def readme_exit_codes() -> dict[int, str]:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Exit codes")[1]
    return {
        int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.+) \|$", section, re.M)
    }


def test_the_readme_documents_exactly_the_exit_codes_confcli_has():
    assert sorted(readme_exit_codes()) == sorted(code.value for code in ExitCode)


def test_0_ok(stored_samples):
    result = run_cli("list", "-s", "Oral Session 7")
    assert (result.code, result.stderr) == (ExitCode.OK, "")


def test_1_internal_error_is_one_line_and_debug_shows_the_traceback(monkeypatch, stored_samples):
    def bug(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(core, "select_sessions", bug)
    result = run_cli("list")
    assert result.code == ExitCode.ERROR
    assert result.stderr == (
        "confcli: internal error: ZeroDivisionError: division by zero "
        "(run with --debug and report it)\n"
    )
    debug = run_cli("--debug", "list")
    assert debug.stderr.startswith("Traceback (most recent call last):\n")
    assert debug.stderr.endswith("(run with --debug and report it)\n")


def test_2_usage():
    result = run_cli("list", "--bogus")
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        "confcli: error: No such option: --bogus (see `confcli list --help`)\n"
    )


def test_2_usage_for_an_argument_that_is_not_utf8(isolated_library):
    """Regression: undecodable bytes in an option went on to SQLite, an internal error."""
    result = run_process("show", "--title", "caf\udce9", env={"PYTHONUTF8": "1"})
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.endswith(
        "confcli: error: an argument holds bytes that are not UTF-8 (b'\\xe9')\n"
    )


def test_3_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_cli("parse", str(empty))
    assert (result.code, result.stderr) == (
        ExitCode.BAD_INPUT,
        f"confcli: error: {empty}: empty page\n",
    )


def test_4_not_found(stored_samples):
    result = run_cli("show", "--title", "no such paper anywhere")
    assert (result.code, result.stderr) == (
        ExitCode.NOT_FOUND,
        "confcli: error: no item with title 'no such paper anywhere'\n",
    )


def test_5_partial(tmp_path, isolated_library):
    missing = tmp_path / "missing.txt"
    result = run_cli("parse", str(SESSION_7), str(missing), "--year", "2021")
    assert result.code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == [
        f"confcli: error: {missing}: no such file or directory",
        f"confcli: stored 1 session(s), 16 item(s) in {isolated_library}",
    ]


def test_6_library(tmp_path):
    garbage = tmp_path / "library.sqlite"
    garbage.write_bytes(b"\x00" * 8192)
    result = run_cli("list", "--library", str(garbage))
    assert result.code == ExitCode.LIBRARY
    assert result.stderr == (
        f"confcli: error: {garbage} is not a usable confcli library (file is not a "
        "database); see `confcli library check`\n"
    )


def test_7_output(stored_samples, tmp_path):
    result = run_cli("export", "-f", "csv", "-o", str(tmp_path))
    assert result.code == ExitCode.OUTPUT
    assert result.stderr == f"confcli: error: {tmp_path}: cannot write: it is a directory\n"


def test_130_interrupted_ends_quietly(monkeypatch, stored_samples):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(core, "select_sessions", interrupted)
    result = run_cli("list")
    assert (result.code, result.stderr) == (ExitCode.INTERRUPTED, "confcli: interrupted\n")


# `confcli list` whose import of the commands (typer, confcli.cli) is slow, as on a cold
# disk: it says when the import began, then waits for the Ctrl-C.
SLOW_START = """
import sys, time

class SlowCommands:
    def find_spec(self, name, path=None, target=None):
        if name == "confcli.cli":
            print("importing the commands", file=sys.stderr, flush=True)
            time.sleep(60)
        return None

sys.meta_path.insert(0, SlowCommands())
sys.argv = ["confcli", "list"]
from confcli.main import run
run()
"""


def test_130_ctrl_c_while_the_commands_are_imported_ends_quietly():
    """Regression: a Ctrl-C during start-up printed a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_START],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stderr.readline() == "importing the commands\n"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == ExitCode.INTERRUPTED
    assert process.stderr.read() == "confcli: interrupted\n"


def test_130_ctrl_c_before_main_is_ready_ends_quietly(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "main", interrupted)
    with pytest.raises(SystemExit) as ended:
        entry.run()
    gc.unfreeze()  # run() froze this test process's heap
    assert ended.value.code == ExitCode.INTERRUPTED
    assert capsys.readouterr() == ("", "confcli: interrupted\n")


@pytest.mark.parametrize("code", list(ExitCode), ids=lambda code: code.name)
def test_every_exit_code_has_a_test_here(code):
    names = {name for name in globals() if name.startswith("test_")}
    assert any(name.startswith(f"test_{code.value}_") for name in names)


def test_a_terminal_that_cannot_show_a_character_gets_its_escape(stored_samples):
    """Regression: an ASCII locale made every accented name an internal error."""
    result = run_process("list", "-s", "Deep Learning", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == ExitCode.OK, result.stderr
    assert "Daniel Z\\xfcgner" in result.stdout
