"""confcli's own JSON read back: sessions with their items (``parse --json``, ``list
--json``) or arrays of items (``list --session … --json``, ``search --json``).

Nothing is recomputed: ids, times and every field come back exactly as written, so
``list --json`` of a library read into an empty library prints the same bytes. An items
array holds only some of a session's items: its pages are ``partial`` and join the stored
session instead of replacing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from confcli.bounds import FIRST_YEAR, LAST_YEAR, MAX_POSITION
from confcli.errors import BadInputError
from confcli.model import ALL_ITEM_FIELDS, SCHEMA_VERSION, SESSION_FIELDS, Item, Session
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.feed import load_json
from confcli.readers.vocabulary import json_head

SESSIONS_SHAPE = "confcli-json"
ITEMS_SHAPE = "confcli-items"
# confcli writes "schema_version" first in every object.
HEAD = re.compile(r'^\s*(?:\[?\s*\{\s*"schema_version"\s*:|\[\s*\]\s*$)')
REQUIRED = {"session": ("id", "title"), "item": ("id", "kind", "title", "session_id", "session")}


class _Invalid(Exception):
    """A field that is not what confcli writes; becomes a BadInputError naming the object."""


def sniff(head: str) -> bool:
    """confcli's own JSON: it writes "schema_version" in every object."""
    start = json_head(head)
    return start is not None and '"schema_version"' in start


def read_confcli_json(text: str, context: PageContext) -> list[ParsedPage] | None:
    if not HEAD.match(text[:256].lstrip("\ufeff")):
        return None
    document = load_json(text, "confcli JSON", context.source)
    objects = document if isinstance(document, list) else [document]
    if not objects:
        raise BadInputError("an empty JSON array: no sessions or items", source=context.source)
    try:
        _check_versions(objects)
        if all("session_id" not in entry for entry in objects):
            return [_session_page(entry, index) for index, entry in enumerate(objects, 1)]
        if all("session_id" in entry for entry in objects):
            return _item_pages([_item(entry, f"item {i}") for i, entry in enumerate(objects, 1)])
    except _Invalid as error:
        raise BadInputError(str(error), source=context.source) from None
    raise BadInputError("confcli JSON mixing sessions and items", source=context.source)


def _check_versions(objects: list[object]) -> None:
    for index, entry in enumerate(objects, 1):
        version = entry.get("schema_version") if isinstance(entry, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _Invalid(f"object {index} has no schema_version: not confcli's JSON")
        if version > SCHEMA_VERSION:
            raise _Invalid(
                f"written by a newer confcli (schema_version {version}, this one reads "
                f"{SCHEMA_VERSION}); upgrade confcli"
            )


def _session_page(entry: dict[str, Any], index: int) -> ParsedPage:
    where = f"session {index}"
    values = _values(entry, SESSION_FIELDS, "session", where)
    raw_items = entry.get("items")
    if not isinstance(raw_items, list):
        raise _Invalid(f"{where}: 'items' must be a list (write sessions with their items)")
    items = [_item(raw, f"{where}, item {i}") for i, raw in enumerate(raw_items, 1)]
    for item in items:
        if item.session_id != values["id"]:
            raise _Invalid(f"{where}: item {item.id} belongs to session {item.session_id}")
    # An item listed twice counts once (its last copy), as in an items array: stored
    # twice it broke the library's unique ids (an internal error).
    unique = tuple({item.id: item for item in items}.values())
    return ParsedPage(Session(**values, items=unique), SESSIONS_SHAPE)


def _item_pages(items: list[Item]) -> list[ParsedPage]:
    """Items grouped into their sessions (first appearance order), each session partial."""
    groups: dict[str, dict[str, Item]] = {}
    for item in items:
        groups.setdefault(item.session_id, {})[item.id] = item  # an item twice counts once
    pages = []
    for session_id, by_id in groups.items():
        ordered = tuple(sorted(by_id.values(), key=lambda item: (item.position, item.id)))
        pages.append(ParsedPage(_session_of(session_id, ordered), ITEMS_SHAPE, partial=True))
    return pages


def _session_of(session_id: str, items: tuple[Item, ...]) -> Session:
    """What the items tell of their session; the rest stays with the stored session."""
    first = items[0]
    starts = [item.start for item in items if item.start]
    ends = [item.end for item in items if item.end]
    return Session(
        id=session_id,
        title=first.session,
        conference=first.conference,
        year=first.year,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        source=first.source,
        items=items,
    )


def _item(entry: object, where: str) -> Item:
    if not isinstance(entry, dict):
        raise _Invalid(f"{where}: not an object")
    values = _values(entry, ALL_ITEM_FIELDS, "item", where)
    if values["position"] is None:
        raise _Invalid(f"{where}: 'position' is missing")
    return Item(**values)


# --- fields ---------------------------------------------------------------------------------


def _values(entry: dict[str, Any], names: tuple[str, ...], kind: str, where: str) -> dict[str, Any]:
    values = {}
    for name in names:
        try:
            values[name] = CONVERTERS.get(name, _text)(entry.get(name))
        except _Invalid as error:
            raise _Invalid(f"{where}: {name!r} {error}") from None
    missing = [name for name in REQUIRED[kind] if not values[name]]
    if missing:
        raise _Invalid(f"{where}: {missing[0]!r} is missing")
    return values


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Invalid("must be a string or null")


def _number(low: int, high: int) -> Callable[[object], int | None]:
    """A whole number from ``low`` to ``high`` (what a library column and the model take:
    a year of 10**20 fits neither), or null."""

    def number(value: object) -> int | None:
        if value is None or (
            isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        ):
            return value
        raise _Invalid(f"must be a whole number from {low} to {high}, or null")

    return number


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return tuple(value)
    raise _Invalid("must be a list of strings")


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _Invalid("must be an ISO 8601 time with an offset, or null")
    return moment


def _links(value: object) -> tuple[tuple[str, str], ...]:
    """Absent in JSON written before links existed: no links."""
    if value is None:
        return ()
    if isinstance(value, dict) and all(isinstance(url, str) for url in value.values()):
        return tuple(value.items())
    raise _Invalid("must be an object of names and URLs")


def _affiliations(value: object) -> tuple[str, ...]:
    """As the model keeps them: none known is none (JSON written before them has none)."""
    names = _names(value)
    return names if any(names) else ()


CONVERTERS = {
    "authors": _names,
    "keywords": _names,
    "affiliations": _affiliations,
    "chairs": _names,
    "start": _time,
    "end": _time,
    "year": _number(FIRST_YEAR, LAST_YEAR),
    "position": _number(0, MAX_POSITION),
    "links": _links,
}
