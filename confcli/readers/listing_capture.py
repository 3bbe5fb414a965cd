"""Captures of the virtual sites' listing pages (``/virtual/<year>/events/tutorial``, …):
``w3m -dump``, ``lynx -dump`` (with or without its list of links) or html2text's Markdown
of a card grid, as people paste them.

The cards come out as short runs of lines. The 2025 ``event-card`` markup prints the kind
badge above the title (``Tutorial`` / title / speakers / ``Dec 2, 9:30 AM - 12:00 PM Upper
Level Room 30A-E`` / abstract / ``View full details``); the older ``displaycards`` markup
prints it below (title / ``Spotlight Poster`` / authors / ``Tue 12 Dec 05:45 PM CET`` /
``[ Great Hall & Hall B1+B2 (level 1) ]`` / ``Abstract`` / abstract). Which of the two a
capture holds is decided once for the page, by what follows its kind lines. The cards are
then read as the listing reader reads them (its grouping into one session per time slot,
its times and the venue's zone), the links a capture keeps giving urls and site ids.

It is told from a session page's capture by its order: a card's time comes after its kind
and title, while a session page prints each slot's time above them (and its own header,
``Poster Session``, above all).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import unquote

from confcli.conferences import CONFERENCE_SITES, conference_from_text
from confcli.errors import BadInputError
from confcli.readers.build import ItemDraft, PageContext, ParsedPage, build_sessions
from confcli.readers.captures import (
    MD_LINK,
    MD_RULE,
    link_key,
    looks_like_markdown,
    markdown_lines,
    references_start,
    text_browser_lines,
    unfenced,
    wrap_widths,
)
from confcli.readers.html import absolute, conference_of_site, url_parts
from confcli.readers.listing import MEDIA_CONFERENCE, ListingPage, session_drafts
from confcli.readers.listing_cards import BRACKETED, EVENT_LINK, split_names
from confcli.readers.listing_times import CARD_TIME, CardClock, choose_zone
from confcli.readers.text import KIND_LABELS, looks_like_authors, split_lines
from confcli.readers.vocabulary import CHROME, SESSION_HEADER, json_head
from confcli.times import ZONE_OFFSETS
from confcli.venues import main_venue

SHAPE = "listing-capture"
# The last word of a listing's kind badge: 'Tutorial', 'Workshop', 'Spotlight Poster'.
KIND_WORDS = {"poster", "oral", "spotlight", "tutorial", "workshop", "talk", "panel", "keynote"}
KIND_WORDS |= {"demonstration", "competition", "event", "social"}
KNOWN_KINDS = KIND_LABELS | {"workshop", "oral poster", "highlight poster", "expo talk panel"}
KIND_LINE = re.compile(r"^(?:[A-Z][\w&-]*\s){0,3}[A-Z][a-z]+$")
# The cards' own buttons and the grid's empty-search notice: never a field.
CARD_CHROME = {
    "view full details", "show more", "show less", "read more", "thumbnail", "abstract",
    "abstract:", "no events found", "try adjusting your search terms",
}  # fmt: skip
ICONS = re.compile(r"(?<!\S)_{2,}(?!\S)")  # html2text writes an icon font's <i> as '__'
MARKER_START = re.compile(r"^\s*\[\d+\]\S")
SENTENCE_END = re.compile(r"[.…?!]$")
SPACES = re.compile(r"[ \t]+")
SNIFF_LINES = 2_000


# --- what a listing capture looks like ---------------------------------------------------------


def is_known_kind(line: str) -> bool:
    """A kind badge the sites print: 'Tutorial', 'Workshop', 'Spotlight Poster'."""
    return line.strip().lower() in KNOWN_KINDS


def kind_names(lines: list[str]) -> frozenset[str]:
    """The page's kind badges: the known ones, and lines of up to four capitalised words
    ending with a kind's word that recur (a badge is on many cards; a title such as
    'Multimodal Algorithmic Reasoning Workshop' on one)."""
    stripped = [line.strip() for line in lines]
    candidates = Counter(line for line in stripped if _may_be_kind(line))
    return frozenset(line for line, count in candidates.items() if count > 1 or is_known_kind(line))


def _may_be_kind(line: str) -> bool:
    return bool(KIND_LINE.match(line)) and line.split()[-1].lower() in KIND_WORDS


def card_time(line: str) -> tuple[str, str] | None:
    """(the time, what follows it: the 2025 cards' room) when the line starts with a card's
    time; a word after it that looks like a zone but is none is the room's."""
    match = CARD_TIME.match(line.strip())
    if match is None or not (match["mon1"] or match["monb1"]):
        return None
    end = match.end()
    for group in ("z2", "z1"):
        if match[group] and match[group] not in ZONE_OFFSETS:
            end = match.start(group)
    text = line.strip()
    return text[:end].strip(), text[end:].strip()


def is_chrome(line: str) -> bool:
    return line.lower().rstrip(" _") in CARD_CHROME or bool(CHROME.match(line))


def sniff(head: str) -> bool:
    """Kind lines, and card times that come after the first of them."""
    if json_head(head) is not None or head.lstrip("\ufeff \t\n").startswith("<"):
        return False
    lines = [ICONS.sub(" ", line).strip("#* \t") for line in head.split("\n", SNIFF_LINES)]
    lines = lines[:SNIFF_LINES]
    return card_order(lines, kind_names(lines))


def card_order(lines: list[str], names: frozenset[str]) -> bool:
    """Two kind lines or more, no session header above the first, and no card time above
    it (a session page prints its slot times above the kinds)."""
    kinds = [index for index, line in enumerate(lines) if line.strip() in names]
    if len(kinds) < 2 or any(SESSION_HEADER.match(line) for line in lines[: kinds[0]]):
        return False
    times = [index for index, line in enumerate(lines) if card_time(line)]
    return not times or times[0] > kinds[0]


# --- the capture as lines --------------------------------------------------------------------


def capture_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """One line per block (wrapped lines joined), without fences, icons, markers or list
    bullets, and the capture's links by their text."""
    kept = [ICONS.sub(" ", line) for line in split_lines(unfenced(text))]
    text = "\n".join(kept)
    markdown = looks_like_markdown(text) or MD_LINK.search(text)
    if markdown and references_start(kept) is None:
        lines, links = markdown_lines(text)
        lines = [line for line in lines if not MD_RULE.match(line)]
    else:
        names = kind_names(kept)
        lines, links = text_browser_lines(text, lambda found: unwrap_cards(found, names))
    squeezed = (SPACES.sub(" ", line).strip() for line in lines)
    return [line for line in squeezed if line], links


def unwrap_cards(lines: list[str], names: frozenset[str]) -> list[str]:
    """Joins the lines a text browser wrapped: a line continues the one before when its
    first word would not have fit there and it starts nothing of a card's own."""
    widths, previous = wrap_widths(lines), ""
    out: list[str] = []
    for line in lines:
        if out and _continues(previous, line, widths, names):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        previous = line
    return out


def _continues(previous: str, line: str, widths: dict[int, int], names: frozenset[str]) -> bool:
    text = line.strip()
    if not previous.strip() or not text or _indent(previous) != _indent(line):
        return False
    if MARKER_START.match(line) or text in names or card_time(text) or is_chrome(text):
        return False
    if BRACKETED.match(text) or (SENTENCE_END.search(previous.rstrip()) and text[0].isupper()):
        return False
    room = widths.get(_indent(line), 0) - len(previous.rstrip()) - 1
    return len(text.split()[0]) > room


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# --- cards -----------------------------------------------------------------------------------


@dataclass
class TextCard:
    kind: str
    title: str
    body: list[str]  # the lines after the kind and title, up to the next card


def find_cards(lines: list[str], names: frozenset[str]) -> list[TextCard]:
    """Each kind line with its title (the line after it, or before it, as the page prints
    them) and the lines up to the next card."""
    kinds = [index for index, line in enumerate(lines) if line in names]
    after = title_follows_kind(lines, kinds)
    cards = []
    for number, index in enumerate(kinds):
        title = index + 1 if after else index - 1
        following = kinds[number + 1] if number + 1 < len(kinds) else len(lines) + int(not after)
        start, stop = (index + 2, following) if after else (index + 1, following - 1)
        if 0 <= title < len(lines) and _is_title(lines[title], names):
            cards.append(TextCard(lines[index], lines[title], lines[start:stop]))
    return cards


def title_follows_kind(lines: list[str], kinds: list[int]) -> bool:
    """True when the page prints the kind above the title (2025 cards): what follows most
    kind lines is then no author list, time or room."""
    following = [lines[index + 1] for index in kinds if index + 1 < len(lines)]
    details = sum(1 for line in following if _is_detail(line))
    return details * 2 < len(following)


def _is_detail(line: str) -> bool:
    return bool(card_time(line) or BRACKETED.match(line) or "·" in line)


def _is_title(line: str, names: frozenset[str]) -> bool:
    return not (line in names or is_chrome(line) or card_time(line))


@dataclass
class CardFields:
    authors: list[str]
    time: str
    room: str | None
    abstract: str | None


def read_body(body: list[str]) -> CardFields:
    """Authors (the first line, when names), the time (and the room after it), a bracketed
    room, then the abstract; buttons skipped."""
    lines = [line for line in body if not is_chrome(line)]
    authors: list[str] = []
    if lines and not card_time(lines[0]) and not BRACKETED.match(lines[0]):
        if looks_like_authors(lines[0]):
            authors = split_names(lines.pop(0))
    time, room = "", None
    while lines and (card_time(lines[0]) or BRACKETED.match(lines[0])):
        line = lines.pop(0)
        found, bracketed = card_time(line), BRACKETED.match(line)
        if found and not time:
            time, room = found[0], found[1] or room
        elif bracketed:
            room = bracketed["room"]
    return CardFields(authors, time, room, "\n".join(lines) or None)


# --- the page --------------------------------------------------------------------------------


def page_facts(lines: list[str], links: dict[str, str], context: PageContext) -> ListingPage:
    """Conference and year from the text before the cards, the media paths and the links;
    else the user's or the file name's."""
    found = conference_from_text("\n".join(lines))
    for url in links.values():
        media = MEDIA_CONFERENCE.search(unquote(url))
        found = found or (conference_from_text(media["name"]) if media else None)
    conference, year = found or (None, None)
    event = next(filter(None, (EVENT_LINK.search(url) for url in links.values())), None)
    if event:
        conference = conference or conference_of_site(event.string)
        year = year or int(event["year"])
    conference = conference or conference_of_site(context.base_url)
    conference, year = context.conference_and_year((conference, year))
    site = context.base_url or CONFERENCE_SITES.get(conference or "")
    return ListingPage(conference, year, site, None, main_venue(conference, year))


def site_path(url: str) -> str:
    """A text browser run on a saved file resolves '/virtual/…' to 'file:///virtual/…'."""
    parts = url_parts(url)
    return parts.path if parts and parts.scheme == "file" else url


def card_item(
    card: TextCard, links: dict[str, str], clock: CardClock, site: str | None
) -> ItemDraft:
    fields = read_body(card.body)
    item = ItemDraft(kind_label=card.kind, title=card.title, authors=fields.authors)
    item.room, item.abstract = fields.room, fields.abstract
    item.start, item.end = clock.read(fields.time)
    link = links.get(link_key(card.title))
    event = EVENT_LINK.search(site_path(link)) if link else None
    if link and event:
        item.url, item.site_id = absolute(site_path(link), site), event["id"]
    return item


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def read_items(
    cards: list[TextCard],
    links: dict[str, str],
    clock: CardClock,
    page: ListingPage,
    warnings: list[str],
) -> list[ItemDraft]:
    """Every card's item, each once (a card repeated on the page is read once)."""
    items: list[ItemDraft] = []
    seen: set[tuple[str, str | None]] = set()
    repeated = 0
    for card in cards:
        item = card_item(card, links, clock, page.site)
        key = (item.site_id or item.title, _instant(item.start))
        repeated += key in seen
        if key not in seen:
            seen.add(key)
            items.append(item)
    if repeated:
        warnings.append(f"{repeated} card(s) repeated: read once")
    return items


def read_listing_capture(text: str, context: PageContext) -> list[ParsedPage] | None:
    """The capture's sessions (one per time slot); None when it is no listing capture."""
    if json_head(text) is not None or text.lstrip("\ufeff \t\n").startswith("<"):
        return None
    lines, links = capture_lines(text)
    names = kind_names(lines)
    if not card_order(lines, names):
        return None
    cards = find_cards(lines, names)
    if not cards:
        return None
    first = lines.index(cards[0].kind)
    page = page_facts(lines[: max(first - 1, 0)], links, context)
    warnings: list[str] = []
    clock = CardClock(page.year, choose_zone(None, context.page_zone, page.venue, warnings))
    clock = replace(clock, today=context.today)
    items = read_items(cards, links, clock, page, warnings)
    if not items:
        raise BadInputError("a listing capture without cards", source=context.source)
    warnings[:0] = clock.warnings()
    pages = build_sessions(session_drafts(items, page, context), context, SHAPE)
    pages[0].warnings[:0] = warnings
    return pages
