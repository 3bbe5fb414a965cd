"""What frab's two syntaxes, ``schedule.json`` (frab.py) and ``schedule.xml``
(frab_xml.py), give once read (fields, as text), and how those become sessions.

Each day's events in one room become one session, named by room and day (``Curie · Wed
21 Aug``); the day is the schedule's, which runs past midnight. Events become items:
persons are authors, ``type`` the kind, ``guid`` (else ``code``, else ``id``) the site id,
links and attachments links (http(s) only, relative ones resolved against the base URL).
The start is the event's ``date``, else the day's date and ``start`` in the conference's
``time_zone_name`` (a clock time before the day begins is after midnight); the end is
``end``, else the start plus ``duration``, as elapsed time. Times are kept in the
conference's zone. Conference and year come from the schedule's ``conference`` block.

confcli's own frab export writes each session's title as the track, and as the room too
when the session names none: a schedule whose generator is confcli is read back that way,
so its sessions and rooms come back as they were.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from urllib.parse import urljoin, urlsplit

from confcli.conferences import conference_from_text
from confcli.errors import BadInputError
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_sessions,
)
from confcli.times import day_label

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
DURATION = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")
CONFCLI = "confcli"  # the generator name and the acronym of a programme of several


@dataclass
class EventFields:
    """One event as the schedule writes it, in either syntax: text, not yet read."""

    title: str | None
    type: str | None = None
    room: str | None = None
    track: str | None = None
    date: str | None = None  # ISO 8601, with an offset in frab and pretalx
    start: str | None = None  # HH:MM on the schedule's day (pentabarf's only time)
    duration: str | None = None  # HH:MM
    end: str | None = None  # ISO 8601 (pretalx)
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    site_id: str | None = None
    persons: list[str] = field(default_factory=list)
    links: list[tuple[str | None, str | None]] = field(default_factory=list)  # (title, url)
    record: str | None = None  # the event's JSON object as the file wrote it


@dataclass
class DayFields:
    date: str | None
    start: str | None  # when the day begins (ISO): earlier clock times are the next date
    events: list[EventFields] = field(default_factory=list)


@dataclass
class ScheduleFields:
    title: str | None = None
    acronym: str | None = None
    start: str | None = None
    zone_name: str | None = None
    base_url: str | None = None
    generator: str | None = None
    day_change: str | None = None  # pentabarf's clock time when a day begins
    days: list[DayFields] = field(default_factory=list)
    skipped: int = 0  # events that were not objects or had no title
    frame: str | None = None  # the JSON document with each event replaced by its guid

    @property
    def by_confcli(self) -> bool:
        return (self.generator or "").strip().lower() == CONFCLI


def line(value: object) -> str | None:
    """A field's text on one line, spaces squeezed; None for empty or non-text values."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return " ".join(str(value).split()) or None


def paragraphs(value: object) -> str | None:
    """Long text with its line breaks (in one convention) and inner spacing kept."""
    if not isinstance(value, str):
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None


# --- from fields to sessions ----------------------------------------------------------------


def schedule_pages(fields: ScheduleFields, context: PageContext, shape: str) -> list[ParsedPage]:
    reading = _Reading(fields)
    drafts = reading.session_drafts()
    if not drafts:
        raise BadInputError("a frab schedule without events", source=context.source)
    pages = build_sessions(drafts, context, shape)
    pages[0].warnings[:0] = reading.warnings
    return pages


