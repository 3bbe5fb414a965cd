"""The 2020 platform's papers and calendar (readers/platform2020.py), field by field on the
real files (tests/fixtures/real/icml2020_papers.json, icml2020_calendar.json: ICML 2020's
mini-conf site) and on the variations other instances bring."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_cli

from confcli.errors import ExitCode
from confcli.readers.build import PageContext
from confcli.readers.downloads import sniff as downloads_sniff
from confcli.readers.platform2020 import read_platform2020, sniff
from confcli.readers.platform2020_calendar import calendar_sidecar
from confcli.readers.reading import ReadOptions, read_pages

REAL = Path(__file__).parent / "fixtures" / "real"
PAPERS = REAL / "icml2020_papers.json"
CALENDAR = REAL / "icml2020_calendar.json"
PAPERS_COUNT, POSTER_SESSIONS, CALENDAR_SESSIONS, EVENTS = 1086, 58, 84, 26
EVENT_KINDS = {
    "workshop-session": 8, "tutorial-session": 6, "invited-talk-session": 6,
    "event-session": 5, "expo-session": 1,
}  # fmt: skip


def read(*paths: Path, **options):
    report = read_pages([str(path) for path in paths], ReadOptions(**options))
    assert not report.failures, [str(failure.error) for failure in report.failures]
    return report


def alone(tmp_path: Path, source: Path, name: str | None = None) -> Path:
    """A copy of a real file in a directory of its own: no sidecar beside it."""
    target = tmp_path / "alone" / (name or source.name)
    target.parent.mkdir(exist_ok=True)
    shutil.copy(source, target)
    return target


@pytest.fixture(scope="module")
def with_calendar():
    return read(PAPERS)  # the calendar lies beside it: read as its sidecar


def items_of(report) -> list:
    return [item for session in report.sessions for item in session.items]


def sessions_titled(report, title: str) -> list:
    return [session for session in report.sessions if session.title == title]


def slots_of(report, site_url: str) -> list:
    return sorted((i for i in items_of(report) if i.url == site_url), key=lambda i: i.start)


def span(session) -> tuple:
    return session.start.isoformat(), session.end.isoformat()


# --- papers with their calendar -------------------------------------------------------------


def test_every_paper_is_in_each_of_its_two_poster_sessions(with_calendar):
    assert {page.page.shape for page in with_calendar.pages} == {"platform2020"}
    assert len(with_calendar.sessions) == CALENDAR_SESSIONS
    kinds = Counter(session.kind for session in with_calendar.sessions)
    assert kinds == {"poster-session": POSTER_SESSIONS, **EVENT_KINDS}
    papers = [item for item in items_of(with_calendar) if item.kind == "poster"]
    assert len(papers) == 2 * PAPERS_COUNT
    by_paper = Counter(item.paper_id for item in papers)
    assert len(by_paper) == PAPERS_COUNT and set(by_paper.values()) == {2}
    assert len({item.id for item in items_of(with_calendar)}) == 2 * PAPERS_COUNT + EVENTS
    assert len({session.id for session in with_calendar.sessions}) == CALENDAR_SESSIONS
    for slot_a, slot_b in (sorted(group, key=lambda i: i.start) for group in _pairs(papers)):
        assert slot_a.session != slot_b.session and slot_a.start < slot_b.start
        assert (slot_a.title, slot_a.authors, slot_a.url) == (
            slot_b.title,
            slot_b.authors,
            slot_b.url,
        )
    assert {(i.conference, i.year) for i in items_of(with_calendar)} == {("ICML", 2020)}


def _pairs(papers: list) -> list[list]:
    groups: dict[str, list] = {}
    for item in papers:
        groups.setdefault(item.paper_id, []).append(item)
    return list(groups.values())


def test_a_paper_field_by_field(with_calendar):
    first, second = slots_of(with_calendar, "https://icml.cc/virtual/2020/poster/6452")
    for slot in (first, second):
        assert slot.kind == "poster"
        assert slot.title == "Accelerated Stochastic Gradient-free and Projection-free Methods"
        assert slot.authors == ("Feihu Huang", "Lue Tao", "Songcan Chen")  # "Feihu  Huang"
        assert slot.abstract.startswith("In the paper, we propose a class of accelerated")
        assert "(Acc-SZOFW)\nmethod based on" in slot.abstract  # its line break kept
        assert slot.links == () and slot.room is None and slot.poster is None
    assert (first.session, first.start.isoformat(), first.end.isoformat()) == (
        "Poster session 1", "2020-07-14T14:00:00+00:00", "2020-07-14T14:45:00+00:00"
    )  # fmt: skip
    assert (second.session, second.start.isoformat(), second.end.isoformat()) == (
        "Poster session 12", "2020-07-15T03:00:00+00:00", "2020-07-15T03:45:00+00:00"
    )  # fmt: skip


def test_doubled_spaces_and_single_token_names(with_calendar):
    batch = slots_of(with_calendar, "https://icml.cc/virtual/2020/poster/6388")
    assert [slot.title for slot in batch] == [
        "Batch Reinforcement Learning with Hyperparameter Gradients"
    ] * 2  # "Hyperparameter  Gradients" in the file
    assert [slot.session for slot in batch] == ["Poster session 2", "Poster session 11"]
    predicting = slots_of(with_calendar, "https://icml.cc/virtual/2020/poster/6707")
    assert predicting[0].title == "Predicting deliberative outcomes"  # " Predicting …"
    (mausam, _) = slots_of(with_calendar, "https://icml.cc/virtual/2020/poster/5784")
    assert mausam.title == "Generalized Neural Policies for Relational MDPs"
    assert mausam.authors == ("Sankalp Garg", "Aniket Bajpai", "Mausam")  # "Mausam  "
    everyone = {name for item in items_of(with_calendar) for name in item.authors}
    assert not any("  " in name or name != name.strip() for name in everyone)


def test_poster_sessions_from_the_calendar(with_calendar):
    (session,) = sessions_titled(with_calendar, "Poster session 49")
    assert (session.kind, session.conference, session.year, session.room) == (
        "poster-session", "ICML", 2020, None
    )  # fmt: skip
    assert span(session) == ("2020-07-17T00:00:00+00:00", "2020-07-17T00:45:00+00:00")
    assert session.url == "https://icml.cc/virtual/2020/session/16_12.html"
    assert len(session.items) == 83
    assert {(i.start, i.end) for i in session.items} == {(session.start, session.end)}
    # A workshop starts with Poster session 2: the papers go to the poster session.
    (posters,) = sessions_titled(with_calendar, "Poster session 2")
    assert len(posters.items) == 48 and {i.kind for i in posters.items} == {"poster"}
    queer = sessions_titled(with_calendar, "Queer in AI")
    assert [(s.start.isoformat(), len(s.items)) for s in queer][:3] == [
        ("2020-07-13T21:00:00+00:00", 1),
        ("2020-07-14T15:00:00+00:00", 1),
        ("2020-07-15T18:00:00+00:00", 1),
    ]


def test_tutorial_group_2_twice_and_sessions_crossing_midnight_utc(with_calendar):
    twice = sessions_titled(with_calendar, "Tutorial Group 2")
    assert [span(session) for session in twice] == [
        ("2020-07-13T12:00:00+00:00", "2020-07-13T15:00:00+00:00"),
        ("2020-07-13T22:00:00+00:00", "2020-07-14T01:00:00+00:00"),  # over midnight UTC
    ]
    assert len({session.id for session in twice}) == 2
    for session in twice:
        (item,) = session.items
        assert (item.kind, item.title, item.url) == (
            "tutorial", "Tutorial Group 2", "https://icml.cc/virtual/2020/events/Tutorial"
        )  # fmt: skip
        assert (item.start, item.end) == (session.start, session.end)
    social = sessions_titled(with_calendar, "Invited talk & Panel: Social Good")
    assert [span(session) for session in social] == [
        ("2020-07-14T12:00:00+00:00", "2020-07-14T13:45:00+00:00"),
        ("2020-07-14T23:00:00+00:00", "2020-07-15T00:45:00+00:00"),
    ]
    assert [s.items[0].kind for s in social] == ["invited-talk", "invited-talk"]
    (workshops,) = sessions_titled(with_calendar, "Workshops")
    assert span(workshops) == ("2020-07-17T12:00:00+00:00", "2020-07-19T12:00:00+00:00")


def test_an_event_with_two_links(with_calendar):
    first, _ = sessions_titled(with_calendar, "Welcome & Paper awards")
    (item,) = first.items
    assert (item.kind, item.url, item.links) == (
        "event",
        "https://icml.cc/virtual/2020/awards.html",
        (("link-2", "https://us02web.zoom.us/j/83620083676"),),
    )


def test_warnings_with_the_calendar(with_calendar):
    warnings = [w for page in with_calendar.pages for w in page.page.warnings]
    assert warnings == ["the calendar gives no authors or abstracts for its 26 events"]


# --- without the calendar, or the calendar alone ---------------------------------------------


def test_papers_without_their_calendar_are_named_by_their_start(tmp_path):
    report = read(alone(tmp_path, PAPERS))
    assert len(report.sessions) == POSTER_SESSIONS
    assert len(items_of(report)) == 2 * PAPERS_COUNT
    first = report.sessions[0]
    assert first.title == "ICML 2020 · Posters · Tue 14 Jul 14:00 UTC"
    assert (first.start.isoformat(), first.end) == ("2020-07-14T14:00:00+00:00", None)
    assert len(first.items) == 114
    assert report.pages[0].page.warnings == [
        "no calendar beside the papers (icml2020_calendar.json): 58 poster session(s) named "
        "by their start, their ends unknown"
    ]
    late = [s for s in report.sessions if s.start.isoformat() == "2020-07-17T00:00:00+00:00"]
    assert [s.title for s in late] == ["ICML 2020 · Posters · Fri 17 Jul 00:00 UTC"]


def test_a_papers_file_named_without_its_year(tmp_path):
    """'icml_papers.json' names the conference but not the year."""
    report = read(alone(tmp_path, PAPERS, "icml_papers.json"))
    first = report.sessions[0]
    assert (first.title, first.conference, first.year) == (
        "ICML · Posters · Tue 14 Jul 14:00 UTC", "ICML", None
    )  # fmt: skip
    assert first.items[0].url is None  # the platform's links need the year
    assert report.pages[0].page.warnings[-1] == "conference year unknown (give --year)"
    given = read(alone(tmp_path, PAPERS, "icml_papers.json"), year=2020)
    assert given.sessions[0].title == "ICML 2020 · Posters · Tue 14 Jul 14:00 UTC"
    assert given.sessions[0].items[0].url.startswith("https://icml.cc/virtual/2020/poster/")


def test_the_platform_naming_finds_the_calendar_without_a_year(tmp_path):
    papers = alone(tmp_path, PAPERS, "icml_papers.json")
    shutil.copy(CALENDAR, papers.with_name("icml_calendar.json"))
    report = read(papers)
    assert len(report.sessions) == CALENDAR_SESSIONS
    assert {(s.conference, s.year) for s in report.sessions} == {("ICML", 2020)}  # its links


def test_papers_and_calendar_named_together_read_the_calendar_once(tmp_path):
    report = read(PAPERS, CALENDAR)
    assert len(report.sessions) == CALENDAR_SESSIONS
    assert {page.source for page in report.pages} == {str(PAPERS)}
    papers = alone(tmp_path, PAPERS)
    shutil.copy(CALENDAR, papers.with_name(CALENDAR.name))
    spelled_otherwise = f"{papers.parent}/./{CALENDAR.name}"
    report = read_pages([spelled_otherwise, str(papers)], ReadOptions())
    assert not report.failures and len(report.sessions) == CALENDAR_SESSIONS


def test_the_calendar_alone_gives_its_sessions(tmp_path):
    report = read(alone(tmp_path, CALENDAR))
    assert len(report.sessions) == CALENDAR_SESSIONS
    kinds = Counter(session.kind for session in report.sessions)
    assert kinds == {"poster-session": POSTER_SESSIONS, **EVENT_KINDS}
    posters = [s for s in report.sessions if s.kind == "poster-session"]
    assert all(not session.items for session in posters)
    assert len(items_of(report)) == EVENTS
    (session,) = sessions_titled(report, "Poster session 49")
    assert span(session) == ("2020-07-17T00:00:00+00:00", "2020-07-17T00:45:00+00:00")
    assert len(sessions_titled(report, "Tutorial Group 2")) == 2
    assert report.pages[0].page.warnings == [
        "58 poster session(s) without their papers (read icml2020_papers.json beside the calendar)",
        "the calendar gives no authors or abstracts for its 26 events",
    ]


# --- what other instances bring -------------------------------------------------------------


def paper(paper_id, title, *sessions, **content) -> dict:
    return {
        "id": paper_id,
        "content": {"title": title, "authors": ["A  B"], "session": list(sessions), **content},
    }


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_times_with_a_t_or_a_zone_name_the_same_session(tmp_path):
    papers = [
        paper(1, "One", "2021-05-03 14:00:00+00:00", "2021-05-04T16:00:00+02:00"),
        paper(2, "Two", "2021-05-03T14:00:00Z", "2021-05-04 14:00:00+00:00"),
    ]
    report = read(write(tmp_path, "iclr2021_papers.json", papers))
    assert [(s.title, len(s.items)) for s in report.sessions] == [
        ("ICLR 2021 · Posters · Mon 3 May 14:00 UTC", 2),
        ("ICLR 2021 · Posters · Tue 4 May 16:00 UTC+02:00", 2),
    ]
    assert report.sessions[1].start.isoformat() == "2021-05-04T16:00:00+02:00"


def test_papers_with_missing_fields(tmp_path):
    papers = [
        paper(1, " Full  Paper ", "2021-05-03 14:00:00+00:00", abstract="", TLDR="Short."),
        paper(2, "No Session"),
        {"id": 3, "content": {"title": "Nothing Else"}},
        paper(4, "Naive Time", "2021-05-03 15:00:00"),
        {"id": 5},
        {"content": {"title": "No Id"}},
        paper(6, "", "2021-05-03 14:00:00+00:00"),
        paper(1, "Full Paper Again", "2021-05-03 14:00:00+00:00"),
        "not a paper",
    ]
    report = read(write(tmp_path, "iclr2021_papers.json", papers))
    sessions = {
        s.title: [(i.title, i.authors, i.abstract) for i in s.items] for s in report.sessions
    }
    assert sessions == {  # a time without an offset: in the venue's zone (virtual: UTC)
        "ICLR 2021 · Posters · Mon 3 May 14:00 UTC": [("Full Paper", ("A B",), "Short.")],
        "ICLR 2021 · Posters · Mon 3 May 15:00 UTC": [("Naive Time", ("A B",), None)],
        "ICLR 2021 · Posters (unscheduled)": [
            ("No Session", ("A B",), None),
            ("Nothing Else", (), None),
        ],
    }
    assert report.pages[0].page.warnings[:6] == [
        "times have no zone: assumed UTC (ICLR 2021, virtual)",
        "skipped 2 paper(s) without their content",
        "skipped 1 paper(s) without an id",
        "skipped 1 paper(s) without a title",
        "skipped 1 paper(s) listed twice",
        "no calendar beside the papers (iclr2021_calendar.json): 3 poster session(s) named by "
        "their start, their ends unknown",
    ]


def test_a_session_time_without_an_offset_where_no_zone_is_known_names_the_session(tmp_path):
    """No venue (the name gives no conference) and no --page-tz: the time would be a guess."""
    papers = [paper(1, "One", "2021-05-03 14:00:00+00:00"), paper(4, "Naive", "2021-05-03 15:00")]
    report = read(write(tmp_path, "conf_papers.json", papers), year=2021)
    titles = [session.title for session in report.sessions]
    assert titles == ["2021 · Posters · Mon 3 May 14:00 UTC", "2021 · Posters · 2021-05-03 15:00"]
    assert report.sessions[1].start is None
    untimed = (
        "1 poster session(s) without a time with its offset (e.g. '2021-05-03 15:00'): "
        "named as the file gives them, untimed"
    )
    assert untimed in report.pages[0].page.warnings
    assert not any("assumed" in warning for warning in report.pages[0].page.warnings)


def test_sessions_named_by_title_find_their_calendar_entry(tmp_path):
    papers = [paper(1, "One", "Session 3"), paper(2, "Two", "Session 9")]
    calendar = [
        {"title": "Session 3", "start": "2020-04-27T05:00:00+00:00",
         "end": "2020-04-27T07:00:00+00:00", "calendarId": "poster", "link": ""},
    ]  # fmt: skip
    path = write(tmp_path, "iclr2020_papers.json", papers)
    write(tmp_path, "iclr2020_calendar.json", calendar)
    report = read(path)
    assert [(s.title, s.start and s.start.isoformat(), len(s.items)) for s in report.sessions] == [
        ("Session 3", "2020-04-27T05:00:00+00:00", 1),
        ("ICLR 2020 · Posters · Session 9", None, 1),
    ]
    assert (
        "1 poster session(s) not in the calendar: named by start" in report.pages[0].page.warnings
    )


def test_a_broken_calendar_beside_the_papers_is_named(tmp_path):
    path = write(tmp_path, "icml2020_papers.json", [paper(1, "One", "2020-07-14 14:00:00+00:00")])
    (tmp_path / "icml2020_calendar.json").write_text('[{"calendarId": "poster", ')
    result = run_cli("parse", str(path))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: {path}: broken calendar beside the papers (icml2020_calendar.json) "
        "(line 1 column 27: Expecting property name enclosed in double quotes)\n"
    )


def test_a_session_given_as_one_string(tmp_path):
    papers = [{"id": 1, "content": {"title": "One", "session": "2020-07-14 14:00:00+00:00"}}]
    (session,) = read(write(tmp_path, "icml2020_papers.json", papers)).sessions
    assert (session.title, len(session.items)) == ("ICML 2020 · Posters · Tue 14 Jul 14:00 UTC", 1)


def test_sniffing_hostile_heads_takes_linear_time():
    """One pattern with two '[\\s\\S]*?' took 3 s on this 64 KiB head."""
    for head in ("[{" + '"content":{' * 6000, "[{" + '"speakers/author' * 5000):
        started = time.perf_counter()
        assert not sniff(head[:65536]) and not downloads_sniff(head[:65536])
        assert time.perf_counter() - started < 0.2


def test_sniff_claims_both_files_and_nothing_else():
    assert sniff(PAPERS.read_text(encoding="utf-8")[:65536])
    assert sniff(CALENDAR.read_text(encoding="utf-8")[:65536])
    export = REAL / "icml2024_events_download_subset.json"
    assert not sniff(export.read_text(encoding="utf-8")[:65536])
    assert not sniff('{"count": 1, "results": [{"id": 1, "name": "x"}]}')
    assert not sniff('[{"schema_version": 1, "id": "x", "title": "y", "items": []}]')
    assert calendar_sidecar("[]") is None
    assert read_platform2020('[{"id": 1, "name": "x"}]', PageContext()) is None


# --- the command line -------------------------------------------------------------------------


def test_parse_and_list_on_the_command_line(tmp_path):
    result = run_cli("parse", str(PAPERS))
    assert result.code == ExitCode.OK, result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"confcli: stored {CALENDAR_SESSIONS} session(s), {2 * PAPERS_COUNT + EVENTS} item(s)"
    )
    listing = run_cli("list", "--json").json
    assert len(listing) == CALENDAR_SESSIONS
    assert sum(session["item_count"] for session in listing) == 2 * PAPERS_COUNT + EVENTS
    assert [s["title"] for s in listing].count("Tutorial Group 2") == 2
    calendar = run_cli("parse", str(alone(tmp_path, CALENDAR)))
    assert calendar.code == ExitCode.OK, calendar.stderr
    listing = run_cli("list", "--json").json
    assert len(listing) == CALENDAR_SESSIONS  # the same sessions, read again: not doubled
    # ... and its poster sessions, which hold no papers, did not empty the stored ones.
    assert sum(session["item_count"] for session in listing) == 2 * PAPERS_COUNT + EVENTS
