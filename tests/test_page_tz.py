"""--page-tz (issue 11, part 7): times a session page prints without a zone are read in the
user's zone, else the venue's (with a warning naming the guess); a zone the page states
always wins."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.readers.reading import ReadOptions, read_one
from confcli.readers.sources import PageInput

POSTERS = Path(__file__).parent / "fixtures" / "html" / "icml2025-poster-session-1-west.html"
ASSUMED = "times have no zone: assumed America/Vancouver (ICML 2025, Vancouver)"


def zoneless_posters() -> str:
    page = POSTERS.read_text(encoding="utf-8")
    zoneless = page.replace("11 a.m. PDT", "11 a.m.").replace("1:30 p.m. PDT", "1:30 p.m.")
    assert zoneless != page
    return zoneless


def read(text: str, source: str = "page.html", **options):
    page = read_one(PageInput(source, text), ReadOptions(**options))
    return page.session, page.warnings


def span(session) -> tuple[str, str]:
    return session.start.isoformat(), session.end.isoformat()


def test_a_zoneless_session_page_takes_the_venues_zone_and_says_so():
    session, warnings = read(zoneless_posters())
    assert span(session) == ("2025-07-16T11:00:00-07:00", "2025-07-16T13:30:00-07:00")
    assert str(session.start.tzinfo) == "America/Vancouver"
    assert warnings.count(ASSUMED) == 1


def test_page_tz_wins_over_the_venue_and_is_no_guess():
    session, warnings = read(zoneless_posters(), page_zone="Asia/Tokyo")
    assert span(session) == ("2025-07-16T11:00:00+09:00", "2025-07-16T13:30:00+09:00")
    assert not any("assumed" in warning for warning in warnings)


def test_a_zone_the_page_states_wins_over_page_tz():
    plain, _ = read(POSTERS.read_text(encoding="utf-8"))
    session, warnings = read(POSTERS.read_text(encoding="utf-8"), page_zone="Asia/Tokyo")
    assert (
        span(session)
        == span(plain)
        == (
            "2025-07-16T11:00:00-07:00",
            "2025-07-16T13:30:00-07:00",
        )
    )
    assert not any("assumed" in warning for warning in warnings)


def test_a_rendered_text_page_without_zones_honours_page_tz_and_the_venue():
    text = (SAMPLES / "iclr2021-oral-session-7.txt").read_text(encoding="utf-8")
    zoneless = text.replace(" PDT", "")
    assert zoneless != text
    session, warnings = read(zoneless, "iclr2021-oral-session-7.txt")
    first = session.items[0].start
    assert (first.isoformat(), str(first.tzinfo)) == ("2021-05-05T03:00:00+00:00", "UTC")
    assert "times have no zone: assumed UTC (ICLR 2021, virtual)" in warnings
    session, warnings = read(zoneless, "iclr2021-oral-session-7.txt", page_zone="US/Pacific")
    assert session.items[0].start.isoformat() == "2021-05-05T03:00:00-07:00"
    assert not any("assumed" in warning for warning in warnings)


def test_the_cli_option_and_an_unknown_zone(tmp_path, isolated_library):
    page = tmp_path / "posters.html"
    page.write_text(zoneless_posters(), encoding="utf-8")
    result = run_cli("parse", str(page), "--page-tz", "Europe/Berlin", "--json")
    assert result.code == ExitCode.OK, result.stderr
    assert result.json[0]["start"] == "2025-07-16T11:00:00+02:00"
    refused = run_cli("parse", str(page), "--page-tz", "Mars/Olympus")
    assert refused.code == ExitCode.USAGE
    assert "unknown time zone 'Mars/Olympus'" in refused.stderr


def test_from_reads_with_the_page_tz_variable(tmp_path, monkeypatch):
    page = tmp_path / "posters.html"
    page.write_text(zoneless_posters(), encoding="utf-8")
    monkeypatch.setenv("CONFCLI_PAGE_TZ", "Europe/Berlin")
    result = run_cli("list", "--from", str(page), "--json")
    assert result.code == ExitCode.OK, result.stderr
    assert result.json[0]["start"] == "2025-07-16T11:00:00+02:00"
