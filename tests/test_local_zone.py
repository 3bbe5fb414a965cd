"""`--tz local` is the local zone's rules at each instant, found by its IANA name; the
clock the commands read is handed to them, so nothing here depends on today's date."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from confcli.errors import ExitCode
from confcli.main import main
from confcli.render.terminal import Terminal

JANUARY = datetime(2027, 1, 14, 9, 30, tzinfo=UTC)  # winter in Berlin: UTC+01:00
OS7 = ("--session", "Oral Session 7", "--kind", "oral")


def run_at(moment: datetime, *args: str) -> tuple[int, str, str]:
    """The CLI in-process with a fixed clock."""
    out, err = io.StringIO(), io.StringIO()
    terminal = Terminal(stdout=out, stderr=err, color=False, width=100, clock=lambda: moment)
    return main(list(args), terminal), out.getvalue(), err.getvalue()


@pytest.fixture
def berlin(monkeypatch, stored_samples):
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_a_may_talk_shows_summer_time_in_january(berlin):
    """Oral Session 7 starts Wed 5 May 2021 3:00 PDT = 10:00 UTC = 12:00 CEST, never the
    11:00 'UTC+01:00' of a January offset."""
    code, out, _ = run_at(JANUARY, "list", *OS7, "--tz", "local")
    assert code == 0
    assert "12:00–12:15" in out and "11:00" not in out
    assert "Times in Europe/Berlin (the display zone)." in out
    assert "UTC+01:00" not in out


def test_every_output_takes_the_rules_at_each_instant(berlin):
    _, out, _ = run_at(JANUARY, "list", *OS7, "--tz", "local", "--json")
    assert json.loads(out)[0]["start"] == "2021-05-05T12:00:00+02:00"
    _, out, _ = run_at(JANUARY, "search", "lottery", "--tz", "local", "--json")
    assert {hit["start"][-6:] for hit in json.loads(out) if hit["start"]} == {"+02:00"}
    _, out, _ = run_at(JANUARY, "export", "-f", "csv", *OS7, "--tz", "local", "--limit", "1")
    assert ",2021-05-05T12:00:00+02:00,2021-05-05T12:15:00+02:00," in out
    _, out, _ = run_at(JANUARY, "export", "-f", "json", *OS7, "--tz", "local", "--limit", "1")
    assert json.loads(out)[0]["end"] == "2021-05-05T12:15:00+02:00"
    _, out, _ = run_at(JANUARY, "export", "-f", "md", *OS7, "--tz", "local", "--limit", "1")
    assert "*Times in Europe/Berlin (the display zone).*" in out and "- 12:00–12:15 ·" in out
    _, out, _ = run_at(JANUARY, "export", "-f", "ics", *OS7, "--tz", "local", "--limit", "1")
    assert "DTSTART;TZID=Europe/Berlin:20210505T120000" in out.replace("\r\n", "\n")


def test_a_december_talk_in_the_same_zone_shows_winter_time(berlin):
    """NeurIPS 2020's orals (December) in the same run: the rules, not one offset."""
    _, out, _ = run_at(datetime(2027, 7, 1, tzinfo=UTC), "list", "-c", "NeurIPS", "--kind",
                       "oral", "--tz", "local", "--json")  # fmt: skip
    assert {item["start"][-6:] for item in json.loads(out)} == {"+01:00"}


def test_the_zone_comes_from_etc_localtime_without_tz(monkeypatch, stored_samples):
    import tzlocal

    monkeypatch.delenv("TZ", raising=False)
    expected = getattr(tzlocal.reload_localzone(), "key", None)
    _, out, _ = run_at(JANUARY, "list", *OS7, "--tz", "local")
    assert f"Times in {expected} (the display zone)." in out


def test_a_tz_that_names_no_zone_is_a_usage_error(monkeypatch, stored_samples):
    monkeypatch.setenv("TZ", "CET-1CEST")
    code, _, err = run_at(JANUARY, "list", *OS7, "--tz", "local")
    assert code == ExitCode.USAGE
    assert err.strip() == (
        "confcli: error: --tz local: TZ='CET-1CEST' names no IANA time zone; "
        "give --tz a name like Europe/Berlin"
    )


def test_now_and_clock_times_read_the_handed_clock(stored_samples):
    """--now and a bare --at clock are the clock's, in the display zone."""
    during = datetime(2021, 5, 5, 10, 20, tzinfo=UTC)  # 3:20 PDT: the second oral is on
    _, now, _ = run_at(during, "list", "--now", "--json")
    _, at, _ = run_at(during, "list", "--at", "12:20", "--tz", "Europe/Berlin", "--json")
    titles = [item["title"] for item in json.loads(now)]
    assert titles[0] == "Rethinking Attention with Performers"
    assert titles == [item["title"] for item in json.loads(at)]


def test_a_day_typed_without_a_year_is_in_the_clocks_year(stored_samples):
    in_2021 = datetime(2021, 1, 2, tzinfo=UTC)
    _, iso, _ = run_at(in_2021, "list", "--day", "2021-05-05", *OS7[2:], "--json")
    for typed in ("5 May", "May 5", "May 5 2021", "Wed 5 May 2021"):
        _, out, _ = run_at(in_2021, "list", "--day", typed, *OS7[2:], "--json")
        assert out == iso and len(json.loads(out)) == 5, typed
    _, later, _ = run_at(datetime(2024, 1, 2, tzinfo=UTC), "list", "--day", "5 May", "--json")
    assert json.loads(later) == []


@pytest.mark.parametrize("typed", ["16:30", "5", "2021", "2021-05-05 04:00", "someday"])
def test_a_day_that_is_not_a_date_is_refused(stored_samples, typed):
    code, _, err = run_at(JANUARY, "list", "--day", typed)
    assert code == ExitCode.USAGE
    assert err.strip() == (
        f"confcli: error: --day: not a date or weekday: {typed!r} (e.g. 2021-05-05, wed)"
    )
