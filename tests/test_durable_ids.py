"""Durable identity: ids from the site's own event ids, else from titles, never from times,
rooms, places in a list, poster numbers or file names; and the site ids kept in the library
(version 4, upgraded in place from version 3)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_FILES, SAMPLES, run_cli
from library_support import SCHEMA_V3, sound
from pagegen.captures import CAPTURES
from pagegen.html_pages import FIXTURES as HTML_FIXTURES

from confcli import model
from confcli.errors import ExitCode
from confcli.model import Item, Session
from confcli.readers.build import ItemDraft, PageContext, SessionDraft, build_sessions
from confcli.readers.html import read_html_session
from confcli.readers.reading import ReadOptions, read_pages
from confcli.store import Library
from confcli.store.schema import LIBRARY_VERSION

FEED = REPO / "tests" / "fixtures" / "feed" / "iclr-2024-orals-posters.json"
DEEP_LEARNING = SAMPLES / "icml2022-deep-learning.txt"
ORAL_SESSION_7 = SAMPLES / "iclr2021-oral-session-7.txt"
THURSDAY_7_35 = datetime.fromisoformat("2022-07-21T07:35:00-07:00")
FRIDAY_9_00 = datetime.fromisoformat("2022-07-22T09:00:00-07:00")


def sessions_of(*paths: Path | str, **options) -> list[Session]:
    report = read_pages([str(path) for path in paths], ReadOptions(**options))
    assert not report.failures, report.failures
    return report.sessions


def ids(sessions: list[Session]) -> list[tuple[str, list[str]]]:
    return [(session.id, [item.id for item in session.items]) for session in sessions]


def slot(sessions: list[Session], session: str, title: str) -> Item:
    """The one item of that title in the session of that title."""
    (found,) = [
        item
        for item in (item for each in sessions for item in each.items)
        if item.session == session and item.title == title
    ]
    return found


# --- the same page again, moved, renamed ----------------------------------------------------

EVERY_SHAPE = [
    *SAMPLE_FILES,
    *sorted(HTML_FIXTURES.glob("*.html")),
    *sorted(CAPTURES.iterdir()),
    FEED,
]


@pytest.mark.parametrize("path", EVERY_SHAPE, ids=lambda path: path.name)
def test_a_page_read_again_gives_the_same_ids(path):
    first, again = sessions_of(path), sessions_of(path)
    assert ids(first) == ids(again)
    every = [item.id for session in first for item in session.items]
    assert len(set(every)) == len(every)  # and no two slots share one
    assert len({session.id for session in first}) == len(first)


def moved_feed(tmp_path: Path) -> Path:
    """The feed with its oral 19707 moved a day on and into another hall."""
    document = json.loads(FEED.read_text(encoding="utf-8"))
    (record,) = [record for record in document["results"] if record["id"] == 19707]
    record["starttime"], record["endtime"] = (
        "2024-05-09T14:00:00+02:00",
        "2024-05-09T14:15:00+02:00",
    )
    record["room_name"] = "Stolz 2"
    target = tmp_path / "moved" / FEED.name
    target.parent.mkdir()
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def test_a_moved_feed_record_keeps_its_item_and_session_ids(tmp_path):
    before, after = sessions_of(FEED), sessions_of(moved_feed(tmp_path))
    title = "Implicit Representations: A Study of Tabular Data"
    old, new = slot(before, "Oral 1B", title), slot(after, "Oral 1B", title)
    assert (old.start.isoformat(), old.room) == ("2024-05-08T10:45:00+02:00", "Halle A 8")
    assert (new.start.isoformat(), new.room) == ("2024-05-09T14:00:00+02:00", "Stolz 2")
    assert (new.id, new.session_id, new.site_id) == (old.id, old.session_id, old.site_id)
    assert new.site_id == "19707"
    assert new.id == model.item_id("ICLR", 2024, "19707", new.session_id, "oral", title, 0)
    assert ids(after) == ids(before)  # no other id moved either


def moved_text_page(tmp_path: Path, name: str = DEEP_LEARNING.name) -> Path:
    """The ICML 2022 page with its second slot moved a day on, its first two slots swapped
    on the page, and the session in another room."""
    text = DEEP_LEARNING.read_text(encoding="utf-8")
    first = text.index("Thu 21 July 7:30 - 7:35 PDT")
    second = text.index("Thu 21 July 7:35 - 7:40 PDT")
    third = text.index("Thu 21 July 7:40 - 7:45 PDT")
    slot_1, slot_2 = text[first:second], text[second:third]
    slot_2 = slot_2.replace("Thu 21 July 7:35 - 7:40 PDT", "Fri 22 July 9:00 - 9:05 PDT")
    text = text[:first] + slot_2 + slot_1 + text[third:]
    text = text.replace("\nBallroom 1 & 2\n", "\nHall F\n", 1)
    target = tmp_path / "moved" / name
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    return target


def test_a_moved_slot_on_a_text_page_keeps_its_item_and_session_ids(tmp_path):
    (before,) = sessions_of(DEEP_LEARNING)
    (after,) = sessions_of(moved_text_page(tmp_path))
    title = "Fighting Fire with Fire: Avoiding DNN Shortcuts through Priming"
    old, new = slot([before], "Deep Learning", title), slot([after], "Deep Learning", title)
    assert (old.start, old.room, old.position) == (THURSDAY_7_35, "Ballroom 1 & 2", 2)
    assert (new.start, new.room, new.position) == (FRIDAY_9_00, "Hall F", 1)
    assert after.room == "Hall F" and after.id == before.id
    assert (new.id, new.session_id, new.site_id) == (old.id, old.session_id, None)
    assert new.id == model.item_id("ICML", 2022, None, before.id, "spotlight", title, 0)
    assert before.id == model.session_id("ICML", 2022, "Deep Learning")
    assert sorted(item.id for item in after.items) == sorted(item.id for item in before.items)


def calendar_ids(library: Path, page: Path) -> dict[str, tuple[str, str, str]]:
    """Title -> (ICS UID, frab guid, frab start) of each timed item of the page."""
    parsed = run_cli("parse", "--library", str(library), str(page))
    assert parsed.code == ExitCode.OK, parsed.stderr
    ics = run_cli("export", "-f", "ics", "--library", str(library)).stdout.replace("\r\n ", "")
    uids = re.findall(r"^UID:(.*?)\r?$", ics, re.MULTILINE)
    frab = json.loads(run_cli("export", "-f", "frab", "--library", str(library)).stdout)
    events = [
        event
        for day in frab["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for event in room
    ]
    assert len(uids) == len(events) == 14
    by_title = {event["title"]: event for event in events}
    listed = run_cli("list", "--session", "Deep Learning", "--json", "--library", str(library))
    found = {}
    for item in listed.json:
        uid = f"{item['id']}-{item['kind']}@confcli"
        assert uid in uids
        event = by_title[item["title"]]
        found[item["title"]] = (uid, event["guid"], event["date"])
    return found


def test_calendar_uid_and_frab_guid_stay_when_a_slot_moves(tmp_path):
    before = calendar_ids(tmp_path / "before.sqlite", DEEP_LEARNING)
    after = calendar_ids(tmp_path / "after.sqlite", moved_text_page(tmp_path))
    title = "Fighting Fire with Fire: Avoiding DNN Shortcuts through Priming"
    assert datetime.fromisoformat(before[title][2]) == THURSDAY_7_35
    assert datetime.fromisoformat(after[title][2]) == FRIDAY_9_00
    assert {name: found[:2] for name, found in after.items()} == {
        name: found[:2] for name, found in before.items()
    }


def test_a_copy_under_another_name_with_conference_and_year_gives_the_same_ids(tmp_path):
    for sample in SAMPLE_FILES:
        copy = tmp_path / f"copy of {sample.stem[::-1]}.txt"  # a name that tells nothing
        copy.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
        (original,) = sessions_of(sample)
        (named,) = sessions_of(copy, conference=original.conference, year=original.year)
        assert ids([named]) == ids([original]), sample.name
        assert named.source != original.source
    moved = moved_feed(tmp_path)
    renamed = moved.with_name("programme.json")
    moved.rename(renamed)
    assert ids(sessions_of(renamed, conference="ICLR")) == ids(sessions_of(FEED))


# --- slots of one title, slots of one paper, sessions of one title --------------------------


def draft(title: str, kind: str = "Oral", **fields) -> ItemDraft:
    return ItemDraft(kind_label=kind, title=title, authors=["A. Author"], **fields)


def build(*drafts: SessionDraft) -> list[Session]:
    context = PageContext(source="page.txt", conference="ICLR", year=2021)
    return [page.session for page in build_sessions(list(drafts), context, "test")]


def test_slots_of_one_title_in_one_session_have_their_own_ids():
    (session,) = sessions_of(ORAL_SESSION_7)
    qas = [item for item in session.items if item.kind == "qa"]
    assert [item.title for item in qas] == ["Q&A"] * 3
    assert len({item.id for item in qas}) == 3
    twice = draft("Same Title")
    linked = draft("Linked", site_id="3013")
    (built,) = build(SessionDraft(title="Oral Session 1", items=[twice, twice, linked, linked]))
    occurrences = [(None, 0), (None, 1), ("3013", 0), ("3013", 1)]
    assert [item.id for item in built.items] == [
        model.item_id("ICLR", 2021, site_id, built.id, "oral", title, n)
        for (site_id, n), title in zip(
            occurrences, ["Same Title"] * 2 + ["Linked"] * 2, strict=True
        )
    ]
    assert len({item.id for item in built.items}) == 4


def test_an_oral_and_its_poster_are_two_slots_of_one_paper():
    feed = sessions_of(FEED)
    title = "Implicit Representations: A Study of Tabular Data"
    oral, poster = slot(feed, "Oral 1B", title), slot(feed, "Poster Session 2", title)
    assert (oral.kind, oral.site_id, poster.kind, poster.site_id) == (
        "oral",
        "19707",
        "poster",
        "19215",
    )
    assert oral.id != poster.id and oral.paper_id == poster.paper_id == model.paper_id(title)
    paper = "A Paper Shown Twice"  # pages without site ids: by title
    orals, posters = build(
        SessionDraft(title="Oral Session 1", items=[draft(paper)]),
        SessionDraft(title="Poster Session 3", items=[draft(paper, "Poster")]),
    )
    assert orals.items[0].id != posters.items[0].id
    assert orals.items[0].paper_id == posters.items[0].paper_id == model.paper_id(paper)


def at(day: int, hour: int) -> datetime:
    return datetime(2020, 7, day, hour, tzinfo=UTC)


def test_sessions_of_one_title_in_one_document_keep_their_dates():
    """ICML 2020's calendar lists 'Tutorial Group 2' twice, at different times."""
    first, other, second, third = build(
        SessionDraft(title="Tutorial Group 2", start=at(13, 15), items=[draft("T", "Tutorial")]),
        SessionDraft(title="Poster Session 49", start=at(14, 5), items=[draft("P", "Poster")]),
        SessionDraft(title="Tutorial Group 2", start=at(14, 2), items=[draft("T", "Tutorial")]),
        SessionDraft(title="tutorial group 2", start=at(14, 20), items=[draft("T", "Tutorial")]),
    )
    title = "Tutorial Group 2"
    assert first.id == model.session_id("ICLR", 2021, title, day=date(2020, 7, 13))
    assert second.id == model.session_id("ICLR", 2021, title, day=date(2020, 7, 14))
    assert third.id == model.session_id("ICLR", 2021, title, day=date(2020, 7, 14), occurrence=1)
    assert other.id == model.session_id("ICLR", 2021, "Poster Session 49")  # alone: no date
    assert first.id.startswith("iclr2021-tutorial-group-2-")
    assert len({first.items[0].id, second.items[0].id, third.items[0].id}) == 3
    (alone,) = build(SessionDraft(title=title, start=at(13, 15), items=[draft("T", "Tutorial")]))
    assert alone.id == model.session_id("ICLR", 2021, title)  # one of its title: no date


