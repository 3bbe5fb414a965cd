"""The sites' whole-conference JSON feed (docs/formats.md §4) and its abstracts sidecar, on
the fixture written by tests/fixtures/make_feed.py and on small inline feeds."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli
from library_support import without_topics

from confcli.errors import BadInputError, ExitCode
from confcli.readers.feed import paper_ids, read_abstracts, unescape
from confcli.readers.reading import ReadOptions, read_input, read_pages
from confcli.readers.sources import PageInput
from confcli.store.library import Library
from confcli.store.schema import LIBRARY_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
FEED = FIXTURES / "feed" / "iclr-2024-orals-posters.json"
SIDECAR = FIXTURES / "feed" / "iclr-2024-abstracts.json"
SESSION_TITLES = [
    "Oral 1A", "Oral 1B", "Poster Session 1", "Poster Session 2", "Oral 2A", "Oral 2B",
    "Poster Session 3", "Poster Session 4", "Oral 3A", "Oral 3B", "Poster Session 5",
    "Poster Session 6",
]  # fmt: skip
FEED_WARNINGS = [
    "the feed's count says 275 records, 269 are present",
    "skipped 5 record(s) marked not visible",
]


def read_feed_file(*paths: Path, **options):
    report = read_pages([str(path) for path in paths], ReadOptions(**options))
    assert not report.failures, report.failures
    return report


def all_items(report):
    return [item for session in report.sessions for item in session.items]


def feed_copy(tmp_path: Path, name: str = FEED.name) -> Path:
    """The fixture feed alone in a directory (no sidecar next to it), under ``name``."""
    target = tmp_path / "alone" / name
    target.parent.mkdir()
    shutil.copy(FEED, target)
    return target


def inline_feed(
    tmp_path: Path, results: list, name: str = "neurips-2023-orals-posters.json", **top
):
    path = tmp_path / name
    path.write_text(json.dumps({"count": len(results), **top, "results": results}))
    return path


def record(event_id: int, name: str, session: str = "Poster Session 1", **fields) -> dict:
    return {
        "id": event_id,
        "name": name,
        "authors": [{"id": 1, "fullname": "Ada Lovelace", "url": "", "institution": "UCL"}],
        "abstract": "An abstract.",
        "session": session,
        "eventtype": "Poster",
        "virtualsite_url": f"/virtual/2023/poster/{event_id}",
        "starttime": "2023-12-12T10:45:00-06:00",
        "endtime": "2023-12-12T12:45:00-06:00",
        "visible": True,
        **fields,
    }


# --- the fixture ------------------------------------------------------------------------------


def test_the_fixture_is_what_make_feed_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_feed", FIXTURES / "make_feed.py")
    make_feed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_feed)
    for written in make_feed.write(tmp_path):
        assert written.read_bytes() == (FEED.parent / written.name).read_bytes()


def test_one_session_per_session_value_in_programme_order():
    report = read_feed_file(FEED)
    assert [page.page.shape for page in report.pages] == ["feed"] * 12
    assert [session.title for session in report.sessions] == SESSION_TITLES
    assert [len(session.items) for session in report.sessions] == [4, 4, 40, 40] * 3
    assert Counter(item.kind for item in all_items(report)) == {"poster": 240, "oral": 24}
    assert report.pages[0].page.warnings == FEED_WARNINGS


def test_session_fields():
    oral, _, posters = read_feed_file(FEED).sessions[:3]
    assert (oral.id, oral.kind, oral.room, oral.conference, oral.year) == (
        "iclr2024-oral-1a-abeee1", "oral-session", "Halle A 7", "ICLR", 2024,
    )  # fmt: skip
    assert (oral.start.isoformat(), oral.end.isoformat()) == (
        "2024-05-08T10:00:00+02:00", "2024-05-08T11:00:00+02:00",
    )  # fmt: skip
    assert (posters.id, posters.kind, posters.room) == (
        "iclr2024-poster-session-1-12e8c1", "poster-session", "Halle B",
    )  # fmt: skip


def test_an_oral_with_its_times_room_decision_and_links():
    oral = read_feed_file(FEED).sessions[0].items[0]
    assert (oral.id, oral.kind, oral.position, oral.title) == (
        "27968fd2016c", "oral", 1, "Hierarchical Transformers for Theorem Proving",
    )  # fmt: skip
    assert oral.authors == ("Chen García",)
    assert (oral.start.isoformat(), oral.end.isoformat()) == (
        "2024-05-08T10:00:00+02:00", "2024-05-08T10:15:00+02:00",
    )  # fmt: skip
    assert (oral.room, oral.poster, oral.decision) == ("Halle A 7", None, "Accept (oral)")
    assert oral.url == "https://iclr.cc/virtual/2024/oral/19700"
    assert dict(oral.links) == {
        "paper": "https://openreview.net/forum?id=mGv01hC22u",
        "pdf": "https://openreview.net/pdf?id=mGv01hC22u",
        "slides": "https://iclr.cc/media/iclr-2024/Slides/19700.pdf",
    }  # the video is marked not visible
    assert oral.source == str(FEED)


def test_posters_in_poster_number_order_with_the_hash_form():
    posters = read_feed_file(FEED).sessions[2].items
    numbers = [int(item.poster.removeprefix("#")) for item in posters]
    assert numbers == sorted(numbers) and all(item.poster.startswith("#") for item in posters)
    first = posters[0]
    assert (first.id, first.poster, first.room, first.decision) == (
        "f7dad90d54b8", "#30", "Halle B", "Accept (poster)",
    )  # fmt: skip
    assert dict(first.links)["poster"] == "https://iclr.cc/media/PosterPDFs/ICLR%202024/19124.png"


def test_records_marked_not_visible_are_left_out():
    urls = {item.url for item in all_items(read_feed_file(FEED))}
    assert len(urls) == 264
    assert not any(url.rsplit("/", 1)[1].startswith("199") for url in urls)


def test_entities_are_decoded_to_a_fixed_point():
    items = all_items(read_feed_file(FEED))
    names = {name for item in items for name in item.authors}
    assert {"Ana D'souza", "Chen O'Brien", "Ana González", "Chen Núñez"} <= names
    assert not any("&" in name for name in names)
    titles = {item.title for item in items}
    assert {
        "Don't Trust Your Critic: Value Errors in Offline RL",
        '"Attention" Is Not Explanation, Again',
        'Schr\\"{o}dinger Bridges & Flows',
    } <= titles
    assert unescape("D&amp;amp;#x27;souza") == "D'souza"


def test_an_oral_and_its_poster_are_two_slots_of_one_paper():
    items = all_items(read_feed_file(FEED))
    by_paper = Counter(item.paper_id for item in items)
    for oral in (item for item in items if item.kind == "oral"):
        (poster,) = [i for i in items if i.paper_id == oral.paper_id and i.kind == "poster"]
        assert by_paper[oral.paper_id] == 2 and poster.session.startswith("Poster Session")
    assert sum(1 for count in by_paper.values() if count == 2) == 24


def test_related_ids_link_slots_whose_titles_differ():
    records = [
        record(1, "Sparse Flows", eventtype="Poster"),
        record(2, "Sparse Flows (Extended)", eventtype="Oral", related_events_ids=[1]),
        record(3, "SPARSE-FLOWS", eventtype="Oral"),  # titled alike: the same paper
        record(4, "Dense Flows"),
        record(5, "Dense Flows Revisited", related_events_ids=[99]),  # not in the feed
    ]
    ids = paper_ids(records)
    assert ids["1"] == ids["2"] == ids["3"]
    assert "4" not in ids and "5" not in ids


def test_abstracts_come_from_the_sidecar_next_to_the_feed(tmp_path):
    def without_abstract(report):
        return sum(1 for item in all_items(report) if not item.abstract)

    assert without_abstract(read_feed_file(FEED)) == 3
    alone = feed_copy(tmp_path)
    assert without_abstract(read_feed_file(alone)) == 117
    elsewhere = tmp_path / "sidecar.json"
    shutil.copy(SIDECAR, elsewhere)
    for order in ((alone, elsewhere), (elsewhere, alone)):  # named on the command line
        report = read_feed_file(*order)
        assert without_abstract(report) == 3 and len(report.sessions) == 12


def test_a_sidecar_of_another_conference_is_not_used(tmp_path):
    alone = feed_copy(tmp_path)
    other = tmp_path / "icml-2024-abstracts.json"
    shutil.copy(SIDECAR, other)
    report = read_feed_file(alone, other)
    assert sum(1 for item in all_items(report) if not item.abstract) == 117


def test_a_sidecar_without_its_feed_is_an_error(tmp_path):
    result = run_cli("parse", str(SIDECAR), str(SAMPLES / "iclr2021-oral-session-7.txt"))
    assert result.code == ExitCode.PARTIAL
    assert result.stderr.splitlines()[0] == (
        f"confcli: error: {SIDECAR}: an abstracts file without its feed "
        "(give the -orals-posters.json too)"
    )


def test_sidecar_shapes():
    assert read_abstracts('{"12": "One &amp;amp; two", "13": {"abstract": "Three"}}') == {
        "12": "One & two",
        "13": "Three",
    }
    assert read_abstracts('[{"id": 7, "abstract": "Seven"}]') == {"7": "Seven"}
    assert read_abstracts('{"count": 1, "results": []}') is None


# --- conference, year and links ---------------------------------------------------------------


def test_conference_and_year_from_the_file_name_win_over_the_user(tmp_path):
    session = read_feed_file(FEED, conference="ICML", year=2030).sessions[0]
    assert (session.conference, session.year) == ("ICLR", 2024)


def test_year_from_the_links_when_the_name_says_nothing(tmp_path):
    renamed = feed_copy(tmp_path, "programme.json")
    session = read_feed_file(renamed).sessions[0]
    assert (session.conference, session.year, session.id) == (None, 2024, "conf2024-oral-1a-944f89")
    assert session.items[0].url == "/virtual/2024/oral/19700"  # no site known: left relative
    given = read_feed_file(renamed, conference="ICLR").sessions[0]
    assert (given.conference, given.id) == ("ICLR", "iclr2024-oral-1a-abeee1")
    assert given.items[0].url == "https://iclr.cc/virtual/2024/oral/19700"


def test_base_url_makes_the_links_absolute():
    oral = read_feed_file(FEED, base_url="https://mirror.example/iclr/").sessions[0].items[0]
    assert oral.url == "https://mirror.example/virtual/2024/oral/19700"
    assert dict(oral.links)["slides"] == "https://mirror.example/media/iclr-2024/Slides/19700.pdf"
    assert dict(oral.links)["paper"] == "https://openreview.net/forum?id=mGv01hC22u"


# --- quirks, on small feeds -------------------------------------------------------------------


def test_quirks_are_told_once_on_the_first_page(tmp_path):
    results = [
        record(1, "A", starttime="2023-12-12T10:45:00"),  # no offset: the venue's zone, told
        record(1, "A again"),
        record(2, "", session=""),
        record(3, "Hidden", visible=False),
        "not a record",
        record(4, "Unplaced", session=None, poster_position=17),
    ]
    path = inline_feed(tmp_path, results, count=9)
    pages = read_input(PageInput(str(path), path.read_text()), ReadOptions())
    assert [page.session.title for page in pages] == ["Poster Session 1", "Unscheduled"]
    assert pages[0].warnings == [
        "times have no zone: assumed America/Chicago (NeurIPS 2023, New Orleans)",
        "the feed's count says 9 records, 6 are present",
        "skipped 1 record(s) listed twice",
        "skipped 1 record(s) without a title",
        "skipped 1 record(s) marked not visible",
        "skipped 1 record(s) without an id",
    ]
    zoneless, unplaced = pages[0].session.items[0], pages[1].session.items[0]
    assert (zoneless.start.isoformat(), str(zoneless.start.tzinfo)) == (
        "2023-12-12T10:45:00-06:00", "America/Chicago",
    )  # fmt: skip
    assert (zoneless.conference, zoneless.year) == ("NeurIPS", 2023)
    assert (unplaced.poster, unplaced.url) == ("#17", "https://neurips.cc/virtual/2023/poster/4")


def test_a_time_without_an_offset_is_left_out_where_no_zone_is_known(tmp_path):
    """A feed whose venue is unknown (no conference in its name) and no --page-tz: a time
    without an offset would be a guess; a session whose slots have no time comes last."""
    results = [record(1, "A", starttime="2023-12-12T10:45:00"), record(4, "B", session="Other")]
    path = inline_feed(tmp_path, results, name="feed.json")
    pages = read_input(PageInput(str(path), path.read_text()), ReadOptions())
    assert [page.session.title for page in pages] == ["Other", "Poster Session 1"]
    assert pages[0].warnings == ["1 time(s) without a readable offset left out"]
    untimed = pages[1].session.items[0]
    assert (untimed.start, untimed.end, untimed.conference, untimed.year) == (
        None,
        None,
        None,
        2023,
    )


def test_a_bare_results_list_is_a_feed(tmp_path):
    path = tmp_path / "neurips-2023-orals-posters.json"
    path.write_text(json.dumps([record(1, "A"), record(2, "B", session="Poster Session 2")]))
    report = read_feed_file(path)
    assert [session.title for session in report.sessions] == [
        "Poster Session 1",
        "Poster Session 2",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"count": 1, "results": [}', "broken JSON feed (line 1 column 26: Expecting value)"),
        ('{"count": 0, "results": []}', "the feed holds no record to read (it is empty)"),
    ],
)
def test_feed_errors(tmp_path, text, message):
    path = tmp_path / "feed.json"
    path.write_text(text)
    with pytest.raises(BadInputError) as error:
        read_input(PageInput(str(path), text), ReadOptions())
    assert error.value.message == message


# --- the command line and the library ---------------------------------------------------------


def test_parse_a_feed_on_the_command_line(isolated_library):
    result = run_cli("parse", str(FEED))
    assert result.code == ExitCode.OK, result.stderr
    assert result.stderr.splitlines() == [
        f"confcli: warning: {FEED}: Oral 1A: the feed's count says 275 records, 269 are present",
        f"confcli: warning: {FEED}: Oral 1A: skipped 5 record(s) marked not visible",
        f"confcli: warning: {FEED}: Poster Session 4: 1 item(s) without an abstract",
        f"confcli: warning: {FEED}: Poster Session 5: 2 item(s) without an abstract",
        f"confcli: stored 12 session(s), 264 item(s) in {isolated_library}",
    ]
    listed = run_cli("list", "--json").json
    assert [session["title"] for session in listed] == SESSION_TITLES
    assert listed[0]["items"][0]["links"]["paper"] == "https://openreview.net/forum?id=mGv01hC22u"


def test_parse_json_reports_every_session_of_the_feed():
    result = run_cli("parse", str(FEED), "--json")
    assert result.code == ExitCode.OK
    assert [session["item_count"] for session in result.json] == [4, 4, 40, 40] * 3


def test_links_are_kept_by_the_library(tmp_path):
    sessions = read_feed_file(FEED).sessions
    with Library(tmp_path / "lib.sqlite") as library:
        library.store(sessions)
        stored = library.session(sessions[0].id)
    assert stored == sessions[0]


def test_a_version_1_library_gains_the_links_column(tmp_path):
    path = tmp_path / "old.sqlite"
    with Library(path):
        pass
    with sqlite3.connect(path) as db:  # as confcli 0.1 left it: no links column
        without_topics(db)  # (nor the columns a later step added)
        db.execute("ALTER TABLE items DROP COLUMN links")
        db.execute("ALTER TABLE items DROP COLUMN site_id")  # nor site ids (version 4)
        db.execute("ALTER TABLE sessions DROP COLUMN site_id")
        db.execute("ALTER TABLE items DROP COLUMN source_record")  # nor records (version 9)
        db.execute("ALTER TABLE sessions DROP COLUMN source_record")
        db.execute("PRAGMA user_version = 1")
    with Library(path) as library:
        version = library.connection.execute("PRAGMA user_version").fetchone()[0]
        library.store(read_feed_file(FEED).sessions[:1])
        oral = library.items_of("iclr2024-oral-1a-abeee1")[0]
    assert version == LIBRARY_VERSION and dict(oral.links)["slides"].endswith("/19700.pdf")
