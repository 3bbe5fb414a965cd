"""json (one array) and jsonl (JSON Lines: one object per line) exports.

Flat exports hold items in the documented item shape; ``--nested`` ones hold sessions
with their selected items. Both are what ``confcli parse`` reads back. Both are written
record by record as the items are read (confcli.export.jsonstream).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from confcli.export.common import ExportOptions, Selection
from confcli.export.fields import item_record
from confcli.export.jsonstream import Array, document
from confcli.render.jsonout import Record, escape_invisible, session_to_json


def records(selection: Selection, options: ExportOptions) -> Iterator[Record]:
    if not options.nested:
        for item in selection.items:
            yield item_record(item, options.fields, options.zone)
        return
    for session in selection.sessions:
        record = session_to_json(session, with_items=False, zone=options.zone)
        record["items"] = [
            item_record(item, options.fields, options.zone) for item in session.items
        ]
        yield record


def render_json(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """The same bytes as ``--json`` elsewhere: two-space indent, UTF-8 as is."""
    return document(Array(records(selection, options)))


def render_jsonl(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """One compact object per line, each ending in '\\n'; json.dumps escapes every line
    break inside a string, so a line is always exactly one object."""
    for record in records(selection, options):
        yield escape_invisible(json.dumps(record, ensure_ascii=False)) + "\n"