def test_a_session_id_comes_from_the_site_id_when_the_page_gives_one():
    linked, alone = build(
        SessionDraft(title="Tutorial Group 2", site_id="777", start=at(13, 15)),
        SessionDraft(title="Tutorial Group 2", start=at(14, 2)),
    )
    assert linked.id == model.session_id("ICLR", 2021, "Tutorial Group 2", "777")
    assert alone.id == model.session_id("ICLR", 2021, "Tutorial Group 2")
    assert (linked.site_id, alone.site_id) == ("777", None)


def test_an_html_session_without_a_bookmark_takes_its_site_id_from_its_address():
    text = (HTML_FIXTURES / "edge" / "logged-in-two-titles.html").read_text(encoding="utf-8")
    assert "event_id='50259'" in text and "/virtual/2025/session/50259" in text
    unmarked = text.replace("event_id='50259'", "event_id=''")
    page = read_html_session(unmarked, PageContext(source="page.html"))
    assert page.session.site_id == "50259"
    assert page.session.id == read_html_session(text, PageContext(source="p.html")).session.id
    given = PageContext(source="page.html", base_url="https://icml.cc/virtual/2025/session/1")
    assert read_html_session(unmarked, given).session.site_id is None  # the user's, not the page's


@pytest.mark.parametrize("name", ["icml2022-deep-learning.md", "icml2022-deep-learning.lynx.txt"])
def test_a_linked_capture_gives_the_html_pages_item_ids(name, tmp_path):
    """The same page (the same event ids) saved as HTML and captured by a tool."""
    (capture,) = sessions_of(CAPTURES / name)
    html = (HTML_FIXTURES / "icml2022-deep-learning.html").read_text(encoding="utf-8")
    # The captures were made when the generator numbered the events from another start.
    offset = int(capture.items[0].site_id) - int(re.search(r"/spotlight/(\d+)", html)[1])
    renumbered = re.sub(
        r"(/virtual/2022/[\w-]+/)(\d+)", lambda found: f"{found[1]}{int(found[2]) + offset}", html
    )
    (tmp_path / "icml2022-deep-learning.html").write_text(renumbered, encoding="utf-8")
    (page,) = sessions_of(tmp_path / "icml2022-deep-learning.html")
    assert len([item for item in capture.items if item.site_id]) == 14
    assert [(item.site_id, item.id) for item in capture.items] == [
        (item.site_id, item.id) for item in page.items
    ]
    assert all(item.url.endswith(f"/{item.site_id}") for item in capture.items)


