"""What time it is and where: the clock the commands are handed (tests hand a fixed one,
so nothing depends on the day they run) and the local zone by its IANA name.

A zone is its rules, not today's offset: 'local' read as ``datetime.now().astimezone()``
would show a May talk in Berlin at UTC+01:00 whenever it is winter.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from confcli.errors import UsageError

Clock = Callable[[], datetime]  # an aware datetime: now


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    """The local zone by its IANA name ('Europe/Berlin'): from ``TZ``, else from
    /etc/localtime (the tzlocal package), read afresh on each call."""
    import warnings

    import tzlocal

    try:
        with warnings.catch_warnings():  # /etc/timezone and /etc/localtime disagreeing:
            warnings.simplefilter("ignore")  # the library never prints; TZ settles it
            return tzlocal.reload_localzone()
    except (LookupError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        where = f"TZ={os.environ['TZ']!r}" if os.environ.get("TZ") else "/etc/localtime"
        raise UsageError(
            f"--tz local: {where} names no IANA time zone; give --tz a name like Europe/Berlin"
        ) from None
