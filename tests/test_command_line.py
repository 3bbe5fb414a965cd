"""The command line behaves like a well-made CLI: bare groups print help, --version, one
error prefix, a hint for words starting with '-', tidy help, quoted completion."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli, run_process

from confcli import __version__
from confcli.completion import shell_words
from confcli.errors import ExitCode

COMMANDS = ["parse", "list", "search", "show", "stats", "export", "library",
            "library path", "library check", "library rebuild"]  # fmt: skip


@pytest.mark.parametrize("group", [[], ["library"]])
def test_a_group_alone_prints_its_help_and_succeeds(group):
    result = run_process(*group, env={"COLUMNS": "100"})
    assert result.returncode == 0
    assert f"Usage: confcli {' '.join(group)}".replace("  ", " ") in result.stdout
    assert result.stderr == ""


def test_version():
    result = run_cli("--version")
    assert (result.code, result.stdout) == (0, f"confcli {__version__}\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["list", "-c"],
            "confcli: error: Option '-c' requires an argument. (see `confcli --help`)",
        ),
        (
            ["list", "--bogus"],
            "confcli: error: No such option: --bogus (see `confcli list --help`)",
        ),
        (
            ["library", "nope"],
            "confcli: error: No such command 'nope'. (see `confcli library --help`)",
        ),
        (
            ["search", "-lottery"],
            "confcli: error: No such option: -l; a word starting with '-' goes after `--`: "
            "`confcli search -- -lottery` (see `confcli search --help`)",
        ),
    ],
)
def test_usage_errors_start_like_every_other_error(args, line):
    result = run_cli(*args)
    assert result.code == ExitCode.USAGE
    assert result.stderr.strip() == line


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_odd_placeholders_and_names_each_variable_once(command):
    result = run_process(*command.split(), "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    text = result.stdout
    assert not re.search(r"\{[A-Z]+\}|<str>|<int|<float", text), text
    for variable in ("CONFCLI_LIBRARY", "CONFCLI_TZ"):
        assert text.count(variable) <= 1 or command == "library path", (command, variable)


def test_show_help_says_it_prints_one_object():
    result = run_process("show", "--help", env={"COLUMNS": "200"})
    assert "with --json, one object" in result.stdout


@pytest.mark.parametrize(
    ("example", "found"),
    [
        (["list", "--session", "Oral Session 7"], 16),
        (["list", "--day", "2021-05-05", "--kind", "oral", "--tz", "Europe/Berlin"], 5),
        (["search", "lottery"], 2),
        (["search", 'author:"Yoshua Bengio" -title:transformer'], 3),
        (["search", "--", "-lottery pruning"], 3),
        (["show", "49fd7c", "--tz", "Europe/Berlin"], 1),
        (["stats", "--conference", "ICLR"], 3),
        (["export", "--format", "ics", "--kind", "oral"], None),
    ],
)
def test_the_help_examples_find_something_in_the_samples(stored_samples, example, found):
    """Each example of the commands' help, run on the bundled samples."""
    where = example.index("--") if "--" in example else len(example)
    result = run_cli(*example[:where], "--json", *example[where:]) if found else run_cli(*example)
    data = result.json if found else None
    assert result.code == 0, result.stderr
    if found is None:
        assert result.stdout.count("BEGIN:VEVENT") == 16
        return
    count = (
        len(data["sessions"]) if "sessions" in data else 1 if isinstance(data, dict) else len(data)
    )
    if example[:2] == ["list", "--session"]:
        count = len(data)
    assert count == found


def test_completion_quotes_what_it_completes():
    titles = ["Deep Learning", "Deep\x1b[2J Trap", "Oral Session 7", "It's"]
    assert shell_words(titles, "Deep") == ["'Deep Learning'", "Deep"]
    assert shell_words(titles, "'oral") == ["'Oral Session 7'"]
    assert shell_words(titles, "it") == ["'It'\"'\"'s'"]


def test_the_shell_gets_the_quoted_word(stored_samples):
    env = {"_CONFCLI_COMPLETE": "complete_bash", "COMP_WORDS": "confcli list -s Deep",
           "COMP_CWORD": "3"}  # fmt: skip
    assert run_process(env=env).stdout == "'Deep Learning'\n"
    env["COMP_WORDS"] = "confcli list -k s"
    assert run_process(env=env).stdout == "spotlight\n"
