"""The times on listing cards, which say less than session pages do.

The 2025 cards print ``Dec 2, 9:30 AM - 12:00 PM``: no year, no weekday, no zone. The year
comes from the page (its ``/virtual/<year>/`` links) and the zone from, in turn: a zone the
page states (an abbreviation beside the time, a ``Timezone:`` banner), the user's
``--page-tz``, the venue table (with a warning naming the assumption). The older cards print
``Tue 12 Dec 05:45 PM CET``: the start only, already converted to the viewer's zone, the day
rolling over at midnight; the abbreviation gives the offset, so the instant stays right, and
the weekday checks the year. Forms the fast paths do not know go to python-dateutil; a time
that cannot be read is left out and counted in a warning, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from confcli.errors import TimeParseError
from confcli.times import (
    ISO_TIME,
    MONTHS,
    WEEKDAYS,
    ZONE_OFFSETS,
    TimeContext,
    in_range,
    infer_year,
    month_number,
    parse_clock,
    zone_from_abbreviation,
)
from confcli.venues import Venue

CLOCK = r"(?i:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight)"
ZONE = r"(?:[A-Z]{1,5}|[+-]\d{2}:?\d{2})(?!\w)"
DASH = r"\s*(?:-|–|—|\bto\b)\s*"


def _date(s: str) -> str:
    """A day as the cards print it: optional weekday, day and month either way, optional year."""
    day = rf"(?P<day{s}>\d{{1,2}})(?i:st|nd|rd|th)?"
    month = rf"(?P<mon{s}>[A-Za-z]{{3,9}})\.?"
    month_b = rf"(?P<monb{s}>[A-Za-z]{{3,9}})\.?"
    day_b = rf"(?P<dayb{s}>\d{{1,2}})(?i:st|nd|rd|th)?"
    return (
        rf"(?:(?P<wd{s}>(?i:mon|tue|wed|thu|fri|sat|sun))(?i:[a-z]*)\.?,?\s+)?"
        rf"(?:{day}\s+{month}|{month_b}\s+{day_b})(?:,?\s+(?P<year{s}>(?:19|20)\d\d))?,?"
    )


CARD_TIME = re.compile(
    rf"(?<!\w){_date('1')}\s+(?:(?i:at)\s+)?(?P<t1>{CLOCK})(?:\s+(?P<z1>{ZONE}))?"
    rf"(?:{DASH}(?:{_date('2')}\s+)?(?P<t2>{CLOCK})(?:\s+(?P<z2>{ZONE}))?)?(?!\w)"
)
ISO_TIMES = re.compile(ISO_TIME)
CLOCK_LIKE = re.compile(r"\d{1,2}(?::\d{2}|\s*[ap]\.?\s?m\b)", re.IGNORECASE)
LOOSE_DASH = re.compile(r"\s+(?:-|–|—|to)\s+")

Span = tuple[datetime | None, datetime | None]
HALF_DAY = timedelta(hours=12)
NO_ZONE = "times have no zone and the venue is unknown (give --conference or --page-tz)"


@dataclass
class ZoneChoice:
    """The zone of times the page prints without one, and how it was chosen."""

    zone: tzinfo | None = None
    assumption: str | None = None  # the warning when the zone is a guess (the venue's)


def choose_zone(
    banner: tzinfo | None, page_zone: str | None, venue: Venue | None, warnings: list[str]
) -> ZoneChoice:
    """A zone the page names, else the user's, else the venue's (said to be a guess)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if banner is not None:
        return ZoneChoice(banner)
    if page_zone:
        try:
            return ZoneChoice(ZoneInfo(page_zone))
        except (ZoneInfoNotFoundError, ValueError):
            warnings.append(f"unknown time zone {page_zone!r} given for the page: not used")
    if venue is None:
        return ZoneChoice()
    guess = f"times have no zone: assumed {venue.zone} ({venue.describe()})"
    return ZoneChoice(ZoneInfo(venue.zone), guess)


