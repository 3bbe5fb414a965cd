"""json (one array) and jsonl (JSON Lines: one object per line) exports.

Flat exports hold items in the documented item shape; ``--nested`` ones hold sessions
with their selected items. Both are what ``confcli parse`` reads back.
"""

from __future__ import annotations

import json

from confcli.export.common import ExportOptions, Selection
from confcli.export.fields import item_record
from confcli.render.jsonout import Record, dumps, escape_invisible, session_to_json


def records(selection: Selection, options: ExportOptions) -> list[Record]:
    if not options.nested:
        return [item_record(item, options.fields, options.zone) for item in selection.items]
    sessions = []
    for session in selection.sessions:
        record = session_to_json(session, with_items=False, zone=options.zone)
        record["items"] = [
            item_record(item, options.fields, options.zone) for item in session.items
        ]
        sessions.append(record)
    return sessions


def render_json(selection: Selection, options: ExportOptions) -> str:
    """The same bytes as ``--json`` elsewhere: two-space indent, UTF-8 as is."""
    return dumps(records(selection, options))


def render_jsonl(selection: Selection, options: ExportOptions) -> str:
    """One compact object per line, each ending in '\\n'; json.dumps escapes every line
    break inside a string, so a line is always exactly one object."""
    return "".join(
        escape_invisible(json.dumps(record, ensure_ascii=False)) + "\n"
        for record in records(selection, options)
    )
