"""Header fields survive the widgets the sites put beside them (issue 11, part 6): bookmark
and calendar buttons, chat frames and links, icons, and their words, inside the element that
holds a session's title, room or time, never cost the field."""

from __future__ import annotations

import re

import pytest
from pagegen.html_pages import FIXTURES

from confcli.readers.reading import ReadOptions, read_one
from confcli.readers.sources import PageInput

NAMES = sorted(path.name for path in FIXTURES.glob("*.html"))
HEADER_FIELDS = ("title", "room", "chairs", "start", "end", "kind", "site_id", "conference", "year")

BOOKMARK = (
    '<span class="bookmark-action-button fa fa-bookmark-o" title="Add / Remove Bookmark">'
    "Bookmark</span>"
)
CALENDAR = '<a class="btn btn-sm" href="/virtual/2025/calendar/ics/1">Add to calendar</a>'
CHAT_LINK = '<a href="/virtual/2025/chat/session/1">Chat</a>'
CHAT_FRAME = '<iframe src="/virtual/2025/chat/session/1?layout=embedded">Open chat</iframe>'
BUTTON = '<button type="button">★</button> <i class="fa fa-calendar"></i>'
STAR = '<span title="Add to my calendar">📅</span>'
WIDGETS = {
    "bookmark": BOOKMARK,
    "calendar": CALENDAR,
    "chat-link": CHAT_LINK,
    "chat-frame": CHAT_FRAME,
    "button": BUTTON,
    "icon": STAR,
    "all": " ".join((BOOKMARK, CALENDAR, CHAT_LINK, CHAT_FRAME, BUTTON, STAR)),
    "bare-words": "Add to calendar Chat",  # a widget's words in the field's own text node
}
TITLE_END = re.compile(r"(<h2 class=\"card-title main-title[^>]*>.*?)(\s*</h2>)", re.DOTALL)
ROOM_END = re.compile(r'(<h5 class="text-center text-muted">[^<]*)(</h5>)')
# The session's time: the <div> in the header whose first text is the range.
TIME_END = re.compile(r"(<div>\s*\w{3} \d+ \w{3} [^<]*?)(\s*<span class=\"bookmark-action)")


def read(text: str):
    return read_one(PageInput("page.html", text), ReadOptions()).session


def header(session) -> dict:
    return {name: getattr(session, name) for name in HEADER_FIELDS} | {
        "items": [(item.title, item.start, item.site_id) for item in session.items]
    }


def inject(page: str, pattern: re.Pattern[str], widget: str, *, before: bool = False) -> str:
    """The widget put inside the field's element, after (or before) the field's text."""
    found = pattern.search(page)
    assert found, pattern.pattern
    if before:
        opening = found[1].index(">") + 1
        new = found[1][:opening] + widget + " " + found[1][opening:] + found[2]
    else:
        new = found[1] + " " + widget + found[2]
    return page[: found.start()] + new + page[found.end() :]


@pytest.fixture(scope="module")
def plain() -> dict[str, tuple[str, dict]]:
    pages = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in NAMES}
    return {name: (page, header(read(page))) for name, page in pages.items()}


@pytest.mark.parametrize("widget", sorted(WIDGETS))
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("before", [False, True], ids=["after", "before"])
def test_widgets_in_title_room_and_time_cost_no_field(plain, name, widget, before):
    page, expected = plain[name]
    for pattern in (TITLE_END, ROOM_END, TIME_END):
        if pattern.search(page):
            page = inject(page, pattern, WIDGETS[widget], before=before)
    assert header(read(page)) == expected


def test_every_fixture_has_a_title_and_a_time_to_hide_widgets_in(plain):
    """The test above puts widgets where they matter: every fixture has the title element,
    all but the untimed poster session the time's, three the room's."""
    assert all(TITLE_END.search(page) for page, _ in plain.values())
    timed = [name for name, (page, _) in plain.items() if TIME_END.search(page)]
    assert timed == [name for name in NAMES if name != "iclr2023-poster-session-3.html"]
    rooms = [name for name, (page, _) in plain.items() if ROOM_END.search(page)]
    assert rooms == [
        "iclr2023-poster-session-3.html",
        "icml2022-deep-learning.html",
        "icml2025-poster-session-1-west.html",
    ]


def test_a_time_split_over_elements_beside_a_chat_button_is_one_range(plain):
    """Structure first: the element holding the range, whatever else it holds."""
    page, expected = plain["icml2025-poster-session-1-west.html"]
    split = page.replace(
        "Wed 16 Jul 11 a.m. PDT\n            &mdash; 1:30 p.m. PDT",
        "<div>Wed 16 Jul 11 a.m. PDT</div><div>&mdash; 1:30 p.m. PDT</div><button>Chat</button>",
    )
    assert split != page
    session = read(split)
    assert (session.start.isoformat(), session.end.isoformat()) == (
        "2025-07-16T11:00:00-07:00",
        "2025-07-16T13:30:00-07:00",
    )
    assert header(session) == expected


def test_a_chat_box_with_its_own_heading_is_not_the_room(plain):
    page, expected = plain["icml2022-deep-learning.html"]
    chat = (
        '<div class="chat-container"><h5 class="text-center text-muted">Chat</h5>'
        f"{CHAT_FRAME}</div>"
    )
    found = ROOM_END.search(page)
    assert found
    page = page[: found.start()] + chat + page[found.start() :]
    assert header(read(page)) == expected


def test_a_wrapper_classed_as_a_calendar_keeps_the_time_it_holds(plain):
    """A widget's class on the element that holds the field does not take the field."""
    page, expected = plain["icml2025-poster-session-1-west.html"]
    wrapped = TIME_END.sub(r'<div class="add-to-calendar">\1</div>\2', page, count=1)
    assert wrapped != page
    assert header(read(wrapped)) == expected


def test_slot_times_survive_a_calendar_button_in_their_element(plain):
    page, expected = plain["iclr2021-oral-session-7.html"]
    with_buttons = re.sub(
        r'(<div class="small text-muted">[^<]*)(</div>)', rf"\1 {CALENDAR} {CHAT_LINK}\2", page
    )
    assert with_buttons.count(CALENDAR) == 16  # every slot of the session
    assert header(read(with_buttons)) == expected
