"""How long work tells how far it got: the library layer calls a ``Progress`` callback, and
only the CLI draws it (confcli/render/progress.py). Nothing here prints."""

from __future__ import annotations

from collections.abc import Callable

READING = "reading"  # inputs read, of all inputs
STORING = "storing"  # sessions written to the library, of all sessions

# progress(stage, done, total): ``done`` of ``total`` steps of ``stage`` are finished
# (total None: not known).
Progress = Callable[[str, int, "int | None"], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The callback for work nobody watches."""
