"""Where pages come from: files, directories, globs, standard input and http(s) URLs;
decoding their bytes.

URLs are fetched with the standard library, imported only when a URL is read (urllib.request
costs ~20 ms of every start). Redirects are followed here rather than by urllib, so that only
http(s) targets are followed (never ``file:``), a loop is named as one, and the count is ours
(at most ``MAX_REDIRECTS``). The size cap holds while streaming, whatever the server claims.
"""

from __future__ import annotations

import codecs
import errno
import functools
import glob
import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from confcli import __version__
from confcli.errors import BadInputError, ConfcliError, NotFoundError
from confcli.limits import DEFAULT_TIMEOUT, MAX_PAGE_BYTES
from confcli.readers.deadline import bounded, expired
from confcli.readers.deadline import handlers as deadline_handlers
from confcli.readers.registry import looks_like_page
from confcli.readers.vocabulary import SNIFF_CHARS

if TYPE_CHECKING:
    import urllib.request
    from http.client import HTTPResponse

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = f"confcli/{__version__} (+https://github.com/confcli/confcli)"
# Files a browser saves next to a page ("Save Page As… complete"): never pages themselves.
ASSET_SUFFIXES = {
    ".js", ".mjs", ".css", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".pdf", ".mp4", ".webm", ".zip", ".gz",
    ".sqlite", ".db", ".pyc",
}  # fmt: skip
GLOB_CHARS = re.compile(r"[*?[]")
CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]")  # never in a URL a server may send us to


@dataclass(frozen=True, slots=True)
class PageInput:
    """The text of one page and the name it is known by (path, '-' or URL); ``base_url``
    is where a fetched page finally came from (after redirects), for its relative links."""

    source: str
    text: str
    base_url: str | None = None
    digest: str | None = None  # sha256 of the bytes as read (an unchanged file is skipped)


