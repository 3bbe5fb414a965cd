"""One filter set for every command: what the user asked for, and the typed values of
what they typed (zones, days, moments). confcli.store.conditions turns a FilterSpec into
the SQL that selects its items.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, tzinfo

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
    if name.lower() == "local":
        return datetime.now().astimezone().tzinfo
    if name.upper() in ("UTC", "Z"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None


def parse_day(text: str) -> date | int:
    """A date ('2021-05-05') or a weekday ('wed', 'Wednesday') as its number."""
    weekday = WEEKDAYS.get(text.strip().lower()[:3])
    if weekday is not None and text.strip().isalpha():
        return weekday
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--day: not a date or weekday: {text!r}") from None


def parse_moment(text: str, option: str, zone: tzinfo | None = None) -> datetime | time:
    """What --at, --after and --before take, read one way (times.parse_typed_time): a time
    without a zone is in the display zone, or, without one, in each page's own."""
    try:
        return parse_typed_time(text, zone)
    except TimeParseError:
        raise UsageError(f"{option}: not a time: {text!r} (e.g. 2021-05-05 04:00, 16:30)") from None
