"""One deadline for a whole HTTP request. A socket timeout bounds each receive, not the
request: a server sending its status line and headers a byte at a time held confcli for as
long as it liked (25 s under ``--timeout 2``). Each connection made inside ``bounded`` is
shut down when the deadline passes, whatever it is waiting for; the fetch then reports a
timeout (confcli.readers.sources).

http.client and urllib.request are imported on first use only (a URL being read).
"""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_current = threading.local()  # the deadline of the fetch running in this thread, its timers


@contextmanager
def bounded(deadline: float) -> Iterator[None]:
    """Connections opened inside are shut down at ``deadline`` (time.monotonic())."""
    _current.deadline, _current.timers = deadline, []
    try:
        yield
    finally:
        for timer in _current.timers:
            timer.cancel()
        _current.deadline, _current.timers = None, []


def expired() -> bool:
    deadline = getattr(_current, "deadline", None)
    return deadline is not None and time.monotonic() >= deadline


def _watch(sock: socket.socket | None) -> None:
    """Shuts the socket down when the current deadline passes."""
    deadline = getattr(_current, "deadline", None)
    if sock is None or deadline is None:
        return
    timer = threading.Timer(max(deadline - time.monotonic(), 0.0), _hang_up, (sock,))
    timer.daemon = True
    timer.start()
    _current.timers.append(timer)


def _hang_up(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already: the request ended in time
        pass


@functools.cache
def handlers() -> tuple[type, type]:
    """urllib handlers for http and https whose connections are watched."""
    import http.client
    import urllib.request

    class Watched(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            _watch(self.sock)

    class WatchedTLS(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _watch(self.sock)

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(Watched, req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            options = {"context": getattr(self, "_context", None)}
            if hasattr(self, "_check_hostname"):  # Python < 3.12
                options["check_hostname"] = self._check_hostname
            return self.do_open(WatchedTLS, req, **options)

    return Http, Https
