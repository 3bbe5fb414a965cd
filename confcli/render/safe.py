"""Page text is hostile until escaped: these make it print literally and harmlessly."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0/C1 controls (ESC and CSI among them), DEL, and the bidi controls that can reorder
# what a terminal shows. Newlines are kept where a caller allows them.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
UNSAFE_WITH_NEWLINE = re.compile(UNSAFE.pattern[:-1] + r"\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | None, *, newlines: bool = False) -> str:
    """The text with every control character shown as its escape (``\\x1b``)."""
    if not text:
        return ""
    return (UNSAFE if newlines else UNSAFE_WITH_NEWLINE).sub(_escape, text)


def rich_text(text: str | None, style: str = "", *, newlines: bool = False) -> Text:
    """A Rich ``Text`` (never parsed as markup) holding the printable form of ``text``."""
    from rich.text import Text

    return Text(printable(text, newlines=newlines), style=style)
