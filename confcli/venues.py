"""Where and when each conference was held: conference and year -> venues.

Pages often print times without a zone or a year (``Dec 2, 9:30 AM - 12:00 PM``); the
venue's IANA zone is then the best guess, and readers say so in a warning. The table is
written from public knowledge of the conferences; a row is ``confirmed`` only when a real
page in this repository (``samples/``, ``tests/fixtures/real/``) fits it, and ``evidence``
names that page. Where a conference had several venues the main one comes first. A
virtual year has no city: its zone is the one the organisers scheduled in where known,
else UTC (unconfirmed either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Venue:
    conference: str
    year: int
    city: str  # "virtual" for a virtual year
    zone: str  # an IANA zone name
    first_day: date
    last_day: date
    virtual: bool = False
    confirmed: bool = False
    evidence: str | None = None  # the repository page that confirms the row

    def describe(self) -> str:
        """'NeurIPS 2025, San Diego' / 'ICLR 2021, virtual'."""
        return f"{self.conference} {self.year}, {self.city}"


def _venue(
    conference: str,
    year: int,
    city: str,
    zone: str,
    first: str,
    last: str,
    *,
    virtual: bool = False,
    confirmed: bool = False,
    evidence: str | None = None,
) -> Venue:
    """A row written compactly: days as ISO dates."""
    days = date.fromisoformat(first), date.fromisoformat(last)
    return Venue(conference, year, city, zone, *days, virtual, confirmed, evidence)


V = _venue
NEURIPS_2023 = (
    "tests/fixtures/real/neurips2023_posters_listing_excerpt.html: Dec 12, New Orleans halls"
)
NEURIPS_2025 = "tests/fixtures/real/neurips2025_*_listing_fragment.html: Dec 2-7, San Diego rooms"

# fmt: off
VENUES: tuple[Venue, ...] = (
    V("ICLR", 2019, "New Orleans", "America/Chicago", "2019-05-06", "2019-05-09"),
    V("ICLR", 2020, "virtual", "UTC", "2020-04-26", "2020-05-01", virtual=True),
    V("ICLR", 2021, "virtual", "UTC", "2021-05-03", "2021-05-07", virtual=True, confirmed=True,
      evidence="samples/iclr2021-oral-session-*.txt: May 3 and 5, a virtual-site page"),
    V("ICLR", 2022, "virtual", "UTC", "2022-04-25", "2022-04-29", virtual=True),
    V("ICLR", 2023, "Kigali", "Africa/Kigali", "2023-05-01", "2023-05-05"),
    V("ICLR", 2024, "Vienna", "Europe/Vienna", "2024-05-07", "2024-05-11"),
    V("ICLR", 2025, "Singapore", "Asia/Singapore", "2025-04-24", "2025-04-28"),
    V("ICLR", 2026, "Rio de Janeiro", "America/Sao_Paulo", "2026-04-23", "2026-04-27"),
    V("ICML", 2019, "Long Beach", "America/Los_Angeles", "2019-06-09", "2019-06-15"),
    V("ICML", 2020, "virtual", "UTC", "2020-07-12", "2020-07-18", virtual=True),
    V("ICML", 2021, "virtual", "UTC", "2021-07-18", "2021-07-24", virtual=True),
    V("ICML", 2022, "Baltimore", "America/New_York", "2022-07-17", "2022-07-23", confirmed=True,
      evidence="samples/icml2022-deep-learning.txt: Jul 21, Ballroom 1 & 2"),
    V("ICML", 2023, "Honolulu", "Pacific/Honolulu", "2023-07-23", "2023-07-29"),
    V("ICML", 2024, "Vienna", "Europe/Vienna", "2024-07-21", "2024-07-27"),
    V("ICML", 2025, "Vancouver", "America/Vancouver", "2025-07-13", "2025-07-19"),
    V("NeurIPS", 2019, "Vancouver", "America/Vancouver", "2019-12-08", "2019-12-14"),
    V("NeurIPS", 2020, "virtual", "America/Los_Angeles", "2020-12-06", "2020-12-12", virtual=True,
      confirmed=True, evidence="samples/neurips2020-orals-track-13.txt: Dec 8, -08:00"),
    V("NeurIPS", 2021, "virtual", "America/Los_Angeles", "2021-12-06", "2021-12-14", virtual=True),
    V("NeurIPS", 2022, "New Orleans", "America/Chicago", "2022-11-28", "2022-12-09"),
    V("NeurIPS", 2023, "New Orleans", "America/Chicago", "2023-12-10", "2023-12-16",
      confirmed=True, evidence=NEURIPS_2023),
    V("NeurIPS", 2024, "Vancouver", "America/Vancouver", "2024-12-10", "2024-12-15"),
    V("NeurIPS", 2025, "San Diego", "America/Los_Angeles", "2025-12-02", "2025-12-07",
      confirmed=True, evidence=NEURIPS_2025),
    V("NeurIPS", 2025, "Mexico City", "America/Mexico_City", "2025-11-30", "2025-12-05"),
    V("CVPR", 2019, "Long Beach", "America/Los_Angeles", "2019-06-16", "2019-06-20"),
    V("CVPR", 2020, "virtual", "America/Los_Angeles", "2020-06-14", "2020-06-19", virtual=True),
    V("CVPR", 2021, "virtual", "UTC", "2021-06-19", "2021-06-25", virtual=True),
    V("CVPR", 2022, "New Orleans", "America/Chicago", "2022-06-19", "2022-06-24"),
    V("CVPR", 2023, "Vancouver", "America/Vancouver", "2023-06-18", "2023-06-22"),
    V("CVPR", 2024, "Seattle", "America/Los_Angeles", "2024-06-17", "2024-06-21"),
    V("CVPR", 2025, "Nashville", "America/Chicago", "2025-06-11", "2025-06-15"),
    V("ICCV", 2019, "Seoul", "Asia/Seoul", "2019-10-27", "2019-11-02"),
    V("ICCV", 2021, "virtual", "America/Toronto", "2021-10-11", "2021-10-17", virtual=True),
    V("ICCV", 2023, "Paris", "Europe/Paris", "2023-10-02", "2023-10-06"),
    V("ICCV", 2025, "Honolulu", "Pacific/Honolulu", "2025-10-19", "2025-10-23"),
    V("ECCV", 2020, "virtual", "Europe/London", "2020-08-23", "2020-08-28", virtual=True),
    V("ECCV", 2022, "Tel Aviv", "Asia/Jerusalem", "2022-10-23", "2022-10-27"),
    V("ECCV", 2024, "Milan", "Europe/Rome", "2024-09-29", "2024-10-04"),
    V("MLSys", 2019, "Stanford", "America/Los_Angeles", "2019-03-31", "2019-04-02"),
    V("MLSys", 2020, "Austin", "America/Chicago", "2020-03-02", "2020-03-04"),
    V("MLSys", 2021, "virtual", "UTC", "2021-04-05", "2021-04-09", virtual=True),
    V("MLSys", 2022, "Santa Clara", "America/Los_Angeles", "2022-08-29", "2022-09-01"),
    V("MLSys", 2023, "Miami", "America/New_York", "2023-06-04", "2023-06-08"),
    V("MLSys", 2024, "Santa Clara", "America/Los_Angeles", "2024-05-13", "2024-05-16"),
    V("MLSys", 2025, "Santa Clara", "America/Los_Angeles", "2025-05-12", "2025-05-15"),
    V("AISTATS", 2019, "Naha", "Asia/Tokyo", "2019-04-16", "2019-04-18"),
    V("AISTATS", 2020, "virtual", "UTC", "2020-08-26", "2020-08-28", virtual=True),
    V("AISTATS", 2021, "virtual", "UTC", "2021-04-13", "2021-04-15", virtual=True),
    V("AISTATS", 2022, "virtual", "UTC", "2022-03-28", "2022-03-30", virtual=True),
    V("AISTATS", 2023, "Valencia", "Europe/Madrid", "2023-04-25", "2023-04-27"),
    V("AISTATS", 2024, "Valencia", "Europe/Madrid", "2024-05-02", "2024-05-04"),
    V("AISTATS", 2025, "Mai Khao", "Asia/Bangkok", "2025-05-03", "2025-05-05"),
    V("COLM", 2024, "Philadelphia", "America/New_York", "2024-10-07", "2024-10-09"),
    V("COLM", 2025, "Montreal", "America/Toronto", "2025-10-07", "2025-10-10"),
    V("CoRL", 2019, "Osaka", "Asia/Tokyo", "2019-10-30", "2019-11-01"),
    V("CoRL", 2020, "virtual", "UTC", "2020-11-16", "2020-11-18", virtual=True),
    V("CoRL", 2021, "London", "Europe/London", "2021-11-08", "2021-11-11"),
    V("CoRL", 2022, "Auckland", "Pacific/Auckland", "2022-12-14", "2022-12-18"),
    V("CoRL", 2023, "Atlanta", "America/New_York", "2023-11-06", "2023-11-09"),
    V("CoRL", 2024, "Munich", "Europe/Berlin", "2024-11-06", "2024-11-09"),
    V("CoRL", 2025, "Seoul", "Asia/Seoul", "2025-09-27", "2025-09-30"),
)
# fmt: on


def venues(conference: str | None, year: int | None) -> tuple[Venue, ...]:
    """Every venue of the conference that year, the main one first; () when unknown.
    Names match whatever their case ('neurips', 'NeurIPS')."""
    if not conference or year is None:
        return ()
    wanted = conference.casefold()
    return tuple(row for row in VENUES if row.year == year and row.conference.casefold() == wanted)


def main_venue(conference: str | None, year: int | None) -> Venue | None:
    """The conference's main venue that year; None when the table does not know it."""
    found = venues(conference, year)
    return found[0] if found else None
