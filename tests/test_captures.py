"""Captures made by real tools (lynx, w3m, markdownify, html2text) of the generated HTML
pages: each reads back as the sample's text form, field by field, but for the few changes a
tool makes to the text (listed, with the exact values, in KNOWN_CHANGES)."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_FILES, run_cli
from pagegen.captures import CAPTURES
from pagegen.html_pages import FIXTURES, sample_sessions

from confcli.readers.build import PageContext
from confcli.readers.captures import (
    markdown_blocks,
    read_markdown_capture,
    read_text_browser_capture,
    unwrap,
)
from confcli.readers.reading import ReadOptions, read_one
from confcli.readers.sources import PageInput
from confcli.render.jsonout import item_to_json

CAPTURE_FILES = sorted(CAPTURES.iterdir())
SHAPES = {".md": "markdown-capture", ".txt": "text-browser-capture"}
# (file, position, field) -> (what the capture gives, why)
KNOWN_CHANGES = {
    **{
        ("iclr2021-oral-session-1.html2text.md", position, "title"): "Q &A"  # html2text's bold
        for position in (5, 10, 15)
    },
    **{  # w3m breaks "y)$." after ")" with no space there; the line is joined with one
        (f"iclr2021-oral-session-1.{tool}.txt", 13, "abstract"): "(\\mathbf{x} \\mid y) $."
        for tool in ("w3m", "w3m-numbered")
    },
    # lynx prints a no-break space as a space
    ("iclr2023-poster-session-3.lynx.txt", 130, "title"): "Differential Mechanism",
}
UNLINKED = {"iclr2021-oral-session-1.w3m.txt"}  # w3m without link numbers keeps no links


@pytest.fixture(scope="module")
def sessions():
    return sample_sessions()


def sample_of(path) -> str:
    return path.name.split(".")[0]


def read_capture(path, named: bool = False, **options):
    """A capture read as if pasted: its file name, which tells the conference and year, is
    its name only when ``named`` (most tests check what the page itself says)."""
    source = path.name if named else f"capture{path.suffix}"
    return read_one(PageInput(source, path.read_text(encoding="utf-8")), ReadOptions(**options))


def comparable(item) -> dict:
    found = item_to_json(item)
    # A capture's links name site ids (and so ids) the text form has not: see test_durable_ids.
    apart = ("id", "url", "source", "site_id")
    return {key: value for key, value in found.items() if key not in apart}


@pytest.mark.parametrize("path", CAPTURE_FILES, ids=lambda path: path.name)
def test_capture_gives_the_text_form_field_by_field(path, sessions):
    expected = sessions[sample_of(path)]
    page = read_capture(path, conference=expected.conference, year=expected.year)
    assert page.shape == SHAPES[path.suffix]
    for field in ("title", "room", "chairs", "kind", "start", "end", "conference", "year"):
        assert getattr(page.session, field) == getattr(expected, field), field
    assert len(page.session.items) == len(expected.items)
    for got, wanted in zip(page.session.items, expected.items, strict=True):
        got_fields, wanted_fields = comparable(got), comparable(wanted)
        for field, value in wanted_fields.items():
            change = KNOWN_CHANGES.get((path.name, wanted.position, field))
            if change:
                assert got_fields[field] != value and change in got_fields[field]
            else:
                assert got_fields[field] == value, (wanted.position, field)


@pytest.mark.parametrize("path", CAPTURE_FILES, ids=lambda path: path.name)
def test_capture_links_become_absolute_urls(path, sessions):
    session = read_capture(path).session
    site = "https://icml.cc" if "icml" in path.name else "https://iclr.cc"
    papers = [item for item in session.items if item.kind != "qa"]
    if path.name in UNLINKED:
        assert all(item.url is None for item in session.items)
        return
    assert all(item.url.startswith(f"{site}/virtual/{session.year}/") for item in papers)
    assert all(item.url is None for item in session.items if item.kind == "qa")


@pytest.mark.parametrize("path", CAPTURE_FILES, ids=lambda path: path.name)
def test_capture_names_its_conference_without_a_hint(path, sessions):
    """From the page's title (Markdown) or its brand and /virtual/<year>/ links (dumps)."""
    page = read_capture(path)
    expected = sessions[sample_of(path)]
    if path.name in UNLINKED:  # neither title nor links: the file name must tell
        assert page.session.year is None
        assert "conference year unknown (give --year)" in page.warnings
        assert read_capture(path, named=True).session.id == expected.id
    else:
        assert (page.session.conference, page.session.year) == (expected.conference, expected.year)
        assert page.session.id == expected.id


