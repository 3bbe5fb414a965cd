"""The process boundary: runs a command line and turns whatever ends it (a result, an
expected error, Ctrl-C, a closed pipe, a bug) into one line on stderr and a documented exit
code. The commands themselves are in confcli.cli.

Only the standard library and confcli's small modules load here at import time: typer and
the commands are imported inside ``main``, where a Ctrl-C during their import (a slow disk,
a cold cache) is caught like any other."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any, Protocol

from confcli.errors import ConfcliError, ExitCode
from confcli.render.terminal import Terminal

if TYPE_CHECKING:
    from typer import TyperException

    from confcli.store import DatabaseError

INTERRUPTED = "confcli: interrupted"


class Command(Protocol):
    """What main needs of the click command typer builds."""

    def main(
        self, *, args: list[str] | None, prog_name: str, standalone_mode: bool, obj: Terminal
    ) -> Any: ...


def main(argv: list[str] | None = None, terminal: Terminal | None = None) -> int:
    """Runs the CLI; returns (and as a script exits with) a documented exit code."""
    terminal = terminal or Terminal()
    terminal.debug = terminal.debug or bool(os.environ.get("CONFCLI_DEBUG"))
    try:
        command = _click_command(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # while typer and the commands were being imported
        return _fail(terminal, INTERRUPTED, ExitCode.INTERRUPTED)
    return _invoke(command, argv, terminal)


def _invoke(command: Command, argv: list[str] | None, terminal: Terminal) -> int:
    """Runs the command; every way it can end becomes an exit code."""
    import typer

    from confcli.store import DatabaseError

    try:
        result = command.main(args=argv, prog_name="confcli", standalone_mode=False, obj=terminal)
    except ConfcliError as error:
        return _fail(terminal, f"confcli: error: {error}", error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        return _fail(terminal, INTERRUPTED, ExitCode.INTERRUPTED)
    except typer.TyperException as error:  # click's usage errors
        return _usage_error(terminal, error, sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except DatabaseError as error:
        return _database_failure(terminal, error)
    except UnicodeEncodeError as error:
        return _unencodable_argument(terminal, error)
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        return _internal_error(terminal, error)
    if result == ExitCode.INTERRUPTED:  # click turns Ctrl-C into this code, silently
        terminal.message(INTERRUPTED)
        return ExitCode.INTERRUPTED
    terminal.finish()
    return int(result or 0)


def _click_command(args: list[str]) -> Command:
    """The command line as click runs it. typer builds every command's options on each
    start; when the first word names a command, only that one is built (a few ms less on
    every `confcli search`: README, Performance)."""
    import copy

    import typer

    from confcli.cli import cli

    wanted = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in cli.registered_commands if info.name == wanted]
    if not chosen:  # no command, or an unknown one: the whole group, for its help and errors
        return _name_the_shapes(typer.main.get_command(cli))
    only = copy.copy(cli)
    only.registered_commands = chosen
    only.registered_groups = []  # `confcli library …` is a group: not chosen here
    return _name_the_shapes(typer.main.get_command(only))


def _name_the_shapes(command: Command) -> Command:
    """`parse --format`'s help names every shape registered (confcli.readers.registry), a
    reader added later included. Only when parse is built: queries load no reading code."""
    from confcli.completion import quote_completions
    from confcli.helptext import tidy_arguments
    from confcli.options import COMPLETERS

    tidy_arguments(quote_completions(command, COMPLETERS))
    parse = getattr(command, "commands", {}).get("parse")
    if parse is not None:
        from confcli.readers.registry import format_help

        for param in parse.params:
            if param.name == "format":
                param.help = format_help()
    return command


def _internal_error(terminal: Terminal, error: Exception) -> int:
    message = f"confcli: internal error: {type(error).__name__}: {error}"
    return _fail(terminal, f"{message} (run with --debug and report it)", ExitCode.ERROR)


def _database_failure(terminal: Terminal, error: DatabaseError) -> int:
    """SQLite failing under a command: the library file's state (damaged, full disk,
    locked, read-only) is exit 6 with what to do; anything else is a bug."""
    from confcli.store.maintenance import failure

    message = failure(error)
    if message is None:
        return _internal_error(terminal, error)
    return _fail(terminal, f"confcli: error: {message}", ExitCode.LIBRARY)


def _unencodable_argument(terminal: Terminal, error: UnicodeEncodeError) -> int:
    """Undecodable bytes typed on the command line (os.fsdecode keeps them as halves of
    characters): SQLite and files take UTF-8 only."""
    if "surrogates" not in error.reason:
        return _internal_error(terminal, error)
    text = error.object[error.start : error.end].encode("utf-8", "surrogateescape")
    message = f"confcli: error: an argument holds bytes that are not UTF-8 ({text!r})"
    return _fail(terminal, message, ExitCode.USAGE)


def _fail(terminal: Terminal, message: str, code: int) -> int:
    if terminal.debug:
        import traceback

        traceback.print_exc(file=terminal.stderr)
    terminal.message(" ".join(message.split()))
    return code


def _usage_error(terminal: Terminal, error: TyperException, args: list[str]) -> int:
    """Every error line starts ``confcli: error:``; a group run bare (`confcli`, `confcli
    library`) has printed its help, which is what was asked for."""
    from confcli.usage import is_bare_group, usage_message

    if is_bare_group(error):
        return ExitCode.OK
    return _fail(terminal, f"confcli: error: {usage_message(error, args)}", error.exit_code)


def _quiet_broken_pipe() -> int:
    """`confcli list | head`: the reader left; end quietly like other Unix tools."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return ExitCode.OK


def run() -> None:
    """The console script (and `python -m confcli`)."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character (an
        if hasattr(stream, "reconfigure"):  # ASCII locale) gets its escape
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
    except KeyboardInterrupt:  # before main's own handlers were in place
        sys.stderr.write(f"{INTERRUPTED}\n")
        code = ExitCode.INTERRUPTED
    # The work is done: freezing the heap spares the interpreter's last garbage collection,
    # a walk over every object typer and confcli made (~10 ms of a 90 ms `confcli search`,
    # measured with benchmarks/run.py; README, Performance). Objects still go when their
    # last reference does.
    gc.freeze()
    sys.exit(code)
