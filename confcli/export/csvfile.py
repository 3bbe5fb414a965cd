"""csv export: RFC 4180 (a header row, CRLF line ends, quotes only where needed), one row
per item, columns in ``model.ITEM_FIELDS`` order unless ``--fields`` picks them.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula: page text like ``=HYPERLINK(…)`` would become a
live link or worse. By default such cells get a leading ``'``, which spreadsheets read as
"this is text"; ``--no-formula-guard`` writes them as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from confcli.export.common import ExportOptions, Selection
from confcli.model import ITEM_FIELDS, Item
from confcli.render.timefmt import in_zone

AUTHOR_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_PIECE = 32  # a piece of about 40 kB: the buffer stays small


def render(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """The rows as they are read, a few hundred at a time."""
    names = options.fields or ITEM_FIELDS
    out = io.StringIO()
    if options.bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for count, item in enumerate(selection.items, 1):
        cells = (cell_text(item, name, options) for name in names)
        writer.writerow([guarded(cell) if options.formula_guard else cell for cell in cells])
        if count % ROWS_PER_PIECE == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def cell_text(item: Item, name: str, options: ExportOptions) -> str:
    """A field as one cell: lists joined, times in ISO 8601 (in ``--tz`` when given),
    links as ``name=url`` pairs, nothing for null."""
    value = getattr(item, name)
    if name in ("authors", "keywords", "affiliations"):
        return AUTHOR_SEPARATOR.join(value)
    if name == "links":
        return AUTHOR_SEPARATOR.join(f"{label}={url}" for label, url in value)
    if name in ("start", "end"):
        return "" if value is None else in_zone(value, options.zone).isoformat()
    return "" if value is None else str(value)


def guarded(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
