"""The one filter set, honoured identically by list and search, with exact expected ids
on the samples."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from conftest import run_cli

from confcli.errors import ExitCode
from confcli.filters import parse_moment

OS7_ORALS = ["c5163fc02e77", "2b55551c6aba", "5a9a50aecad3", "1a5a51fbe592", "3d4255d438f2"]
NEURIPS_ORALS = ["bcde3baf3453", "2137159aef51", "015cdcdcee78"]
OS1_ORALS = [
    "4b74f1bb1c67",
    "7cea4ae52030",
    "c9d2e9850671",
    "f18a432cbf5c",
    "41a70d2c875e",
    "af33f7b920ea",
    "7c15c8c71f80",
]
ICML_ORAL = ["9f5426158314"]
QA_2021 = [
    "f04a05c92277",
    "ed0c2ed5de96",
    "fbf240744549",
    "f3828d3a41d0",
    "3359c87a46f8",
    "994219aa924d",
]
OUTSTANDING, HONORABLE = "e7b474dac40a", "346df4711167"


def ids(*args: str) -> list[str]:
    result = run_cli("list", *args, "--json")
    assert result.code == ExitCode.OK, result.stderr
    return [item["id"] for item in result.json]


@pytest.fixture(autouse=True)
def _samples(stored_samples):
    return stored_samples


def test_kind_is_repeatable_and_items_come_in_programme_order():
    assert ids("--kind", "oral") == NEURIPS_ORALS + OS1_ORALS + OS7_ORALS + ICML_ORAL
    both = ids("--kind", "oral", "--kind", "Q&A", "--year", "2021")
    assert sorted(both) == sorted(OS1_ORALS + OS7_ORALS + QA_2021)


def test_session_filter_with_kind():
    assert ids("--session", "oral session 7", "--kind", "oral") == OS7_ORALS


def test_day_as_a_date_and_as_a_weekday():
    assert ids("--day", "2021-05-05", "--kind", "oral") == OS7_ORALS
    assert ids("--day", "wed", "--kind", "oral") == OS7_ORALS
    assert ids("--day", "Wednesday", "--kind", "oral") == OS7_ORALS
    assert ids("--day", "2021-05-04") == []


def test_day_is_read_in_the_display_zone():
    # NeurIPS Track 13 runs 18:00-21:00 on 8 Dec in PST, that is 03:00-06:00 on 9 Dec in Berlin.
    assert ids("--day", "2020-12-08", "--kind", "oral") == NEURIPS_ORALS
    assert ids("--day", "2020-12-09", "--kind", "oral", "--tz", "Europe/Berlin") == NEURIPS_ORALS
    assert ids("--day", "2020-12-08", "--kind", "oral", "--tz", "Europe/Berlin") == []
    assert (
        ids("--day", "wed", "--kind", "oral", "--tz", "Europe/Berlin") == NEURIPS_ORALS + OS7_ORALS
    )


def test_after_and_before_with_offsets_and_in_the_display_zone():
    icml = ids("--after", "2022-07-21T08:00-07:00", "--before", "2022-07-21T08:30-07:00")
    assert icml == ["9f5426158314", "76bd12e33bd0", "6ef7c44a566f"]
    berlin = ids(
        "--after", "2022-07-21 17:00", "--before", "2022-07-21 17:30", "--tz", "Europe/Berlin"
    )
    assert berlin == icml
    naive = ids("--after", "2022-07-21 08:00", "--before", "2022-07-21 08:30")  # page zone
    assert naive == icml


def test_a_bare_clock_applies_to_every_day():
    late = ids("--after", "05:40", "--before", "06:00", "--kind", "spotlight", "--year", "2021")
    assert late == ["ee6774bdb2a7", "bb07efb0d2d6"]  # 05:45 on 3 May and on 5 May
    starts = [
        item["start"][11:16]
        for item in run_cli("list", "--after", "05:40", "--year", "2021", "--json").json
    ]
    assert starts == ["05:45", "05:55", "05:45", "05:55"]


def test_at_shows_what_is_on_and_what_comes_next():
    assert ids("--at", "2021-05-05T04:00-07:00") == ["f3828d3a41d0", "1a5a51fbe592"]
    assert ids("--at", "2021-05-05 13:00", "--tz", "Europe/Berlin") == [
        "f3828d3a41d0",
        "1a5a51fbe592",
    ]
    assert ids("--at", "2019-01-01T00:00+00:00") == []


def test_at_after_and_before_read_a_typed_time_one_way():
    """'2021-05-05 04:22' was refused by --at ("give a zone") while --after took it: every
    time option reads it in the display zone, or without --tz in each page's own zone."""
    typed = "2021-05-05 04:22"
    moments = {option: parse_moment(typed, option) for option in ("--at", "--after", "--before")}
    assert set(moments.values()) == {datetime(2021, 5, 5, 4, 22)}
    on = ids("--at", typed)
    assert (
        on
        == ids("--at", "2021-05-05T04:22-07:00")
        == ids("--at", typed, "--tz", "America/Los_Angeles")
    )
    assert on == ["1e33866646a2", "8e1b2e5c303d"]  # the spotlight on at 04:20, and the next
    after = ids("--after", typed, "--session", "oral session 7")
    assert after == ids("--after", "2021-05-05T04:22-07:00", "--session", "oral session 7")
    assert after[0] == on[1]  # what --at calls next is the first --after finds
    berlin = parse_moment(typed, "--at", ZoneInfo("Europe/Berlin"))
    assert berlin == parse_moment(typed, "--before", ZoneInfo("Europe/Berlin"))
    assert berlin.isoformat() == "2021-05-05T04:22:00+02:00"


