"""The terminal the CLI writes to, passed in so tests can replace it (as httpie does)."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO, cast

from confcli.clock import Clock, system_clock
from confcli.render.safe import printable

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Terminal:
    """Standard output carries data; standard error carries messages."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    color: bool | None = None  # None: when stdout is a terminal and NO_COLOR is unset
    width: int | None = None
    debug: bool = False
    clock: Clock = system_clock  # what time it is: tests hand a fixed one
    _paged_from: TextIO | None = None  # the real stdout while output is held for a pager

    def use_color(self) -> bool:
        return self.use_color_on(self.stdout)

    def console(self, *, stderr: bool = False) -> Console:
        """A Rich console on stdout (or stderr); Rich is imported only here."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        color = self.use_color_on(stream) if self._paged_from is None or stderr else self.color
        return Console(
            file=stream,
            width=self.width,
            no_color=not color,
            color_system="auto" if color else None,
            force_terminal=True if color else None,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=False,
        )

    def start_paging(self, wanted: bool) -> None:
        """Holds stdout for a pager, only when asked and stdout is a terminal."""
        if wanted and isatty(self.stdout):
            import shutil

            self.color = self.use_color_on(self.stdout)
            self.width = self.width or shutil.get_terminal_size().columns
            self._paged_from, self.stdout = self.stdout, io.StringIO()

    def finish(self) -> None:
        """Shows held output through $PAGER (less -R by default)."""
        if self._paged_from is None:
            return
        import pydoc

        held = cast(io.StringIO, self.stdout)  # start_paging put it there
        text, self.stdout, self._paged_from = held.getvalue(), self._paged_from, None
        os.environ.setdefault("LESS", "-R")
        pydoc.pager(text)

    def use_color_on(self, stream: TextIO) -> bool:
        if self.color is not None:
            return self.color
        return isatty(stream) and not os.environ.get("NO_COLOR")

    def write(self, text: str) -> None:
        self.stdout.write(text)

    def write_data(self, text: str) -> None:
        """Data for programs (JSON, exports) is UTF-8 whatever the locale: on a stdout that
        would encode it otherwise (LANG=C) its bytes go out as UTF-8, never escaped."""
        encoding = (getattr(self.stdout, "encoding", None) or "utf-8").replace("_", "-")
        raw = getattr(self.stdout, "buffer", None)
        if raw is None or encoding.lower() in ("utf-8", "utf8"):
            self.stdout.write(text)
            return
        self.stdout.flush()
        raw.write(text.encode("utf-8"))
        raw.flush()

    def message(self, text: str) -> None:
        """One line on stderr. Messages quote file names and page text: their control
        characters (escapes, newlines, bidi overrides) are shown as escapes, so that a
        name like '\\x1b[2J.txt' can neither clear the screen nor split the line."""
        self.stderr.write(printable(text.rstrip("\n")) + "\n")
        self.stderr.flush()


def isatty(stream: TextIO) -> bool:
    """Whether the stream is a terminal; False for a closed one or one that cannot say."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
