"""frab export: the ``schedule.json`` that offline schedule apps (Giggity, ConfClerk,
EventFahrplan) import, valid against the c3voc schema (tests/schemas/).

Days are dates in the display zone (``--tz``; else each item's own); rooms are the items'
rooms, or their session's title when the page names no room (on virtual sites a session
was its own stream). Everything derived is deterministic: event and room guids are
uuid5 of confcli ids, the legacy integer event id is a hash of the item id, and the
schedule version is a digest of what the events say. Items without times are left out.
A frab schedule parsed whole and exported unchanged is written back as it was, byte for
byte (frabsource.py).
Control characters are removed from text: these apps show it as is.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from confcli import __version__
from confcli.export.common import (
    ExportOptions,
    Selection,
    iana_name,
    programme_name,
    stamp,
    start_of,
    timed,
    without_controls,
)
from confcli.export.frabsource import source_schedule
from confcli.model import Item, conference_prefix, digest, slug
from confcli.render.jsonout import Record, dumps
from confcli.render.timefmt import in_zone

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")  # the schema's
# The schema's link types; a page's "pdf" is the paper itself.
LINK_TYPES = {"paper": "paper", "pdf": "paper", "slides": "slides", "video": "media"}
TIMESLOT = "00:05"


def render(selection: Selection, options: ExportOptions) -> str:
    """A frab schedule read whole and unchanged comes back as it was (frabsource)."""
    original = source_schedule(selection, options.zone)
    if original is not None:
        return original
    items = timed(selection.items)
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": "confcli", "version": __version__},
        "schedule": {"version": schedule_version(items), "conference": conference(items, options)},
    }
    return dumps(document)


def schedule_version(items: list[Item]) -> str:
    return digest(*(f"{item.id}@{item.start}-{item.end}:{item.title}" for item in items))


def conference(items: list[Item], options: ExportOptions) -> Record:
    days = _by_day(items, options)
    empty_day = stamp(options, []).date()
    record: Record = {
        "acronym": acronym(items),
        "title": without_controls(programme_name(items), newlines=False),
        "start": (days[0][0] if days else empty_day).isoformat(),
        "end": (days[-1][0] if days else empty_day).isoformat(),
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
    }
    if iana_name(options.zone):
        record["time_zone_name"] = iana_name(options.zone)
    rooms = dict.fromkeys(room_of(item) for item in items)
    record["rooms"] = [{"name": name, "guid": guid("room", name)} for name in rooms]
    record["days"] = [day(index, *entry, options) for index, entry in enumerate(days, 1)]
    return record


def _by_day(items: list[Item], options: ExportOptions) -> list[tuple[date, list[Item]]]:
    days: dict[date, list[Item]] = {}
    for item in items:
        days.setdefault(in_zone(start_of(item), options.zone).date(), []).append(item)
    return sorted(days.items())


def acronym(items: list[Item]) -> str:
    """'iclr2021' for one conference's programme, else 'confcli'."""
    conferences = {conference_prefix(item.conference, item.year) for item in items}
    only = conferences.pop().replace("-", "_") if len(conferences) == 1 else ""
    return only if ACRONYM.match(only) else "confcli"


def day(index: int, when: date, items: list[Item], options: ExportOptions) -> Record:
    starts = [in_zone(start_of(item), options.zone) for item in items]
    ends = [in_zone(item.end or start_of(item), options.zone) for item in items]
    rooms: dict[str, list[Record]] = {}
    for item in items:
        rooms.setdefault(room_of(item), []).append(event(item, options))
    return {
        "index": index,
        "date": when.isoformat(),
        "day_start": min(starts).isoformat(),
        "day_end": max(ends).isoformat(),
        "rooms": rooms,
    }


def event(item: Item, options: ExportOptions) -> Record:
    start = in_zone(start_of(item), options.zone)
    record: Record = {
        "guid": event_guid(item),
        "id": int(digest("event", item.id, length=7), 16) + 1,  # >= 1, fits 32 bits
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": duration(start, item.end),
        "room": room_of(item),
        "slug": slug(f"{item.id} {item.title}")[:64].strip("-"),
        "url": item.url or f"urn:uuid:{event_guid(item)}",
        "title": _text(item.title),
        "subtitle": None,
        "track": _text(item.session),
        "type": item.kind,
        "language": None,
        "abstract": _text(item.abstract) or None,
        "description": _text(" · ".join(_details(item))) or None,
        "persons": [person(name) for name in item.authors],
        "links": [_reference(name, url) for name, url in item.links],
    }
    if item.end is not None:
        record["end"] = in_zone(item.end, options.zone).isoformat()
    return record


def person(name: str) -> Record:
    """Both spellings of the name: ``name`` (pretalx) and ``public_name`` (older frab
    readers). Without a frab integer id the schema's oneOf sees a pretalx person."""
    text = _text(name)
    return {"name": text, "public_name": text}


def duration(start: datetime, end: datetime | None) -> str:
    minutes = 0 if end is None else int((end - start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_of(item: Item) -> str:
    return _text(item.room or item.session)


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:confcli:{kind}:{key}"))


def event_guid(item: Item) -> str:
    """The event's own guid when it came from a frab or pretalx schedule (its site id is a
    UUID), so a schedule read and exported again keeps its events' identity; else one
    derived from the item's durable id."""
    try:
        return str(uuid.UUID(item.site_id)) if item.site_id else guid("item", item.id)
    except ValueError:
        return guid("item", item.id)


def _details(item: Item) -> list[str]:
    return [part for part in (item.poster, item.decision, item.presentation, item.award) if part]


def _reference(name: str, url: str) -> Record:
    return {"type": LINK_TYPES.get(name, "related"), "url": url, "title": name}


def _text(text: str | None) -> str:
    return without_controls(text)
