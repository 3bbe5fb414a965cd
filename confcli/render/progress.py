"""A Rich progress bar on stderr for long work, only when stderr is a terminal: piped or
redirected, confcli draws no progress at all (and never imports Rich for it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from confcli.progress import READING, STORING, Progress, no_progress
from confcli.render.terminal import Terminal, isatty

if TYPE_CHECKING:
    from rich.progress import TaskID

LABELS = {READING: "reading pages", STORING: "storing sessions"}


class ProgressBar:
    """A ``Progress`` callback drawing one bar per stage; transient: close() clears it."""

    def __init__(self, stream: TextIO, color: bool = True):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as RichProgress

        console = Console(
            file=stream, force_terminal=True, no_color=not color, highlight=False, markup=False
        )
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        self.bar = RichProgress(*columns, console=console, transient=True)
        self.tasks: dict[str, TaskID] = {}
        self.bar.start()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(LABELS.get(stage, stage), total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        self.bar.stop()


@contextmanager
def progress_on(terminal: Terminal) -> Iterator[Progress]:
    """A bar on the terminal's stderr while the block runs, when stderr is a terminal;
    else a callback that does nothing."""
    if not isatty(terminal.stderr):
        yield no_progress
        return
    bar = ProgressBar(terminal.stderr, color=terminal.use_color_on(terminal.stderr))
    try:
        yield bar
    finally:
        bar.close()