# --- site ids kept: JSON and the library ----------------------------------------------------


def test_site_ids_survive_json_and_the_library_byte_for_byte(tmp_path):
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    assert run_cli("parse", "--library", str(first), str(FEED)).code == ExitCode.OK
    listed = run_cli("list", "--library", str(first), "--json").stdout
    sessions = json.loads(listed)
    items = [item for session in sessions for item in session["items"]]
    assert len(items) == 264 and all(
        item["site_id"] == str(item["url"]).rsplit("/", 1)[-1] for item in items
    )
    assert [session["site_id"] for session in sessions] == [None] * 12  # the feed has none
    # keys added later come last: site_id, then the feed's topic, keywords, affiliations
    assert list(items[0])[-4:] == ["site_id", "topic", "keywords", "affiliations"]
    assert items[0]["schema_version"] == 1
    exported = tmp_path / "programme.json"
    exported.write_text(listed, encoding="utf-8")
    assert run_cli("parse", "--library", str(second), str(exported)).code == ExitCode.OK
    assert run_cli("list", "--library", str(second), "--json").stdout == listed
    with Library(second) as library:
        stored = library.items()
    assert {item.site_id for item in stored} == {item["site_id"] for item in items}


# --- the library: version 4 keeps site ids; version 3 is upgraded in place ------------------

