"""The cards of the virtual sites' listing pages, in both markups seen.

2025 (``event-card``): ``div.event-card[data-event-type][data-event-id]``, the kind in
``span.event-type-badge``, title and link in ``h3.event-title > a``, speakers in
``div.event-speakers``, the time in ``span.touchup-time``, the room in a ``meta-pill`` after a
map-marker icon, the abstract in ``div.event-abstract``. Older (``displaycards``): the title
in ``a.small-title``, the kind in ``div.type_display_name_virtual_card``, authors in
``div.author-str``, the time in ``div.touchup-date-div``, the room in a bare ``<p>`` as
``[ Great Hall & Hall B1+B2 (level 1) ]``, the abstract in ``div.abstract-display``.

Fields are found by structure first: widgets (bookmark and calendar buttons, scripts) are
taken out of the page before any text is read, so they cannot cost a field; what is left of
an element is then squeezed (prettified pages wrap titles and names mid-text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from confcli.readers.build import ItemDraft
from confcli.readers.html import block_lines, node_text
from confcli.readers.text import AUTHOR_SEPARATOR

Node = Any  # a selectolax LexborNode (imported lazily, so not named in annotations)


@dataclass(frozen=True)
class Markup:
    """Where one generation of the listing markup keeps each field (selectors, in turn)."""

    name: str
    card: str
    title: tuple[str, ...]
    kind: tuple[str, ...]
    authors: tuple[str, ...]
    time: tuple[str, ...]
    abstract: tuple[str, ...]

    def fields(self) -> tuple[str, ...]:
        return (*self.title, *self.kind, *self.authors, *self.time)


MARKUPS = (
    Markup(
        name="event-card",
        card="div.event-card",
        title=("h3.event-title", ".event-title"),
        kind=(".event-type-badge",),
        authors=(".event-speakers",),
        time=(".touchup-time", ".meta-pill.time"),
        abstract=(".event-abstract .abstract-text", ".event-abstract"),
    ),
    Markup(
        name="displaycards",
        card="div.displaycards",
        title=("a.small-title", ".small-title"),
        kind=(".type_display_name_virtual_card",),
        authors=(".author-str",),
        time=(".touchup-date-div", '[id^="touchup-date-event"]'),
        abstract=(".abstract-display", 'div.collapse[id^="collapse-event-abstract"]'),
    ),
)
# Never data: scripts and frames; buttons; bookmark and calendar widgets that hold no field.
NOISE = ("script", "style", "noscript", "template", "iframe", "button")
WIDGETS = ('[class*="bookmark"]', '[class*="calendar" i]', '[onclick*="toggle_bookmark"]')
# A card's link to its event: /virtual/2025/109593 (tutorials), /virtual/2025/workshop/109558.
EVENT_LINK = re.compile(r"/virtual/(?P<year>(?:19|20)\d\d)/(?:[\w-]+/)*(?P<id>\d+)/?(?:[?#]|$)")
CARD_ID = re.compile(r"^event-(\d+)$")
BRACKETED = re.compile(r"^\[\s*(?P<room>.+?)\s*\]$")
ROOM_ICONS = '[class*="map-marker"], [class*="location-dot"], [class*="fa-location"]'
FIELDS = [selector for markup in MARKUPS for selector in markup.fields()]
CARD_OR_FIELD = ", ".join([*(markup.card for markup in MARKUPS), *FIELDS])
STRAY = re.compile(r"^[\"'`´‘’“”]+$")  # a token of quotes only: "Alexandre Amice ''"


@dataclass
class Card:
    """One card read: the item, and its time as printed (read against the page later)."""

    item: ItemDraft
    time_text: str


def find_cards(tree: Node) -> tuple[Markup | None, list[Node]]:
    """The markup the page uses and its cards (those not inside another card)."""
    for markup in MARKUPS:
        nested = {node.mem_id for node in tree.css(f"{markup.card} {markup.card}")}
        cards = [card for card in tree.css(markup.card) if card.mem_id not in nested]
        if cards:
            return markup, cards
    return None, []


def drop_widgets(tree: Node) -> None:
    """Takes out scripts, frames and buttons, and every bookmark or calendar widget that holds
    no card and no field (a wrapper with such a class keeps what it holds)."""
    holders = data_holders(tree)
    found = [node for node in tree.css(", ".join((*NOISE, *WIDGETS))) if node.mem_id not in holders]
    for node in outermost(found):  # one inside another taken out is freed with it
        node.decompose()


def outermost(nodes: list[Node]) -> list[Node]:
    """The nodes not inside another of them."""
    chosen = {node.mem_id for node in nodes}
    nested = inside_any(nodes, chosen)
    return [node for node, inside in zip(nodes, nested, strict=True) if not inside]


def inside_any(nodes: list[Node], containers: set[int]) -> list[bool]:
    """For each node, whether one of its ancestors is a container. Each ancestor is looked at
    once (a memo), so hostile nesting costs linear time, not quadratic."""
    under: dict[int, bool] = {}  # an ancestor looked at -> it or one above it is a container
    found = []
    for node in nodes:
        path, parent, inside = [], node.parent, False
        while parent is not None:
            key = parent.mem_id
            if key in containers or key in under:
                inside = under.get(key, True)
                break
            path.append(key)
            parent = parent.parent
        under.update(dict.fromkeys(path, inside))
        found.append(inside)
    return found


def data_holders(tree: Node) -> set[int]:
    """Every card and field, and every element holding one: each ancestor is marked once,
    so hostile nesting costs linear time."""
    marked: set[int] = set()
    for node in tree.css(CARD_OR_FIELD):
        while node is not None and node.mem_id not in marked:
            marked.add(node.mem_id)
            node = node.parent
    return marked


def read_card(card: Node, markup: Markup) -> Card | None:
    """The card's fields; None (the caller counts it) when it has no title."""
    heading = _first(card, markup.title)
    title = node_text(heading)
    if not title:
        return None
    kind = node_text(_first(card, markup.kind)) or card.attributes.get("data-event-type") or ""
    item = ItemDraft(kind_label=kind, title=title)
    item.url = event_link(heading, card)
    item.site_id = site_id(card, item.url)
    item.authors = split_names(_first_text(card, markup.authors))
    item.room = room_of(card)
    abstract = _first(card, markup.abstract)
    if abstract is not None:  # one line per paragraph
        item.abstract = "\n".join(block_lines(abstract)) or None
    return Card(item, time_text(_first(card, markup.time)))


