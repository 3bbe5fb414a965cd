"""Saved HTML of the conference "virtual sites" (docs/formats.md §2), read with selectolax.

``read_html_session`` returns None when the input is not HTML of this site family, so the
chain of readers goes on. A page of the family that is not a session page (no session title
anywhere) raises BadInputError with that reason: it is HTML confcli recognises but cannot
use. A session page without cards is a real, empty session (slots not yet published): a
ParsedPage whose warnings say "no items found on the page".

Where the markup of a field is not known (slot times, awards, presentation lines), the field
is read from the card's remaining text, as the rendered-text readers read it. Page text is
hostile: it is only ever matched against patterns, and links keep only http(s) or site paths.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urljoin, urlsplit

from confcli.conferences import CONFERENCE_SITES, KNOWN_CONFERENCES, conference_from_text
from confcli.errors import BadInputError
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_session,
    lost_most,
    set_times,
    zone_named,
)
from confcli.readers.html_depth import check_depth
from confcli.readers.html_widgets import (
    CLOCKISH,
    WIDGET_TEXT,
    Node,
    Skip,
    header_time,
    is_widget,
    read_time,
    trim_widget_words,
)
from confcli.readers.text import split_authors
from confcli.readers.vocabulary import (
    AWARD,
    CHAIRS,
    CHROME,
    HEAD_CHARS,
    PRESENTATION,
    SITE_MARKS,
    TIMEZONE_BANNER,
    VIRTUAL_LINK,
    json_head,
)
from confcli.times import TimeContext, looks_like_range

if TYPE_CHECKING:  # selectolax loads only when a page is read
    from selectolax.lexbor import LexborHTMLParser as Tree
    from selectolax.lexbor import LexborNode as Node

HTML_START = re.compile(
    r"^(?:\s*<!--.*?-->)*\s*<(?:!doctype\s+html|html|head|body|meta|title|div|main)\b",
    re.IGNORECASE | re.DOTALL,
)
FAMILY_MARKER = re.compile(r"track-schedule-card|main-title|toggle_bookmark\(|/virtual/\d{4}/")
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)
SITE_LINK = re.compile(r"/virtual/(?P<year>(?:19|20)\d\d)/(?P<kind>[\w-]+)/(?P<id>\d+)")
EVENT_ID = re.compile(r"event_id\s*=\s*['\"]?(\d+)")
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
NOISE = (
    "script", "style", "noscript", "template", "iframe", "#successful-page-load",
    '[id*="cookie" i]', '[class*="cookie" i]',
)  # fmt: skip
CARD = "div.track-schedule-card"
TIME_TRIES = 20  # header lines with a clock whose ends are trimmed of widget words
HTML_WHITESPACE = " \t\n\r\f"
HTML_SPACE = re.compile(f"[{HTML_WHITESPACE}]+")


def looks_like_site_html(text: str) -> bool:
    """HTML (by its first tag) that carries a mark of the virtual sites."""
    start = text[:HEAD_CHARS].lstrip("\ufeff")
    return bool(HTML_START.match(start)) and bool(FAMILY_MARKER.search(text))


# --- text of nodes -------------------------------------------------------------------------


def squeeze(text: str | None) -> str:
    """Collapses HTML's whitespace only: a no-break space (&nbsp;) stays, as browsers show it."""
    text = text or ""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        text = HTML_SPACE.sub(" ", text)  # only then: a regex on every line of prose is slow
    return text.strip(" ")


def node_text(node: Node | None) -> str:
    return squeeze(node.text(deep=True)) if node is not None else ""


def field_text(node: Node | None) -> str:
    """A header field's text: its widgets (bookmark, calendar, chat) left out, then their
    words trimmed from its ends; empty when it is only a widget's words ('Chat')."""
    text = trim_widget_words(" ".join(block_lines(node, is_widget))) if node is not None else ""
    return "" if WIDGET_TEXT.match(text) else text


def block_lines(node: Node | None, skip: Skip | None = None) -> list[str]:
    """The node's text as the browser lays it out: one line per block element, inline tags
    dropped, entities decoded, whitespace squeezed; elements ``skip`` takes (widgets) left
    out. Iterative: hostile pages nest deeply."""
    parts: list[str] = []
    stack: list[Node | None] = [node]
    while stack:
        current = stack.pop()
        if current is None:  # the end of a block element
            parts.append("\n")
        elif current.is_text_node:  # a newline in the source is only a space (the lines
            parts.append((current.text_content or "").replace("\n", " "))  # are squeezed below)
        elif skip is not None and current is not node and skip(current):
            continue
        else:
            if current.tag in BLOCK_TAGS:
                parts.append("\n")
                stack.append(None)
            stack.extend(reversed(list(current.iter(include_text=True))))
    lines = "".join(parts).split("\n")
    return [squeeze(line) for line in lines if line.strip(HTML_WHITESPACE)]