@dataclass(frozen=True, slots=True)
class InputFailure:
    source: str
    error: ConfcliError


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file under a directory that is not read as a page, and why (hidden files and
    folders are never looked at, so never named)."""

    source: str
    reason: str


NOT_A_PAGE = "not a page (no reader recognises its start)"


def is_url(text: str) -> bool:
    """A well-formed http(s) URL."""
    return "://" in text and url_scheme(text) in ("http", "https")


def url_scheme(text: str) -> str | None:
    """A URL's scheme, lower-case; None for a malformed URL ('http://[1]/', on which
    urlsplit raises ValueError)."""
    try:
        return urlsplit(text).scheme.lower()
    except ValueError:
        return None


def size_limit_text(max_bytes: int) -> str:
    return f"{max_bytes // 2**20} MiB" if max_bytes >= 2**20 else f"{max_bytes} bytes"


# --- expanding arguments into sources -------------------------------------------------------


def expand(paths: list[str]) -> Iterator[str | InputFailure | Skipped]:
    """Each argument as page sources: '-', a URL, a file, the pages under a directory, or
    the files a glob pattern (quoted, so that the shell left it alone) matches."""
    for raw in paths:
        path = Path(raw)
        if raw == "-" or is_url(raw):
            yield raw
        elif not _may_stat(path):  # in a folder the user may not enter
            closed = _closed_folder(raw) if GLOB_CHARS.search(raw) else None
            yield InputFailure(closed or raw, denied(closed or raw))
        elif path.is_file() or path.is_fifo():
            yield raw  # a pipe named on the command line (<(curl …)) is read like stdin
        elif path.is_dir():
            yield from _directory_sources(path, raw)
        elif "://" in raw and url_scheme(raw) is None:
            yield InputFailure(raw, BadInputError("a malformed URL", source=raw))
        elif GLOB_CHARS.search(raw):
            yield from _glob_sources(raw)
        else:
            yield InputFailure(raw, _unusable(raw))


def denied(name: str) -> BadInputError:
    """The one wording for a file or folder the user may not read."""
    return BadInputError("permission denied", source=name)


def _may_stat(path: Path) -> bool:
    """False when looking the path up is refused (pathlib's is_file() and is_dir() raise
    then, instead of answering)."""
    try:
        path.stat()
    except PermissionError:
        return False
    except OSError:
        return True  # missing, a loop…: _unusable says which
    return True


def _unusable(raw: str) -> ConfcliError:
    """Why a path is neither a file, a pipe nor a directory: missing, a loop of symbolic
    links, under a file, a device…"""
    try:
        os.stat(raw)
    except OSError as error:
        if error.errno != errno.ENOENT:
            return BadInputError(f"cannot read: {error.strerror}", source=raw)
        if os.path.islink(raw):
            return NotFoundError("a broken symbolic link", source=raw)
        return NotFoundError("no such file or directory", source=raw)
    return BadInputError("not a file, a directory or a pipe", source=raw)


def _glob_sources(pattern: str) -> Iterator[str | InputFailure | Skipped]:
    """A pattern names its files explicitly, as the shell would: they are not sniffed."""
    matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
    closed = _closed_folder(os.path.expanduser(pattern))
    if not matches and closed:
        yield InputFailure(closed, denied(closed))
    elif not matches:
        yield InputFailure(pattern, NotFoundError("no file matches", source=pattern))
    for match in matches:
        path = Path(match)
        if not _may_stat(path):
            yield InputFailure(match, denied(match))
        elif path.is_dir():
            yield from _directory_sources(path, match)
        elif path.is_file():
            yield match
        else:  # a pipe or a device matched by a pattern is not opened: it could block
            message = "a pipe or a device, not opened (name it on its own to read it)"
            yield InputFailure(match, BadInputError(message, source=match))


def _closed_folder(pattern: str) -> str | None:
    """The folder a pattern looks in (its part before any wildcard) when the user may not
    list or enter it: glob then finds nothing, and says nothing of why."""
    fixed = GLOB_CHARS.split(pattern, maxsplit=1)[0]
    folder = os.path.dirname(fixed) or "."
    if os.path.isdir(folder) and not os.access(folder, os.R_OK | os.X_OK):
        return folder
    return None


def _directory_sources(directory: Path, raw: str) -> Iterator[str | InputFailure | Skipped]:
    """The pages under a directory, then every other file with why it was not read; each
    file or folder in it the user may not read is a failure naming it ("permission
    denied"), never silently left out."""
    pages: list[str] = []
    skipped: list[Skipped] = []
    refused: list[InputFailure] = []
    for found in _visible_files(directory):
        if isinstance(found, InputFailure):
            refused.append(found)
        elif _unreadable(found):
            refused.append(InputFailure(str(found), denied(str(found))))
        elif (reason := skip_reason(found)) is None:
            pages.append(str(found))
        else:
            skipped.append(Skipped(str(found), reason))
    if not pages and not refused:
        message = f"no pages found in this directory ({len(skipped)} other file(s))"
        yield InputFailure(raw, NotFoundError(message, source=raw))
    yield from refused
    yield from pages
    yield from skipped


def _visible_files(directory: Path) -> Iterator[Path | InputFailure]:
    """Files under the directory in name order, leaving out hidden files and folders; a
    folder that may not be listed, or whose entries may not be looked up, as a failure."""
    refused: list[OSError] = []
    for root, folders, names in os.walk(directory, onerror=refused.append):
        yield from (InputFailure(e.filename, denied(e.filename)) for e in _denials(refused))
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith("."):
                continue
            if not _may_stat(path):
                yield InputFailure(str(path), denied(str(path)))
            elif path.is_file():  # not a pipe, socket or device: opening a pipe blocks
                yield path
    yield from (InputFailure(e.filename, denied(e.filename)) for e in _denials(refused))


def _denials(errors: list[OSError]) -> list[OSError]:
    """The permission errors os.walk reported so far (taken out of the list); others (a
    folder gone meanwhile) are dropped, as os.walk itself would."""
    found: list[OSError] = [error for error in errors if isinstance(error, PermissionError)]
    errors.clear()
    return found


def _unreadable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False  # sniff and read_source say what else is wrong


def skip_reason(path: Path) -> str | None:
    """Why a file under a directory is not a page (None when some registered shape's sniff
    takes its start: confcli.readers.registry): an asset a browser saves beside a page,
    a binary or unreadable file, or text no reader recognises."""
    suffix = path.suffix.lower()
    if suffix in ASSET_SUFFIXES:
        return f"an asset ({suffix}) saved beside pages, not a page"
    try:
        head = _head(path)
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    except BadInputError as error:
        return error.message
    return None if looks_like_page(head) else NOT_A_PAGE


def _head(path: Path) -> str:
    with path.open("rb") as file:
        data = file.read(SNIFF_CHARS)  # bytes: at most as many characters
    return decode(data, str(path))


def sniff(path: Path) -> str | None:
    """The decoded start of a file, or None when it is unreadable or binary."""
    try:
        return _head(path)
    except (OSError, BadInputError):
        return None


# --- reading a source -----------------------------------------------------------------------


def read_source(source: str, timeout: float = DEFAULT_TIMEOUT) -> PageInput:
    """The decoded text of a file, of standard input ('-') or of an http(s) URL."""
    if is_url(source):
        return _read_url(source, timeout)
    try:
        data = _read_stdin() if source == "-" else _read_file(Path(source))
    except PermissionError:
        raise denied(source) from None
    except OSError as error:
        raise BadInputError(f"cannot read: {error.strerror or error}", source=source) from None
    return PageInput(source, decode(data, source), digest=bytes_digest(data))


def _read_url(url: str, timeout: float) -> PageInput:
    fetched = fetch(url, timeout=timeout, max_bytes=MAX_PAGE_BYTES)
    text = decode(fetched.data, url, fetched.charset)
    return PageInput(url, text, base_url=fetched.url, digest=bytes_digest(fetched.data))


def bytes_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _too_large(source: str, max_bytes: int | None = None) -> BadInputError:
    limit = size_limit_text(MAX_PAGE_BYTES if max_bytes is None else max_bytes)
    return BadInputError(f"larger than the {limit} limit", source=source)


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise _too_large("-")
    return data


def _read_file(path: Path) -> bytes:
    """A file over the limit is refused unread; a pipe (whose size is unknown) or a file
    that grows is read only up to the limit."""
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise _too_large(str(path))
    with path.open("rb") as file:
        data = file.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise _too_large(str(path))
    return data


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """A BOM first (UTF-8, UTF-16); then the charset a server named; then UTF-8; else
    Windows-1252/Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # a cut page loses its last character
    if b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data[:8192])
        if encoding is None:
            raise BadInputError("a binary file, not a page", source=source)
        return data.decode(encoding, errors="replace")
    if charset and not data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown charset header: read the bytes as if none were named
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        replaced = data.decode("utf-8-sig", errors="replace")
    if _mostly_utf8(data, replaced):
        return replaced
    return data.decode("cp1252", errors="replace")


def _mostly_utf8(data: bytes, replaced: str) -> bool:
    """UTF-8 with a few broken bytes (a page cut inside its last character, a stray byte),
    not Windows-1252: far more characters took several bytes than failed to decode. (Read
    as Windows-1252, every other accented letter of such a page would be garbled.)"""
    multibyte = len(data) - len(replaced)  # each multi-byte character is shorter decoded
    return multibyte >= 10 * replaced.count("\ufffd")


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text saved as UTF-16 without a byte-order mark: a
    page is mostly ASCII, so every other byte is a NUL (binary files are not so regular)."""
    low, high = head[0 : len(head) - 1 : 2], head[1::2]
    for zeros, others, encoding in ((high, low, "utf-16-le"), (low, high, "utf-16-be")):
        if len(zeros) >= 8 and zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 1:
            return encoding
    return None


# --- fetching a URL ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page's bytes, the URL they finally came from, and the charset the server named;
    the validators a conditional request sends back next time; ``not_modified``: the server
    answered 304 to one (no body)."""

    url: str
    data: bytes
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


class Unreachable(BadInputError):
    """The server could not be reached or did not answer in time (offline, refused, reset):
    unlike an HTTP error, a cached copy may stand in."""


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    """An opener that follows no redirect: urllib then raises HTTPError with the 3xx code,
    which fetch() follows. urllib's own handler is skipped entirely: it parses the Location
    first, and a malformed one ('http://[1]/') raised a bare ValueError. Built on first use,
    with urllib.request imported then."""
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def http_error_302(self, *args: Any, **kwargs: Any) -> None:
            return None

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return urllib.request.build_opener(NoRedirects, *deadline_handlers())


def fetch(
    url: str, *, timeout: float, max_bytes: int, headers: dict[str, str] | None = None
) -> Fetched:
    """The body of a 2xx answer at ``url``; any failure is a one-line confcli error.
    ``timeout`` bounds the whole fetch, redirects and streaming included. ``headers``
    (If-None-Match, If-Modified-Since) may make it a conditional request: a 304 answer is
    a Fetched with no data and ``not_modified``."""
    deadline = time.monotonic() + timeout
    with bounded(deadline):
        return _fetch(url, deadline, timeout, max_bytes, headers)


def _fetch(
    url: str, deadline: float, timeout: float, max_bytes: int, headers: dict[str, str] | None
) -> Fetched:
    seen = [url]
    while True:
        answer = _open(url, deadline, timeout, source=seen[0], headers=headers)
        if isinstance(answer, _NotModified):
            return Fetched(url, b"", None, not_modified=True)
        if isinstance(answer, str):
            url = _next_hop(url, answer, seen)
            continue
        with answer:
            data = _read_capped(answer, max_bytes, deadline, timeout, seen[0])
            found = answer.headers
            return Fetched(
                answer.geturl(), data, found.get_content_charset(),
                found.get("ETag"), found.get("Last-Modified"),
            )  # fmt: skip


class _NotModified:
    """What _open answers for a 304 (neither a response nor a Location)."""


NOT_MODIFIED = _NotModified()


def _next_hop(url: str, location: str, seen: list[str]) -> str:
    try:
        if CONTROLS.search(location):  # http.client refuses them in a request line
            raise ValueError(location)
        target = urljoin(url, location)
    except ValueError:  # a malformed Location ('http://[1]/')
        raise BadInputError(
            f"redirected to a malformed address: {location}", source=seen[0]
        ) from None
    if target in seen:
        raise BadInputError(f"redirect loop at {target}", source=seen[0])
    if len(seen) > MAX_REDIRECTS:
        raise BadInputError(f"more than {MAX_REDIRECTS} redirects", source=seen[0])
    if not is_url(target):
        raise BadInputError(f"redirected to a non-http(s) address: {target}", source=seen[0])
    seen.append(target)
    return target


def _open(
    url: str, deadline: float, timeout: float, source: str, headers: dict[str, str] | None = None
) -> HTTPResponse | str | _NotModified:
    """The open response, the Location of a redirect, or NOT_MODIFIED."""
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={**(headers or {}), "User-Agent": USER_AGENT})
    try:
        answer: HTTPResponse = _opener().open(
            request, timeout=max(deadline - time.monotonic(), 0.001)
        )
        return answer
    except urllib.error.HTTPError as error:
        with error:
            if error.code == 304:
                return NOT_MODIFIED
            location = error.headers.get("Location")
            if 300 <= error.code < 400 and location:
                return location
            raise _status_error(error.code, error.reason, source) from None
    except TimeoutError:
        raise _timeout_error(timeout, source) from None
    except urllib.error.URLError as error:
        raise _network_error(error.reason, timeout, source) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        if expired():  # shut down at the deadline, mid-answer (its status line cut short)
            raise _timeout_error(timeout, source) from None
        if isinstance(error, ValueError):  # a malformed URL or answer
            raise BadInputError(f"cannot fetch: {error}", source=source) from None
        if isinstance(error, OSError):  # a reset connection: offline, for `get`
            raise Unreachable(f"cannot fetch: {error}", source=source) from None
        raise _not_http(error, source) from None  # an SSH port, a header line over 64 KiB…


def _read_capped(
    answer: HTTPResponse, max_bytes: int, deadline: float, timeout: float, source: str
) -> bytes:
    length = answer.headers.get("Content-Length")
    declared = int(length) if length and length.isdigit() else None
    if declared is not None and declared > max_bytes:
        raise _too_large(source, max_bytes)
    data = _stream(answer, max_bytes, deadline, timeout, source)
    if declared is not None and len(data) < declared:  # urllib returns a cut body quietly
        raise BadInputError(f"connection lost after {len(data)} of {declared} bytes", source=source)
    return data


def _stream(
    answer: HTTPResponse, max_bytes: int, deadline: float, timeout: float, source: str
) -> bytes:
    import http.client

    chunks, size = [], 0
    try:
        # read1: what one receive brings. read() waits for all CHUNK_BYTES, so a server
        # sending a byte now and then held us far past the deadline.
        while chunk := answer.read1(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(source, max_bytes)
            if time.monotonic() > deadline:  # a server trickling bytes must not hold us
                raise _timeout_error(timeout, source)
            chunks.append(chunk)
    except TimeoutError:
        raise _timeout_error(timeout, source) from None
    except (OSError, http.client.HTTPException) as error:  # a reset connection
        if expired():
            raise _timeout_error(timeout, source) from None
        raise BadInputError(f"connection lost: {error}", source=source) from None
    if expired():  # the connection was shut down at the deadline: the body is cut
        raise _timeout_error(timeout, source)
    return b"".join(chunks)


def _status_error(code: int, reason: str, source: str) -> ConfcliError:
    error_type = NotFoundError if code in (404, 410) else BadInputError
    return error_type(f"HTTP {code} {reason}".rstrip(), source=source)


def _not_http(error: Exception, source: str) -> BadInputError:
    """A server whose answer is not HTTP: http.client's own words, cut to one short line."""
    detail = " ".join(str(error).split())[:80] or type(error).__name__
    return BadInputError(f"not an HTTP answer ({detail})", source=source)


def _timeout_error(timeout: float, source: str) -> BadInputError:
    return Unreachable(f"timed out after {timeout:g} s (see --timeout)", source=source)


def _network_error(reason: object, timeout: float, source: str) -> BadInputError:
    if isinstance(reason, TimeoutError) or expired():
        return _timeout_error(timeout, source)
    text = getattr(reason, "strerror", None) or str(reason)
    return Unreachable(f"cannot fetch: {text}", source=source)
