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
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import groupby

from confcli import __version__
from confcli.export import jsonstream
from confcli.export.common import (
    ExportOptions,
    Selection,
    iana_name,
    programme_name,
    programme_of,
    programme_title,
    stamp,
    start_of,
    without_controls,
)
from confcli.export.frabsource import source_schedule
from confcli.export.grouping import Groups, in_groups
from confcli.export.jsonstream import Array, Object
from confcli.model import Item, conference_prefix, digest, slug
from confcli.render.jsonout import Record
from confcli.render.timefmt import in_zone

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")  # the schema's
# The schema's link types; a page's "pdf" is the paper itself.
LINK_TYPES = {"paper": "paper", "pdf": "paper", "slides": "slides", "video": "media"}
TIMESLOT = "00:05"
DayRoom = tuple[date, str]  # a room on a day: where a day's events are grouped


def render(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """A frab schedule read whole and unchanged comes back as it was (frabsource). Else
    read twice: first for what the schedule's head says (its version, rooms, days), then
    written day by day, room by room, event by event."""
    original = source_schedule(selection, options.zone)
    if original is not None:
        yield original
        return
    plan = _Plan(options)
    for item in selection.items.timed():
        plan.add(item)
    record = plan.conference()
    record["days"] = Array(plan.days(selection.items.timed()))
    schedule = {"version": plan.version(), "conference": Object(record.items())}
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": "confcli", "version": __version__},
        "schedule": Object(schedule.items()),
    }
    yield from jsonstream.document(Object(document.items()))


class _Plan:
    """What one pass over the timed items learns: all that ``conference`` would say but
    the days' events, and how many events each room of each day holds."""

    def __init__(self, options: ExportOptions):
        from hashlib import sha1  # only when exporting: as model.digest

        self.options = options
        self.hash = sha1()
        self.first = True
        self.names: dict[str, None] = {}
        self.prefixes: set[str] = set()
        self.rooms: dict[str, None] = {}
        self.spans: dict[date, tuple[datetime, datetime]] = {}
        self.groups: Groups[DayRoom] = Groups()

    def add(self, item: Item) -> None:
        part = f"{item.id}@{item.start}-{item.end}:{item.title}"
        self.hash.update(("" if self.first else "\x1f").encode() + part.encode("utf-8"))
        self.first = False
        self.names.setdefault(programme_of(item))
        self.prefixes.add(conference_prefix(item.conference, item.year))
        room = room_of(item)
        self.rooms.setdefault(room)
        start = in_zone(start_of(item), self.options.zone)
        end = in_zone(item.end or start_of(item), self.options.zone)
        earliest, latest = self.spans.get(start.date(), (start, end))
        self.spans[start.date()] = (min(earliest, start), max(latest, end))
        self.groups.add((start.date(), room))

    def version(self) -> str:
        return self.hash.hexdigest()[:12]  # as model.digest of the same parts

    def conference(self) -> Record:
        days = sorted(self.spans)
        empty_day = stamp(self.options, []).date()
        record: Record = {
            "acronym": _acronym(self.prefixes),
            "title": without_controls(programme_title(self.names), newlines=False),
            "start": (days[0] if days else empty_day).isoformat(),
            "end": (days[-1] if days else empty_day).isoformat(),
            "daysCount": len(days),
            "timeslot_duration": TIMESLOT,
        }
        if iana_name(self.options.zone):
            record["time_zone_name"] = iana_name(self.options.zone)
        record["rooms"] = [{"name": name, "guid": guid("room", name)} for name in self.rooms]
        return record

    def days(self, items: Iterable[Item]) -> Iterator[Object]:
        order = self.groups.ordered(lambda key: key[0])
        by_day = in_groups(items, self._key, order, self.groups.counts)
        for index, (when, events) in enumerate(groupby(by_day, lambda e: e[0][0]), 1):
            first, last = self.spans[when]
            yield Object(
                {
                    "index": index,
                    "date": when.isoformat(),
                    "day_start": first.isoformat(),
                    "day_end": last.isoformat(),
                    "rooms": Object(self._rooms(events)),
                }.items()
            )

    def _key(self, item: Item) -> DayRoom:
        return in_zone(start_of(item), self.options.zone).date(), room_of(item)

    def _rooms(self, events: Iterable[tuple[DayRoom, Item]]) -> Iterator[tuple[str, Array]]:
        for (_, room), entries in groupby(events, lambda e: e[0]):
            yield room, Array(event(item, self.options) for _, item in entries)


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
    return _acronym({conference_prefix(item.conference, item.year) for item in items})


def _acronym(conferences: set[str]) -> str:
    only = next(iter(conferences)).replace("-", "_") if len(conferences) == 1 else ""
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
