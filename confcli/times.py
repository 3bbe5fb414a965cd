"""Reading the times printed on session pages.

Pages print times many ways: ``Mon 3 May 3:00 - 3:15 PDT`` (no year), ``Wed 16 Jul 11 a.m.
PDT — 1:30 p.m. PDT``, ISO ranges. The common forms are read by small regular-expression
parsers (fast, and no import cost on start-up); any other text made only of date words,
numbers and zones (``December 2, 2025 9:30 AM PST``) falls through to python-dateutil, with
the page's year and zone, and its failures become :class:`TimeParseError`. Every page time
returned is aware: one without a zone is an error, never a silently naive value.

Times users type (``--at``, ``--after``, ``--before``) are read by one function,
:func:`parse_typed_time`, on dateutil too.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TypeVar

from confcli.bounds import RANGE_TEXT, time_in_range
from confcli.errors import TimeParseError

T = TypeVar("T", datetime, datetime | None)

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
# English names for labels, whatever the locale (strftime's %a and %b follow it).
WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_LABELS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = {label.lower(): number for number, label in enumerate(WEEKDAY_LABELS)}  # "mon": 0

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


def day_label(day: date) -> str:
    """'Wed 21 Aug': a day as confcli's labels name it."""
    return f"{WEEKDAY_LABELS[day.weekday()]} {day.day} {MONTH_LABELS[day.month - 1]}"


