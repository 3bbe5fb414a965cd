"""Times as pages print them: clocks, years pinned by weekdays, zone abbreviations."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from confcli.errors import TimeParseError
from confcli.times import (
    TimeContext,
    infer_year,
    looks_like_range,
    parse_clock,
    parse_human_range,
    parse_iso,
    parse_iso_range,
    parse_loose,
    parse_range,
    zone_from_abbreviation,
)

TODAY = TimeContext(today=date(2026, 11, 24))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3:15", (3, 15)),
        ("15:15", (15, 15)),
        ("11 a.m.", (11, 0)),
        ("1:30 p.m.", (13, 30)),
        ("12 p.m.", (12, 0)),
        ("12:30 a.m.", (0, 30)),
        ("noon", (12, 0)),
        ("midnight", (0, 0)),
        ("10:30 PM", (22, 30)),
        ("9am", (9, 0)),
    ],
)
def test_clock_forms(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13 p.m.", "3:75", "tea time", ""])
def test_impossible_clocks_are_errors(text):
    with pytest.raises(TimeParseError):
        parse_clock(text)


def test_weekday_pins_the_year():
    assert infer_year(5, 3, 0, TODAY) == 2021  # Mon 3 May
    assert infer_year(7, 21, 3, TODAY) == 2022  # Thu 21 July
    assert infer_year(5, 3, 0, TimeContext(year=2021)) == 2021
    assert infer_year(5, 3, 0, TimeContext(today=date(2028, 1, 1))) == 2027  # never the future


def test_a_conference_year_that_does_not_fit_the_weekday_is_an_error():
    with pytest.raises(TimeParseError, match="not that weekday"):
        infer_year(5, 3, 0, TimeContext(year=2019))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Mon 3 May 3:00 - 3:15 PDT", "2021-05-03T03:00:00-07:00", "2021-05-03T03:15:00-07:00"),
        ("Thu 21 July 7:30 - 7:35 PDT", "2022-07-21T07:30:00-07:00", "2022-07-21T07:35:00-07:00"),
        (
            "Wed 16 Jul 11 a.m. PDT — 1:30 p.m. PDT",
            "2025-07-16T11:00:00-07:00",
            "2025-07-16T13:30:00-07:00",
        ),
        (
            "Wed 16 Jul 11 a.m. PDT &mdash;\n 1:30 p.m. PDT",
            "2025-07-16T11:00:00-07:00",
            "2025-07-16T13:30:00-07:00",
        ),
        ("Tue 8 Dec noon – midnight PST", "2026-12-08T12:00:00-08:00", "2026-12-09T00:00:00-08:00"),
        (
            "Fri 2 Dec 11:30 PM - 12:30 AM EST",
            "2022-12-02T23:30:00-05:00",
            "2022-12-03T00:30:00-05:00",
        ),
        (
            "2020-12-08T18:00:00-08:00 - 2020-12-08T21:00:00-08:00",
            "2020-12-08T18:00:00-08:00",
            "2020-12-08T21:00:00-08:00",
        ),
    ],
)
def test_ranges(text, start, end):
    found = parse_range(text, TODAY)
    assert (found[0].isoformat(), found[1].isoformat()) == (start, end)


def test_a_zone_banner_wins_over_the_abbreviation():
    context = TimeContext(year=2025, zone=ZoneInfo("America/New_York"))
    start, end = parse_range("Wed 16 Jul 11 a.m. PDT — 1:30 p.m. PDT", context)
    assert start.isoformat() == "2025-07-16T11:00:00-04:00"
    assert end.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon 30 Feb 3:00 - 3:15 PDT", "no such date"),
        ("Mon 3 May 3:00 - 3:15 XYZ", "unknown time zone abbreviation 'XYZ'"),
        ("Mon 3 May 3:00 - 3:15", "time has no zone"),
        ("Mon 3 May 25:00 - 3:15 PDT", "not a clock time"),
        ("Mon 3 May 9:00 - 3:15 PDT", "end comes before the start"),
        ("2020-12-08T18:00:00-08:00 - 2020-12-08T17:00:00-08:00", "end comes before the start"),
    ],
)
def test_times_that_do_not_exist_are_errors(text, message):
    with pytest.raises(TimeParseError, match=message):
        parse_range(text, TODAY)


def test_text_that_is_not_a_range_is_not_ours():
    assert parse_range("Oral Session 7", TODAY) is None
    assert parse_range("Moderators: A · B", TODAY) is None


def test_abbreviations_become_offsets():
    assert zone_from_abbreviation("PDT").utcoffset(None) == timedelta(hours=-7)
    assert zone_from_abbreviation("pst").utcoffset(None) == timedelta(hours=-8)
    assert zone_from_abbreviation("CEST").utcoffset(None) == timedelta(hours=2)
    assert zone_from_abbreviation("IST").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone_from_abbreviation("+05:45").utcoffset(None) == timedelta(hours=5, minutes=45)


def test_iso_times_are_never_naive():
    assert parse_iso("2020-12-08T18:00:00-08:00").isoformat() == "2020-12-08T18:00:00-08:00"
    with pytest.raises(TimeParseError, match="without a zone"):
        parse_iso("2020-12-08T18:00:00")
    context = TimeContext(zone=ZoneInfo("Europe/Vienna"))
    assert parse_iso("2026-07-20T09:00", context).isoformat() == "2026-07-20T09:00:00+02:00"


def test_loose_times_go_through_dateutil_and_its_failures_become_ours():
    assert parse_loose("July 21, 2022 7:30 AM PDT").isoformat() == "2022-07-21T07:30:00-07:00"
    with pytest.raises(TimeParseError, match="without a zone"):
        parse_loose("July 21, 2022 7:30 AM")
    with pytest.raises(TimeParseError, match="cannot read the time"):
        parse_loose("the day after the poster session")
    with pytest.raises(TimeParseError, match="cannot read the time"):
        parse_loose("99999999999999999999")


# --- forms the regular expressions do not know: python-dateutil, with the page's context --


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("December 2, 2025 9:30 AM PST", "2025-12-02T09:30:00-08:00", None),
        ("2 Dec 2025 09:30-12:00 EST", "2025-12-02T09:30:00-05:00", "2025-12-02T12:00:00-05:00"),
        (
            "Dec 2, 2025, 11:30 PM PST – Dec 3, 2025, 1:00 AM PST",
            "2025-12-02T23:30:00-08:00",
            "2025-12-03T01:00:00-08:00",
        ),
        (
            "December 2, 2025 11:30 PM - 12:30 AM EST",  # past midnight, as the fast paths
            "2025-12-02T23:30:00-05:00",
            "2025-12-03T00:30:00-05:00",
        ),
        # no year: the weekday pins it, as on the pages the fast paths read
        ("Tue, Dec 2 9:30 AM PST", "2025-12-02T09:30:00-08:00", None),
    ],
)
def test_forms_only_the_dateutil_fallback_reads(text, start, end):
    assert parse_iso_range(text, TODAY) is None and parse_human_range(text, TODAY) is None
    assert looks_like_range(text)
    found = parse_range(text, TODAY)
    assert found[0].isoformat() == start
    assert (found[1].isoformat() if found[1] else None) == end


def test_the_fallback_takes_the_page_year_and_its_banner_zone():
    context = TimeContext(year=2025, zone=ZoneInfo("America/New_York"))
    start, end = parse_range("Dec 2 9:30 AM PST - 11:00 AM PST", context)
    assert (start.isoformat(), end.isoformat()) == (
        "2025-12-02T09:30:00-05:00",
        "2025-12-02T11:00:00-05:00",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Feb 30, 2025 9:00 AM PST", "cannot read the time 'Feb 30, 2025 9:00 AM PST'"),
        ("December 2, 2025 9:30 AM", "time without a zone"),
        ("December 2 9:30 AM PST", "no year in 'December 2 9:30 AM PST'"),
        ("Dec 2, 2025 12:00 - 9:30 PST", "end comes before the start"),
        ("Dec 31, 9999 11:30 PM - 12:30 AM PST", "end comes before the start"),
    ],
)
def test_what_the_fallback_cannot_read_is_a_time_parse_error(text, message):
    with pytest.raises(TimeParseError, match=message):
        parse_range(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "Ballroom 1 & 2",
        "An Image is Worth 16x16 Words",
        "Moderators: A · B",
        "May 2021: the 10:30 talk",
        "Orals & Spotlights Track 13: Deep Learning/Theory",
        "In-Person Poster presentation / top 25% paper",
    ],
)
def test_text_that_is_no_time_does_not_reach_dateutil(text):
    assert not looks_like_range(text)
    assert parse_range(text, TODAY) is None


def test_digits_dateutil_cannot_place_are_a_time_error_not_a_crash():
    """Found by the fuzz tests: dateutil raises decimal.InvalidOperation (an
    ArithmeticError, not a ValueError) on a clock with forty digits of minutes."""
    from confcli.errors import TimeParseError
    from confcli.times import TimeContext, parse_range

    with pytest.raises(TimeParseError, match="cannot read the time"):
        parse_range("Wed 5 May 3:" + "9" * 40 + "15 - 3:30 PDT", TimeContext(year=2021))


def test_an_offset_of_a_day_or_more_from_dateutil_is_a_time_error():
    """Found by the fuzz tests: dateutil makes a zone of -25:00 that raises on use."""
    from datetime import date

    from confcli.errors import TimeParseError
    from confcli.times import TimeContext, parse_loose

    with pytest.raises(TimeParseError):
        parse_loose("Mon May 3:00 -25:00", TimeContext(year=None, today=date(2000, 1, 1)))
