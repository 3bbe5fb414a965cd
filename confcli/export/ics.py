"""ics export (iCalendar, RFC 5545), built with the ``icalendar`` library, which escapes
text and folds long lines.

One VEVENT per timed item (and, with ``--sessions``, per timed session). Nothing in the
file depends on the clock or on list positions:

- UID is ``<item id>-<kind>@confcli`` (``<session id>-session@confcli`` for sessions):
  the same slot exported twice replaces itself in a calendar instead of doubling.
- DTSTAMP is SOURCE_DATE_EPOCH when set, else the earliest start in the file.
- Times are UTC (``…Z``); with ``--tz`` naming an IANA zone they carry that TZID and the
  file holds its VTIMEZONE. Pages give offsets with abbreviations (``PDT``), which are not
  zone ids, so those are never written as a TZID, and no time is ever floating.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from confcli.export.common import (
    ExportOptions,
    Selection,
    iana_name,
    kind_label,
    programme_name,
    stamp,
    start_of,
    without_controls,
)
from confcli.model import Item, Session, slug

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODID = "-//confcli//confcli export//EN"
UID_DOMAIN = "confcli"


def render(selection: Selection, options: ExportOptions) -> str:
    calendar = _calendar(programme_name(selection.items))
    entries = _timed_entries(selection, options)
    dtstamp = stamp(options, [start_of(entry) for entry in entries])
    zone = options.zone if options.zone is not None and iana_name(options.zone) else UTC
    for entry in entries:
        if isinstance(entry, Item):
            calendar.add_component(personal(item_event(entry, zone, dtstamp), entry, options))
        else:
            calendar.add_component(session_event(entry, zone, dtstamp))
    if zone is not UTC and entries:
        # The zone's rules over whole years around the events: both DST changes are
        # described, so a client can place any time of those years.
        years = [start_of(entry).year for entry in entries]
        calendar.add_missing_timezones(date(min(years), 1, 1), date(max(years) + 1, 1, 1))
    ical: bytes = calendar.to_ical()  # icalendar leaves its return type unsaid
    return ical.decode("utf-8")


def _calendar(name: str) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.calendar_name = without_controls(name, newlines=False)  # NAME, X-WR-CALNAME
    return calendar


def _timed_entries(selection: Selection, options: ExportOptions) -> list[Item | Session]:
    sessions: Sequence[Item | Session] = selection.sessions if options.sessions else []
    return [entry for entry in [*sessions, *selection.items] if entry.start is not None]


def item_event(item: Item, zone: tzinfo, dtstamp: datetime) -> Event:
    uid = without_controls(f"{item.id}-{item.kind}@{UID_DOMAIN}", newlines=False)
    event = _event(uid, item, zone, dtstamp)
    event.add("summary", summary(item))
    location = " · ".join(part for part in (item.room, item.poster) if part)
    if location:
        event.add("location", without_controls(location, newlines=False))
    event.add("description", item_description(item))
    event.add("categories", [without_controls(item.kind, newlines=False)])
    return event


def personal(event: Event, item: Item, options: ExportOptions) -> Event:
    """What the user added (issue 15): their note first in the description, a SEQUENCE
    that rises when the slot changed since their last export, a reminder."""
    note = options.notes.get(item.id)
    if note:
        description = f"Note: {note}\n\n{event.pop('description')}"
        event.add("description", without_controls(description))
    if options.sequences is not None:
        event.add("sequence", options.sequences.get(item.id, 0))
    if options.remind is not None:
        from icalendar import Alarm

        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(item))
        alarm.add("trigger", timedelta(minutes=-options.remind))
        event.add_component(alarm)
    return event


def session_event(session: Session, zone: tzinfo, dtstamp: datetime) -> Event:
    uid = without_controls(f"{session.id}-session@{UID_DOMAIN}", newlines=False)
    event = _event(uid, session, zone, dtstamp)
    event.add("summary", without_controls(session.title, newlines=False))
    if session.room:
        event.add("location", without_controls(session.room, newlines=False))
    lines = [f"Chairs: {', '.join(session.chairs)}"] if session.chairs else []
    lines += [f"{item.position}. {item.title}" for item in session.items]
    event.add("description", without_controls("\n".join(lines)))
    event.add("categories", ["session"])
    return event


def _event(uid: str, entry: Item | Session, zone: tzinfo, dtstamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp)
    event.add("dtstart", start_of(entry).astimezone(zone))
    if entry.end is not None:
        event.add("dtend", entry.end.astimezone(zone))
    if entry.url:
        event.add("url", without_controls(entry.url, newlines=False))
    return event


def summary(item: Item) -> str:
    """'Oral: Title'; a slot named after its kind ('Q&A', 'Break') says its session."""
    title = without_controls(item.title, newlines=False)
    if item.kind == slug(title):
        return f"{title} · {without_controls(item.session, newlines=False)}"
    return f"{without_controls(kind_label(item.kind), newlines=False)}: {title}"


def item_description(item: Item) -> str:
    """Authors, session, poster details, the abstract, then the links, one per line."""
    head = [f"Authors: {', '.join(item.authors)}"] if item.authors else []
    head.append(f"Session: {item.session}")
    details = [part for part in (item.poster, item.decision, item.award) if part]
    if details:
        head.append(" · ".join(details))
    links = [f"{name}: {url}" for name, url in (("page", item.url), *item.links) if url]
    blocks = ["\n".join(head), item.abstract, "\n".join(links)]
    return without_controls("\n\n".join(block for block in blocks if block))