SESSION_COLUMNS_V3 = (
    "id", "kind", "conference", "year", "title", "room", "chairs", "start", "end", "abstract",
    "url", "source",
)  # fmt: skip
ITEM_COLUMNS_V3 = (
    "id", "session_id", "position", "kind", "title", "authors", "abstract", "start", "end",
    "room", "poster", "decision", "presentation", "award", "url", "session", "conference",
    "year", "paper_id", "source", "links",
)  # fmt: skip


def version_3_library(path, sources: list[str]) -> None:
    """A library as confcli wrote it before site ids, by raw SQL with the schema of then."""
    sessions = [page.page.session for page in read_pages(sources, ReadOptions()).pages]
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_V3)
    for session in sessions:
        connection.execute(
            _insert("sessions", SESSION_COLUMNS_V3), _row(session, SESSION_COLUMNS_V3)
        )
        for item in session.items:
            connection.execute(_insert("items", ITEM_COLUMNS_V3), _row(item, ITEM_COLUMNS_V3))
    connection.execute(  # version 3 indexed its items in store(), not by a trigger
        "INSERT INTO items_fts(rowid, title, authors, session, abstract) "
        "SELECT rowid, title, authors, session, abstract FROM items"
    )
    connection.commit()
    connection.close()


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _row(record, columns: tuple[str, ...]) -> tuple:
    values = []
    for name in columns:
        value = getattr(record, name)
        if name in ("authors", "chairs"):
            value = "\n".join(value)
        elif name in ("start", "end") and value is not None:
            value = value.isoformat()
        elif name == "links":
            value = json.dumps(dict(value), ensure_ascii=False) if value else "{}"
        values.append(value)
    return tuple(values)