# --- the page around the session -----------------------------------------------------------


def drop_noise(tree: Tree) -> None:
    """Scripts, chat frames, cookie banners and the hidden page-load footer are never data."""
    for selector in NOISE:
        for node in tree.css(selector):
            if not _holds_the_session(node):
                node.decompose()


def _holds_the_session(node: Node) -> bool:
    """A 'cookies-accepted' class on <body> or a wrapper must not take the page with it."""
    return node.tag in ("html", "body") or any(
        node.css_first(selector) is not None for selector in (CARD, "h2.main-title")
    )


def titles(tree: Tree) -> list[str]:
    """Every <title> (a page can carry two: 'ICML 2025' and 'Track: Poster Session 1')."""
    return [node_text(node) for node in tree.css("title") if node_text(node)]


def page_conference(tree: Tree, page_titles: list[str]) -> tuple[str | None, int | None]:
    """Conference and year from the titles, else the year from a /virtual/<year>/ link."""
    for title in page_titles:
        found = conference_from_text(title)
        if found:
            return found
    for link in tree.css("a[href]"):
        match = SITE_LINK.search(link.attributes.get("href") or "")
        if match:
            return None, int(match["year"])
    return None, None


def page_base(text: str, tree: Tree, context: PageContext) -> str | None:
    """Where the page came from: the user's --base-url, else what the page says."""
    if context.base_url:
        return context.base_url
    candidates = [_attribute(tree, "base[href]", "href")]
    candidates.append(_attribute(tree, 'link[rel="canonical"]', "href"))
    candidates.append(_attribute(tree, 'meta[property="og:url"]', "content"))
    saved = SAVED_FROM.search(text[:HEAD_CHARS])
    candidates.append(saved[1] if saved else None)
    return next((url for url in candidates if _is_web_url(url)), None)


