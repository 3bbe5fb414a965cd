"""A frab schedule given back as it was read: when every selected item came from one frab
``schedule.json`` and still says what its event says, the frab export writes the file's
own records (``source_record``: the events, and the schedule's frame around them) in the
layout frab publishes (frablayout), so the bytes come back. Anything else (a selection of
part of the schedule, an event moved, renamed or edited since) is written by frab.py from
the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from confcli.export.common import Selection, iana_name
from confcli.export.frablayout import layout
from confcli.model import Item, slug

Record = dict[str, Any]


def source_schedule(selection: Selection, zone: tzinfo | None = None) -> str | None:
    """The schedule the selection was read from, laid out as it was; None when the
    selection is not all of one frab schedule, unchanged, or when ``zone`` (--tz) asks
    for times in a zone other than the schedule's own."""
    frames = {session.source_record for session in selection.sessions}
    if len(frames) != 1 or None in frames or not selection.items:
        return None
    events = _events_by_guid(selection.items)
    try:
        document = json.loads(frames.pop() or "")
        filled = _filled(document, events)
        if zone is not None and iana_name(zone) != _zone_name(document):
            return None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return layout(document) if filled == len(events) else None


def _events_by_guid(items: Iterable[Item]) -> dict[str, Record | None]:
    """Each item's event, by guid; None for an item whose fields left its event."""
    events: dict[str, Record | None] = {}
    for item in items:
        event = _record(item.source_record)
        guid = event.get("guid") if event else None
        if not isinstance(guid, str) or guid in events:
            return {"": None}
        events[guid] = event if event and still_says(item, event) else None
    return events


def _filled(document: Record, events: dict[str, Record | None]) -> int:
    """Puts each event back where the frame holds its guid; the number put back, or -1
    when the frame names an event the selection does not hold unchanged."""
    count = 0
    for day in document["schedule"]["conference"]["days"]:
        for room, guids in day["rooms"].items():
            found = [events.get(guid) for guid in guids]
            if any(event is None for event in found):
                return -1
            day["rooms"][room] = found
            count += len(found)
    return count


def _zone_name(document: Record) -> object:
    return document["schedule"]["conference"].get("time_zone_name")


def _record(text: str | None) -> Record | None:
    try:
        value = json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def still_says(item: Item, event: Record) -> bool:
    """The item's modelled fields are what its event says (as the frab reader reads it):
    title, kind, start, duration, room, persons, abstract, url."""
    start = _moment(event.get("date"))
    return (
        item.title == _line(event.get("title"))
        and item.kind == (slug(_line(event.get("type")) or "talk") or "item")
        and start is not None
        and item.start == start
        and item.end == start + _duration(event.get("duration"))
        and item.room == _line(event.get("room"))
        and item.authors == tuple(_person(entry) for entry in event.get("persons") or [])
        and (item.abstract or "") == _paragraphs(event.get("abstract"))
        and item.url == _line(event.get("url"))
    )


def _line(value: object) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _paragraphs(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _person(entry: object) -> str | None:
    if isinstance(entry, dict):
        return _line(entry.get("public_name")) or _line(entry.get("name"))
    return _line(entry)


def _moment(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None


def _duration(value: object) -> timedelta:
    hours, _, minutes = (value if isinstance(value, str) else "").partition(":")
    try:
        return timedelta(hours=int(hours), minutes=int(minutes[:2]))
    except ValueError:
        return timedelta(-1)  # no readable duration: never the item's
