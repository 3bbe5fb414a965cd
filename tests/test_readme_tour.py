"""The README's five-minute tour works as written: every `confcli` line of its shell blocks,
in order, from the clone, exits 0 (the network's one URL left out)."""

from __future__ import annotations

import re
import shlex

from conftest import REPO, run_cli

from confcli.errors import ExitCode


def tour_commands() -> list[list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", tour, flags=re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return [shlex.split(line, comments=True) for line in lines if line.startswith("confcli ")]


def test_the_tour_has_every_filter_and_command():
    used = " ".join(" ".join(command) for command in tour_commands())
    for option in (
        "--session", "--kind", "--day", "--after", "--before", "--now", "--at", "--room",
        "--author", "--award", "--decision", "--conference", "--year", "--tz", "--from",
    ):  # fmt: skip
        assert option in used, option
    for command in ("parse", "list", "search", "show", "stats", "export", "set-time"):
        assert f" {command} " in f" {used} ", command


def test_every_tour_step_works(monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)  # the tour runs in the clone: samples/, tests/fixtures/
    for command in tour_commands():
        if any("://" in word for word in command):
            continue  # a page from the site: the tests stay offline
        args = command[1:]
        if "-o" in args:  # written beside the test, not into the clone
            at = args.index("-o") + 1
            args[at] = str(tmp_path / args[at])
        done = run_cli(*args)
        assert done.code == ExitCode.OK, (command, done.stderr)