def time_text(node: Node | None) -> str:
    """The time element's own text: links in it ('Add to calendar', 'ICS') are widgets."""
    if node is None:
        return ""
    for link in node.css("a"):
        link.decompose()
    return node_text(node)


def _first(card: Node, selectors: tuple[str, ...]) -> Node | None:
    for selector in selectors:
        node = card.css_first(selector)
        if node is not None:
            return node
    return None


def _first_text(card: Node, selectors: tuple[str, ...]) -> str:
    """The first non-empty text among the nodes (a card can hold an empty 'author-str')."""
    for selector in selectors:
        for node in card.css(selector):
            text = node_text(node)
            if text:
                return text
    return ""


def event_link(heading: Node | None, card: Node) -> str | None:
    """The title's link, else the card's first link to an event (each card links twice)."""
    links = [] if heading is None else heading.css("a[href]")
    if heading is not None and heading.tag == "a":
        links.insert(0, heading)
    for link in [*links, *card.css("a[href]")]:
        href = (link.attributes.get("href") or "").strip()
        if EVENT_LINK.search(href):
            return href
    return None


def site_id(card: Node, url: str | None) -> str | None:
    """The site's event id: the card's data-event-id, its id="event-N", else its link's."""
    declared = (card.attributes.get("data-event-id") or "").strip()
    if declared.isdigit():
        return declared
    named = CARD_ID.match(card.attributes.get("id") or "")
    if named:
        return named[1]
    link = EVENT_LINK.search(url or "")
    return link["id"] if link else None


def split_names(text: str) -> list[str]:
    """Names joined by '·' (or by commas when no '·' is there); tokens that are only stray
    quotes are dropped; lower-case and one-word names are kept as written."""
    parts = AUTHOR_SEPARATOR.split(text) if AUTHOR_SEPARATOR.search(text) else text.split(",")
    names = (" ".join(word for word in part.split() if not STRAY.match(word)) for part in parts)
    return [name for name in names if name]


def room_of(card: Node) -> str | None:
    """The pill after a map-marker icon, else a bare '[ room ]' paragraph."""
    for icon in card.css(ROOM_ICONS):
        text = node_text(icon.parent) if icon.parent is not None else ""
        if text:
            return text
    for paragraph in card.css("p"):
        bracketed = BRACKETED.match(node_text(paragraph))
        if bracketed:
            return bracketed["room"]
    return None
