"""A page that reads as its shape but loses most of its items says so (issue 11, part 8):
"most" is more than half of the cards or records the page holds; records it holds twice are
held once."""

from __future__ import annotations

import json
import re
from pathlib import Path

from confcli.readers.reading import ReadOptions, read_input
from confcli.readers.sources import PageInput

FIXTURES = Path(__file__).parent / "fixtures"
TUTORIALS = FIXTURES / "real" / "neurips2025_tutorials_listing_fragment.html"
SESSION_7 = FIXTURES / "html" / "iclr2021-oral-session-7.html"
DOWNLOADS = FIXTURES / "real" / "icml2024_events_download_subset.json"
CARD_START = re.compile(r'<div\s+class="event-card')
TITLE = re.compile(r'(<h3 class="event-title">).*?(</h3>)', re.DOTALL)


def read(text: str, source: str):
    pages = read_input(PageInput(source, text), ReadOptions())
    return sum(len(page.session.items) for page in pages), [w for p in pages for w in p.warnings]


def lost(warnings: list[str]) -> list[str]:
    return [warning for warning in warnings if warning.startswith("most of the page's")]


def listing_of(cards: int, titled: int) -> str:
    """The real tutorials listing with its first card copied to ``cards`` cards (each its own
    event), of which only the first ``titled`` keep a title."""
    page = TUTORIALS.read_text(encoding="utf-8")
    start, end = [found.start() for found in CARD_START.finditer(page)][:2]
    copies = []
    for number in range(cards):
        card = page[start:end].replace("109593", str(900000 + number))
        card = card.replace("Model Merging: Theory", f"Model Merging {number}: Theory")
        copies.append(card if number < titled else TITLE.sub(r"\1\2", card))
    return page[:start] + "".join(copies) + page[end:]


def test_a_listing_of_400_cards_of_which_12_are_read_says_most_were_lost():
    count, warnings = read(listing_of(400, 12), "neurips2025-tutorials.html")
    assert count == 12 + 13  # and the page's 13 other cards
    assert "388 card(s) without a title skipped" in warnings
    assert lost(warnings) == ["most of the page's cards were lost: 25 of 413 read"]


def test_the_boundary_is_fewer_than_half():
    _, exactly_half = read(listing_of(13, 0), "neurips2025-tutorials.html")
    assert lost(exactly_half) == []  # 13 of 26 read
    _, one_fewer = read(listing_of(14, 0), "neurips2025-tutorials.html")
    assert lost(one_fewer) == ["most of the page's cards were lost: 13 of 27 read"]


def test_a_session_page_losing_most_cards_says_so():
    page = SESSION_7.read_text(encoding="utf-8")
    untitled = re.sub(r"<h5><strong><a [^>]*>[^<]*</a></strong></h5>", "<h5></h5>", page, count=9)
    count, warnings = read(untitled, "iclr2021-oral-session-7.html")
    assert count == 7
    assert lost(warnings) == ["most of the page's cards were lost: 7 of 16 read"]
    _, clean = read(page, "iclr2021-oral-session-7.html")
    assert lost(clean) == []


def test_a_downloads_export_losing_most_records_says_so_and_twice_is_not_lost():
    records = json.loads(DOWNLOADS.read_text(encoding="utf-8"))
    kept = records[:2]
    spoiled = [{**record, "name": ""} for record in records[2:8]]
    count, warnings = read(json.dumps(kept + kept + spoiled), "export.json")
    assert count == 2
    assert lost(warnings) == ["most of the page's records were lost: 2 of 8 read"]
    count, warnings = read(json.dumps(kept * 5), "export.json")
    assert (count, lost(warnings)) == (2, [])
