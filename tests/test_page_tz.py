"""--page-tz (issue 11, part 7): times a session page prints without a zone are read in the
user's zone, else the venue's (with a warning naming the guess); a zone the page states
always wins."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.readers.reading import ReadOptions, read_input, read_one, read_pages
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


# --- the JSON readers: the feed and the 2020 platform --------------------------------------


def zoneless_feed(tmp_path: Path) -> Path:
    """A NeurIPS 2023 feed (the name and links say so) whose times state no offset."""
    record = {
        "id": 7, "name": "A Poster", "session": "Poster Session 1", "eventtype": "Poster",
        "virtualsite_url": "/virtual/2023/poster/7", "visible": True,
        "starttime": "2023-12-12T10:45:00", "endtime": "2023-12-12T12:45:00",
    }  # fmt: skip
    path = tmp_path / "neurips-2023-orals-posters.json"
    path.write_text(json.dumps({"count": 1, "results": [record]}), encoding="utf-8")
    return path


def read_path(path: Path, **options) -> list:
    return read_input(
        PageInput(str(path), path.read_text(encoding="utf-8")), ReadOptions(**options)
    )


def test_a_feed_without_offsets_takes_page_tz(tmp_path):
    pages = read_path(zoneless_feed(tmp_path), page_zone="Asia/Tokyo")
    item = pages[0].session.items[0]
    assert (item.start.isoformat(), item.end.isoformat()) == (
        "2023-12-12T10:45:00+09:00", "2023-12-12T12:45:00+09:00",
    )  # fmt: skip
    assert not any("assumed" in warning or "left out" in warning for warning in pages[0].warnings)


def test_a_feed_without_offsets_takes_the_venues_zone_and_says_so(tmp_path):
    pages = read_path(zoneless_feed(tmp_path))
    item = pages[0].session.items[0]
    assert (item.start.isoformat(), str(item.start.tzinfo)) == (
        "2023-12-12T10:45:00-06:00", "America/Chicago",
    )  # fmt: skip
    assert (
        pages[0].warnings.count(
            "times have no zone: assumed America/Chicago (NeurIPS 2023, New Orleans)"
        )
        == 1
    )


def zoneless_platform(tmp_path: Path) -> Path:
    """ICML 2020's papers file and its calendar beside it, their times without offsets."""
    papers = [
        {"id": str(n), "content": {"title": title, "session": ["2020-07-14 14:00:00"]}}
        for n, title in ((1, "One"), (2, "Two"))
    ]
    calendar = [
        {"title": "Poster Session 1", "start": "2020-07-14T14:00:00", "end": "2020-07-14T16:00:00",
         "calendarId": "poster", "link": "https://icml.cc/virtual/2020/session/1"},
        {"title": "Keynote", "start": "2020-07-14T17:00:00", "end": "2020-07-14T18:00:00",
         "calendarId": "invited", "link": "https://icml.cc/virtual/2020/invited/2"},
    ]  # fmt: skip
    (tmp_path / "icml2020_calendar.json").write_text(json.dumps(calendar), encoding="utf-8")
    path = tmp_path / "icml2020_papers.json"
    path.write_text(json.dumps(papers), encoding="utf-8")
    return path


def platform_spans(report) -> dict[str, tuple[str, str]]:
    return {s.title: (s.start.isoformat(), s.end.isoformat()) for s in report.sessions}


def test_the_2020_platform_without_offsets_takes_page_tz(tmp_path):
    report = read_pages([str(zoneless_platform(tmp_path))], ReadOptions(page_zone="Asia/Tokyo"))
    assert not report.failures
    assert platform_spans(report) == {  # the papers' session found in the calendar: named
        "Poster Session 1": ("2020-07-14T14:00:00+09:00", "2020-07-14T16:00:00+09:00"),
        "Keynote": ("2020-07-14T17:00:00+09:00", "2020-07-14T18:00:00+09:00"),
    }
    assert [len(session.items) for session in report.sessions] == [2, 1]
    warnings = [warning for page in report.pages for warning in page.page.warnings]
    assert not any("assumed" in warning or "offset" in warning for warning in warnings)


def test_the_2020_platform_without_offsets_takes_the_venues_zone_and_says_so(tmp_path):
    report = read_pages([str(zoneless_platform(tmp_path))], ReadOptions())
    assert platform_spans(report) == {
        "Poster Session 1": ("2020-07-14T14:00:00+00:00", "2020-07-14T16:00:00+00:00"),
        "Keynote": ("2020-07-14T17:00:00+00:00", "2020-07-14T18:00:00+00:00"),
    }
    warnings = [warning for page in report.pages for warning in page.page.warnings]
    assert warnings.count("times have no zone: assumed UTC (ICML 2020, virtual)") == 1
