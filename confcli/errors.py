"""confcli's errors and exit codes. The library raises these; only the CLI turns them into
a line on stderr and an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented in the README; one test per code."""

    OK = 0
    ERROR = 1  # an unexpected internal error (a bug: please report it)
    USAGE = 2  # a bad option or argument
    BAD_INPUT = 3  # a page or query confcli cannot read
    NOT_FOUND = 4  # a path, session or item that does not exist
    PARTIAL = 5  # some inputs were read, others failed
    LIBRARY = 6  # the library file is unusable (corrupt, newer, not confcli's)
    OUTPUT = 7  # the output (export -o) cannot be written
    INTERRUPTED = 130  # Ctrl-C


class ConfcliError(Exception):
    """Base of every error confcli expects; ``str()`` is the one line users see."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class BadInputError(ConfcliError):
    exit_code = ExitCode.BAD_INPUT


class NotAPageError(BadInputError):
    """No reader takes the text: in a folder, where files are picked by a guess from their
    start, this only means the guess was wrong (the file is skipped, not refused)."""


class TimeParseError(BadInputError):
    """A time or date on a page that confcli cannot read."""


class QueryError(BadInputError):
    """A malformed search query."""


class NotFoundError(ConfcliError):
    exit_code = ExitCode.NOT_FOUND


class UsageError(ConfcliError):
    exit_code = ExitCode.USAGE


class LibraryError(ConfcliError):
    exit_code = ExitCode.LIBRARY


class OutputError(ConfcliError):
    """An export that cannot be written: no such directory, a directory, a read-only file,
    a full disk, a read-only mount."""

    exit_code = ExitCode.OUTPUT
