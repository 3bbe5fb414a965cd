"""Page text with its matched words highlighted. The Rich Text is built piece by piece
from plain strings, each through ``printable``: never from markup, so a title holding
``[bold]`` or an escape sequence prints literally, highlighted or not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from confcli.marks import Marked
from confcli.render.safe import printable

if TYPE_CHECKING:
    from rich.text import Text

MATCH_STYLE = "reverse"  # readable in any colour scheme, and without colour


def marked_text(marked: Marked, style: str = "") -> Text:
    """A Rich Text of the marked text, its matched spans in MATCH_STYLE."""
    from rich.text import Text

    text, cursor = Text(style=style), 0
    for start, end in marked.spans:
        text.append(printable(marked.text[cursor:start]))
        text.append(printable(marked.text[start:end]), style=MATCH_STYLE)
        cursor = end
    text.append(printable(marked.text[cursor:]))
    return text


def marked_authors(authors: tuple[Marked, ...], shown: int, style: str = "") -> Text:
    """The first ``shown`` authors, and any later one whose name matched, then how many
    more there are: an ``author:`` match is never hidden among the "+N more"."""
    from rich.text import Text

    listed = [a for n, a in enumerate(authors) if n < shown or a.spans]
    text = Text(style=style)
    for n, author in enumerate(listed):
        text.append(" · " if n else "")
        text.append_text(marked_text(author))
    if len(authors) > len(listed):
        text.append(f" +{len(authors) - len(listed)} more")
    return text
