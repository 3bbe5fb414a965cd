"""One filter set for every command: what the user asked for, and the typed values of
what they typed (zones, days, moments). confcli.store.conditions turns a FilterSpec into
the SQL that selects its items.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, tzinfo

from confcli.bounds import EARLIEST, LATEST, RANGE_TEXT, time_in_range
from confcli.clock import local_zone
from confcli.errors import TimeParseError, UsageError
from confcli.times import WEEKDAYS, parse_typed_time


@dataclass(frozen=True)
class FilterSpec:
    """The filters as the user gave them (all optional; they combine with AND)."""

    session: str | None = None
    kind: tuple[str, ...] = ()
    day: str | None = None
    after: str | None = None
    before: str | None = None
    now: bool = False
    at: str | None = None
    room: str | None = None
    topic: str | None = None  # the site's subject area, e.g. 'Generative Models->Diffusion'
    author: str | None = None
    award: str | None = None
    decision: str | None = None
    conference: str | None = None
    year: int | None = None
    starred: bool = False  # only the items starred (confcli star)
    hidden: bool = False  # hidden items too (confcli hide): without it they drop out

    def item_level(self) -> bool:
        """True when a filter looks inside sessions (anything but conference/year)."""
        session_level = {"conference", "year"}
        return any(
            getattr(self, f.name) not in (None, (), False)
            for f in fields(self)
            if f.name not in session_level
        )


# --- zones and times ----------------------------------------------------------------------


def display_zone(name: str | None) -> tzinfo | None:
    """``--tz``: an IANA name, 'local', 'UTC'; None keeps each page's own zone."""
    if not name:
        return None
    if name.lower() == "local":  # the zone's rules at each instant, not today's offset
        return local_zone()
    if name.upper() in ("UTC", "Z"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None


def parse_day(text: str, zone: tzinfo | None = None, today: date | None = None) -> date | int:
    """A weekday ('wed', 'Wednesday') as its number, or a date in any form a typed time
    takes ('2021-05-05', 'May 5 2021', '5 May': this year), read by parse_typed_time."""
    weekday = WEEKDAYS.get(text.strip().lower()[:3])
    if weekday is not None and text.strip().isalpha():
        return weekday
    try:  # a number alone ('5', '2021') is no day, though dateutil would make one
        found = None if text.strip().isdigit() else parse_typed_time(text, zone, today)
    except TimeParseError:
        found = None
    if not isinstance(found, datetime) or found.time() != time(0):  # a clock is no day
        raise UsageError(f"--day: not a date or weekday: {text!r} (e.g. 2021-05-05, wed)")
    day = found.date()
    if not EARLIEST.date() <= day <= LATEST.date():  # a day's end in any zone must exist
        raise UsageError(f"--day: {text.strip()} is outside {RANGE_TEXT}")
    return day


def parse_moment(
    text: str, option: str, zone: tzinfo | None = None, today: date | None = None
) -> datetime | time:
    """What --at, --after and --before take, read one way (times.parse_typed_time): a time
    without a zone is in the display zone, or, without one, in each page's own; the fields
    it leaves out are ``today``'s."""
    try:
        moment = parse_typed_time(text, zone, today)
    except TimeParseError:
        raise UsageError(f"{option}: not a time: {text!r} (e.g. 2021-05-05 04:00, 16:30)") from None
    if isinstance(moment, datetime) and not time_in_range(_placed(moment)):
        raise UsageError(f"{option}: {text.strip()} is outside {RANGE_TEXT}")
    return moment


def _placed(moment: datetime) -> datetime:
    """A time without a zone is read in each page's own: UTC stands for them all (the
    range leaves a day's room on either side)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
