"""The 2020 platform's ``<conf>_calendar.json``: a list of ``{title, start, end, location,
link, category, calendarId}`` naming the programme's sessions (real/README.md). Read beside
its papers file as a sidecar (platform2020.py), or alone."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from confcli import model
from confcli.errors import TimeParseError
from confcli.readers.downloads import conference_and_year, squeeze
from confcli.readers.feed import load_json
from confcli.readers.vocabulary import SNIFF_CHARS
from confcli.times import TimeContext, parse_iso

CALENDAR_HEAD = re.compile(r'\A\s*\[\s*\{[\s\S]*?"calendarId"\s*:')
LINK = re.compile(r"https?://\S+", re.IGNORECASE)
# The key under which the calendar beside a papers file reaches the reader, in
# PageContext.abstracts (sidecars.py): site ids are numbers, so it cannot collide.
CALENDAR_SIDECAR = "<calendar>"
# The calendar's calendarId -> the kind of what it lists ('---': plenary events).
CALENDAR_KINDS = {
    "poster": "Poster", "tutorial": "Tutorial", "invited": "Invited Talk",
    "workshop": "Workshop", "expo": "Expo", "social": "Social", "oral": "Oral",
}  # fmt: skip
POSTER = "poster"
NO_CLOCK = TimeContext()  # times without an offset are not read
Place = tuple[str | None, int | None]
# The clock a calendar's times are read by, given the conference and year its links name.
ClockFor = Callable[[Place], TimeContext]


def looks_like_calendar(head: str) -> bool:
    return bool(CALENDAR_HEAD.match(head[:SNIFF_CHARS].lstrip("\ufeff")))


def calendar_sidecar(text: str, source: str | None = None) -> dict[str, str] | None:
    """What a calendar beside its papers file gives the reader (sidecars.py); None when the
    text is not a calendar."""
    return {CALENDAR_SIDECAR: text} if looks_like_calendar(text) else None


def read_time(value: object, clock: TimeContext = NO_CLOCK) -> datetime | None:
    """'2020-07-14 14:00:00+00:00' or with a 'T'; one without an offset in the clock's zone
    for times that state none (--page-tz, else the venue's, noted), else None (a guess)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso(value, clock)
    except TimeParseError:
        return None


@dataclass(frozen=True)
class Entry:
    """One calendar entry: a session of the programme."""

    title: str
    kind: str  # the calendarId: 'poster', 'tutorial', …
    start: datetime
    end: datetime | None
    links: tuple[str, ...]

    @property
    def label(self) -> str:
        """The kind of what it lists: 'Poster', 'Invited Talk'; 'Event' for the rest."""
        known = CALENDAR_KINDS.get(self.kind.casefold())
        return known or (self.kind.title() if model.slug(self.kind) else "Event")

    @property
    def is_posters(self) -> bool:
        return self.kind.casefold() == POSTER


@dataclass
class Calendar:
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Aware datetimes hash by their instant: '+00:00' and 'Z' find the same entries.
    by_start: dict[datetime, list[Entry]] = field(default_factory=dict)
    by_title: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def read(
        cls, text: str, what: str, source: str | None, clock_for: ClockFor = lambda _: NO_CLOCK
    ) -> Calendar:
        document = load_json(text, what, source)
        records = document if isinstance(document, list) else []
        clock = clock_for(most_named(_links(record) for record in records))
        calendar, unread = cls(), 0
        seen: set[tuple[str, datetime, datetime | None]] = set()
        for record in records:
            entry = _entry(record, clock)
            if entry is None:
                unread += 1
            elif (entry.title, entry.start, entry.end) not in seen:  # listed twice: once
                seen.add((entry.title, entry.start, entry.end))
                calendar._add(entry)
        if unread:
            calendar.warnings.append(
                f"skipped {unread} calendar entr(ies) without a title or a start with its offset"
            )
        return calendar

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.by_start.setdefault(entry.start, []).append(entry)
        self.by_title.setdefault(entry.title.casefold(), []).append(entry)

    def poster_session(self, start: datetime) -> Entry | None:
        """The poster session starting then (another kind of event may start with it)."""
        posters = [entry for entry in self.by_start.get(start, []) if entry.is_posters]
        return posters[0] if posters else None

    def titled(self, title: str) -> Entry | None:
        """The entry of that title, for papers whose sessions are named, not timed."""
        found = self.by_title.get(title.casefold(), [])
        return found[0] if len(found) == 1 else None

    def place(self) -> Place:
        """The conference and year the calendar's links name ('icml.cc/virtual/2020/…')."""
        return most_named(entry.links for entry in self.entries)


def most_named(links: Iterable[Iterable[str]]) -> Place:
    """The conference and year most of the links name; (None, None) when none names one."""
    found = Counter(
        place
        for some in links
        for link in some
        if (place := conference_and_year(link)) != (None, None)
    )
    return found.most_common(1)[0][0] if found else (None, None)


def _links(record: object) -> tuple[str, ...]:
    link = record.get("link") if isinstance(record, dict) else None  # URLs joined by commas
    return tuple(url.rstrip(",") for url in LINK.findall(link if isinstance(link, str) else ""))


def _entry(record: object, clock: TimeContext) -> Entry | None:
    if not isinstance(record, dict):
        return None
    title, start = squeeze(record.get("title")), read_time(record.get("start"), clock)
    if not title or start is None:
        return None
    end = read_time(record.get("end"), clock)
    return Entry(
        title=title,
        kind=squeeze(record.get("calendarId")),
        start=start,
        end=end if end and end >= start else None,
        links=_links(record),
    )
