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

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from confcli.export.common import (
    ExportOptions,
    Selection,
    iana_name,
    kind_label,
    programme_of,
    programme_title,
    stamp,
    start_of,
    without_controls,
)
from confcli.model import Item, Session, slug

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Event

PRODID = "-//confcli//confcli export//EN"
UID_DOMAIN = "confcli"


def render(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """Read twice: first for the calendar's head (its name, stamp and zone), then an
    event at a time, each built with icalendar and written as it is made."""
    names: dict[str, None] = {}
    starts = Span()
    sessions: Iterable[Session] = selection.sessions if options.sessions else ()
    for session in sessions:
        starts.add(session.start)
    for item in selection.items:
        names.setdefault(programme_of(item))
        starts.add(item.start)
    dtstamp = stamp(options, [starts.earliest] if starts.earliest else [])
    zone = options.zone if options.zone is not None and iana_name(options.zone) else UTC
    head, end = _frame(programme_title(names), zone, starts, dtstamp)
    yield head
    for session in sessions:
        if session.start is not None:
            yield _text(session_event(session, zone, dtstamp))
    for item in selection.items.timed():
        yield _text(personal(item_event(item, zone, dtstamp), item, options))
    yield end


class Span:
    """The earliest start (in UTC) and the first and last years of the starts seen."""

    def __init__(self) -> None:
        self.earliest: datetime | None = None
        self.years: list[int] = []

    def add(self, start: datetime | None) -> None:
        if start is None:
            return
        moment = start.astimezone(UTC)
        if self.earliest is None or moment < self.earliest:
            self.earliest = moment
        year = start.year
        self.years = (
            [min(self.years[0], year), max(self.years[1], year)] if self.years else [year, year]
        )


def _frame(name: str, zone: tzinfo, starts: Span, dtstamp: datetime) -> tuple[str, str]:
    """The calendar's text before its events (with the zone's VTIMEZONE), and after."""
    calendar = _calendar(name)
    if zone is not UTC and starts.years:
        # The zone's rules over whole years around the events: both DST changes are
        # described, so a client can place any time of those years. icalendar adds the
        # zones its events name: one stand-in event names ours, and is taken out again.
        from icalendar import Event

        stand_in = Event()
        stand_in.add("dtstart", dtstamp.astimezone(zone))
        calendar.add_component(stand_in)
        first, last = starts.years
        calendar.add_missing_timezones(date(first, 1, 1), date(last + 1, 1, 1))
        calendar.subcomponents.remove(stand_in)
    text = _text(calendar)
    closing = "END:VCALENDAR\r\n"
    assert text.endswith(closing)
    return text[: -len(closing)], closing


def _calendar(name: str) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.calendar_name = without_controls(name, newlines=False)  # NAME, X-WR-CALNAME
    return calendar


def _text(component: Component) -> str:
    """``component.to_ical()``, folded here: icalendar folds a line character by character
    in Python, which was two thirds of an export's time; ``folded`` gives the same bytes."""
    lines = [folded(str(line).encode("utf-8")) for line in component.content_lines() if line]
    return (b"\r\n".join(lines) + b"\r\n").decode("utf-8")


FOLD_AT = 74  # octets on a line before its fold (RFC 5545: at most 75 with the CRLF's space)
CONTINUATION = range(0x80, 0xC0)  # UTF-8 bytes that do not start a character


def folded(line: bytes) -> bytes:
    """The line folded as icalendar folds it: each piece the most characters that fit in 74
    octets, a character never split, and a piece never ending in a lone ``\\`` or ``^``
    (the start of an escape: it moves to the next piece)."""
    if len(line) <= FOLD_AT:
        return line
    pieces, start = [], 0
    while len(line) - start > FOLD_AT:
        end = start + FOLD_AT
        while line[end] in CONTINUATION:
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


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