@pytest.mark.parametrize("path", [*SAMPLE_FILES, *sorted(FIXTURES.glob("*.html"))])
def test_text_and_html_pages_are_not_captures(path):
    text = path.read_text(encoding="utf-8")
    assert read_markdown_capture(text, PageContext()) is None
    assert read_text_browser_capture(text, PageContext()) is None


HAND_WRITTEN_MARKDOWN = """\
# Session

## Oral Session 7

Moderators: Dinesh Jayaraman · Eric Nalisnick

**Abstract:**

Wed 5 May 3:00 - 3:15 PDT

**Oral**

### [An Image is Worth 16x16 Words](/virtual/2021/oral/3013)

* Alexey Dosovitskiy
* Lucas Beyer

While the Transformer architecture has become the de-facto standard, its use with
$\\mathbf{x}\\_i$ in vision remains limited.

---

Wed 5 May 3:15 - 3:30 PDT

*Q&A*

### Q&A
"""


def test_hand_written_markdown_capture():
    options = ReadOptions(conference="ICLR", year=2021)
    page = read_one(PageInput("notes.md", HAND_WRITTEN_MARKDOWN), options)
    session = page.session
    assert (page.shape, session.title) == ("markdown-capture", "Oral Session 7")
    assert session.chairs == ("Dinesh Jayaraman", "Eric Nalisnick")
    paper, qa = session.items
    assert (paper.kind, paper.title) == ("oral", "An Image is Worth 16x16 Words")
    assert paper.authors == ("Alexey Dosovitskiy", "Lucas Beyer")
    assert paper.abstract == (
        "While the Transformer architecture has become the de-facto standard, its use with "
        "$\\mathbf{x}_i$ in vision remains limited."
    )
    assert paper.url == "https://iclr.cc/virtual/2021/oral/3013"
    assert paper.start.isoformat() == "2021-05-05T03:00:00-07:00"
    assert (qa.kind, qa.title, qa.url) == ("qa", "Q&A", None)


def test_markdown_blocks_join_soft_breaks_and_author_bullets():
    lines = ["Title", "=====", "", "one", "two  ", "three", "", "* A B", "* C D", "", "- a long"]
    lines += ["sentence that is not a name, really not one at all."]
    assert markdown_blocks(lines) == ["Title", "one two", "three", "A B · C D", "a long"] + [
        "sentence that is not a name, really not one at all."
    ]


def test_unwrap_never_runs_a_paragraph_into_a_slot_time():
    paragraph = ["   " + "word " * 14 + "end", "   " + "word " * 14 + "more"]
    lines = [*paragraph, "   Mon 3 May 3:15 - 3:30 PDT", "   Oral", "   short", "   next"]
    assert [line.strip() for line in unwrap(lines)] == [
        ("word " * 14 + "end " + "word " * 14 + "more"),
        "Mon 3 May 3:15 - 3:30 PDT",
        "Oral",
        "short",
        "next",
    ]


def test_cli_reads_a_capture_with_its_format():
    path = CAPTURES / "icml2022-deep-learning.md"
    result = run_cli("parse", "--format", "markdown", str(path))
    assert result.code == 0, result.stderr
    assert "stored 1 session(s), 14 item(s)" in result.stderr
    hits = run_cli("search", "BurgerFormer", "--json").json
    assert [hit["url"] for hit in hits] == ["https://icml.cc/virtual/2022/spotlight/55585"]
