"""The icml.cc Downloads export (readers/downloads.py), field by field on the real file
(tests/fixtures/real/icml2024_events_download_subset.json: every 9th of the 2,682 records
of "ICML 2024 Events.json") and on the variations other exports bring."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_cli

from confcli.errors import BadInputError, ExitCode
from confcli.readers.build import PageContext
from confcli.readers.downloads import (
    normalise_url,
    read_downloads,
    sniff,
    split_authors,
)
from confcli.readers.feed import read_feed
from confcli.readers.reading import ReadOptions, read_pages
from confcli.readers.registry import read_document

REAL = Path(__file__).parent / "fixtures" / "real"
EXPORT = REAL / "icml2024_events_download_subset.json"
SESSIONS = {
    "ICML 2024 · Posters (untimed)": ("poster-session", 289),
    "ICML 2024 · Workshops (untimed)": ("workshop-session", 7),
    "ICML 2024 · Tutorials (untimed)": ("tutorial-session", 1),
    "ICML 2024 · Invited Talks (untimed)": ("invited-talk-session", 1),
}


def read(*paths: Path, **options):
    report = read_pages([str(path) for path in paths], ReadOptions(**options))
    assert not report.failures, [str(failure.error) for failure in report.failures]
    return report


@pytest.fixture(scope="module")
def export():
    return read(EXPORT)


def items_of(report) -> list:
    return [item for session in report.sessions for item in session.items]


def by_url(report, url: str):
    (item,) = [item for item in items_of(report) if item.url == url]
    return item


def inline(tmp_path: Path, records: list, name: str = "ICML 2024 Events.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


# --- the real file ------------------------------------------------------------------------


def test_every_record_is_one_untimed_item_in_one_session_per_kind(export):
    assert [page.page.shape for page in export.pages] == ["downloads"] * 4
    sessions = {s.title: (s.kind, len(s.items)) for s in export.sessions}
    assert sessions == SESSIONS
    items = items_of(export)
    assert len(items) == 298
    assert Counter(item.kind for item in items) == {
        "poster": 289, "workshop": 7, "tutorial": 1, "invited-talk": 1
    }  # fmt: skip
    for session in export.sessions:
        assert (session.conference, session.year, session.start, session.end) == (
            "ICML", 2024, None, None
        )  # fmt: skip
        assert session.room is None
    assert all(item.start is None and item.end is None and item.room is None for item in items)
    assert {(item.conference, item.year) for item in items} == {("ICML", 2024)}


def test_no_duplicates_and_one_site_id_per_record(export):
    items = items_of(export)
    assert len({item.id for item in items}) == 298
    assert len({item.url for item in items}) == 298
    site_ids = [item.url.rsplit("/", 1)[1] for item in items]
    assert all(site_id.isdigit() for site_id in site_ids) and len(set(site_ids)) == 298


def test_a_poster_with_tex_and_the_double_slash_upper_case_url(export):
    item = by_url(export, "https://icml.cc/virtual/2024/poster/35005")
    assert item.title == (
        "$\\bf{\\Phi}_\\textrm{Flow}$: Differentiable Simulations for PyTorch, TensorFlow and Jax"
    )
    assert item.authors == ("Philipp Holl", "Nils Thuerey")
    assert item.kind == "poster"
    assert item.session == "ICML 2024 · Posters (untimed)"
    assert item.abstract.startswith("Differentiable processes have proven an invaluable tool")
    assert item.abstract.endswith("as a ground-truth solver in multiple scientific data sets.")
    assert "$\\Phi_\\textrm{Flow}$" in item.abstract
    assert item.links == () and item.poster is None and item.decision is None
    raw = json.loads(EXPORT.read_text(encoding="utf-8"))[0]["virtualsite_url"]
    assert raw == "https://ICML.cc//virtual/2024/poster/35005"  # as the export gives it


def test_a_workshop_a_tutorial_and_an_invited_talk(export):
    workshop = by_url(export, "https://icml.cc/virtual/2024/workshop/29958")
    assert (workshop.kind, workshop.title) == (
        "workshop", "2nd Workshop on Generative AI and Law (GenLaw \u201924)"
    )  # fmt: skip
    assert workshop.authors == (
        "Katherine Lee", "A. Feder Cooper", "Niloofar Mireshghallah", "James Grimmelmann",
        "Matthew Jagielski", "Milad Nasresfahani", "Fernando Delgado", "Lydia Belkadi",
    )  # fmt: skip
    assert workshop.session == "ICML 2024 · Workshops (untimed)"
    tutorial = by_url(export, "https://icml.cc/virtual/2024/tutorial/35227")
    assert (tutorial.kind, tutorial.title, tutorial.authors) == (
        "tutorial", "Challenges in Language Model Evaluations",
        ("Lintang Sutawika", "Hailey Schoelkopf"),
    )  # fmt: skip
    talk = by_url(export, "https://icml.cc/virtual/2024/invited-talk/35253")
    assert (talk.kind, talk.title, talk.authors, talk.abstract) == (
        "invited-talk", "Chelsea Finn", ("Chelsea Finn",), None
    )  # fmt: skip
    assert talk.session == "ICML 2024 · Invited Talks (untimed)"


def test_names_with_brackets_and_quotes_stay_whole(export):
    item = by_url(export, "https://icml.cc/virtual/2024/poster/34629")
    assert item.authors == (
        "Zhongzhi Yu", "Zheng Wang", "Yonggan Fu", "Shi Huihong", "Khalid Shaikh",
        "Yingyan (Celine) Lin",
    )  # fmt: skip
    item = by_url(export, "https://icml.cc/virtual/2024/poster/34202")
    assert item.authors == (
        "Ruisi Cai", "Yuandong Tian", "Zhangyang \u201cAtlas\u201d Wang", "Beidi Chen"
    )  # fmt: skip


def test_the_warnings_say_there_are_no_times(export):
    warnings = {page.page.session.title: page.page.warnings for page in export.pages}
    assert warnings == {
        "ICML 2024 · Posters (untimed)": [
            "the export gives no times: 298 item(s) read into one untimed session per kind"
        ],
        "ICML 2024 · Workshops (untimed)": [],
        "ICML 2024 · Tutorials (untimed)": [],
        "ICML 2024 · Invited Talks (untimed)": ["1 item(s) without an abstract"],
    }


# --- what other exports bring ---------------------------------------------------------------


def test_authors_split_on_commas_outside_brackets():
    assert split_authors("Jia (Kevin) Liu, Veloso, Ann Lee") == [
        "Jia (Kevin) Liu", "Veloso", "Ann Lee"
    ]  # fmt: skip
    assert split_authors("A (b, c) D,  E  F ,, G") == ["A (b, c) D", "E F", "G"]
    assert split_authors("Martin Luther King, Jr., Ann Lee") == [
        "Martin Luther King, Jr.",
        "Ann Lee",
    ]
    assert split_authors("") == [] and split_authors(None) == [] and split_authors(7) == []


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://ICML.cc//virtual/2024/poster/35005", "https://icml.cc/virtual/2024/poster/35005"),
        (
            "HTTPS://NeurIPS.cc///virtual//2023/oral/1?a=1",
            "https://neurips.cc/virtual/2023/oral/1?a=1",
        ),
        ("  https://icml.cc/virtual/2024/poster/1  ", "https://icml.cc/virtual/2024/poster/1"),
        ("http://[1]/", None),
        ("", None),
    ],
)
def test_urls_are_normalised(url, normalised):
    assert normalise_url(url) == normalised


def test_a_relative_url_is_made_absolute_against_the_base_url():
    assert normalise_url("/virtual//2024/poster/9", "https://ICML.cc/") == (
        "https://icml.cc/virtual/2024/poster/9"
    )
    assert normalise_url("/virtual/2024/poster/9") == "/virtual/2024/poster/9"


def test_missing_fields_and_records_that_cannot_be_read(tmp_path):
    records = [
        {"type": "Oral", "name": "Full  Record\n", "virtualsite_url": "https://icml.cc//virtual/2025/oral/7",
         "speakers/authors": "Jia (Kevin) Liu, Veloso", "abstract": "One  line.\n\nTwo"},
        {"name": "No Type", "virtualsite_url": "https://icml.cc/virtual/2025/invited-talk/8"},
        {"name": "Only A Name"},
        {"type": None, "name": "Nulls", "virtualsite_url": None, "speakers/authors": None,
         "abstract": None},
        {"type": "Poster", "virtualsite_url": "https://icml.cc/virtual/2025/poster/9"},
        "not a record",
        {"type": "Oral", "name": "Twice", "virtualsite_url": "https://icml.cc/virtual/2025/oral/7"},
    ]  # fmt: skip
    report = read(inline(tmp_path, records))
    sessions = {s.title: [(i.kind, i.title) for i in s.items] for s in report.sessions}
    assert sessions == {
        "ICML 2025 · Orals (untimed)": [("oral", "Full Record")],
        "ICML 2025 · Invited Talks (untimed)": [("invited-talk", "No Type")],
        "ICML 2025 · Events (untimed)": [("event", "Only A Name"), ("event", "Nulls")],
    }
    full = items_of(report)[0]
    assert full.authors == ("Jia (Kevin) Liu", "Veloso")  # a single-token name is kept
    assert full.abstract == "One line.\n\nTwo"
    assert full.url == "https://icml.cc/virtual/2025/oral/7"
    bare = items_of(report)[2]
    assert (bare.authors, bare.abstract, bare.url) == ((), None, None)
    assert report.pages[0].page.warnings[:3] == [
        "skipped 1 record(s) without a title",
        "skipped 1 record(s) that are not objects",
        "skipped 1 record(s) listed twice",
    ]


def test_the_user_or_the_file_name_tell_conference_and_year_when_no_url_does(tmp_path):
    records = [{"type": "Poster", "name": "A", "speakers/authors": "B C"}]
    (session,) = read(inline(tmp_path, records, "ICML 2024 Events.json")).sessions
    assert (session.title, session.conference, session.year) == (
        "ICML 2024 · Posters (untimed)", "ICML", 2024
    )  # fmt: skip
    path = inline(tmp_path, records, "events.json")
    (session,) = read(path).sessions
    assert (session.title, session.conference, session.year) == ("Posters (untimed)", None, None)
    (session,) = read(path, conference="ICML", year=2024).sessions
    assert session.title == "ICML 2024 · Posters (untimed)"
    assert (session.conference, session.year) == ("ICML", 2024)


def test_an_export_with_nothing_to_read_says_why():
    context = PageContext(source="x.json")
    with pytest.raises(BadInputError) as error:
        read_downloads('[{"speakers/authors": "A B"}, {"type": "Poster"}]', context)
    assert error.value.message == (
        "the Downloads export holds no record to read (2 record(s) without a title)"
    )


# --- which reader takes it --------------------------------------------------------------------


def test_sniff_claims_the_export_and_nothing_else():
    assert sniff(EXPORT.read_text(encoding="utf-8")[:65536])
    assert sniff('\ufeff [ {"type": "Poster", "speakers/authors": ""}]')
    assert not sniff('{"results": [{"speakers/authors": ""}]}')
    assert not sniff('[{"id": 1, "virtualsite_url": "/virtual/2024/poster/1"}]')
    assert not sniff('[{"abstract": "quoted \\"speakers/authors\\": in text"}]')
    for name in ("icml2020_papers.json", "icml2020_calendar.json"):
        assert not sniff((REAL / name).read_text(encoding="utf-8")[:65536])


def test_the_feed_does_not_claim_the_export_first():
    text = EXPORT.read_text(encoding="utf-8")
    pages = read_document(text, PageContext(source=str(EXPORT)))
    assert {page.shape for page in pages} == {"downloads"}


def test_read_as_a_feed_the_refusal_says_the_real_reason():
    """It was refused as 'no visible records' while every record lacked an id."""
    text = EXPORT.read_text(encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        read_feed(text, PageContext(source=str(EXPORT)))
    assert error.value.message == "the feed holds no record to read (298 record(s) without an id)"
    result = run_cli("parse", "--format", "feed", str(EXPORT))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: {EXPORT}: the feed holds no record to read "
        "(298 record(s) without an id)\n"
    )


def test_json_no_reader_takes_is_described():
    result = run_cli("parse", "-", stdin='[{"title": "x", "when": 1}, {"title": "y"}]')
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr.startswith(
        "confcli: error: -: not a conference session page: a JSON array of 2 objects "
        "(keys: title, when), in none of the JSON shapes confcli reads (tried: confcli-json, "
    )
    broken = run_cli("parse", "-", stdin='[{"type": "Poster", "speakers/authors": "A"')
    assert broken.stderr.startswith(
        "confcli: error: -: broken Downloads export (line 1 column 44: Expecting "
    )


# --- the command line -------------------------------------------------------------------------


def test_parse_and_list_on_the_command_line():
    result = run_cli("parse", str(EXPORT))
    assert result.code == ExitCode.OK, result.stderr
    assert result.stderr.splitlines()[-1].startswith("confcli: stored 4 session(s), 298 item(s)")
    listing = run_cli("list", "--json").json
    assert {(s["title"], s["item_count"]) for s in listing} == {
        (title, count) for title, (_, count) in SESSIONS.items()
    }
    posters = run_cli("list", "--session", "ICML 2024 · Posters (untimed)", "--json").json
    assert len(posters) == 289
    assert len({item["id"] for item in posters}) == 289
    assert run_cli("list", "--kind", "invited-talk", "--json").json[0]["title"] == "Chelsea Finn"


def test_one_kind_spelled_two_ways_is_one_session(tmp_path):
    def record(kind: str, name: str, path: str, **more: str) -> dict:
        return {"type": kind, "name": name, "virtualsite_url": f"https://icml.cc{path}", **more}

    records = [
        record("Poster", "A", "/virtual/2024/poster/1", **{"speakers/authors": "C D"}),
        record("poster", "B", "/virtual/2024/poster/2"),
        record("Oral", "A", "/virtual/2024/oral/3", **{"speakers/authors": "C D"}),
    ]
    report = read(inline(tmp_path, records))
    assert [(s.title, [i.title for i in s.items]) for s in report.sessions] == [
        ("ICML 2024 · Posters (untimed)", ["A", "B"]),
        ("ICML 2024 · Orals (untimed)", ["A"]),
    ]
    poster, _, oral = items_of(report)
    assert poster.paper_id == oral.paper_id  # the same paper's two slots, by its title
