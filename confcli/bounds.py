"""The range of values confcli keeps: times that can be shown in any zone, and numbers
that fit a library column. Readers check what they found against these before it is
stored, the options check what users type, and `library check` checks stored rows: a value
confcli took is always one it can read back (docs/reliability.md, part 2)."""

from __future__ import annotations

from datetime import UTC, datetime

# A time is kept when its UTC instant lies a day inside Python's calendar (the years 1 to
# 9999): then it can be shown in any zone (offsets stay under 24 hours) without overflow.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
RANGE_TEXT = "0001-01-02 to 9999-12-30 (UTC)"
FIRST_YEAR, LAST_YEAR = 1, 9999
MAX_POSITION = 2**31 - 1  # a slot's place in its session; far beyond any real page
MAX_LIMIT = 2**31 - 1  # --limit: SQLite takes 64-bit integers, a person far fewer


def time_in_range(moment: datetime) -> bool:
    """Whether an aware time can be stored and shown in every zone."""
    try:
        if moment.tzinfo is None or moment.utcoffset() is None:
            return False
        return EARLIEST <= moment.astimezone(UTC) <= LATEST
    except OverflowError:  # its UTC instant lies outside the years 1 to 9999
        return False
    except ValueError:  # a zone whose offset is a day or more (dateutil's tzoffset, -25:00)
        return False


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