@functools.cache
def human_range() -> re.Pattern[str]:
    """HUMAN_RANGE, compiled on first use: it takes ~2 ms to compile, and the commands that
    only query the library never read a written range (benchmarks: start-up)."""
    return re.compile(HUMAN_RANGE, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimeContext:
    """What a page tells about its times beyond the time text itself."""

    year: int | None = None  # the conference year, when the page or the user says
    zone: tzinfo | None = None  # a "Timezone: Area/City" banner; wins over abbreviations
    today: date | None = None  # for inferring a year; injected by tests
    # The zone of times that state none (--page-tz, else the venue's): never over a zone
    # the page states. Each use appends ``fallback_note`` (the warning naming a guess) to
    # ``assumed``, for the reader to tell.
    fallback: tzinfo | None = None
    fallback_note: str | None = None
    assumed: list[str] | None = None

    def unstated_zone(self) -> tzinfo | None:
        """The fallback zone, its use noted; None when there is none."""
        if self.fallback is not None and self.fallback_note and self.assumed is not None:
            self.assumed.append(self.fallback_note)
        return self.fallback


def zone_from_abbreviation(name: str) -> tzinfo:
    key = name.upper()
    if key in ZONE_OFFSETS:
        return timezone(timedelta(hours=ZONE_OFFSETS[key]), key)
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if match and (int(match[2]) > 23 or int(match[3]) > 59):  # '+25:00', '+23:99'
        raise TimeParseError(f"no such UTC offset {name!r}")
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


def _day_of(match: re.Match[str], suffix: str, context: TimeContext) -> date:
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


def _zones_of(match: re.Match[str], context: TimeContext) -> tuple[tzinfo, tzinfo]:
    """The start's zone and the end's: each end keeps its own ("3:00 PDT - 13:00 CEST"),
    one named once serves both, and a page's banner zone wins over either."""
    if context.zone is not None:
        return context.zone, context.zone
    first, last = match["z1"] or match["z2"], match["z2"] or match["z1"]
    if not first or not last:
        fallback = context.unstated_zone()
        if fallback is None:
            raise TimeParseError("time has no zone")
        return fallback, fallback
    return zone_from_abbreviation(first), zone_from_abbreviation(last)


def _at(day: date, clock: str, zone: tzinfo) -> datetime:
    hour, minute = parse_clock(clock)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def parse_human_range(text: str, context: TimeContext) -> tuple[datetime, datetime] | None:
    """'Mon 3 May 3:00 - 3:15 PDT' and its kin; None when the text is not such a range."""
    match = human_range().match(" ".join(text.split()))
    if not match:
        return None
    first_zone, last_zone = _zones_of(match, context)
    first_day = _day_of(match, "", context)
    last_day = _day_of(match, "2", context) if match["wd2"] else first_day
    start, end = _at(first_day, match["t1"], first_zone), _at(last_day, match["t2"], last_zone)
    return _ordered(start, end, text, may_cross_midnight=not match["wd2"])


def _ordered(
    start: datetime, end: datetime, text: str, may_cross_midnight: bool = True
) -> tuple[datetime, datetime]:
    """The end after the start: "11:30 PM - 12:30 AM" runs past midnight; any other end
    before the start is an error."""
    if end < start and may_cross_midnight and end.date() < date.max:
        next_day = end + timedelta(days=1)
        end = next_day if next_day - start <= timedelta(hours=12) else end
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
        zone = context.zone or context.unstated_zone()
        if zone is None:
            raise TimeParseError(f"time without a zone: {text!r}")
        value = value.replace(tzinfo=zone)
    return value


def parse_iso_range(text: str, context: TimeContext) -> tuple[datetime, datetime] | None:
    match = ISO_RANGE.match(text.strip())
    if not match:
        return None
    start, end = parse_iso(match["a"], context), parse_iso(match["b"], context)
    if end < start:
        raise TimeParseError(f"the end comes before the start in {text!r}")
    return start, end


def parse_range(text: str, context: TimeContext) -> tuple[datetime, datetime | None] | None:
    """A time range in any form the pages use (a single time is a start without an end);
    None when the text is not a time. Forms the regular expressions do not know go to
    python-dateutil (parse_loose_range)."""
    for parser in (parse_iso_range, parse_human_range):
        found = parser(text, context)
        if found:
            return in_range(*found)
    if looks_like_loose_time(text):
        return in_range(*parse_loose_range(text, context))
    return None


def in_range(start: T, end: datetime | None) -> tuple[T, datetime | None]:
    """The range, when every zone can show it (bounds.time_in_range); else an error."""
    for moment in (start, end):
        if moment is not None and not time_in_range(moment):
            raise TimeParseError(f"{moment.isoformat()} is outside {RANGE_TEXT}")
    return start, end


def looks_like_range(text: str) -> bool:
    """Cheap test used by readers to find slot headers, before parsing them."""
    squeezed = " ".join(text.split())
    return bool(
        ISO_RANGE.match(squeezed)
        or human_range().match(squeezed)
        or looks_like_loose_time(squeezed)
    )


# --- what the regular expressions do not know: python-dateutil ------------------------------

# The words of a written date-time: 'December 2, 2025 9:30 AM PST', 'Tue 2 Dec 2025 09:30 -
# 12:00 EST'. A text made of these words only, with a month and a clock, is a time.
LOOSE_TOKEN = re.compile(
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)|(?P<number>\d{1,4})(?:st|nd|rd|th)?"
    r"|(?P<offset>[+-]\d{2}:?\d{2})|(?P<word>[A-Za-z]+)\.?|&mdash;|[,/–—-]"
)
LOOSE_WORDS = {"at", "to", "a", "p", "m", "am", "pm", "noon", "midnight"}
WEEKDAY_NAMES = {
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
}  # fmt: skip
MERIDIEM = re.compile(r"\d\s*[ap]\.?\s?m\b", re.IGNORECASE)
LOOSE_DASH = re.compile(
    r"\s*(?:–|—|&mdash;|\bto\b)\s*|\s+-\s+|(?<=\d)-(?=\d{1,2}(?::\d{2}|\s*[ap]\.?m))",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b\d{4}\b")
MAX_LOOSE_CHARS = 100  # a written time is short; prose is not read as one


def looks_like_loose_time(text: str) -> bool:
    """Only date words, numbers and zones, holding a month and a clock: cheap, so that
    readers can ask it of every line (dateutil is asked only about what it takes)."""
    squeezed = " ".join(text.split())
    if not 6 <= len(squeezed) <= MAX_LOOSE_CHARS:
        return False
    if ":" not in squeezed and not MERIDIEM.search(squeezed):  # no clock
        return False
    month = False
    position = 0
    while position < len(squeezed):
        if squeezed[position] == " ":
            position += 1
            continue
        token = LOOSE_TOKEN.match(squeezed, position)
        if token is None or not _date_word(token["word"]):
            return False
        month = month or (token["word"] or "").lower() in MONTHS
        position = token.end()
    return month


def _date_word(word: str | None) -> bool:
    if word is None:
        return True
    lowered = word.lower()
    return (
        lowered in MONTHS
        or lowered in WEEKDAY_NAMES
        or lowered in LOOSE_WORDS
        or (word.isupper() and len(word) <= 5)  # a zone abbreviation
    )


def parse_loose_range(text: str, context: TimeContext) -> tuple[datetime, datetime | None]:
    """'December 2, 2025 9:30 AM PST', '2 Dec 2025 09:30-12:00 EST': a start and, after a
    dash, an end, which takes the start's date and, when only one part names it, its zone."""
    squeezed = " ".join(text.split())
    parts = LOOSE_DASH.split(squeezed, maxsplit=1)
    if len(parts) == 1:
        return parse_loose(squeezed, context), None
    first = _with_year(_loose(parts[0], _default(context), context), squeezed, context)
    last = _loose(parts[1], first.replace(tzinfo=None), context)
    start = _aware(first, last.tzinfo, squeezed, context)
    return _ordered(start, _aware(last, first.tzinfo, squeezed, context), squeezed)


def parse_loose(text: str, context: TimeContext = TimeContext()) -> datetime:
    """One written date-time: the page's banner zone wins over what the text says; a time
    with neither, or without a year on a page of no known year, is an error."""
    value = _with_year(_loose(text, _default(context), context), text, context)
    return _aware(value, None, text, context)


def _default(context: TimeContext) -> datetime:
    """Where dateutil takes the fields a text leaves out: the conference year's start (2000,
    a leap year, when unknown: _with_year settles it)."""
    return datetime(context.year or 2000, 1, 1)


def _with_year(value: datetime, text: str, context: TimeContext) -> datetime:
    """A year the text does not give comes from the conference, else from its weekday, as
    in parse_human_range; never a guess."""
    if context.year is not None or YEAR.search(text):
        return value
    names = (word.lower() for word in re.findall(r"[A-Za-z]+", text))
    weekday = next((WEEKDAYS[name[:3]] for name in names if name in WEEKDAY_NAMES), None)
    if weekday is None:
        raise TimeParseError(f"no year in {text!r} (give --year)")
    return value.replace(year=infer_year(value.month, value.day, weekday, context))


def _aware(value: datetime, other: tzinfo | None, text: str, context: TimeContext) -> datetime:
    """The value in the page's banner zone, else its own, else the other part's."""
    zone = context.zone or value.tzinfo or other or context.unstated_zone()
    if zone is None:
        raise TimeParseError(f"time without a zone: {text!r}")
    return value.replace(tzinfo=zone)


def _loose(text: str, default: datetime, context: TimeContext) -> datetime:
    """One written time through python-dateutil (imported only when needed: ~60 ms); naive
    when the text names no zone, or when the page's banner zone is to win."""
    from dateutil import parser as date_parser

    tzinfos = {name: zone_from_abbreviation(name) for name in ZONE_OFFSETS}
    try:
        with warnings.catch_warnings():  # an unknown zone name is warned about on stderr;
            warnings.simplefilter("ignore")  # it gives a naive time, an error later
            value: datetime = date_parser.parse(
                text, default=default, tzinfos=tzinfos, ignoretz=context.zone is not None
            )
            value.utcoffset()  # dateutil makes zones of a day or more (-25:00): they raise here
            return value
    # ArithmeticError: dateutil's own decimal.InvalidOperation on digits it cannot place
    # (a fuzzed 'Fri 00:0000000…'), and OverflowError
    except (ValueError, ArithmeticError, TypeError) as error:
        raise TimeParseError(f"cannot read the time {text!r} ({error})") from None


# --- times users type ------------------------------------------------------------------------


def parse_typed_time(
    text: str, zone: tzinfo | None = None, today: date | None = None
) -> datetime | time:
    """A time typed on the command line (--at, --after, --before) in any common form:
    '2021-05-05 04:22', '2021-05-05T04:22-07:00', 'May 5 2021 4:22 PM PDT', '2021-05-05' (its
    midnight); or a clock alone ('16:30', '4pm', 'noon'), a time of day the caller places. A
    date and time without a zone takes ``zone`` (the display zone); with none it stays naive,
    to be read in each page's own zone. Fields it leaves out are ``today``'s (the clock's)."""
    cleaned = " ".join(text.split())
    clock = _clock(cleaned)
    if clock is not None:
        return clock
    if not any(character.isdigit() for character in cleaned):  # 'May', 'Wed': no time
        raise TimeParseError(f"not a time: {text!r}")
    value = _loose(cleaned, datetime.combine(today or date.today(), time()), TimeContext())
    return value if value.tzinfo is not None or zone is None else value.replace(tzinfo=zone)


def _clock(text: str) -> time | None:
    try:
        return time(*parse_clock(text))
    except TimeParseError:
        pass
    try:
        found = time.fromisoformat(text)  # '16:30:00'
    except ValueError:
        return None
    return found if found.tzinfo is None else None
