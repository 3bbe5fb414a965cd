"""``--fields``: which item fields csv, json and jsonl carry, and in what order."""

from __future__ import annotations

from datetime import tzinfo

from confcli.errors import UsageError
from confcli.model import ALL_ITEM_FIELDS, Item
from confcli.render.jsonout import Record, item_to_json


def parse_fields(text: str | None) -> tuple[str, ...] | None:
    """'title,authors,start' -> ('title', 'authors', 'start'); None keeps every field.
    An unknown name is a usage error that lists the valid ones."""
    if text is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in ALL_ITEM_FIELDS]
    if unknown or not names:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        raise UsageError(f"--fields: {what} (valid: {', '.join(ALL_ITEM_FIELDS)})")
    return names


def item_record(item: Item, fields: tuple[str, ...] | None, zone: tzinfo | None = None) -> Record:
    """The documented item shape, narrowed to ``fields``; ``schema_version`` always stays
    first, so every object still says which shape it is."""
    record = item_to_json(item, zone)
    if fields is None:
        return record
    return {"schema_version": record["schema_version"], **{name: record[name] for name in fields}}
