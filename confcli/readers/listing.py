"""Listing pages of the virtual sites (``/virtual/<year>/events/tutorial``, ``…/poster``,
day pages): a grid of event cards, saved whole or copied as a DOM fragment without <head>.

A listing is not one session: its cards are grouped into one session per time slot (one
for the page when no card has a time), each item keeping its own room. A session is named
by the page's heading when it has one, else by its kind and slot (``Tutorials · Tue 2 Dec
09:30``, in the venue's zone). Conference and year come from the page (its <title>, its
``/virtual/<year>/`` links, its media paths, the site it was saved from), else from the
user or the file name; times the page does not zone are read as the venue table says,
with a warning naming that assumption.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import unquote

from confcli.conferences import CONFERENCE_SITES, conference_from_text
from confcli.errors import BadInputError
from confcli.model import slug
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_sessions,
    lost_most,
)
from confcli.readers.html import absolute, banner_zone, conference_of_site, node_text, page_base
from confcli.readers.html import titles as page_titles
from confcli.readers.html_depth import check_depth
from confcli.readers.listing_cards import (
    EVENT_LINK,
    Card,
    Markup,
    drop_widgets,
    find_cards,
    inside_any,
    read_card,
)
from confcli.readers.listing_times import CardClock, choose_zone
from confcli.readers.vocabulary import HEAD_CHARS, SNIFF_CHARS
from confcli.times import day_label
from confcli.venues import Venue, main_venue

Node = Any  # a selectolax LexborNode (imported lazily, so not named in annotations)
SHAPE = "listing"
MARKUP_START = re.compile(r"^\s*(?:<!--.{0,2000}?-->\s*)*<[!a-zA-Z]", re.DOTALL)
CARD_MARK = re.compile(r"""class\s*=\s*["'][^"'<>]*\b(?:event-card|displaycards)\b""")
SITE_MARK = re.compile(r"/virtual/(?:19|20)\d\d/")
MEDIA_CONFERENCE = re.compile(r"/media/\w+/(?P<name>[^/\"']{4,40}?)/")
# Site chrome and cards; a <header> can hold the page's own h1.
OUTSIDE_CONTENT = ("nav", "footer", "div.event-card", "div.displaycards")


def sniff(head: str) -> bool:
    """Markup (by its first tag) holding listing cards and a link of the virtual sites."""
    head = head[:SNIFF_CHARS].lstrip("\ufeff")
    start = MARKUP_START.match(head[:HEAD_CHARS])
    return bool(start and CARD_MARK.search(head) and SITE_MARK.search(head))


def looks_like_listing(text: str) -> bool:
    """sniff(), over the whole text: a saved page's cards can start after its first 64 KiB."""
    text = text.lstrip("\ufeff")
    start = MARKUP_START.match(text[:4096])
    return bool(start and CARD_MARK.search(text) and SITE_MARK.search(text))


# --- the page around the cards ---------------------------------------------------------------


@dataclass
class ListingPage:
    """What the page says about all its cards."""

    conference: str | None
    year: int | None
    site: str | None  # where relative links point
    heading: str | None
    venue: Venue | None


def read_page_facts(text: str, tree: Node, context: PageContext) -> ListingPage:
    base = page_base(text, tree, context)
    found = _conference_and_year(tree, base)
    conference, year = context.conference_and_year(found)
    site = base or CONFERENCE_SITES.get(conference or "")
    venue = main_venue(conference, year)
    return ListingPage(conference, year, site, page_heading(tree), venue)


def _conference_and_year(tree: Node, base: str | None) -> tuple[str | None, int | None]:
    """From the <title>s, the media paths (/media/PosterPDFs/NeurIPS%202023/…), the site the
    page came from or its links point at, and the year of its event links."""
    named = [conference_from_text(title) for title in page_titles(tree)]
    for image in tree.css("img[src]"):
        media = MEDIA_CONFERENCE.search(unquote(image.attributes.get("src") or ""))
        named.append(conference_from_text(media["name"]) if media else None)
    conference, year = next((found for found in named if found), (None, None))
    link = _first_event_link(tree)
    conference = conference or conference_of_site(base)
    if link:  # an absolute link names the site; any link names the year
        conference = conference or conference_of_site(link.string)
        year = year or int(link["year"])
    return conference, year


def _first_event_link(tree: Node) -> re.Match[str] | None:
    hrefs = (link.attributes.get("href") or "" for link in tree.css("a[href]"))
    return next(filter(None, map(EVENT_LINK.search, hrefs)), None)


def page_heading(tree: Node) -> str | None:
    """The page's own h1 (else h2): not one in a card, a navigation bar or a footer."""
    chrome = {node.mem_id for node in tree.css(", ".join(OUTSIDE_CONTENT))}
    for level in ("h1", "h2"):
        headings = tree.css(level)
        for node, inside in zip(headings, inside_any(headings, chrome), strict=True):
            text = "" if inside else node_text(node)
            if text:
                return text
    return None


# --- the reader ------------------------------------------------------------------------------


def read_listing(text: str, context: PageContext) -> list[ParsedPage] | None:
    """The page's sessions (one per time slot); None when the text is not a listing."""
    if not looks_like_listing(text):
        return None
    check_depth(text, context.source)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    markup, nodes = find_cards(tree)
    if markup is None:
        return None
    drop_widgets(tree)  # first: a widget in the heading or a field must not cost it
    page = read_page_facts(text, tree, context)
    warnings: list[str] = []
    zone = choose_zone(banner_zone(tree, warnings), context.page_zone, page.venue, warnings)
    clock = CardClock(page.year, zone, context.today)
    items = read_items(nodes, markup, clock, page, warnings)
    if not items:
        message = f"a listing page ({markup.name} markup), but none of its cards has a title"
        raise BadInputError(message, source=context.source)
    warnings[:0] = clock.warnings()
    drafts = session_drafts(items, page, context)
    pages = build_sessions(drafts, context, SHAPE)
    pages[0].warnings[:0] = warnings
    return pages


def read_items(
    nodes: list[Node], markup: Markup, clock: CardClock, page: ListingPage, warnings: list[str]
) -> list[ItemDraft]:
    """Every card's item, each once, with its time read and its link made absolute."""
    cards = [read_card(node, markup) for node in nodes]
    items, seen, repeated = [], set(), 0
    for card in filter(None, cards):
        item = _timed(card, clock)
        key = (item.site_id or item.title, _instant(item.start))
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        item.url = absolute(item.url, page.site)
        items.append(item)
    untitled = cards.count(None)
    for count, what in ((untitled, "without a title skipped"), (repeated, "repeated: read once")):
        if count:
            warnings.append(f"{count} card(s) {what}")
    warnings += lost_most(len(items), len(cards) - repeated, "cards")
    if any(item.url and not item.url.startswith("http") for item in items):
        warnings.append("links left relative: the site is unknown (give --base-url)")
    return items


def _timed(card: Card, clock: CardClock) -> ItemDraft:
    card.item.start, card.item.end = clock.read(card.time_text)
    return card.item


# --- sessions: one per time slot -------------------------------------------------------------


def group_by_slot(items: list[ItemDraft]) -> list[list[ItemDraft]]:
    """Items sharing a start and an end, in page order; slots in time order, untimed last."""
    slots: dict[tuple[str | None, str | None], list[ItemDraft]] = {}
    for item in items:
        slots.setdefault((_instant(item.start), _instant(item.end)), []).append(item)
    return sorted(slots.values(), key=lambda slot: _slot_order(slot[0]))


def _slot_order(item: ItemDraft) -> tuple[bool, str, str]:
    return item.start is None, _instant(item.start) or "", _instant(item.end) or ""


def session_drafts(
    items: list[ItemDraft], page: ListingPage, context: PageContext
) -> list[SessionDraft]:
    """One session per time slot, named by the page's heading or by kind and slot."""
    slots = group_by_slot(items)
    label_zone = _label_zone(page, context)
    return [
        _slot_session(slot, page, session_title(page.heading, slot, len(slots), label_zone))
        for slot in slots
    ]


def _slot_session(slot: list[ItemDraft], page: ListingPage, title: str) -> SessionDraft:
    rooms = {item.room for item in slot}
    return SessionDraft(
        title=title,
        kind=slug(common_kind(slot) or "") or None,
        room=rooms.pop() if len(rooms) == 1 else None,  # else each item keeps its own
        conference=page.conference,
        year=page.year,
        items=slot,
    )


def _label_zone(page: ListingPage, context: PageContext) -> tzinfo | None:
    """Sessions are named in the conference's own time: the venue's zone, else the user's."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = page.venue.zone if page.venue else context.page_zone
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def session_title(
    heading: str | None, slot: list[ItemDraft], slots: int, zone: tzinfo | None
) -> str:
    """The heading (with the slot when the page has several), else kind and slot."""
    start = slot[0].start
    if start is None:
        when = "time not given" if slots > 1 else None
    else:
        when = slot_label(start.astimezone(zone) if zone else start)
    name = heading or kind_name(slot)
    return f"{name} · {when}" if when and (slots > 1 or not heading) else name


def slot_label(start: datetime) -> str:
    """'Tue 2 Dec 09:30' (English names whatever the locale)."""
    return f"{day_label(start)} {start:%H:%M}"


def common_kind(items: list[ItemDraft]) -> str | None:
    """The word every kind label ends with: 'Poster' for 'Poster' and 'Spotlight Poster'."""
    words = Counter(item.kind_label.split()[-1] for item in items if item.kind_label.split())
    return next(iter(words)) if len(words) == 1 else None


def kind_name(items: list[ItemDraft]) -> str:
    """'Tutorials', 'Posters'; 'Events' for a slot of mixed kinds."""
    kind = common_kind(items)
    if kind is None:
        return "Events"
    return kind if kind.endswith("s") else f"{kind}s"


def _instant(value: datetime | None) -> str | None:
    """The moment in UTC, so that slots printed with different offsets group as one."""
    return None if value is None else value.astimezone(UTC).isoformat()