def _attribute(tree: Tree, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    return (node.attributes.get(name) or "").strip() or None


def url_parts(url: str) -> SplitResult | None:
    """The parts of a URL; None for a malformed one, on which urlsplit raises ValueError
    (page text can hold 'http://[1]/')."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _is_web_url(url: str | None) -> bool:
    parts = url_parts(url) if url else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def conference_of_site(url: str | None) -> str | None:
    """'https://iclr.cc/virtual/…' -> 'ICLR'."""
    parts = url_parts(url or "")
    host = parts.netloc.lower().removeprefix("www.") if parts else ""
    for conference, site in CONFERENCE_SITES.items():
        if urlsplit(site).netloc == host:
            return conference
    first = host.split(".")[0]
    return KNOWN_CONFERENCES.get(first)


def absolute(href: str | None, base: str | None) -> str | None:
    """A link made absolute against the site; anything but http(s) and paths is dropped."""
    parts = url_parts(href) if href else None
    if parts is None or parts.scheme not in ("", "http", "https"):
        return None
    return urljoin(base, href) if base else href


def banner_zone(tree: Tree, warnings: list[str]) -> tzinfo | None:
    """A 'Timezone: Area/City' banner, which wins over the abbreviations on the page."""
    body = tree.body
    text = body.text(separator="\n") if body is not None else ""
    if "zone" not in text.lower():  # most pages have no banner: skip the line-by-line search
        return None
    for line in text.split("\n"):
        banner = TIMEZONE_BANNER.match(line.strip())
        if banner:
            return zone_named(banner["zone"], warnings)
    return None


# --- cards -----------------------------------------------------------------------------------


def top_level_cards(tree: Tree) -> list[Node]:
    """Cards not inside another card (a card's own markup is read with it)."""
    return [card for card in tree.css(CARD) if not _inside_card(card)]


def _inside_card(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "div" and "track-schedule-card" in (parent.attributes.get("class") or ""):
            return True
        parent = parent.parent
    return False


def read_card(card: Node, time_context: TimeContext, warnings: list[str]) -> ItemDraft | None:
    """One slot; None (the caller counts it) when the card has no title."""
    heading = card.css_first("h5")
    link = heading.css_first("a[href]") if heading is not None else None
    title = node_text(heading)
    if not title:
        return None
    item = ItemDraft(kind_label="", title=title)
    _read_label(item, card.css_first("div.float-end.small"))
    item.poster = node_text(card.css_first('div.small[title="Poster Position"]')) or None
    item.url = link.attributes.get("href") if link is not None else None
    item.site_id = _site_id(item.url, card)
    item.authors = split_authors(node_text(card.css_first("p.text-muted")))
    abstract = card.css_first("div.abstract")
    if abstract is not None:  # one line per paragraph, however deeply the <p>s nest
        item.abstract = "\n".join(block_lines(abstract)) or None
    _read_extras(item, card, time_context, warnings)
    return item


def _read_label(item: ItemDraft, node: Node | None) -> None:
    """'Poster', 'Oral'…; on ICLR 2023 pages 'In-Person Poster presentation / poster accept'."""
    label = node_text(node)
    presentation = PRESENTATION.match(label)
    if presentation:
        item.presentation = presentation["presentation"]
        item.decision = presentation["decision"].strip()
        label = presentation["presentation"]
    item.kind_label = label


def _site_id(href: str | None, card: Node) -> str | None:
    match = SITE_LINK.search(href or "")
    if match:
        return match["id"]
    bookmark = card.css_first("[onclick*=toggle_bookmark]")
    event = EVENT_ID.search(bookmark.attributes.get("onclick") or "") if bookmark else None
    return event[1] if event else None


def _read_extras(
    item: ItemDraft, card: Node, time_context: TimeContext, warnings: list[str]
) -> None:
    """Slot time, award and presentation lines: whatever text the known parts leave."""
    for selector in ("div.float-end.small", 'div.small[title="Poster Position"]', "h5"):
        for node in card.css(selector):
            node.decompose()
    for selector in ("p.text-muted", "div.abstract"):
        node = card.css_first(selector)
        if node is not None:
            node.decompose()
    for line in block_lines(card, is_widget):  # the card's own site id is read already
        _read_extra_line(item, line, time_context, warnings)


def _read_extra_line(
    item: ItemDraft, line: str, time_context: TimeContext, warnings: list[str]
) -> None:
    presentation = PRESENTATION.match(line)
    if item.start is None and looks_like_range(line):
        set_times(item, line, time_context, warnings)
    elif presentation and item.presentation is None:
        item.presentation = presentation["presentation"]
        item.decision = presentation["decision"].strip()
    elif item.award is None and len(line) <= 80 and AWARD.search(line):
        item.award = line


# --- the session header ----------------------------------------------------------------------


def session_title(tree: Tree, page_titles: list[str]) -> tuple[str | None, Node | None]:
    """(title, its node): the h2.main-title, else a 'Track: …' <title> (no node)."""
    heading = tree.css_first("h2.main-title")
    if field_text(heading):
        return field_text(heading), heading
    for title in page_titles:
        if title.lower().startswith("track:") and squeeze(title[6:]):
            return squeeze(title[6:]), None
    return None, None


def read_header(
    tree: Tree,
    draft: SessionDraft,
    heading: Node | None,
    time_context: TimeContext,
    warnings: list[str],
) -> None:
    """Kind, room, chairs, time, abstract and site id, from the page without its cards."""
    parent = heading.parent if heading is not None else None
    kind = parent.css_first("h3") if parent is not None else None
    draft.kind = field_text(kind) or None
    bookmark = tree.css_first("[onclick*=toggle_bookmark]")  # before its widget is skipped
    event = EVENT_ID.search(bookmark.attributes.get("onclick") or "") if bookmark else None
    draft.site_id = event[1] if event else None
    if parent is not None:  # structure first: the element of the header holding a time
        found = header_time(parent, _inline_text, time_context, warnings)
        draft.start, draft.end = found or (None, None)
    lines = [line for line in block_lines(tree.body, is_widget) if not CHROME.match(line)]
    tries = [TIME_TRIES]
    for line in lines:
        _read_header_line(draft, line, time_context, warnings, tries)
    draft.room = next(
        (
            text
            for text in map(field_text, tree.css("h5.text-center.text-muted"))
            if text and not CHAIRS.match(text) and not looks_like_range(text)
        ),
        None,
    )
    draft.abstract = _session_abstract(tree.css_first("#abstractExample"))


def _inline_text(node: Node) -> str:
    """An element's text on one line, its widgets left out."""
    return " ".join(block_lines(node, is_widget))


def _read_header_line(
    draft: SessionDraft,
    line: str,
    time_context: TimeContext,
    warnings: list[str],
    tries: list[int],
) -> None:
    """Chairs, and the time when the header's structure did not give it (text second: a
    widget's words beside it are trimmed, on the first TIME_TRIES lines with a clock)."""
    chairs = CHAIRS.match(line)
    if chairs and not draft.chairs:
        draft.chairs = split_authors(chairs["names"], comma="·" not in line and "⋅" not in line)
    elif draft.start is None and looks_like_range(line):
        set_times(draft, line, time_context, warnings)
    elif draft.start is None and tries[0] > 0 and len(line) <= 300 and CLOCKISH.search(line):
        tries[0] -= 1
        draft.start, draft.end = read_time(line, time_context, []) or (None, None)


def _session_abstract(node: Node | None) -> str | None:
    lines = block_lines(node) if node is not None else []
    if lines and lines[0].lower().startswith("abstract:"):
        lines[0] = lines[0][len("abstract:") :].strip()
    return "\n".join(line for line in lines if line) or None


# --- the reader ------------------------------------------------------------------------------


def sniff(head: str) -> bool:
    """A saved page of the sites: their cards, their /virtual/<year>/ links, their chrome."""
    if json_head(head) is not None:
        return False
    return "track-schedule-card" in head or bool(
        VIRTUAL_LINK.search(head) or SITE_MARKS.search(head)
    )


def read_html_session(text: str, context: PageContext) -> ParsedPage | None:
    if not looks_like_site_html(text):
        return None
    check_depth(text, context.source)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    base = page_base(text, tree, context)
    drop_noise(tree)
    warnings: list[str] = []
    draft, heading = session_draft(tree, base, context, warnings)
    time_context = context.time_context(
        banner_zone(tree, warnings), page_year=draft.year, page_conference=draft.conference
    )
    _read_cards(top_level_cards(tree), draft, time_context, warnings)
    read_header(tree, draft, heading, time_context, warnings)
    draft.site_id = draft.site_id or _session_site_id(base, context)
    _make_links_absolute(draft, base, context, warnings)
    page = build_session(draft, context, "html-session")
    page.warnings[:0] = warnings
    return page


def _session_site_id(base: str | None, context: PageContext) -> str | None:
    """The session's site id from the page's own address ('…/virtual/2025/session/50259'),
    for a page without a bookmark; a --base-url is the user's, not the page's address."""
    found = SITE_LINK.search(base or "") if not context.base_url else None
    return found["id"] if found and found["kind"] == "session" else None


def session_draft(
    tree: Tree, base: str | None, context: PageContext, warnings: list[str]
) -> tuple[SessionDraft, Node | None]:
    """(the session's draft with its title, conference and year; its title's node)."""
    page_titles = titles(tree)
    title, heading = session_title(tree, page_titles)
    if title is None:
        raise BadInputError(
            "HTML of a conference site, but not a session page (no h2.main-title title)",
            source=context.source,
        )
    if heading is None:
        warnings.append("no h2.main-title: the session title is the page's <title>")
    conference, year = page_conference(tree, page_titles)
    conference = conference or conference_of_site(base)
    return SessionDraft(title=title, conference=conference, year=year), heading


def _read_cards(
    cards: list[Node], draft: SessionDraft, time_context: TimeContext, warnings: list[str]
) -> None:
    """Reads every card, then takes the cards out of the page so the header is read alone."""
    untitled = unlabelled = 0
    for card in cards:
        item = read_card(card, time_context, warnings)
        if item is None:
            untitled += 1
        else:
            unlabelled += not item.kind_label
            draft.items.append(item)
    for card in reversed(cards):
        card.decompose()
    if untitled:
        warnings.append(f"{untitled} card(s) without a title skipped")
    warnings += lost_most(len(cards) - untitled, len(cards), "cards")
    if unlabelled:
        warnings.append(f"{unlabelled} card(s) without a kind label")


def _make_links_absolute(
    draft: SessionDraft, base: str | None, context: PageContext, warnings: list[str]
) -> None:
    conference = context.conference_and_year((draft.conference, None))[0]
    site = base or CONFERENCE_SITES.get(conference or "")
    relative = 0
    for item in draft.items:
        item.url = absolute(item.url, site)
        relative += bool(item.url) and not _is_web_url(item.url)
    if relative:
        warnings.append(f"{relative} link(s) left relative: the site is unknown (give --base-url)")
    year = context.conference_and_year((draft.conference, draft.year))[1]
    if base and "/session/" in base and not context.base_url:
        draft.url = base
    elif site and draft.site_id and year:
        draft.url = urljoin(site, f"/virtual/{year}/session/{draft.site_id}")
