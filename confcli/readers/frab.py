"""frab and pretalx ``schedule.json``, the c3voc format that pretalx, frab and their kin
publish (PyCon, FOSDEM, CCC…): days → rooms → events, read into the fields that
frab_schedule.py turns into sessions (one per day and room). Its XML sibling is
frab_xml.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

from confcli.errors import BadInputError
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.feed import load_json
from confcli.readers.frab_schedule import (
    DayFields,
    EventFields,
    ScheduleFields,
    line,
    paragraphs,
    schedule_pages,
)
from confcli.readers.vocabulary import SNIFF_CHARS

SHAPE = "frab-json"
# Two searches, not one pattern with two lazy gaps: that backtracks quadratically on a
# head full of '"schedule": {'.
JSON_START = re.compile(r'^\s*\{\s*"')
SCHEDULE_KEY = re.compile(r'"schedule"\s*:\s*\{')
CONFERENCE_KEY = re.compile(r'"conference"\s*:\s*\{')


def sniff(head: str) -> bool:
    """A JSON object holding ``"schedule": {`` and, after it, ``"conference": {``."""
    text = head.lstrip("\ufeff")
    if not JSON_START.match(text):
        return False
    schedule = SCHEDULE_KEY.search(text)
    return bool(schedule and CONFERENCE_KEY.search(text, schedule.end()))


def read_frab_json(text: str, context: PageContext) -> list[ParsedPage] | None:
    """One page per day and room of a frab/pretalx ``schedule.json``; None when not one."""
    if not sniff(text[:SNIFF_CHARS]):
        return None
    document = load_json(text, "frab schedule", context.source)
    schedule = _object(document).get("schedule")
    conference = _object(schedule).get("conference")
    if not isinstance(conference, dict):
        raise BadInputError("a frab schedule without a conference block", source=context.source)
    fields = ScheduleFields(
        title=line(conference.get("title")),
        acronym=line(conference.get("acronym")),
        start=line(conference.get("start")),
        zone_name=line(conference.get("time_zone_name")),
        base_url=line(_object(schedule).get("base_url")),
        generator=line(_object(_object(document).get("generator")).get("name")),
    )
    for day in _objects(conference.get("days"), fields):
        fields.days.append(_json_day(day, fields))
    fields.frame = frame(document)
    return schedule_pages(fields, context, SHAPE)


def frame(document: object) -> str | None:
    """The document with each event replaced by its guid: where each event stands, and
    all that is not an event, for a frab export to give the file back (export.frabsource).
    None when an event has no guid of its own, or shares one: it could not be put back."""
    try:
        framed = json.loads(json.dumps(document))
        days = framed["schedule"]["conference"]["days"]
        guids = [_frame_day(day) for day in days]
    except (KeyError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    every = [guid for day in guids for guid in day]
    if None in every or len(set(every)) != len(every):
        return None
    return _compact(framed)


def _frame_day(day: dict[str, Any]) -> list[str | None]:
    guids: list[str | None] = []
    for room, events in day["rooms"].items():
        day["rooms"][room] = [_guid_of(event) for event in events]
        guids.extend(day["rooms"][room])
    return guids


def _guid_of(event: object) -> str | None:
    guid = _object(event).get("guid")
    return guid if isinstance(guid, str) and guid else None


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: object, fields: ScheduleFields) -> list[dict[str, Any]]:
    entries = value if isinstance(value, list) else []
    objects = [entry for entry in entries if isinstance(entry, dict)]
    fields.skipped += len(entries) - len(objects)
    return objects


def _json_day(day: dict[str, Any], fields: ScheduleFields) -> DayFields:
    found = DayFields(date=line(day.get("date")), start=line(day.get("day_start")))
    for room, events in _object(day.get("rooms")).items():
        for event in _objects(events, fields):
            found.events.append(_json_event(event, line(room)))
    return found


def _json_event(event: dict[str, Any], room: str | None) -> EventFields:
    site_id = event.get("guid") or event.get("code") or event.get("id")
    references = [*_list(event.get("links")), *_list(event.get("attachments"))]
    return EventFields(
        title=line(event.get("title")),
        type=line(event.get("type")),
        room=line(event.get("room")) or room,
        track=line(event.get("track")),
        date=line(event.get("date")),
        start=line(event.get("start")),
        duration=line(event.get("duration")),
        end=line(event.get("end")),
        abstract=paragraphs(event.get("abstract")),
        description=paragraphs(event.get("description")),
        url=line(event.get("url")),
        site_id=line(site_id),
        persons=[name for name in map(_person, _list(event.get("persons"))) if name],
        links=[_reference(entry) for entry in references],
        record=_compact(event),
    )


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _person(entry: object) -> str | None:
    """frab says ``public_name``, pretalx ``name``; some writers give bare names."""
    if isinstance(entry, dict):
        return line(entry.get("public_name")) or line(entry.get("name"))
    return line(entry) if isinstance(entry, str) else None


def _reference(entry: object) -> tuple[str | None, str | None]:
    record = _object(entry)
    return line(record.get("title")) or line(record.get("type")), line(record.get("url"))
