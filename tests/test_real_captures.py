"""Captures made by the real tools (w3m, lynx, html2text: tests/fixtures/real/captures, see
its README) of the real listing pages and of the session pages read the same items as the
HTML they were made of, field by field; and the ways people paste them (a preamble, fences,
a wrapped heading, a References list, award and Moderator lines, wrapped author lists)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import need_tool

from confcli.readers.build import ParsedPage
from confcli.readers.reading import ReadOptions, read_input
from confcli.readers.sources import PageInput

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURES = FIXTURES / "real" / "captures"
LISTINGS = {  # file -> (items, sessions)
    "neurips2025_tutorials_listing_fragment": (14, 2),
    "neurips2025_workshops_listing_fragment": (55, 2),
    "neurips2023_posters_listing_excerpt": (25, 1),
}
SESSION_PAGES = {  # file -> items
    "iclr2021-oral-session-1": 15,
    "iclr2021-oral-session-7": 16,
    "iclr2023-poster-session-3": 135,
    "icml2022-deep-learning": 14,
    "icml2025-poster-session-1-west": 220,  # 'Poster' above '#W-100', no presentation line
    "neurips2020-orals-track-13": 15,  # no 'Session' header: the title follows the navigation
}
TOOLS = ("w3m", "w3m-numbered", "lynx", "lynx-nolist", "html2text")
LINKED = {"w3m-numbered", "lynx", "html2text"}  # the captures that keep the links
FIELDS = ("title", "authors", "kind", "start", "end", "room", "award", "poster")
NBSP_TITLE = (
    "Towards a Unified Theoretical Understanding of Non-contrastive Learning via Rank "
    "Differential\xa0Mechanism"
)
# What a tool itself changes: (page, tool, field, value in the HTML) -> value in the capture.
KNOWN_CHANGES = {
    **{  # lynx prints a no-break space as a space, html2text wraps a link text there
        ("iclr2023-poster-session-3", tool, "title", NBSP_TITLE): NBSP_TITLE.replace("\xa0", " ")
        for tool in ("lynx", "lynx-nolist", "html2text")
    },
    **{  # html2text writes "Q&A" in bold as "Q &A"
        (page, "html2text", "title", title): title.replace("Q&A", "Q &A")
        for page in (
            "iclr2021-oral-session-1",
            "iclr2021-oral-session-7",
            "neurips2020-orals-track-13",
        )
        for title in ("Q&A", "Joint Q&A for Preceeding Spotlights")
    },
}


def read(path: Path, text: str | None = None) -> list[ParsedPage]:
    """As `confcli parse` reads a file: its name hints at the conference and year (w3m and
    lynx -nolist keep no links, which would tell the year)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    return read_input(PageInput(path.name, text), ReadOptions())


def items_of(pages: list[ParsedPage]):
    return [item for page in pages for item in page.session.items]


def html_of(name: str) -> Path:
    listing = FIXTURES / "real" / f"{name}.html"
    return listing if listing.exists() else FIXTURES / "html" / f"{name}.html"


def capture_of(name: str, tool: str) -> Path:
    return CAPTURES / f"{name}.{tool}.{'md' if tool == 'html2text' else 'txt'}"


def assert_same_items(name: str, tool: str, html: list[ParsedPage], capture: list[ParsedPage]):
    expected, got = items_of(html), items_of(capture)
    assert len(got) == len(expected)
    for wanted, found in zip(expected, got, strict=True):
        for field in FIELDS:
            value = getattr(wanted, field)
            value = KNOWN_CHANGES.get((name, tool, field, value), value)
            assert getattr(found, field) == value, (wanted.title, field)
        if tool in LINKED:
            assert found.url == wanted.url, wanted.title
            if wanted.url:  # a site id the link names: the same durable id
                assert found.id == wanted.id, wanted.title
        else:
            assert found.url is None
        if tool != "html2text":  # html2text keeps the Markdown inside abstracts
            assert squeezed(found.abstract) == squeezed(wanted.abstract), wanted.title


def squeezed(text: str | None) -> str:
    """The text without any white space: the tools wrap and re-space abstracts."""
    return "".join((text or "").split()).replace("*", "")  # lynx bullets a list's items


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_a_listing_capture_reads_the_items_of_its_html(name, tool):
    count, sessions = LISTINGS[name]
    html, capture = read(html_of(name)), read(capture_of(name, tool))
    assert {page.shape for page in capture} == {"listing-capture"}
    assert len(items_of(html)) == count
    assert len(capture) == len(html) == sessions
    assert [page.session.title for page in capture] == [page.session.title for page in html]
    assert [page.session.room for page in capture] == [page.session.room for page in html]
    assert_same_items(name, tool, html, capture)


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("name", sorted(SESSION_PAGES))
def test_a_session_page_capture_reads_the_items_of_its_html(name, tool):
    html, capture = read(html_of(name)), read(capture_of(name, tool))
    shape = "markdown-capture" if tool == "html2text" else "text-browser-capture"
    assert [page.shape for page in capture] == [shape]
    assert len(items_of(html)) == SESSION_PAGES[name]
    session, expected = capture[0].session, html[0].session
    for field in ("title", "kind", "start", "end", "room", "chairs", "abstract"):
        assert getattr(session, field) == getattr(expected, field), field
    assert capture[0].warnings == html[0].warnings == []
    assert_same_items(name, tool, html, capture)


