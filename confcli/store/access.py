"""How a library file is opened, and what stops it being written: the file's kind (only a
regular file is a library), whether it can be written at all (a read-only file, folder or
medium is opened read-only and still answers queries), and which SQLite failures mean
"busy", "read-only" or "full" rather than "damaged".
"""

from __future__ import annotations

import os
import sqlite3
import stat
from urllib.parse import quote

from confcli.errors import LibraryError

MEMORY = ":memory:"
# SQLite's result codes (by name prefix) for a library that is sound but cannot be written
# now, and the word check and rebuild use for each.
BLOCKED = {
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "SQLITE_READONLY": "read-only",
    "SQLITE_PERM": "read-only",
    "SQLITE_FULL": "full",
}
BLOCKED_MESSAGES = {
    "busy": "busy: another confcli is writing to it; try again when it is done",
    "read-only": "read-only: it answers queries, but nothing can be added to it or repaired",
    "full": "full: its disk has no space left; it answers queries, but nothing can be added to "
    "it or repaired",
}


def blocked(error: sqlite3.Error) -> str | None:
    """The word for SQLite failing because the file cannot be written now ("busy",
    "read-only", "full"), not because it is damaged; else None."""
    name = getattr(error, "sqlite_errorname", None) or ""
    for code, word in BLOCKED.items():
        if name == code or name.startswith(code + "_"):
            return word
    return None


def refuse_special(path: str) -> None:
    """A library is a regular file: a pipe would hang SQLite (and check) on its first read,
    and a device or socket is nobody's library."""
    if path == MEMORY:
        return
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (made later) or unreachable: the caller says which
    if stat.S_ISDIR(mode):
        raise LibraryError(f"{path} is a directory, not a library file")
    if not stat.S_ISREG(mode):
        raise LibraryError(f"{path} is not a regular file (a pipe, a device or a socket)")


def new_or_marked(path: str, application_id: int) -> bool:
    """Whether the file is missing or empty, or its SQLite header carries confcli's
    application id: read from the file's bytes, so that another program's database is
    identified before SQLite changes anything in it (as setting WAL mode would)."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return not header or header[68:72] == application_id.to_bytes(4, "big")


def writable(path: str) -> bool:
    """Whether SQLite may write the library and the files it keeps beside it (the folder
    must take them). os.access sees permissions and read-only media alike."""
    if path == MEMORY or not os.path.exists(path):
        return True
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def connect(path: str, *, timeout: float = 60) -> sqlite3.Connection:
    """A connection to the library: read-write when the file can be written, else
    read-only (``mode=ro``), else immutable (a read-only folder cannot take the shared
    memory file WAL readers need: read-only media). Opening a read-only library writes
    nothing, not even SQLite's files beside it."""
    if writable(path):
        return sqlite3.connect(path, timeout=timeout, isolation_level=None)
    uri = "file:" + quote(os.path.abspath(path))
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        connection.close()
    immutable = f"{uri}?mode=ro&immutable=1"
    return sqlite3.connect(immutable, uri=True, timeout=timeout, isolation_level=None)