def _rows(path, table: str, columns: tuple[str, ...]) -> list[tuple]:
    names = ", ".join(f'"{name}"' for name in columns)
    with sqlite3.connect(path) as connection:
        rows = connection.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    connection.close()
    return rows


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def test_a_version_3_library_gains_site_id_columns_and_keeps_its_rows(tmp_path):
    old, fresh = tmp_path / "v3.sqlite", tmp_path / "fresh.sqlite"
    version_3_library(old, list(map(str, SAMPLE_FILES)))
    items_before = _rows(old, "items", ITEM_COLUMNS_V3)
    sessions_before = _rows(old, "sessions", SESSION_COLUMNS_V3)
    with Library(old) as library:
        connection = library.connection
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        assert version == LIBRARY_VERSION  # upgraded through every later step too
        # site_id added after the version-3 columns (later steps add theirs after it)
        items_columns, sessions_columns = (
            _columns(connection, "items"),
            _columns(connection, "sessions"),
        )
        assert items_columns[items_columns.index("links") + 1] == "site_id"
        assert sessions_columns[sessions_columns.index("source") + 1] == "site_id"
        nulls = "SELECT count(*) FROM {} WHERE site_id IS NULL"
        assert connection.execute(nulls.format("items")).fetchone()[0] == len(items_before) == 195
        assert connection.execute(nulls.format("sessions")).fetchone()[0] == 5
    assert _rows(old, "items", ITEM_COLUMNS_V3) == items_before
    assert _rows(old, "sessions", SESSION_COLUMNS_V3) == sessions_before
    assert sound(old)
    parsed = run_cli("parse", "--library", str(fresh), *map(str, SAMPLE_FILES))
    assert parsed.code == ExitCode.OK, parsed.stderr
    listed = run_cli("list", "--library", str(old), "--json")
    assert listed.code == ExitCode.OK and listed.stderr == ""
    assert listed.stdout == run_cli("list", "--library", str(fresh), "--json").stdout
    found = run_cli("search", "lottery", "--library", str(old), "--json")
    assert found.code == ExitCode.OK and len(found.json) == 2
    feed = sessions_of(FEED)
    with Library(old) as library:
        library.store(feed)
        stored = library.session(feed[0].id)
    assert stored == feed[0] and stored.items[0].site_id == "19700"
    assert sound(old)