@pytest.mark.parametrize("tool", TOOLS)
def test_a_track_capture_is_titled_by_its_track_not_by_its_navigation(tool):
    session = read(capture_of("neurips2020-orals-track-13", tool))[0].session
    assert session.title == "Orals & Spotlights Track 13: Deep Learning/Theory"
    assert session.room is None
    assert {item.room for item in session.items} == {None}
    assert session.chairs == ("Stanislaw Jastrzebski", "Srinadh Bhojanapalli")


@pytest.mark.parametrize("tool", TOOLS)
def test_a_poster_session_capture_with_poster_labels_reads_its_cards(tool):
    items = items_of(read(capture_of("icml2025-poster-session-1-west", tool)))
    kinds = [item.kind for item in items]
    assert (kinds.count("poster"), kinds.count("spotlight-poster"), len(kinds)) == (189, 31, 220)
    assert (items[0].poster, items[0].authors) == ("#W-100", ("Hiro Schmidt", "Ines Okafor"))
    awarded = [(item.title, item.award, item.poster) for item in items if item.award]
    assert awarded == [
        ("Federated Reward Models in Continual Learning", "Outstanding Paper Award", "#W-110")
    ]
    assert {item.room for item in items} == {"West Exhibition Hall B2-B3"}
    assert all(item.presentation is None and item.decision is None for item in items)


@pytest.mark.parametrize("tool", ["w3m", "lynx"])
def test_the_tools_today_give_what_the_committed_captures_read(tool, tmp_path):
    """w3m and lynx run again (as CI installs them) on a real listing page read the same
    items as the committed capture."""
    need_tool(tool)
    from pagegen.real_captures import capture

    name = "neurips2025_tutorials_listing_fragment"
    fresh = capture(html_of(name), tool)
    committed = read(capture_of(name, tool))
    again = read(capture_of(name, tool), fresh)
    assert len(items_of(again)) == 14
    for found, wanted in zip(items_of(again), items_of(committed), strict=True):
        for field in (*FIELDS, "url", "id", "abstract"):
            assert getattr(found, field) == getattr(wanted, field), field
    assert subprocess.run([tool, "-version"], capture_output=True).returncode == 0


# --- as people paste them --------------------------------------------------------------------

LYNX_SESSION = capture_of("iclr2021-oral-session-7", "lynx")
W3M_LISTING = capture_of("neurips2025_tutorials_listing_fragment", "w3m")


def same_items(first: list[ParsedPage], second: list[ParsedPage]) -> bool:
    fields = (*FIELDS, "url", "id", "abstract")
    pairs = zip(items_of(first), items_of(second), strict=True)
    return all(getattr(a, f) == getattr(b, f) for a, b in pairs for f in fields)


@pytest.mark.parametrize("path", [LYNX_SESSION, W3M_LISTING], ids=lambda path: path.name)
@pytest.mark.parametrize("fence", ["```", "```text", "~~~"])
def test_a_preamble_and_fences_around_a_capture_change_nothing(path, fence):
    text = path.read_text(encoding="utf-8")
    pasted = f"Here is the page:\n\n{fence}\n{text}\n```\n\nThanks!\n"
    assert same_items(read(path, pasted), read(path))


def test_a_session_title_wrapped_over_several_lines_is_one_title():
    long = "Oral Session 7: Reinforcement Learning, Robotics, Representation Learning and the"
    rest = "Theory of Deep Networks in Practice"
    text = LYNX_SESSION.read_text(encoding="utf-8").replace("Oral Session 7", f"{long}\n{rest}", 1)
    assert read(LYNX_SESSION, text)[0].session.title == f"{long} {rest}"


def test_the_references_list_gives_the_urls_and_no_items():
    text = LYNX_SESSION.read_text(encoding="utf-8")
    without = text[: text.rindex("References")]
    linked, unlinked = items_of(read(LYNX_SESSION)), items_of(read(LYNX_SESSION, without))
    assert len(linked) == len(unlinked) == 16
    assert sum(1 for item in linked if item.url) == 13
    assert all(item.url is None for item in unlinked)
    assert [item.title for item in linked] == [item.title for item in unlinked]


def test_an_award_line_above_a_title_is_the_items_award():
    for tool in ("w3m", "lynx", "html2text"):
        items = items_of(read(capture_of("iclr2023-poster-session-3", tool)))
        awarded = {item.title[:30]: item.award for item in items if item.award}
        assert awarded == {
            "Rethinking the Expressive Powe": "Outstanding Paper",
            "On the duality between contras": "Honorable Mention",
        }, tool


def test_a_single_moderator_line_names_the_chair():
    text = LYNX_SESSION.read_text(encoding="utf-8")
    one = text.replace(
        "Moderators: Dinesh Jayaraman · Eric Nalisnick · Krishnamurthy Dvijotham",
        "Moderator: Dinesh Jayaraman",
    )
    assert read(LYNX_SESSION, one)[0].session.chairs == ("Dinesh Jayaraman",)


def test_an_author_list_wrapped_mid_list_is_one_list():
    """The first NeurIPS 2023 poster has 26 authors over five or six lines in every tool."""
    name = "neurips2023_posters_listing_excerpt"
    for tool in TOOLS:
        first = items_of(read(capture_of(name, tool)))[0]
        assert len(first.authors) == 26, tool
        assert first.authors[3] == "Fernando Perez-Cruz", tool
        assert first.authors[-1] == "Olivier Verscheure", tool
