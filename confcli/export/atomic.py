"""Writing a file so that readers see the old file or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from confcli.errors import ConfcliError, NotFoundError, UsageError


def atomic_write(path: str | Path, data: bytes) -> None:
    """Writes ``data`` to a temporary file in the target's directory (so the rename stays
    on one file system), syncs it to disk, then renames it over ``path``. An interrupted
    or failed write leaves the old file as it was and no temporary file behind."""
    target = Path(path)
    try:
        _write_and_replace(target, data)
    except FileNotFoundError:
        raise NotFoundError(f"no such directory: {target.parent}", source=str(path)) from None
    except (PermissionError, IsADirectoryError, NotADirectoryError) as error:
        raise UsageError(f"cannot write here: {error.strerror}", source=str(path)) from None
    except OSError as error:
        raise ConfcliError(f"cannot write: {error.strerror or error}", source=str(path)) from None


def _write_and_replace(target: Path, data: bytes) -> None:
    mode = _mode_for(target)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
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
