"""The terminal the CLI writes to, passed in so tests can replace it (as httpie does)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Terminal:
    """Standard output carries data; standard error carries messages."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    color: bool | None = None  # None: when stdout is a terminal and NO_COLOR is unset
    width: int | None = None

    def use_color(self) -> bool:
        if self.color is not None:
            return self.color
        return _isatty(self.stdout) and not os.environ.get("NO_COLOR")

    def console(self, *, stderr: bool = False):
        """A Rich console on stdout (or stderr); Rich is imported only here."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        color = self.use_color() and _isatty(stream)
        return Console(
            file=stream,
            width=self.width,
            no_color=not color,
            color_system="auto" if color else None,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=False,
        )

    def write(self, text: str) -> None:
        self.stdout.write(text)

    def message(self, text: str) -> None:
        """One line on stderr."""
        self.stderr.write(text.rstrip("\n") + "\n")
        self.stderr.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
