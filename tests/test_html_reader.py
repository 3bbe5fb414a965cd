"""The HTML reader: the five samples as the sites render them (same items as their text form,
field by field), a 220-card poster page, and hand-written pages for each tolerance case."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES, run_cli
from pagegen.html_pages import FIXTURES, PageOptions, fixture_pages, sample_sessions, session_html
from pagegen.posters import BIG_POSTER_NAME, SPECIAL_TITLE, TEX_ABSTRACT

from confcli.errors import BadInputError
from confcli.model import session_id
from confcli.readers.build import PageContext
from confcli.readers.html import read_html_session
from confcli.readers.reading import ReadOptions, read_one
from confcli.readers.sources import PageInput
from confcli.render.jsonout import item_to_json

EDGE = FIXTURES / "edge"
SAMPLE_NAMES = [path.stem for path in SAMPLE_FILES]
SESSION_FIELDS = ("title", "room", "chairs", "start", "end", "kind", "conference", "year")
SESSION_SITE_IDS = {  # the bookmark's event_id on each fixture
    "iclr2021-oral-session-1": "40104", "iclr2021-oral-session-7": "30330",
    "iclr2023-poster-session-3": "40356", "icml2022-deep-learning": "39931",
    "neurips2020-orals-track-13": "37094",
}  # fmt: skip
SITES = {"iclr": "https://iclr.cc", "icml": "https://icml.cc", "neurips": "https://neurips.cc"}


@pytest.fixture(scope="module")
def sessions():
    """The samples read from their text form: what the HTML form must give again."""
    return sample_sessions()


def read_file(path: Path, **options):
    return read_one(PageInput(path.name, path.read_text(encoding="utf-8")), ReadOptions(**options))


def read_html(text: str, source: str = "page.html", **options):
    return read_one(PageInput(source, text), ReadOptions(**options))


def comparable(item) -> dict:
    """Every field of the item's JSON but those that depend on the input's form."""
    found = item_to_json(item)
    # The text form has no links, so no site ids: its ids come from titles (the session's
    # id is compared in the test).
    apart = ("id", "url", "source", "site_id", "session_id")
    return {key: value for key, value in found.items() if key not in apart}


def test_fixtures_are_regenerated_not_edited():
    """`python -m tests.pagegen.html_pages --write` gives back the committed files."""
    for name, text in fixture_pages().items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, name


# --- the five samples --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_html_form_gives_the_text_form_field_by_field(name, sessions):
    page = read_file(FIXTURES / f"{name}.html")
    expected = sessions[name]
    assert (page.shape, page.warnings) == ("html-session", [])
    for field in (*SESSION_FIELDS, "abstract"):
        assert getattr(page.session, field) == getattr(expected, field), field
    # The page's bookmark gives the site's id for the session, which the text form lacks:
    # the session's id comes from it, the text form's from the title.
    assert page.session.site_id == SESSION_SITE_IDS[name] and expected.site_id is None
    assert page.session.id == session_id(
        expected.conference, expected.year, expected.title, SESSION_SITE_IDS[name]
    )
    assert expected.id == session_id(expected.conference, expected.year, expected.title)
    assert len(page.session.items) == len(expected.items)
    for got, wanted in zip(page.session.items, expected.items, strict=True):
        assert comparable(got) == comparable(wanted), wanted.title


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_links_are_absolute_on_the_conference_site(name):
    session = read_file(FIXTURES / f"{name}.html").session
    site = SITES[name[: name.index("2")]]
    papers = [item for item in session.items if item.kind not in ("qa", "break")]
    assert papers and all(item.url.startswith(f"{site}/virtual/{session.year}/") for item in papers)
    assert all(item.url is None for item in session.items if item.kind in ("qa", "break"))
    assert session.url.startswith(f"{site}/virtual/{session.year}/session/")


def test_item_ids_come_from_site_ids_and_differ_from_the_text_form(sessions):
    html = read_file(FIXTURES / "iclr2021-oral-session-1.html").session
    text = sessions["iclr2021-oral-session-1"]
    assert html.items[0].url == "https://iclr.cc/virtual/2021/oral/50104"
    assert len({item.id for item in html.items}) == len(html.items)
    assert html.items[0].id != text.items[0].id  # bookmark ids give their own identity
    assert html.items[0].paper_id == text.items[0].paper_id  # the same paper, still


@pytest.mark.parametrize("name", ["iclr2021-oral-session-7", "iclr2023-poster-session-3"])
def test_ids_are_stable_across_saves_logged_in_and_out(name, sessions):
    logged_out = session_html(sessions[name])
    logged_in = session_html(sessions[name], PageOptions(logged_in=True, cookie_banner=False))
    assert "Chat is not available." in logged_out and "Chat is not available." not in logged_in
    assert "<iframe" in logged_in and "cookie" not in logged_in
    first, second = read_html(logged_out), read_html(logged_in)
    assert first.session.id == second.session.id
    assert [item.id for item in first.session.items] == [item.id for item in second.session.items]


def test_a_timezone_banner_gives_the_same_instants(sessions):
    expected = sessions["icml2022-deep-learning"]
    page = read_html(session_html(expected, PageOptions(timezone="America/New_York")))
    assert page.session.start.utcoffset().total_seconds() == -4 * 3600
    assert page.session.start == expected.start and page.session.end == expected.end
    got = [(item.start, item.end) for item in page.session.items]
    assert got == [(item.start, item.end) for item in expected.items]


def test_other_author_separators_and_flat_paragraphs(sessions):
    options = PageOptions(author_separator="⋅", nested_paragraphs=False)
    page = read_html(session_html(sessions["iclr2021-oral-session-7"], options))
    assert [i.authors for i in page.session.items] == [
        i.authors for i in sessions["iclr2021-oral-session-7"].items
    ]


def test_base_url_from_the_user_wins():
    text = (FIXTURES / "icml2022-deep-learning.html").read_text(encoding="utf-8")
    session = read_html(text, base_url="https://mirror.example.org").session
    assert session.items[0].url == "https://mirror.example.org/virtual/2022/spotlight/49931"
    assert session.url == "https://mirror.example.org/virtual/2022/session/39931"


# --- a big poster page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_page():
    started = time.perf_counter()
    page = read_file(FIXTURES / f"{BIG_POSTER_NAME}.html")
    return page, time.perf_counter() - started


def test_big_poster_page_counts_and_header(big_page):
    page, seconds = big_page
    session = page.session
    assert (page.shape, page.warnings, len(session.items)) == ("html-session", [], 220)
    assert (session.title, session.kind) == ("Poster Session 1 West", "poster-session")
    assert (session.conference, session.year) == ("ICML", 2025)
    assert session.room == "West Exhibition Hall B2-B3"
    assert session.start.isoformat() == "2025-07-16T11:00:00-07:00"
    assert session.end.isoformat() == "2025-07-16T13:30:00-07:00"
    assert Counter(item.kind for item in session.items) == {"poster": 189, "spotlight-poster": 31}
    assert seconds < 1.0


def test_big_poster_page_keeps_the_sites_text_order(big_page):
    items = big_page[0].session.items
    posters = [item.poster for item in items]
    assert posters[:4] == ["#W-100", "#W-1000", "#W-1005", "#W-1010"]
    assert posters[-2:] == ["#W-990", "#W-995"]
    assert posters == sorted(posters) and len(set(posters)) == 220
    assert [item.position for item in items] == list(range(1, 221))


def test_big_poster_page_decodes_entities_and_keeps_tex(big_page):
    raw = (FIXTURES / f"{BIG_POSTER_NAME}.html").read_text(encoding="utf-8")
    assert "Aren&#x27;t &quot;Optimal&quot;" in raw and "n &lt; 10^6" in raw
    by_poster = {item.poster: item for item in big_page[0].session.items}
    first = by_poster["#W-100"]
    assert (
        first.title == SPECIAL_TITLE == 'Schr\\"{o}dinger Bridges Aren\'t "Optimal": A Second Look'
    )
    assert by_poster["#W-105"].abstract == TEX_ABSTRACT
    assert "$O(n \\times d)$" in TEX_ABSTRACT and "\\mathbf{x}" in TEX_ABSTRACT
    assert by_poster["#W-110"].award == "Outstanding Paper Award"
    assert sum(1 for item in by_poster.values() if item.award) == 1
    assert first.url.startswith("https://icml.cc/virtual/2025/poster/")


# --- hand-written edge pages ---------------------------------------------------------------------


def read_edge(name: str):
    return read_html((EDGE / name).read_text(encoding="utf-8"), source=name)


def test_logged_in_page_with_two_titles():
    page = read_edge("logged-in-two-titles.html")
    session = page.session
    assert page.warnings == []
    assert (session.title, session.kind) == ("Oral 3A Reasoning & Planning", "oral-session")
    assert (session.conference, session.year, session.room) == ("ICML", 2025, "West Ballroom A")
    assert session.chairs == ("Jane Doe", "Ravi Kumar")
    assert session.abstract == "Three orals on reasoning."
    assert session.url == "https://icml.cc/virtual/2025/session/50259"  # the canonical link
    assert [item.kind for item in session.items] == ["oral", "oral", "qa"]
    first, second, qa = session.items
    assert first.title == 'Whose "Reasoning"? Probing LLMs\' Chains of Thought'
    assert first.authors == ("Ana Silva", "Tomás Ruiz", "Mei Chen")
    assert first.abstract == (
        "We show that chain-of-thought traces are $\\times$ 2 longer & less faithful.\n"
        "Our probe reads \\mathbf{x} directly (see the code)."
    )
    assert (first.start.isoformat(), first.end.isoformat()) == (
        "2025-07-16T10:00:00-07:00",
        "2025-07-16T10:15:00-07:00",
    )
    assert second.award == "Outstanding Paper Award"
    assert second.abstract == "Bridges plan. Unknown markup is read as text too."
    assert second.url == "https://icml.cc/virtual/2025/oral/47002"
    assert (qa.title, qa.url, qa.authors, qa.end.isoformat()) == (
        "Q&A",
        None,
        (),
        "2025-07-16T11:00:00-07:00",
    )


def test_clock_forms_noon_midnight_and_pm():
    items = read_edge("clock-forms.html").session.items
    spans = [(item.start.isoformat()[11:16], item.end.isoformat()[5:16]) for item in items]
    assert spans == [
        ("11:00", "07-12T12:00"),
        ("12:00", "07-12T13:30"),
        ("22:30", "07-13T00:00"),  # "10:30 PM — midnight" ends the next day
        ("00:00", "07-13T00:30"),
    ]
    assert [item.kind for item in items] == ["invited-talk", "talk", "social", "social"]


def test_a_timezone_banner_wins_over_abbreviations():
    text = (EDGE / "timezone-banner.html").read_text(encoding="utf-8")
    with_banner = read_html(text).session
    without = read_html(text.replace("Timezone: Asia/Shanghai", "")).session
    assert with_banner.start.isoformat() == "2025-07-16T14:00:00+08:00"  # China Standard Time
    assert without.start.isoformat() == "2025-07-16T14:00:00-06:00"  # US Central
    assert [item.poster for item in with_banner.items] == ["#E-2504", "#E-36"]
    assert with_banner.items[1].abstract == "The page's own zone wins."


def test_missing_fields_become_warnings_not_crashes():
    page = read_edge("missing-fields.html")
    assert page.warnings == [
        "time not read: no such date: 31 Feb",
        "1 card(s) without a title skipped",
        "1 card(s) without a kind label",
        "2 link(s) left relative: the site is unknown (give --base-url)",
        "1 item(s) without authors",
        "1 item(s) without an abstract",
    ]
    session = page.session
    assert (session.conference, session.year, session.kind, session.room) == (
        None,
        2024,
        None,
        None,
    )
    assert (session.start, session.end, session.url) == (None, None, None)
    titles = [item.title for item in session.items]
    assert titles == [
        "No Authors Here",
        "No Abstract Here",
        "No Label, No Link",
        "Bad Date, Bad Link",
    ]
    no_label, hostile = session.items[2], session.items[3]
    assert (no_label.kind, no_label.url) == ("item", None)
    assert hostile.url is None and hostile.start is None  # javascript: links never kept
    assert session.items[0].url == "/virtual/2024/poster/9001"


def test_missing_fields_with_the_conference_given():
    text = (EDGE / "missing-fields.html").read_text(encoding="utf-8")
    page = read_html(text, conference="NeurIPS")
    assert page.session.items[0].url == "https://neurips.cc/virtual/2024/poster/9001"
    assert not any("relative" in warning for warning in page.warnings)


def test_without_a_main_title_the_track_title_names_the_session():
    text = (
        "<!DOCTYPE html><html><head><title>NeurIPS 2024</title>"
        "<title>Track: Oral Session 4C</title></head><body>"
        '<div class="track-schedule-card"><div class="float-end small">Oral</div>'
        '<h5><strong><a href="/virtual/2024/oral/97001">A Paper</a></strong></h5>'
        '<p class="text-muted">Ann Lee</p><div class="abstract"><p>Short.</p></div></div>'
        "</body></html>"
    )
    page = read_html(text)
    assert page.warnings == ["no h2.main-title: the session title is the page's <title>"]
    assert (page.session.title, page.session.conference, page.session.year) == (
        "Oral Session 4C",
        "NeurIPS",
        2024,
    )
    assert page.session.items[0].url == "https://neurips.cc/virtual/2024/oral/97001"


def test_a_session_page_without_cards_is_an_empty_session():
    page = read_edge("no-cards.html")
    assert page.warnings == ["no items found on the page"]
    assert (page.session.title, page.session.room, page.session.year) == (
        "Poster Session 9",
        "Hall 3",
        2026,
    )


def test_a_site_page_that_is_not_a_session_is_a_clear_error():
    with pytest.raises(BadInputError, match="not a session page"):
        read_edge("not-a-session.html")


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Hello</p></body></html>",
        "Session\nOral Session 1\n",
        '{"results": []}',
        "<p>a fragment naming track-schedule-card without being a page</p>",
    ],
)
def test_other_input_is_not_read_as_site_html(text):
    assert read_html_session(text, PageContext()) is None


def test_plain_html_is_rejected_by_the_chain():
    with pytest.raises(BadInputError, match="not a conference session page"):
        read_html("<!DOCTYPE html><html><body><p>Hello</p></body></html>")


def test_hostile_nesting_and_noise_are_harmless():
    deep = "<div>" * 5000 + "deep text" + "</div>" * 5000
    text = (EDGE / "no-cards.html").read_text(encoding="utf-8")
    card = (
        '<div class="track-schedule-card"><div class="float-end small">Poster</div>'
        f'<h5><strong><a href="/virtual/2026/poster/1">Deep</a></strong></h5>'
        f'<div class="abstract">{deep}</div><script>alert("Oral")</script></div>'
    )
    page = read_html(text.replace("</body>", f"{card}</body>"))
    (item,) = page.session.items
    assert (item.title, item.abstract, item.url) == (
        "Deep",
        "deep text",
        "https://iclr.cc/virtual/2026/poster/1",
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_footer_chat_and_cookie_banner_never_become_data(name):
    session = read_file(FIXTURES / f"{name}.html").session
    text = repr(session)
    for noise in ("Successful Page Load", "cookies", "Chat is not available", "Skip to"):
        assert noise not in text, noise


def test_a_cookie_class_on_the_page_itself_keeps_the_page():
    text = (FIXTURES / "icml2022-deep-learning.html").read_text(encoding="utf-8")
    text = text.replace("<body>", '<body class="cookies-accepted">')
    text = text.replace('<main id="main"', '<main id="main" data-x="1" class="cookie-ok"')
    page = read_html(text)
    assert (page.session.title, len(page.session.items)) == ("Deep Learning", 14)


def test_ids_are_stable_across_viewer_time_zones(sessions):
    session = sessions["icml2022-deep-learning"]
    local = read_html(session_html(session)).session
    eastern = read_html(session_html(session, PageOptions(timezone="America/New_York"))).session
    assert [item.id for item in local.items] == [item.id for item in eastern.items]


# --- the command line ----------------------------------------------------------------------------


def test_cli_parses_html_and_search_finds_absolute_urls():
    result = run_cli("parse", str(FIXTURES / f"{BIG_POSTER_NAME}.html"))
    assert result.code == 0, result.stderr
    assert "stored 1 session(s), 220 item(s)" in result.stderr
    hits = run_cli("search", "Bridges Optimal", "--json").json
    titles = {hit["title"]: hit for hit in hits}
    assert SPECIAL_TITLE in titles
    url = titles[SPECIAL_TITLE]["url"]
    assert url.startswith("https://icml.cc/virtual/2025/poster/") and url[36:].isdigit()


def test_cli_format_html_and_a_text_file_under_it():
    result = run_cli("parse", "--format", "html", str(SAMPLE_FILES[0]))
    assert result.code != 0 and "not a conference session page" in result.stderr
    again = run_cli("parse", "--format", "html", str(FIXTURES / "iclr2021-oral-session-1.html"))
    assert again.code == 0 and "15 item(s)" in again.stderr
