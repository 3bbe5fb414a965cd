"""The download cache of `confcli get`: each conference file's raw bytes, under the user
cache dir (platformdirs; ``CONFCLI_CACHE`` overrides it), and beside them ``index.json``:
per URL the file it is kept in, its ETag, Last-Modified and fetch time (what the next
conditional request sends back), and the conferences fetched so far (`get --all`).

A file keeps the site's own name (``iclr-2024-orals-posters.json``) in a folder per
conference and year, so that the readers find its sidecar beside it as they would in a
folder the user saved. Files and the index are replaced whole (a temporary file renamed
over the old), never left half written.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from confcli.errors import ConfcliError

INDEX = "index.json"


def cache_root() -> Path:
    """``CONFCLI_CACHE``, else the user's cache directory for confcli."""
    if os.environ.get("CONFCLI_CACHE"):
        return Path(os.environ["CONFCLI_CACHE"])
    import platformdirs

    return Path(platformdirs.user_cache_path("confcli"))


@dataclass(frozen=True)
class CachedFile:
    url: str
    path: str
    etag: str | None
    last_modified: str | None
    fetched_at: str  # ISO 8601, aware


@dataclass(frozen=True)
class Gotten:
    """A conference fetched by `get`, and the site it came from."""

    conference: str
    year: int
    site: str


class Cache:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, CachedFile] = {}
        self.gotten: dict[str, Gotten] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
            self.files = {url: CachedFile(**entry) for url, entry in data["files"].items()}
            found = (Gotten(**entry) for entry in data["gotten"])
            self.gotten = {_key(entry.conference, entry.year): entry for entry in found}
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError):  # damaged: start afresh
            self.files, self.gotten = {}, {}

    def path_for(self, folder: str, url: str) -> Path:
        """Where the file at ``url`` is kept: its own name, in the folder of its conference."""
        name = Path(urlsplit(url).path).name or "index"
        return self.root / folder / name

    def cached(self, url: str, path: Path) -> CachedFile | None:
        """The index entry of a file still in the cache."""
        entry = self.files.get(url)
        return entry if entry is not None and path.is_file() else None

    def validators(self, url: str, path: Path) -> dict[str, str]:
        """The headers that make a request for ``url`` conditional on the cached copy."""
        entry = self.cached(url, path)
        headers: dict[str, str] = {}
        if entry is not None and entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry is not None and entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        return headers

    def write(self, path: Path, data: bytes) -> None:
        _replace(path, data)

    def remember(self, entry: CachedFile) -> None:
        self.files[entry.url] = entry

    def forget(self, url: str, path: Path) -> None:
        """A file the site no longer publishes: gone from the cache and the index."""
        self.files.pop(url, None)
        path.unlink(missing_ok=True)

    def remember_get(self, gotten: Gotten) -> None:
        self.gotten[_key(gotten.conference, gotten.year)] = gotten

    def save(self) -> None:
        data = {
            "files": {url: asdict(entry) for url, entry in sorted(self.files.items())},
            "gotten": [asdict(entry) for _, entry in sorted(self.gotten.items())],
        }
        _replace(self.root / INDEX, json.dumps(data, indent=1).encode("utf-8"))


def fetched_at(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _key(conference: str, year: int) -> str:
    return f"{conference.lower()}-{year}"


def _replace(path: Path, data: bytes) -> None:
    """``data`` in ``path``, whole or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        message = f"cannot write the cache: {error.strerror or error}"
        raise ConfcliError(message, source=str(path)) from None