def test_typed_times_in_other_forms():
    assert parse_moment("May 5 2021 4:22 AM PDT", "--at").isoformat() == (
        "2021-05-05T04:22:00-07:00"
    )
    assert ids("--at", "May 5 2021 4:22 AM PDT") == ["1e33866646a2", "8e1b2e5c303d"]
    assert parse_moment("16:30", "--after") == time(16, 30)  # a clock: a time of every day
    assert parse_moment("4pm", "--before") == parse_moment("16:30:00", "--at").replace(minute=0)


def test_now_uses_the_clock(monkeypatch):
    # Nothing in the samples is on now (2026), nor within a day.
    assert ids("--now") == []


def test_award_any_or_named_and_decision():
    assert ids("--award", "any") == [OUTSTANDING, HONORABLE]
    assert ids("--award", "honorable") == [HONORABLE]
    assert ids("--award", "Outstanding Paper") == [OUTSTANDING]
    top5 = ids("--decision", "top 5%")
    assert len(top5) == 11 and OUTSTANDING in top5 and HONORABLE in top5
    assert len(ids("--decision", "top 25%")) == 27


def test_room_author_conference_year():
    assert len(ids("--room", "ballroom")) == 14
    assert ids("--author", "sitzmann") == ["bcde3baf3453"]
    assert ids("--author", "Yoshua Bengio") == ["2a0e9d50a1e1", "f78c722a38c6", "6fbfa332290a"]
    assert ids("--author", "zugner") == ids("--author", "Zügner") == ["c5ffb369b7b9"]
    assert ids("--year", "2021", "--kind", "qa") == QA_2021
    assert len(ids("--conference", "iclr", "--year", "2023", "--kind", "poster")) == 135


def test_filters_combine_with_and():
    assert ids("--kind", "oral", "--author", "Adrian Weller") == ["2b55551c6aba", "1a5a51fbe592"]
    assert ids("--kind", "spotlight", "--author", "Adrian Weller") == []


def test_session_level_filters_list_sessions():
    sessions = run_cli("list", "--conference", "ICLR", "--json").json
    assert [s["title"] for s in sessions] == [
        "Oral Session 1",
        "Oral Session 7",
        "Poster Session 3",
    ]
    assert [s["title"] for s in run_cli("list", "--year", "2020", "--json").json] == [
        "Orals & Spotlights Track 13: Deep Learning/Theory"
    ]


def test_search_honours_the_same_filters():
    hits = run_cli("search", "learning", "--kind", "oral", "--day", "2021-05-05", "--json").json
    assert [hit["id"] for hit in hits] == [
        "3d4255d438f2",
        "5a9a50aecad3",
        "1a5a51fbe592",
        "2b55551c6aba",
    ]
    posters = run_cli("search", "lottery", "--kind", "poster", "--json").json
    assert [(hit["id"], hit["poster"]) for hit in posters] == [("b5003b861744", "#29")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--day", "someday"], "--day: not a date or weekday: 'someday'"),
        (["--after", "teatime"], "--after: not a time: 'teatime'"),
        (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--at", "teatime"], "--at: not a time: 'teatime'"),
        (["--before", "May"], "--before: not a time: 'May'"),
    ],
)
def test_bad_filter_values_are_usage_errors(args, message):
    result = run_cli("list", *args)
    assert result.code == ExitCode.USAGE
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
