"""The listing-page reader on the real listing pages people saved (tests/fixtures/real, byte
copies of ../shared/real), field by field, and on the variations other saves of the same
pages give: markup not prettified, whole pages with a heading, widgets inside fields, cards
missing parts, times in stated zones or the viewer's."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confcli.errors import BadInputError
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.listing import read_listing, sniff
from confcli.readers.listing_cards import find_cards, read_card, site_id, split_names
from confcli.readers.reading import ReadOptions, read_input
from confcli.readers.registry import SHAPES, read_document, reader_names
from confcli.readers.sources import PageInput
from confcli.render.jsonout import item_to_json

REAL = Path(__file__).parent / "fixtures" / "real"
HTML_FIXTURES = Path(__file__).parent / "fixtures" / "html"
SAMPLES = Path(__file__).parent.parent / "samples"
TUTORIALS = "neurips2025_tutorials_listing_fragment.html"
WORKSHOPS = "neurips2025_workshops_listing_fragment.html"
POSTERS = "neurips2023_posters_listing_excerpt.html"
ASSUMED_LA = "times have no zone: assumed America/Los_Angeles (NeurIPS 2025, San Diego)"


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def read(text: str, source: str = "page.html", **options) -> list[ParsedPage]:
    """As `confcli parse` reads a file: the file name is a hint for conference and year."""
    return read_input(PageInput(source, text), ReadOptions(**options))


def items_of(pages: list[ParsedPage]):
    return [item for page in pages for item in page.session.items]


def comparable(pages: list[ParsedPage]) -> list[dict]:
    """Every field of every item but the id (being redefined) and the source."""
    drop = ("id", "source", "session_id")
    return [
        {key: value for key, value in item_to_json(item).items() if key not in drop}
        for item in items_of(pages)
    ]


def assert_unique(pages: list[ParsedPage]) -> None:
    ids = [item.id for item in items_of(pages)]
    assert len(ids) == len(set(ids))
    urls = [item.url for item in items_of(pages)]
    assert len(urls) == len(set(urls))
    sessions = [page.session.id for page in pages]
    assert len(sessions) == len(set(sessions))


def card_drafts(text: str):
    """What the cards give before grouping: the site ids live here (the model keeps them in
    the item ids)."""
    from selectolax.lexbor import LexborHTMLParser

    markup, nodes = find_cards(LexborHTMLParser(text))
    return [read_card(node, markup) for node in nodes]


# --- NeurIPS 2025 tutorials (event-card markup, prettified fragment) ---------------------------

TUTORIAL_ROWS = [
    # site id, title, authors, room, slot (0: 09:30-12:00, 1: 13:30-16:00)
    ("109593", "Model Merging: Theory, Practice and Applications",
     ["Marco Ciccone", "Malikeh Ehghaghi", "Colin Raffel"], "Upper Level Room 30A-E", 0),
    ("109592", "Human-AI Alignment: Foundations, Methods, Practice, and Challenges",
     ["Hua Shen", "Mitchell Gordon", "Adam Tauman Kalai"], "Exhibit Hall F", 0),
    ("109591", "Foundations of Tensor/Low-Rank Computations for AI",
     ["Grigorios Chrysos", "Evrim Acar", "Antonio Vergari"], "Upper Level Room 28A-E", 0),
    ("109589", "Energy and Power as First-Class ML Design Metrics",
     ["Jae-Won Chung", "Ahmet Inci", "Ruofan Wu", "Bhargava Gopireddy"],
     "Upper Level Ballroom 6AB", 0),
    ("109594", "New Frontiers of Hyperparameter Optimization: Recent advances and open "
     "challenges in theory and practice", ["Dravyansh Sharma", "Colin White",
     "Maria-Florina Balcan"], "Upper Level Ballroom 6CDEF", 0),
    ("109596", "Planning in the Era of Language Models",
     ["Michael Katz", "Harsha Kokel", "Christian Muise"], "Upper Level Ballroom 20AB", 0),
    ("109599", "Explain AI Models: Methods and Opportunities in Explainable AI, Data-Centric "
     "AI, and Mechanistic Interpretability", ["Shichang (Ray) Zhang", "Himabindu Lakkaraju",
     "Julius Adebayo"], "Exhibit Hall G,H", 0),
    ("109595", "Scale Test-Time Compute on Modern Hardware",
     ["Zhuoming Chen", "Beidi Chen", "Azalia Mirhoseini"], "Upper Level Ballroom 6CDEF", 1),
    ("109597", "Theoretical Insights on Training Instability in Deep Learning",
     ["Jingfeng Wu", "Yu-Xiang Wang", "Maryam Fazel"], "Upper Level Ballroom 6AB", 1),
    ("109598", "The Science of Benchmarking: What’s Measured, What’s Missed, and What’s Next",
     ["Ziqiao Ma", "Michael Saxon", "Xiang Yue"], "Exhibit Hall G,H", 1),
    ("109587", "Autoregressive Models Beyond Language",
     ["Tianhong Li", "Huiwen Chang", "Kaiming He"], "Upper Level Room 30A-E", 1),
    ("109600", "Recent Developments in Geometric Machine Learning: Foundations, Models, and More",
     ["Behrooz Tahmasebi", "Stefanie Jegelka"], "Upper Level Room 28A-E", 1),
    ("109590", "Foundations of Imitation Learning: From Language Modeling to Continuous Control",
     ["Adam Block", "Dylan Foster", "Max Simchowitz"], "Upper Level Ballroom 20AB", 1),
    ("109588", "Data Privacy, Memorization, & Legal Implications in Generative AI: A Practical "
     "Guide", ["Pratyush Maini", "Joseph C. Gratz", "A. Feder Cooper"], "Exhibit Hall F", 1),
]  # fmt: skip
TUTORIAL_SLOTS = [
    ("Tutorials · Tue 2 Dec 09:30", "2025-12-02T09:30:00-08:00", "2025-12-02T12:00:00-08:00"),
    ("Tutorials · Tue 2 Dec 13:30", "2025-12-02T13:30:00-08:00", "2025-12-02T16:00:00-08:00"),
]


@pytest.fixture(scope="module")
def tutorials() -> list[ParsedPage]:
    return read(real(TUTORIALS), TUTORIALS)


def test_tutorials_are_14_in_two_time_slots_over_7_rooms(tutorials):
    assert [page.shape for page in tutorials] == ["listing", "listing"]
    assert [len(page.session.items) for page in tutorials] == [7, 7]
    assert len(items_of(tutorials)) == 14
    assert len({item.room for item in items_of(tutorials)}) == 7
    assert_unique(tutorials)


def test_tutorial_sessions_are_named_by_kind_and_slot(tutorials):
    for page, (title, start, end) in zip(tutorials, TUTORIAL_SLOTS, strict=True):
        session = page.session
        assert (session.title, session.start.isoformat(), session.end.isoformat()) == (
            title,
            start,
            end,
        )
        assert (session.kind, session.room, session.conference, session.year) == (
            "tutorial",
            None,  # each item keeps its own room
            "NeurIPS",
            2025,
        )
        assert all(item.session == title for item in session.items)


@pytest.mark.parametrize("row", TUTORIAL_ROWS, ids=lambda row: row[0])
def test_each_tutorial_field_by_field(tutorials, row):
    site, title, authors, room, slot = row
    found = [item for item in tutorials[slot].session.items if item.title == title]
    assert len(found) == 1
    item = found[0]
    _, start, end = TUTORIAL_SLOTS[slot]
    assert item.kind == "tutorial"
    assert list(item.authors) == authors
    assert item.room == room
    assert (item.start.isoformat(), item.end.isoformat()) == (start, end)
    assert item.url == f"https://neurips.cc/virtual/2025/{site}"  # tutorials: no kind in path
    assert (item.conference, item.year, item.source) == ("NeurIPS", 2025, TUTORIALS)


def test_tutorials_keep_page_order_within_each_slot(tutorials):
    for slot in (0, 1):
        expected = [row[1] for row in TUTORIAL_ROWS if row[4] == slot]
        assert [item.title for item in tutorials[slot].session.items] == expected


def test_tutorial_site_ids_come_from_the_cards():
    cards = card_drafts(real(TUTORIALS))
    assert [card.item.site_id for card in cards] == [row[0] for row in TUTORIAL_ROWS]
    assert cards[0].time_text == "Dec 2, 9:30 AM - 12:00 PM"


def test_tutorial_abstracts_are_read_where_the_card_has_one(tutorials):
    by_title = {item.title: item for item in items_of(tutorials)}
    explain = by_title[TUTORIAL_ROWS[6][1]].abstract
    assert explain.startswith("Understanding AI system behavior has become critical for safety,")
    assert explain.endswith("interpretability techniques effectively in AI applications.")
    assert "\n" not in explain and "  " not in explain and "Show more" not in explain
    assert sum(item.abstract is None for item in items_of(tutorials)) == 9


def test_tutorial_warnings_name_the_zone_assumption_once(tutorials):
    assert tutorials[0].warnings == [ASSUMED_LA, "5 item(s) without an abstract"]
    assert tutorials[1].warnings == ["4 item(s) without an abstract"]


# --- NeurIPS 2025 workshops (same markup, 55 cards over two days) ------------------------------

# site id, day of December, number of organisers, room: all 55 cards in page order.
WORKSHOP_ROWS = """
109558 6 9 Upper Level Room 32AB|109543 6 8 Upper Level Room 28A-E
109545 6 7 Upper Level Room 23ABC|109576 6 8 Upper Level Room 10
109538 6 8 Upper Level Room 29A-D|109532 6 15 Upper Level Room 30A-E
109562 6 7 Exhibit Hall G,H|109535 6 5 Upper Level Room 25ABC
109571 6 7 Upper Level Room 24ABC|109581 6 6 Upper Level Ballroom 20A
109568 6 7 Upper Level Room 1AB|109542 6 9 Upper Level Room 31ABC
109567 6 6 Upper Level Room 4|109553 6 6 Upper Level Ballroom 20D
109580 6 4 Upper Level Room 2|109550 6 8 Upper Level Room 8
109564 6 7 Upper Level Room 3|109537 6 6 Upper Level Room 5AB
109541 6 8 Upper Level Room 7|109570 6 9 Upper Level Ballroom 20C
109555 6 8 Upper Level Room 26AB|109566 6 11 Upper Level Room 33ABC
109586 6 10 Upper Level Room 9|109556 6 8 Exhibit Hall F
109573 6 7 Upper Level Room 27AB|109565 6 11 Upper Level Ballroom 6A
109548 6 10 Upper Level Ballroom 6B|109539 6 9 Upper Level Room 11AB
109577 6 12 Upper Level Ballroom 6CF|109544 7 8 Upper Level Room 5AB
109583 7 7 Upper Level Room 26AB|109579 7 6 Exhibit Hall F
109560 7 9 Upper Level Room 28A-E|109557 7 6 Upper Level Room 10
109582 7 8 Upper Level Room 8|109554 7 7 Upper Level Room 9
109549 7 7 Upper Level Room 2|109547 7 8 Upper Level Room 30A-E
109585 7 6 Upper Level Room 3|109572 7 10 Upper Level Room 7
109578 7 9 Upper Level Ballroom 20A|109551 7 6 Upper Level Ballroom 6A
109534 7 5 Upper Level Room 27AB|109540 7 17 Upper Level Room 23ABC
109552 7 10 Upper Level Ballroom 20D|109584 7 6 Upper Level Room 25ABC
109561 7 6 Upper Level Room 11AB|109546 7 7 Upper Level Room 29A-D
109536 7 8 Upper Level Room 31ABC|109533 7 7 Upper Level Ballroom 6DE
109574 7 6 Upper Level Room 24ABC|109563 7 7 Upper Level Room 32AB
109575 7 9 Upper Level Room 1AB|109569 7 4 Upper Level Room 4
109559 7 8 Upper Level Room 33ABC
"""


def workshop_rows() -> list[tuple[str, int, int, str]]:
    rows = re.split(r"[|\n]", WORKSHOP_ROWS.strip())
    return [(site, int(day), int(count), room) for site, day, count, room in
            (row.split(" ", 3) for row in rows)]  # fmt: skip


@pytest.fixture(scope="module")
def workshops() -> list[ParsedPage]:
    return read(real(WORKSHOPS), WORKSHOPS)


def test_workshops_are_55_over_dec_6_and_7(workshops):
    sessions = [page.session for page in workshops]
    assert [(s.title, s.start.isoformat(), s.end.isoformat(), len(s.items)) for s in sessions] == [
        ("Workshops · Sat 6 Dec 08:00", "2025-12-06T08:00:00-08:00",
         "2025-12-06T17:00:00-08:00", 29),
        ("Workshops · Sun 7 Dec 08:00", "2025-12-07T08:00:00-08:00",
         "2025-12-07T17:00:00-08:00", 26),
    ]  # fmt: skip
    assert all(item.kind == "workshop" for item in items_of(workshops))
    assert_unique(workshops)
    assert workshops[0].warnings == [ASSUMED_LA, "6 item(s) without an abstract"]
    assert workshops[1].warnings == ["10 item(s) without an abstract"]


def test_each_workshop_site_day_organisers_and_room(workshops):
    rows = workshop_rows()
    assert len(rows) == 55
    found = [
        (item.url.rsplit("/", 1)[1], item.start.day, len(item.authors), item.room)
        for item in items_of(workshops)
    ]
    assert found == rows
    assert all(
        item.url == f"https://neurips.cc/virtual/2025/workshop/{site}"  # the workshop path
        for item, (site, *_) in zip(items_of(workshops), rows, strict=True)
    )
    assert [card.item.site_id for card in card_drafts(real(WORKSHOPS))] == [row[0] for row in rows]


def test_workshop_titles_are_squeezed_and_match_the_cards_own_lower_case_copy(workshops):
    """Each card also carries its title, lower-cased, in data-event-title: wrapping and doubled
    spaces aside, the titles read must be that text."""
    attributes = re.findall(r'data-event-title="([^"]*)"', real(WORKSHOPS))
    assert len(attributes) == 55
    for item, attribute in zip(items_of(workshops), attributes, strict=True):
        assert "  " not in item.title and "\n" not in item.title
        assert item.title.lower() == " ".join(attribute.replace("&#x27;", "'").split()), item.title


def test_workshop_names_as_written(workshops):
    by_title = {item.title: item for item in items_of(workshops)}
    scaleopt = by_title["GPU-Accelerated and Scalable Optimization (ScaleOpt)"]
    assert list(scaleopt.authors) == [  # "Alexandre\n Amice ''": wrapped, with stray quotes
        "Parth Nobel", "Fangzhao Zhang", "Maximilian Schaller", "Alexandre Amice",
        "Tobia Marcucci", "Tetiana Parshakova", "Stephen Boyd",
    ]  # fmt: skip
    genproc = by_title[
        "GenProCC: 1st Workshop on Generative and Protective AI for Content Creation"
    ]
    assert genproc.authors[2] == "vali lalioti"  # lower case kept
    finance = by_title["Generative AI in Finance"]
    assert finance.authors[4] == 'Zhangyang "Atlas" Wang'  # quotes in a name stay
    assert by_title["The First Workshop on Efficient Reasoning"].authors[0] == "cheng Luo"
    assert "What Can('t) Transformers Do?" in by_title
    bert = "Recent Advances in Time Series Foundation Models: Have We Reached the ‘BERT Moment’?"
    assert by_title[bert].url == "https://neurips.cc/virtual/2025/workshop/109585"  # not the CfP


# --- NeurIPS 2023 posters (displaycards markup, times in the viewer's zone) --------------------


@pytest.fixture(scope="module")
def posters() -> list[ParsedPage]:
    return read(real(POSTERS), POSTERS)


def test_posters_are_25_in_one_slot(posters):
    assert len(posters) == 1
    session = posters[0].session
    assert session.title == "Posters · Tue 12 Dec 10:45"  # named in New Orleans time
    assert (session.kind, session.room, session.conference, session.year) == (
        "poster",
        "Great Hall & Hall B1+B2 (level 1)",
        "NeurIPS",
        2023,
    )
    assert session.start.isoformat() == "2023-12-12T17:45:00+01:00"  # 10:45 CST, as saved
    assert session.end is None
    assert len(session.items) == 25
    assert posters[0].warnings == []  # the page states the zone: nothing assumed
    assert_unique(posters)


def test_poster_kinds_authors_rooms_and_links(posters):
    items = posters[0].session.items
    assert Counter(item.kind for item in items) == {"spotlight-poster": 21, "poster": 4}
    first = items[0]
    assert first.title == "Renku: a platform for sustainable data science"
    assert first.kind == "poster"
    assert len(first.authors) == 26  # hard-wrapped over five lines
    assert first.authors[:2] == ("Rok Roškar", "Chandrasekhar Ramakrishnan")
    assert "Lilian Gasser" in first.authors and "Eliza Harris" in first.authors
    assert first.url == "https://neurips.cc/virtual/2023/poster/73464"
    assert first.start.isoformat() == "2023-12-12T17:45:00+01:00"
    second = items[1]
    assert second.title == "Semi-Supervised Domain Generalization with Known and Unknown Classes"
    assert (second.kind, list(second.authors)) == (
        "spotlight-poster",
        ["Lei Zhang", "Ji-Fu Li", "Wei Wang"],
    )
    by_title = {item.title: item for item in items}
    lower = by_title[
        "Reinforcement-Enhanced Autoregressive Feature Transformation: Gradient-steered Search "
        "in Continuous Space for Postfix Expressions"
    ]
    assert lower.authors[3] == "pengfei wang"
    assert all(item.room == "Great Hall & Hall B1+B2 (level 1)" for item in items)
    assert all(item.abstract for item in items)
    assert [card.item.site_id for card in card_drafts(real(POSTERS))][:3] == [
        "73464",
        "71081",
        "70489",
    ]


def test_poster_abstracts_decode_entities_and_keep_tex(posters):
    by_title = {item.title: item for item in posters[0].session.items}
    sparse = by_title["Feature Adaptation for Sparse Linear Regression"].abstract
    assert "$\\Sigma$" in sparse and "``outlier''" in sparse
    assert "&amp;" not in " ".join(item.abstract for item in posters[0].session.items)


def test_the_conference_comes_from_the_page_not_only_the_file_name():
    """Read from standard input: the poster page names NeurIPS 2023 in its media paths."""
    pages = read(real(POSTERS), "-")
    assert (pages[0].session.conference, pages[0].session.year) == ("NeurIPS", 2023)
    assert pages[0].session.title == "Posters · Tue 12 Dec 10:45"


# --- variations of the same pages --------------------------------------------------------------


@pytest.mark.parametrize("name", [TUTORIALS, WORKSHOPS, POSTERS])
def test_markup_not_prettified_reads_the_same(name):
    squeezed = re.sub(r"\s+", " ", real(name))
    assert "</a\n" not in squeezed
    assert comparable(read(squeezed, name)) == comparable(read(real(name), name))


def whole_page(body: str, title: str, heading: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        "<script>var noise = 'Dec 9, 1:00 AM - 2:00 AM';</script></head><body>"
        "<nav><h1>NeurIPS</h1><a href='/virtual/2025/index.html'>Home</a></nav>"
        f"<main>{heading}{body}</main><footer><h2>Footer</h2></footer></body></html>"
    )


def test_a_whole_page_is_named_by_its_heading_with_the_slot_when_there_are_several():
    heading = (
        "<h1>Tutorial Sessions <span class='bookmark-cell'></span>"
        "<script>toggle_bookmark(event_id='1')</script><button>Add to calendar</button></h1>"
    )
    page = whole_page(real(TUTORIALS), "NeurIPS 2025 Tutorials", heading)
    pages = read(page, "saved.html")  # the file name says nothing: the <title> does
    assert [p.session.title for p in pages] == [
        "Tutorial Sessions · Tue 2 Dec 09:30",
        "Tutorial Sessions · Tue 2 Dec 13:30",
    ]
    assert (pages[0].session.conference, pages[0].session.year) == ("NeurIPS", 2025)
    assert len(items_of(pages)) == 14


def test_a_whole_page_with_one_slot_takes_its_heading_as_the_session_title():
    page = whole_page(real(POSTERS), "NeurIPS 2023 Posters", "<h2>Poster Session 1</h2>")
    pages = read(page, "saved.html")
    assert [p.session.title for p in pages] == ["Poster Session 1"]
    assert len(pages[0].session.items) == 25


def test_a_time_element_holding_a_bookmark_button_and_a_script_keeps_its_time():
    plain = '<span class="touchup-time">\n                        Dec 2, 9:30 AM - 12:00 PM'
    widgets = (
        '<span class="touchup-time">Dec 2, 9:30 AM - 12:00 PM'
        '<span class="bookmark-toggle" title="Add / Remove Bookmark"><i class="fa-bookmark">'
        "</i></span><script>toggle_bookmark(event_id='109593'); // Dec 3, 1:00 PM</script>"
        '<button class="btn">Bookmark</button><a class="add-to-calendar" href="/x.ics">ICS</a>'
    )
    text = real(TUTORIALS)
    assert text.count(plain) == 7
    pages = read(text.replace(plain, widgets), TUTORIALS)
    assert comparable(pages) == comparable(read(text, TUTORIALS))


def test_cards_without_speakers_time_or_room_and_a_one_word_name():
    text = real(TUTORIALS)
    cards = text.split('<div\n            class="event-card touchup-date"')
    assert len(cards) == 15
    bare = re.sub(r'<div class="event-speakers">.*?</div>', "", cards[1], flags=re.DOTALL)
    bare = re.sub(r'<div class="event-meta-row">.*?</div>', "", bare, flags=re.DOTALL)
    cards[1] = bare
    cards[2] = cards[2].replace("Hua Shen · Mitchell Gordon", "Veloso · Mitchell Gordon")
    pages = read('<div\n            class="event-card touchup-date"'.join(cards), TUTORIALS)
    assert [p.session.title for p in pages] == [
        "Tutorials · Tue 2 Dec 09:30",
        "Tutorials · Tue 2 Dec 13:30",
        "Tutorials · time not given",
    ]
    bare_item = pages[2].session.items[0]
    assert bare_item.title == "Model Merging: Theory, Practice and Applications"
    assert (bare_item.authors, bare_item.start, bare_item.end, bare_item.room) == (
        (),
        None,
        None,
        None,
    )
    assert "1 item(s) without authors" in pages[2].warnings
    assert pages[0].session.items[0].authors == ("Veloso", "Mitchell Gordon", "Adam Tauman Kalai")


def test_a_page_without_any_time_is_one_session_named_by_its_kind():
    text = re.sub(r"Tue 12 Dec 05:45 PM CET", "", real(POSTERS))
    pages = read(text, POSTERS)
    assert [(p.session.title, p.session.start, len(p.session.items)) for p in pages] == [
        ("Posters", None, 25)
    ]


def test_a_card_repeated_on_the_page_is_read_once():
    text = real(POSTERS)
    first_card = text[text.index('<div class="displaycards') : text.index("event-71081") - 14]
    pages = read(text.replace(first_card, first_card * 2, 1), POSTERS)
    assert len(pages[0].session.items) == 25
    assert "1 card(s) repeated: read once" in pages[0].warnings


# --- times and zones -----------------------------------------------------------------------------


def first_tutorial_time(text: str, **context) -> tuple[str | None, str | None, list[str]]:
    page = real(TUTORIALS).replace("Dec 2, 9:30 AM - 12:00 PM", text, 1)
    pages = read_document(page, PageContext(source=TUTORIALS, **context))
    item = next(i for p in pages for i in p.session.items if i.title.startswith("Model Merging"))
    iso = (item.start.isoformat() if item.start else None, item.end and item.end.isoformat())
    return (*iso, pages[0].warnings)


def test_a_zone_the_page_states_wins_over_the_venue():
    start, end, warnings = first_tutorial_time(
        "Dec 2, 9:30 AM EST - 12:00 PM EST", conference="NeurIPS", year=2025
    )
    assert (start, end) == ("2025-12-02T09:30:00-05:00", "2025-12-02T12:00:00-05:00")


def test_the_users_page_zone_overrides_the_table_without_a_warning():
    pages = read_document(
        real(TUTORIALS), PageContext(source="-", conference="NeurIPS", page_zone="Europe/Berlin")
    )
    assert pages[0].session.start.isoformat() == "2025-12-02T09:30:00+01:00"
    assert pages[0].session.title == "Tutorials · Tue 2 Dec 00:30"  # named in San Diego time
    assert not any("zone" in warning for page in pages for warning in page.warnings)


def test_without_a_venue_or_a_zone_times_are_left_out_and_said_so():
    pages = read(real(TUTORIALS), "-")
    assert [p.session.title for p in pages] == ["Tutorials"]
    assert pages[0].session.conference is None and pages[0].session.year == 2025
    assert pages[0].warnings[:2] == [
        "14 time(s) not read: times have no zone and the venue is unknown "
        "(give --conference or --page-tz)",
        "links left relative: the site is unknown (give --base-url)",
    ]
    assert pages[0].session.items[0].url == "/virtual/2025/109593"


def test_viewer_times_roll_over_midnight_and_the_weekday_checks_the_year():
    page = real(POSTERS).replace("Tue 12 Dec 05:45 PM CET", "Wed 13 Dec 01:45 AM CET", 1)
    page = page.replace("Tue 12 Dec 05:45 PM CET", "Wed 12 Dec 05:45 PM CET", 1)
    pages = read(page, POSTERS)
    late = next(p for p in pages if p.session.title == "Posters · Tue 12 Dec 18:45")
    assert late.session.items[0].start.isoformat() == "2023-12-13T01:45:00+01:00"
    untimed = next(p for p in pages if p.session.title == "Posters · time not given")
    assert [item.title for item in untimed.session.items] == [
        "Semi-Supervised Domain Generalization with Known and Unknown Classes"
    ]
    assert any(
        w.startswith("1 time(s) not read: 12-12 is not that weekday") for w in pages[0].warnings
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Tue 2 Dec 9 a.m. PST — 1:30 p.m. PST", "2025-12-02T09:00:00-08:00",
         "2025-12-02T13:30:00-08:00"),
        ("December 2nd, 2025 at 9:30am – 12pm", "2025-12-02T09:30:00-08:00",
         "2025-12-02T12:00:00-08:00"),
        ("Dec 2, 11:30 PM - 12:30 AM", "2025-12-02T23:30:00-08:00", "2025-12-03T00:30:00-08:00"),
        ("2025-12-02T09:30:00+09:00 - 2025-12-02T10:00:00+09:00", "2025-12-02T09:30:00+09:00",
         "2025-12-02T10:00:00+09:00"),
        ("12/02/2025 9:30 AM - 12/02/2025 10:15 AM", "2025-12-02T09:30:00-08:00",
         "2025-12-02T10:15:00-08:00"),  # no fast path: python-dateutil reads it
    ],
)  # fmt: skip
def test_other_time_forms(text, start, end):
    assert first_tutorial_time(text, conference="NeurIPS")[:2] == (start, end)


def test_a_time_that_cannot_be_read_is_a_warning_not_a_guess():
    start, end, warnings = first_tutorial_time("Dec 45, 9:30 AM - 12:00 PM", conference="NeurIPS")
    assert (start, end) == (None, None)
    assert "1 time(s) not read: no such date: 2025-12-45" in warnings


# --- detection and registration ----------------------------------------------------------------


def test_sniff_takes_listing_pages_and_nothing_else():
    for name in (TUTORIALS, WORKSHOPS, POSTERS):
        assert sniff(real(name)[:65536])
    for path in [*HTML_FIXTURES.glob("*.html"), *SAMPLES.glob("*.txt")]:
        assert not sniff(path.read_text(encoding="utf-8")[:65536]), path.name
    assert not sniff('<div class="event-card">no site link</div>')
    assert not sniff("text mentioning event-card and /virtual/2025/ but no markup")


def test_the_listing_reader_comes_before_the_session_reader():
    names = [shape.name for shape in SHAPES]
    assert names.index("listing") < names.index("html-session")
    assert reader_names("html")[0] == "listing"
    assert read_listing(real(POSTERS), PageContext()) is not None
    session_page = (HTML_FIXTURES / "iclr2021-oral-session-1.html").read_text(encoding="utf-8")
    assert read_listing(session_page, PageContext()) is None


def test_format_html_reads_a_listing():
    pages = read(real(TUTORIALS), TUTORIALS, format="html")
    assert len(items_of(pages)) == 14


def test_a_listing_whose_cards_have_no_title_is_refused_with_the_reason():
    text = re.sub(r'<h3 class="event-title">.*?</h3>', "", real(TUTORIALS), flags=re.DOTALL)
    with pytest.raises(BadInputError, match="none of its cards has a title"):
        read(text, TUTORIALS)


def test_names_split_on_middle_dots_and_drop_stray_quotes():
    assert split_names("Alexandre Amice '' · Veloso · vali lalioti") == [
        "Alexandre Amice",
        "Veloso",
        "vali lalioti",
    ]
    assert split_names("Jia (Kevin) Liu, D'Amour") == ["Jia (Kevin) Liu", "D'Amour"]
    assert split_names("  ") == []


def test_site_ids_from_the_card_or_its_link():
    from selectolax.lexbor import LexborHTMLParser

    def card(html: str):
        return LexborHTMLParser(html).css_first("div")

    assert site_id(card('<div data-event-id="42"></div>'), None) == "42"
    assert site_id(card('<div id="event-73464"></div>'), None) == "73464"
    assert site_id(card("<div></div>"), "/virtual/2025/workshop/109558") == "109558"
    assert site_id(card("<div></div>"), "/virtual/2025/109593") == "109593"
    assert site_id(card("<div></div>"), "#") is None


def test_absolute_links_name_the_conference_when_nothing_else_does():
    text = real(WORKSHOPS).replace('href="/virtual/', 'href="https://neurips.cc/virtual/')
    pages = read(text, "-")
    assert (pages[0].session.conference, pages[0].session.year) == ("NeurIPS", 2025)
    assert pages[0].warnings[0] == ASSUMED_LA
    assert len(pages) == 2


def test_hostile_nesting_costs_linear_time():
    """Widgets in widgets and headings in headings (under the depth guard's tag count) are
    each looked at once: a quadratic walk took 4 s on 4,500 levels."""
    import time

    card = real(TUTORIALS)[: real(TUTORIALS).index('<div\n            class="event-card', 200)]
    levels = 4_500
    widgets = '<span class="bookmark">' * levels + "x" + "</span>" * levels
    headings = "<h1><div>" * levels + "x" + "</div></h1>" * levels
    for nested in (widgets, f'<div class="event-card">{headings}</div>', f"<nav>{headings}</nav>"):
        began = time.perf_counter()
        pages = read(card + nested + "</div>", TUTORIALS)
        assert time.perf_counter() - began < 1.0
        assert [item.title for item in items_of(pages)][0] == TUTORIAL_ROWS[0][1]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2025-13-45T10:00 - 2025-12-02T10:00", "not an ISO 8601 time: '2025-13-45T10:00'"),
        ("Dec 2, 9:30 AM - Foo 3 10:00 AM", "unknown month 'Foo'"),
        ("Dec 2, 25:30", "not a clock time: '25:30'"),
        ("Dec 2, 9:30 AM XYZ - 10:00 AM XYZ", "unknown time zone abbreviation 'XYZ'"),
        ("Dec 2, 9:30 AM - 9:00 AM", "the end comes before the start in 'Dec 2, 9:30 AM - 9:00"),
    ],
)
def test_broken_times_are_counted_and_assume_nothing(text, why):
    start, end, warnings = first_tutorial_time(text, conference="NeurIPS")
    assert (start, end) == (None, None)
    assert sum(w.startswith(f"1 time(s) not read: {why}") for w in warnings) == 1
    assert warnings.index(ASSUMED_LA) == 0  # the other 13 cards' times are still assumed


def test_a_clock_that_read_no_time_names_no_assumption():
    from confcli.readers.listing_times import CardClock, choose_zone
    from confcli.venues import main_venue

    clock = CardClock(2025, choose_zone(None, None, main_venue("NeurIPS", 2025), []))
    assert clock.read("Dec 2, 9:30 AM - 9:00 AM") == (None, None)
    assert clock.read("TBA") == (None, None)  # no clock at all: no time, nothing to say
    assert clock.warnings() == [
        "1 time(s) not read: the end comes before the start in 'Dec 2, 9:30 AM - 9:00 AM'"
    ]


TIME_TOKENS = [
    "Dec", "December", "Foo", "2", "45", "2025", ",", " ", "-", "–", " to ", "9:30", "25:99",
    "AM", "p.m.", "noon", "PST", "XYZ", "+09:00", "Tue", "Wed", "at", "2025-12-02T09:30",
    "2025-13-45 10:00", "12/02/2025", "99999999999", "\u00a0", "·",
]  # fmt: skip


@given(
    st.lists(st.one_of(st.sampled_from(TIME_TOKENS), st.text(max_size=4)), max_size=14).map("".join)
)
def test_any_time_text_gives_a_time_or_a_counted_warning(text):
    """Never an exception, never a naive time; a text with a clock that gives no time is
    counted as not read."""
    from confcli.readers.listing_times import CLOCK_LIKE, CardClock, choose_zone
    from confcli.venues import main_venue

    clock = CardClock(2025, choose_zone(None, None, main_venue("NeurIPS", 2025), []))
    start, end = clock.read(text)
    assert start is None or start.tzinfo is not None
    assert end is None or (start is not None and end >= start)
    if start is None and CLOCK_LIKE.search(text):
        assert sum(clock.unread.values()) == 1


def test_an_iso_range_ending_before_its_start_is_not_read():
    """Found by hypothesis: ISO times skipped the end-before-start check of the other forms."""
    from confcli.readers.listing_times import CardClock, choose_zone
    from confcli.venues import main_venue

    clock = CardClock(2025, choose_zone(None, None, main_venue("NeurIPS", 2025), []))
    assert clock.read("2025-12-02T09:30 - 2025-12-02T08:30") == (None, None)
    assert clock.read("2025-12-02T09:30-2025-12-02T09:302025-12-02T09:30") == (None, None)
    assert sum(clock.unread.values()) == 2
    start, end = clock.read("2025-12-02T09:30 - 2025-12-02T12:00")
    assert (start.isoformat(), end.isoformat()) == (
        "2025-12-02T09:30:00-08:00",
        "2025-12-02T12:00:00-08:00",
    )
