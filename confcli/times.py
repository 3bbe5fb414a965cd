"""Reading the times printed on session pages.

Pages print times many ways: ``Mon 3 May 3:00 - 3:15 PDT`` (no year), ``Wed 16 Jul 11 a.m.
PDT — 1:30 p.m. PDT``, ISO ranges. The common forms are read by small regular-expression
parsers (fast, and no import cost on start-up); anything else falls through to
python-dateutil, whose failures become :class:`TimeParseError`. Every time returned is
aware: a page time without a zone is an error, never a silently naive value.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from confcli.errors import TimeParseError

# What the abbreviations mean on these (North-American-run) sites. An abbreviation is not
# a zone: "CST" is also China Standard Time and "IST" Israel's; we keep the offset the sites
# mean, and a "Timezone: Area/City" banner on the page wins over all of these.
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "SGT": 8, "HKT": 8, "AWST": 8, "JST": 9,
    "KST": 9, "ACST": 9.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "HST": -10,
    "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6,
    "CDT": -5, "EST": -5, "EDT": -4, "AST": -4, "ADT": -3, "BRT": -3, "ART": -3,
}  # fmt: skip

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")], start=1)
    for name in names
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

CLOCK = r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight)"
ZONE = r"(?:[A-Z]{1,5}|[+-]\d{2}:?\d{2})"
DASH = r"\s*(?:-|–|—|&mdash;|to)\s*"
# "Mon 3 May", "Thu, July 21", "Wed 16 Jul 2025": weekday, day and month either way, year optional.
DAY = (
    r"(?P<{w}>[A-Za-z]{{3}})[a-z]*\.?,?\s+"
    r"(?:(?P<{d}>\d{{1,2}})\s+(?P<{m}>[A-Za-z]{{3,9}})\.?|(?P<{m}b>[A-Za-z]{{3,9}})\.?\s+(?P<{d}b>\d{{1,2}}))"
    r"(?:,?\s+(?P<{y}>\d{{4}}))?,?"
)
HUMAN_RANGE = (
    rf"^{DAY.format(w='wd', d='day', m='mon', y='year')}\s+(?P<t1>{CLOCK})(?:\s+(?P<z1>{ZONE}))?"
    rf"{DASH}(?:{DAY.format(w='wd2', d='day2', m='mon2', y='year2')}\s+)?(?P<t2>{CLOCK})"
    rf"(?:\s+(?P<z2>{ZONE}))?$"
)
ISO_TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
ISO_RANGE = re.compile(rf"^(?P<a>{ISO_TIME}){DASH}(?P<b>{ISO_TIME})$")
CLOCK_PARTS = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?$", re.IGNORECASE)


@functools.cache
def human_range() -> re.Pattern:
    """HUMAN_RANGE, compiled on first use: it takes ~2 ms to compile, and the commands that
    only query the library never read a written range (benchmarks: start-up)."""
    return re.compile(HUMAN_RANGE, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimeContext:
    """What a page tells about its times beyond the time text itself."""

    year: int | None = None  # the conference year, when the page or the user says
    zone: tzinfo | None = None  # a "Timezone: Area/City" banner; wins over abbreviations
    today: date | None = None  # for inferring a year; injected by tests


def zone_from_abbreviation(name: str) -> tzinfo:
    key = name.upper()
    if key in ZONE_OFFSETS:
        return timezone(timedelta(hours=ZONE_OFFSETS[key]), key)
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if match:
        sign = -1 if match[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])))
    raise TimeParseError(f"unknown time zone abbreviation {name!r}")


def parse_clock(text: str) -> tuple[int, int]:
    """'3:15', '15:15', '11 a.m.', '1:30 p.m.', '10:30 PM', 'noon', 'midnight'."""
    word = text.strip().lower()
    if word in ("noon", "midnight"):
        return (12, 0) if word == "noon" else (0, 0)
    match = CLOCK_PARTS.match(word)
    if not match:
        raise TimeParseError(f"not a clock time: {text.strip()!r}")
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            raise TimeParseError(f"not a clock time: {text.strip()!r}")
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    if hour > 23 or minute > 59:
        raise TimeParseError(f"not a clock time: {text.strip()!r}")
    return hour, minute


def month_number(name: str) -> int:
    number = MONTHS.get(name.lower())
    if number is None:
        raise TimeParseError(f"unknown month {name!r}")
    return number


def infer_year(month: int, day: int, weekday: int, context: TimeContext) -> int:
    """The year in which ``day month`` falls on ``weekday``.

    With a known conference year the weekday must fit it (or a neighbouring year, for
    programmes across New Year). Without one: the latest year, not after this year, that
    fits -- never silently "this year".
    """
    if context.year:
        for year in (context.year, context.year + 1, context.year - 1):
            if _weekday_of(year, month, day) == weekday:
                return year
        raise TimeParseError(f"{day:02d}-{month:02d} is not that weekday near {context.year}")
    this_year = (context.today or date.today()).year
    for year in range(this_year, this_year - 40, -1):
        if _weekday_of(year, month, day) == weekday:
            return year
    raise TimeParseError(f"no year has {day:02d}-{month:02d} on that weekday")


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def _check_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise TimeParseError(f"no such date: {year}-{month:02d}-{day:02d}") from None


def _day_of(match: re.Match, suffix: str, context: TimeContext) -> date:
    month_name = match[f"mon{suffix}"] or match[f"mon{suffix}b"]
    day = int(match[f"day{suffix}"] or match[f"day{suffix}b"])
    month = month_number(month_name)
    weekday = WEEKDAYS.get(match[f"wd{suffix}"][:3].lower())
    if weekday is None:
        raise TimeParseError(f"unknown weekday {match[f'wd{suffix}']!r}")
    if match[f"year{suffix}"]:
        return _check_date(int(match[f"year{suffix}"]), month, day)
    if _weekday_of(2000, month, day) is None:  # 2000 is a leap year: only impossible dates
        raise TimeParseError(f"no such date: {day} {month_name}")
    return _check_date(infer_year(month, day, weekday, context), month, day)


def _zone_of(match: re.Match, context: TimeContext) -> tzinfo:
    if context.zone is not None:
        return context.zone
    name = match["z2"] or match["z1"]
    if not name:
        raise TimeParseError("time has no zone")
    return zone_from_abbreviation(name)


def _at(day: date, clock: str, zone: tzinfo) -> datetime:
    hour, minute = parse_clock(clock)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def parse_human_range(text: str, context: TimeContext) -> tuple[datetime, datetime] | None:
    """'Mon 3 May 3:00 - 3:15 PDT' and its kin; None when the text is not such a range."""
    match = human_range().match(" ".join(text.split()))
    if not match:
        return None
    zone = _zone_of(match, context)
    first_day = _day_of(match, "", context)
    last_day = _day_of(match, "2", context) if match["wd2"] else first_day
    start, end = _at(first_day, match["t1"], zone), _at(last_day, match["t2"], zone)
    if end < start and not match["wd2"] and end + timedelta(days=1) - start <= timedelta(hours=12):
        end += timedelta(days=1)  # "11:30 PM - 12:30 AM" runs past midnight
    if end < start:
        raise TimeParseError(f"the end comes before the start in {text!r}")
    return start, end


def parse_iso(text: str, context: TimeContext = TimeContext()) -> datetime:
    """An ISO 8601 time; one without an offset takes the page's zone or is an error."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise TimeParseError(f"not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        if context.zone is None:
            raise TimeParseError(f"time without a zone: {text!r}")
        value = value.replace(tzinfo=context.zone)
    return value


