"""Fetching pages over http(s) with the standard library.

Redirects are followed here rather than by urllib, so that only http(s) targets are
followed (never ``file:``), a loop is named as one, and the count is ours (at most
``MAX_REDIRECTS``). The size cap holds while streaming, whatever the server claims.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin

from confcli import __version__
from confcli.errors import BadInputError, NotFoundError
from confcli.inputs import is_url, size_limit_text

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = f"confcli/{__version__} (+https://github.com/confcli/confcli)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page's bytes, the URL they finally came from, and the charset the server named."""

    url: str
    data: bytes
    charset: str | None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """urllib then raises HTTPError with the 3xx code, which fetch() follows. Its own
    handler is skipped entirely: it parses the Location first, and a malformed one
    ('http://[1]/') raised a bare ValueError."""

    def http_error_302(self, *args, **kwargs):
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """The body of a 2xx answer at ``url``; any failure is a one-line confcli error.
    ``timeout`` bounds the whole fetch, redirects and streaming included."""
    deadline = time.monotonic() + timeout
    seen = [url]
    while True:
        answer = _open(url, deadline, timeout, source=seen[0])
        if isinstance(answer, str):
            url = _next_hop(url, answer, seen)
            continue
        with answer:
            data = _read_capped(answer, max_bytes, deadline, timeout, seen[0])
            return Fetched(answer.geturl(), data, answer.headers.get_content_charset())


def _next_hop(url: str, location: str, seen: list[str]) -> str:
    try:
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


def _open(url: str, deadline: float, timeout: float, source: str):
    """The open response, or the Location of a redirect."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return _OPENER.open(request, timeout=max(deadline - time.monotonic(), 0.001))
    except urllib.error.HTTPError as error:
        with error:
            location = error.headers.get("Location")
            if 300 <= error.code < 400 and location:
                return location
            raise _status_error(error.code, error.reason, source) from None
    except TimeoutError:
        raise _timeout_error(timeout, source) from None
    except urllib.error.URLError as error:
        raise _network_error(error.reason, timeout, source) from None
    except (OSError, ValueError) as error:  # a malformed URL or answer, a reset connection
        raise BadInputError(f"cannot fetch: {error}", source=source) from None


def _read_capped(answer, max_bytes: int, deadline: float, timeout: float, source: str) -> bytes:
    declared = answer.headers.get("Content-Length")
    declared = int(declared) if declared and declared.isdigit() else None
    if declared is not None and declared > max_bytes:
        raise _too_large(max_bytes, source)
    data = _stream(answer, max_bytes, deadline, timeout, source)
    if declared is not None and len(data) < declared:  # urllib returns a cut body quietly
        raise BadInputError(f"connection lost after {len(data)} of {declared} bytes", source=source)
    return data


def _stream(answer, max_bytes: int, deadline: float, timeout: float, source: str) -> bytes:
    chunks, size = [], 0
    try:
        # read1: what one receive brings. read() waits for all CHUNK_BYTES, so a server
        # sending a byte now and then held us far past the deadline.
        while chunk := answer.read1(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes, source)
            if time.monotonic() > deadline:  # a server trickling bytes must not hold us
                raise _timeout_error(timeout, source)
            chunks.append(chunk)
    except TimeoutError:
        raise _timeout_error(timeout, source) from None
    except (OSError, http.client.HTTPException) as error:  # a reset connection
        raise BadInputError(f"connection lost: {error}", source=source) from None
    return b"".join(chunks)


def _status_error(code: int, reason: str, source: str):
    error_type = NotFoundError if code in (404, 410) else BadInputError
    return error_type(f"HTTP {code} {reason}".rstrip(), source=source)


def _timeout_error(timeout: float, source: str) -> BadInputError:
    return BadInputError(f"timed out after {timeout:g} s (see --timeout)", source=source)


def _network_error(reason: object, timeout: float, source: str) -> BadInputError:
    if isinstance(reason, TimeoutError):
        return _timeout_error(timeout, source)
    text = getattr(reason, "strerror", None) or str(reason)
    return BadInputError(f"cannot fetch: {text}", source=source)


def _too_large(max_bytes: int, source: str) -> BadInputError:
    return BadInputError(f"larger than the {size_limit_text(max_bytes)} limit", source=source)
