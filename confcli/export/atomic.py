"""Writing an export where ``-o`` says, as ``cp`` would (docs/reliability.md, part 6):

- a regular file (or a new one) is replaced atomically: readers see the old file or the
  whole new one, never a part; it keeps its permissions;
- a symbolic link is followed to its target, which is written; the link stays a link;
- anything that is not a regular file (a FIFO, ``>(cmd)``, a device, ``/dev/stdout``) is
  written through, never replaced by a file;
- a regular file the user may not write (mode 444) is refused unless ``force``: the
  rename of an atomic write would bypass the file's own permission.

Every failure to write is an :class:`~confcli.errors.OutputError` (exit 7).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from confcli.errors import OutputError

MAX_LINKS = 40  # as the kernel's limit: a longer chain is a loop
# A path naming an open file descriptor (/dev/stdout -> /proc/self/fd/1): opening it opens
# what the descriptor holds (a pipe, a terminal, the file of a shell's redirection).
DESCRIPTOR = re.compile(r"^/(?:proc/(?:self|thread-self|\d+)/fd|dev/fd)/\d+$")
DESCRIPTOR_NAMES = ("/dev/stdout", "/dev/stderr", "/dev/stdin")


def atomic_write(path: str | Path, data: bytes | Iterable[bytes], *, force: bool = False) -> None:
    """Writes ``data`` where ``path`` says (see the module's rules). Pieces are written as
    they come: a regular file's are streamed into its temporary file, which replaces the
    file only once the last piece is written (a failure while making them leaves the old
    file as it was)."""
    source = str(path)
    if not source:
        raise OutputError("cannot write: an empty file name")
    try:
        target, descriptor = _followed(Path(path))
        if descriptor or _is_special(target):
            _write_through(target, data)
        else:
            _check_writable(target, force)
            _write_and_replace(target, data)
    except OutputError as error:
        error.source = error.source or source
        raise
    except OSError as error:
        raise OutputError(_reason(error, Path(path)), source=source) from None


def _followed(path: Path) -> tuple[Path, bool]:
    """The file a path's symbolic links lead to, and whether they lead to a descriptor."""
    if str(path) in DESCRIPTOR_NAMES or DESCRIPTOR.match(str(path)):
        return path, True
    for _ in range(MAX_LINKS):
        if not path.is_symlink():
            return path, False
        link = Path(os.readlink(path))
        path = link if link.is_absolute() else path.parent / link
        if str(path) in DESCRIPTOR_NAMES or DESCRIPTOR.match(str(path)):
            return path, True
    raise OSError(40, "Too many levels of symbolic links")  # ELOOP


def _is_special(target: Path) -> bool:
    """Something that exists and is not a regular file (a directory is refused later)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        raise OutputError("cannot write: it is a directory")
    return not stat.S_ISREG(mode)


def _write_through(target: Path, data: bytes | Iterable[bytes]) -> None:
    """Into the FIFO, device or descriptor itself: opened, never created or replaced."""
    if stat.S_ISSOCK(target.stat().st_mode):
        raise OutputError("cannot write: it is a socket")
    descriptor = os.open(target, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
    with os.fdopen(descriptor, "wb") as handle:
        _write_all(handle, data)


def _write_all(handle: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    for piece in (data,) if isinstance(data, bytes) else data:
        handle.write(piece)


def _check_writable(target: Path, force: bool) -> None:
    if not force and target.exists() and not os.access(target, os.W_OK):
        raise OutputError("cannot write: the file is read-only (--force replaces it)")


def _reason(error: OSError, path: Path) -> str:
    if isinstance(error, FileNotFoundError):
        return f"cannot write: no such directory: {path.parent}"
    return f"cannot write: {error.strerror or error}"


def _write_and_replace(target: Path, data: bytes | Iterable[bytes]) -> None:
    """Writes ``data`` to a temporary file in the target's directory (so the rename stays
    on one file system), syncs it to disk, then renames it over ``target``. An interrupted
    or failed write leaves the old file as it was and no temporary file behind."""
    mode = _mode_for(target)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _write_all(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)


def _mode_for(target: Path) -> int:
    """A replaced file keeps its permissions; a new one gets the usual 0666 & ~umask
    (mkstemp's 0600 would hide the export from other users)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(folder: Path) -> None:
    """Makes the rename itself durable; some file systems cannot sync a directory."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
