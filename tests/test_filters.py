"""The one filter set, honoured identically by list and search, with exact expected ids
on the samples."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from conftest import run_cli

from confcli.errors import ExitCode
from confcli.filters import parse_moment

OS7_ORALS = ["e89712eaa17b", "00e4f13ef77f", "c4349a7010a2", "4dd3bde45505", "1956e8bad737"]
NEURIPS_ORALS = ["51369c231a5a", "16744f8e0517", "8f5c8b21e594"]
OS1_ORALS = [
    "cb69410daad2",
    "ca8e5fb3284b",
    "c85ad85d9190",
    "cf7e416851c0",
    "7aa2696ce63d",
    "c8144d99cd0b",
    "b4a5df6f97a6",
]
ICML_ORAL = ["d9045eae8617"]
QA_2021 = [
    "b293fdf40083",
    "6cb4cd51652e",
    "15252cd0a7b9",
    "b47fffa9a5a2",
    "bacb209ce58b",
    "f05adf6c622b",
]
OUTSTANDING, HONORABLE = "a92482e49d84", "1f0709b5cdd8"


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
    assert icml == ["d9045eae8617", "ef1bad7735d5", "71511c0f2b68"]
    berlin = ids(
        "--after", "2022-07-21 17:00", "--before", "2022-07-21 17:30", "--tz", "Europe/Berlin"
    )
    assert berlin == icml
    naive = ids("--after", "2022-07-21 08:00", "--before", "2022-07-21 08:30")  # page zone
    assert naive == icml


def test_a_bare_clock_applies_to_every_day():
    late = ids("--after", "05:40", "--before", "06:00", "--kind", "spotlight", "--year", "2021")
    assert late == ["a99f3f163da2", "4d22c715ab66"]  # 05:45 on 3 May and on 5 May
    starts = [
        item["start"][11:16]
        for item in run_cli("list", "--after", "05:40", "--year", "2021", "--json").json
    ]
    assert starts == ["05:45", "05:55", "05:45", "05:55"]


def test_at_shows_what_is_on_and_what_comes_next():
    assert ids("--at", "2021-05-05T04:00-07:00") == ["b47fffa9a5a2", "4dd3bde45505"]
    assert ids("--at", "2021-05-05 13:00", "--tz", "Europe/Berlin") == [
        "b47fffa9a5a2",
        "4dd3bde45505",
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
    assert on == ["44c43f9295b7", "755e9feb4728"]  # the spotlight on at 04:20, and the next
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
    assert ids("--at", "May 5 2021 4:22 AM PDT") == ["44c43f9295b7", "755e9feb4728"]
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
    assert ids("--author", "sitzmann") == ["51369c231a5a"]
    assert ids("--author", "Yoshua Bengio") == ["50aaf564a272", "03de539f3d82", "14951b252341"]
    assert ids("--author", "zugner") == ids("--author", "Zügner") == ["49fd7c727325"]
    assert ids("--year", "2021", "--kind", "qa") == QA_2021
    assert len(ids("--conference", "iclr", "--year", "2023", "--kind", "poster")) == 135


def test_filters_combine_with_and():
    assert ids("--kind", "oral", "--author", "Adrian Weller") == ["00e4f13ef77f", "4dd3bde45505"]
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
        "1956e8bad737",
        "c4349a7010a2",
        "4dd3bde45505",
        "00e4f13ef77f",
    ]
    posters = run_cli("search", "lottery", "--kind", "poster", "--json").json
    assert [(hit["id"], hit["poster"]) for hit in posters] == [("63d3c583bda5", "#29")]


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
