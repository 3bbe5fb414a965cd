"""The venue table: conference and year -> where and when, with an IANA zone for each row."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest

from confcli.venues import VENUES, main_venue, venues

REPO = Path(__file__).resolve().parent.parent
CONFERENCES = set("ICLR ICML NeurIPS CVPR ICCV ECCV MLSys AISTATS COLM CoRL".split())


def test_lookup_gives_the_main_venue_first():
    found = venues("NeurIPS", 2025)
    assert [venue.city for venue in found] == ["San Diego", "Mexico City"]
    main = main_venue("NeurIPS", 2025)
    assert main is found[0]
    assert main.zone == "America/Los_Angeles"
    assert (main.first_day, main.last_day) == (date(2025, 12, 2), date(2025, 12, 7))
    assert main.describe() == "NeurIPS 2025, San Diego"
    assert main.confirmed and not main.virtual


def test_lookup_ignores_the_case_of_the_name():
    assert main_venue("neurips", 2023) == main_venue("NeurIPS", 2023)
    assert main_venue("NEURIPS", 2023).city == "New Orleans"


def test_virtual_years_are_marked():
    iclr2021 = main_venue("ICLR", 2021)
    assert iclr2021.virtual and iclr2021.city == "virtual"
    assert iclr2021.describe() == "ICLR 2021, virtual"
    assert not main_venue("ICLR", 2023).virtual


@pytest.mark.parametrize(
    ("conference", "year"), [("NoSuchConf", 2025), ("ICLR", 1999), (None, 2025), ("ICLR", None)]
)
def test_unknown_conference_or_year_is_none(conference, year):
    assert main_venue(conference, year) is None
    assert venues(conference, year) == ()


@pytest.mark.parametrize("venue", VENUES, ids=lambda venue: f"{venue.conference}{venue.year}")
def test_every_row_is_well_formed(venue):
    assert venue.zone in available_timezones()
    assert ZoneInfo(venue.zone).key == venue.zone
    assert venue.first_day <= venue.last_day
    assert venue.first_day.year in (venue.year, venue.year - 1)  # NeurIPS can start in Nov
    assert (venue.city == "virtual") == venue.virtual
    assert venue.confirmed == (venue.evidence is not None)


def test_confirmed_rows_name_a_page_that_is_in_the_repository():
    for venue in VENUES:
        if venue.evidence:
            pattern = venue.evidence.split(":")[0]
            assert list(REPO.glob(pattern)), venue.evidence


def test_every_conference_is_covered_from_2019():
    years = Counter(venue.conference for venue in VENUES)
    assert set(years) == CONFERENCES
    for conference in ("ICLR", "ICML", "NeurIPS", "CVPR", "MLSys", "AISTATS", "CoRL"):
        assert all(venues(conference, year) for year in range(2019, 2026)), conference
    assert all(venues("ICCV", year) for year in (2019, 2021, 2023, 2025))
    assert all(venues("ECCV", year) for year in (2020, 2022, 2024))
    assert all(venues("COLM", year) for year in (2024, 2025))


def test_one_main_venue_per_conference_and_year():
    """Rows of one conference and year are distinct venues, never a repeated row."""
    keys = Counter((venue.conference, venue.year, venue.city) for venue in VENUES)
    assert max(keys.values()) == 1