@dataclass
class CardClock:
    """Reads the cards' times against what the page says around them; counts what it had
    to assume or leave out, for the page's warnings."""

    year: int | None
    zone: ZoneChoice
    today: date | None = None
    assumed: int = 0  # times read in the guessed zone
    inferred_years: int = 0  # dates whose year only their weekday gave
    unread: Counter[str] = field(default_factory=Counter)

    def read(self, text: str) -> Span:
        """(start, end) of a card's time text; end None when the card gives the start only;
        (None, None) when there is no time, or one that cannot be read (counted)."""
        if not CLOCK_LIKE.search(text):
            return None, None
        assumed = self.assumed
        try:
            return in_range(*self._read(text))
        except TimeParseError as error:
            self.assumed = assumed  # a time not read assumed nothing
            self.unread[str(error)] += 1
            return None, None

    def _read(self, text: str) -> Span:
        iso = ISO_TIMES.findall(text)
        if iso:
            start = self._iso(iso[0])
            end = self._iso(iso[1]) if len(iso) > 1 else None
            if end is not None and end < start:  # an end before its start is no end
                raise TimeParseError(f"the end is before the start: {text!r}")
            return start, end
        match = CARD_TIME.search(text)
        if match and _is_month(match["mon1"] or match["monb1"]):
            return self._from_match(match)
        return self._loose(text)

    def _iso(self, text: str) -> datetime:
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise TimeParseError(f"not an ISO 8601 time: {text!r}") from None
        return self._aware(value)

    def _from_match(self, match: re.Match[str]) -> Span:
        zone = self._zone(match["z1"] or match["z2"])
        first = self._day(match, "1")
        start = _at(first, match["t1"], zone)
        if not match["t2"]:
            return start, None
        second = self._day(match, "2") if match["mon2"] or match["monb2"] else first
        end_zone = self._zone(match["z2"]) if match["z2"] else zone
        end = _at(second, match["t2"], end_zone)
        if (
            end < start
            and second == first < date.max  # the day after 9999-12-31 does not exist
            and end + timedelta(days=1) - start <= HALF_DAY
        ):
            end += timedelta(days=1)  # '11:30 PM - 12:30 AM' runs past midnight
        if end < start:
            raise TimeParseError(f"the end comes before the start in {match[0]!r}")
        return start, end

    def _zone(self, stated: str | None) -> tzinfo:
        """A zone the page states wins; else the zone chosen for the page."""
        return zone_from_abbreviation(stated) if stated else self._unstated_zone()

    def _unstated_zone(self) -> tzinfo:
        if self.zone.zone is None:
            raise TimeParseError(NO_ZONE)
        self.assumed += self.zone.assumption is not None
        return self.zone.zone

    def _day(self, match: re.Match[str], s: str) -> date:
        month = month_number(match[f"mon{s}"] or match[f"monb{s}"])
        day = int(match[f"day{s}"] or match[f"dayb{s}"])
        weekday = WEEKDAYS.get((match[f"wd{s}"] or "").lower()[:3])
        if match[f"year{s}"]:
            year = int(match[f"year{s}"])
        elif weekday is not None:  # the weekday checks the page's year, or finds one
            self.inferred_years += self.year is None
            year = infer_year(month, day, weekday, TimeContext(year=self.year, today=self.today))
        elif self.year is None:
            raise TimeParseError("dates have no year (give --year)")
        else:
            year = self.year
        return _checked_date(year, month, day, weekday)

    def _loose(self, text: str) -> Span:
        """Any other form, through python-dateutil (imported only for these)."""
        parts = LOOSE_DASH.split(text.strip(), maxsplit=1)
        default = datetime(self.year or (self.today or date.today()).year, 1, 1)
        start = self._aware(_parse_loose(parts[0], default))
        end = self._aware(_parse_loose(parts[1], start)) if len(parts) > 1 else None
        return start, end

    def _aware(self, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=self._unstated_zone())

    def warnings(self) -> list[str]:
        found = [self.zone.assumption] if self.assumed and self.zone.assumption else []
        if self.inferred_years:
            found.append(f"{self.inferred_years} date(s) without a year: year from the weekday")
        found.extend(f"{count} time(s) not read: {why}" for why, count in self.unread.items())
        return found


def _parse_loose(text: str, default: datetime) -> datetime:
    """python-dateutil's reading, with the sites' zone abbreviations; its failures and its
    warnings (an unknown zone name) become a TimeParseError."""
    import warnings

    from dateutil import parser as date_parser

    zones = {name: zone_from_abbreviation(name) for name in ZONE_OFFSETS}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value: datetime = date_parser.parse(
                text, default=default.replace(tzinfo=None), tzinfos=zones
            )
            value.utcoffset()  # a zone of a day or more (-25:00) raises here, not later
            return value
    except (ValueError, ArithmeticError, TypeError, Warning) as error:  # decimal errors too
        raise TimeParseError(f"cannot read the time {text!r} ({error})") from None


def _is_month(name: str) -> bool:
    return name.lower() in MONTHS


def _checked_date(year: int, month: int, day: int, weekday: int | None) -> date:
    try:
        found = date(year, month, day)
    except ValueError:
        raise TimeParseError(f"no such date: {year}-{month:02d}-{day:02d}") from None
    if weekday is not None and found.weekday() != weekday:
        raise TimeParseError(f"{found.isoformat()} is not the weekday the page gives")
    return found


def _at(day: date, clock: str, zone: tzinfo) -> datetime:
    hour, minute = parse_clock(clock)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