def parse_iso_range(text: str, context: TimeContext) -> tuple[datetime, datetime] | None:
    match = ISO_RANGE.match(text.strip())
    if not match:
        return None
    start, end = parse_iso(match["a"], context), parse_iso(match["b"], context)
    if end < start:
        raise TimeParseError(f"the end comes before the start in {text!r}")
    return start, end


def parse_range(text: str, context: TimeContext) -> tuple[datetime, datetime] | None:
    """A time range in any form the pages use; None when the text is not a time range."""
    for parser in (parse_iso_range, parse_human_range):
        found = parser(text, context)
        if found:
            return found
    return None


def looks_like_range(text: str) -> bool:
    """Cheap test used by readers to find slot headers, before parsing them."""
    squeezed = " ".join(text.split())
    return bool(ISO_RANGE.match(squeezed) or human_range().match(squeezed))


def parse_loose(text: str, context: TimeContext = TimeContext()) -> datetime:
    """Any other written date-time, through python-dateutil (imported only when needed)."""
    from dateutil import parser as date_parser  # heavy: ~60 ms

    tzinfos = {name: zone_from_abbreviation(name) for name in ZONE_OFFSETS}
    banner = context.zone is not None  # the page's own zone wins over what the text says
    try:
        with warnings.catch_warnings():  # an unknown zone name is warned about on stderr;
            warnings.simplefilter("ignore")  # it gives a naive time, an error below
            value = date_parser.parse(text, tzinfos=tzinfos, ignoretz=banner)
    except (ValueError, OverflowError, TypeError) as error:
        raise TimeParseError(f"cannot read the time {text!r} ({error})") from None
    if value.tzinfo is None:
        if context.zone is None:
            raise TimeParseError(f"time without a zone: {text!r}")
        value = value.replace(tzinfo=context.zone)
    return value