class _Reading:
    """What the whole schedule settles for every event: zone, link base, conference."""

    def __init__(self, fields: ScheduleFields):
        self.fields = fields
        self.warnings: list[str] = []
        self.zone = self._zone(fields.zone_name)
        self.base_url = _web_url(fields.base_url, None)
        self.conference, self.year = conference_and_year(fields)
        self.untimed = 0

    def _zone(self, name: str | None) -> tzinfo | None:
        if not name:
            return None
        zone = zone_named(name)
        if zone is None:
            self.warnings.append(f"unknown time_zone_name {name!r}: times keep their offsets")
        return zone

    def session_drafts(self) -> list[SessionDraft]:
        groups: dict[tuple[object, ...], SessionDraft] = {}
        for day in self.fields.days:
            day_date, day_start = _date(day.date), self._moment(day.start)
            for event in day.events:
                if not event.title:
                    self.fields.skipped += 1
                    continue
                item = self.item(event, day_date, day_start)
                key, draft = self._session_for(event, item, day_date)
                groups.setdefault(key, draft).items.append(item)
        self._tell()
        for draft in groups.values():
            draft.items.sort(key=lambda item: (item.start is None, _utc(item)))
            draft.kind = _session_kind(draft.items)
        return list(groups.values())

    def _tell(self) -> None:
        if self.fields.skipped:
            self.warnings.append(f"left out {self.fields.skipped} event(s) without a title")
        if self.untimed:
            self.warnings.append(f"{self.untimed} event(s) without a readable start time")

    def _session_for(
        self, event: EventFields, item: ItemDraft, day: date | None
    ) -> tuple[tuple[object, ...], SessionDraft]:
        """Sessions per day and room; confcli's own export: per day, room and track."""
        room = event.room or "Room"
        day = day or (item.start.date() if item.start else None)
        title = f"{room} · {day_label(day)}" if day else room
        track = event.track if self.fields.by_confcli else None
        if track:
            title, item.room = track, None if room == track else room
        draft = SessionDraft(title, room=item.room, conference=self.conference, year=self.year)
        draft.source_record = self.fields.frame
        return (day, room, track), draft

    def item(self, event: EventFields, day: date | None, day_start: datetime | None) -> ItemDraft:
        start = self._moment(event.date) or self._on_day(event.start, day, day_start)
        self.untimed += start is None
        abstract = event.abstract
        if not abstract and not self.fields.by_confcli:  # confcli's description is details
            abstract = event.description
        return ItemDraft(
            kind_label=event.type or "talk",
            title=event.title or "",
            authors=event.persons,
            abstract=abstract,
            start=start,
            end=self._end(event, start),
            room=event.room,
            url=_web_url(event.url, self.base_url),
            links=self._links(event.links),
            site_id=event.site_id,
            source_record=event.record,
        )

    def _moment(self, text: str | None) -> datetime | None:
        """An ISO time in the conference's zone; one without an offset is in that zone."""
        try:
            value = datetime.fromisoformat(text) if text else None
        except ValueError:
            return None
        if value is None or (value.tzinfo is None and self.zone is None):
            return None
        if value.tzinfo is None:
            return _representable(value.replace(tzinfo=self.zone))
        return _representable(value, self.zone)

    def _on_day(
        self, clock: str | None, day: date | None, day_start: datetime | None
    ) -> datetime | None:
        """The day's date and a clock time; before the day begins is after midnight."""
        match = CLOCK.match(clock or "")
        zone = self.zone or (day_start.tzinfo if day_start else None)
        if not (match and day and zone) or int(match[1]) > 23 or int(match[2]) > 59:
            return None
        moment = datetime(day.year, day.month, day.day, int(match[1]), int(match[2]), tzinfo=zone)
        begins = _clock_of(day_start) or _clock_of_text(self.fields.day_change)
        try:
            after_midnight = begins and (moment.hour, moment.minute) < begins
            return _representable(moment + timedelta(days=1) if after_midnight else moment)
        except OverflowError:  # the day after 9999-12-31
            return None

    def _end(self, event: EventFields, start: datetime | None) -> datetime | None:
        if start is None:
            return None
        end = self._moment(event.end)
        if end is not None and end >= start:
            return end
        length = duration(event.duration)
        if length is None:
            return None
        try:  # elapsed time, not wall-clock time: a night the clocks change is an hour off
            return _representable(start.astimezone(UTC) + length, start.tzinfo)
        except OverflowError:  # a duration past the year 9999
            return None

    def _links(self, references: list[tuple[str | None, str | None]]) -> dict[str, str]:
        links: dict[str, str] = {}
        for title, href in references:
            url = _web_url(href, self.base_url)
            if url:
                name = title or "link"
                count = sum(1 for key in links if key == name or key.startswith(f"{name} ("))
                links[f"{name} ({count + 1})" if count else name] = url
        return links


def conference_and_year(fields: ScheduleFields) -> tuple[str | None, int | None]:
    """('Chaos Communication Camp', 2019) from the title 'Chaos Communication Camp 2019';
    a known conference by its name ('ICLR 2021'); the year else from the start date."""
    if fields.by_confcli and (fields.acronym or "").lower() == CONFCLI:
        return None, None  # confcli's export of several conferences, or of none
    title, acronym = fields.title or "", fields.acronym or ""
    known = conference_from_text(title) or conference_from_text(acronym)
    if known:
        return known
    found = YEAR.search(title) or YEAR.search(acronym) or YEAR.match(fields.start or "")
    name = " ".join(YEAR.sub(" ", title).split()) or " ".join(YEAR.sub(" ", acronym).split())
    return name or None, int(found[1]) if found else None


def zone_named(name: str) -> tzinfo | None:
    """The IANA zone of a name, or None (an unknown name, or a path in disguise)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def duration(text: str | None) -> timedelta | None:
    """'00:30' or '01:30:00' as a length of time."""
    match = DURATION.match(text or "")
    if not match or int(match[2]) > 59:
        return None
    return timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0))


def _representable(moment: datetime, zone: tzinfo | None = None) -> datetime | None:
    """The moment in ``zone`` (else as it is), if it and its UTC instant (what ids hash)
    lie within the years 1 to 9999; else None."""
    try:
        moment.astimezone(UTC)
        return moment.astimezone(zone) if zone else moment
    except OverflowError:
        return None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _clock_of(moment: datetime | None) -> tuple[int, int] | None:
    return (moment.hour, moment.minute) if moment else None


def _clock_of_text(text: str | None) -> tuple[int, int] | None:
    match = CLOCK.match(text or "")
    return (int(match[1]), int(match[2])) if match else None


def _utc(item: ItemDraft) -> float:
    return item.start.timestamp() if item.start else 0.0


def _session_kind(items: list[ItemDraft]) -> str:
    kinds = Counter(item.kind_label for item in items)
    return f"{next(iter(kinds))} Session" if len(kinds) == 1 else "Session"


def _web_url(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, relative ones resolved against the schedule's base; any
    other scheme (``javascript:``, ``urn:``, ``file:``) is no link."""
    if not href:
        return None
    try:
        url = urljoin(base, href) if base else href
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed URL ('http://[1]/')
        return None
    return url if scheme in ("http", "https") else None
