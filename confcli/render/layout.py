"""One table, two layouts: columns where the terminal is wide enough to read them, and a
block per record below that (``NARROW``), instead of columns a letter wide.

A table is described once, as ``Column``s and rows of cells (Rich ``Text`` or plain
strings); ``layout`` draws it either way. In a block, the record's main cell (its title)
takes the whole width, and the other cells follow on one line, joined by " · ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

NARROW = 60  # below this many columns, tables become blocks
LONGEST_WORD = 20  # a title column is never narrower than its longest word, up to this


@dataclass(frozen=True)
class Column:
    """A column's header and Rich options; ``label`` follows its value in a block ('15
    items'); ``main`` marks the record's title, which leads its block."""

    header: str
    options: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    main: bool = False
    in_block: bool = True  # False: left out of blocks (a place number says little alone)
    joiner: str = " · "  # joins the cell's lines in a block ('Deep Learning · ICML 2022')


@dataclass
class Layout:
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    heading: Any = None  # a Text above the table (a session's title, room and time)
    caption: str | None = None

    def add_row(self, *cells: Any) -> None:
        self.rows.append(list(cells))


def layout(table: Layout, width: int) -> RenderableType:
    """The table as columns, or as blocks when ``width`` is below NARROW."""
    return _blocks(table) if width < NARROW else _columns(table)


def word_width(texts: Iterable[str], cap: int = LONGEST_WORD) -> int:
    """The longest word of the texts (at most ``cap``): a column this wide wraps them
    between words, never inside one."""
    return min(cap, max((len(word) for text in texts for word in text.split()), default=1))


def _columns(table: Layout) -> RenderableType:
    from rich import box
    from rich.table import Table

    drawn = Table(
        box=box.SIMPLE_HEAD,
        caption=table.caption,
        caption_justify="left",
        pad_edge=False,
        title=table.heading,
    )
    for column in table.columns:
        drawn.add_column(column.header, **column.options)
    for row in table.rows:
        drawn.add_row(*row)
    return drawn


def _blocks(table: Layout) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    if table.heading is not None:
        parts += [table.heading, Text("")]
    for row in table.rows:
        parts += [*_block(table.columns, row), Text("")]
    if table.caption:
        parts.append(Text(table.caption))
    return Group(*parts)


def _block(columns: Sequence[Column], row: Sequence[Any]) -> list[Text]:
    """The main cell, whole; then the others on a line, dimmed, each with its label."""
    from rich.text import Text

    main = [cell for column, cell in zip(columns, row, strict=True) if column.main]
    facts = Text(style="dim")
    for column, cell in zip(columns, row, strict=True):
        text = _one_line(cell, column.joiner)
        if column.main or not column.in_block or not text.plain.strip():
            continue
        if facts.plain:
            facts.append(" · ")
        facts.append_text(text)
        if column.label:
            facts.append(f" {column.label}")
    return [_as_text(cell) for cell in main] + ([facts] if facts.plain else [])


def _as_text(cell: Any) -> Text:
    from rich.text import Text

    return cell if isinstance(cell, Text) else Text(str(cell))


SEPARATOR = re.compile(r",?\n")


def _one_line(cell: Any, joiner: str) -> Text:
    """A cell's lines on one line, joined by ``joiner`` (', ' after a line's comma)."""
    text = _as_text(cell).copy()
    for match in reversed(list(SEPARATOR.finditer(text.plain))):
        joiner = ", " if match[0].startswith(",") else joiner
        text = text[: match.start()] + joiner + text[match.end() :]
    return text
