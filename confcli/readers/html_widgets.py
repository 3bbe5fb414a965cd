"""The widgets a session page puts beside its header fields: bookmark and calendar buttons,
chat frames and links, icons. Their text must never cost the field they sit beside.

Structure first: an element that is a widget (by its tag, its class, id, title or link, or
by being nothing but a widget's words) is skipped when a field's text is gathered, unless
it holds the field itself (a wrapper with a "calendar" class around the session's time).
The session's time is the text of the most specific element that holds a time range,
whatever else that element holds. Text second: words a widget left in the same text node
("… PDT Chat") are trimmed from the ends of a field's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from confcli.errors import TimeParseError
from confcli.times import TimeContext, looks_like_range, parse_range

Node = Any  # a selectolax node
Skip = Callable[[Node], bool]
Span = tuple[datetime, datetime | None]

WIDGET_TAGS = frozenset(
    "button iframe select input textarea form svg img object embed video audio".split()
)
# Marks in class, id, title, aria-label or onclick that say "widget".
WIDGET_MARKS = re.compile(
    r"bookmark|calendar|\bics\b|\bchat|rocketchat|\bshare|\bfa\b|\bfa-|\bicon|tooltip", re.I
)
WIDGET_LINK = re.compile(r"\.ics\b|calendar|/chat\b|rocket\.?chat|\bics\b", re.I)
WIDGET_WORDS = (
    r"(?:add to (?:my |your |google |outlook |apple )?calendar|google calendar|outlook"
    r"|i?cal(?:endar)?|ics|(?:add|remove)(?: / remove)? bookmarks?|bookmark(?:ed)?"
    r"|un-?bookmark|(?:open |join |go to )?(?:the )?chat(?: room)?|chat is not available\.?"
    r"|[★☆⭐📅🗓💬🔖]+)"
)
WIDGET_TEXT = re.compile(rf"^{WIDGET_WORDS}$", re.I)
LEADING_WIDGET = re.compile(rf"^(?:{WIDGET_WORDS}(?:\s+|$))+", re.I)
TRAILING_WIDGET = re.compile(rf"(?:(?:^|\s+){WIDGET_WORDS})+$", re.I)
# A clock, a noon or a date: what a field holding a time shows (a widget never does).
CLOCKISH = re.compile(
    r"\d{1,2}(?::\d{2}|\s*[ap]\.?\s?m\b)|\bnoon\b|\bmidnight\b|\d{4}-\d{2}-\d{2}", re.I
)
HOLDERS = ("h2.main-title", "div.track-schedule-card")
MAX_TIME_TEXT = 300  # an element holding more text than this is not a time's element
MAX_ELEMENTS = 400  # header elements looked at for the time (a hostile header is big)
TRIM_WORDS = 6  # at most this many words trimmed from each end of a time's text


def is_widget(node: Node) -> bool:
    """A button, frame or icon, or an element marked or worded as a bookmark, calendar or
    chat widget, that holds no field: no main title, no card, no clock."""
    if node.tag in WIDGET_TAGS:
        return True
    if not _marked(node):
        return False
    return not any(node.css_first(selector) is not None for selector in HOLDERS) and not (
        CLOCKISH.search(node.text(deep=True) or "")
    )


def _marked(node: Node) -> bool:
    attributes = node.attributes
    if (attributes.get("role") or "").lower() == "button":
        return True
    marks = " ".join(
        attributes.get(name) or "" for name in ("class", "id", "title", "aria-label", "onclick")
    )
    if WIDGET_MARKS.search(marks):
        return True
    if node.tag == "a" and WIDGET_LINK.search(attributes.get("href") or ""):
        return True
    text = node.text(deep=True) or ""
    return len(text) <= 40 and bool(WIDGET_TEXT.match(" ".join(text.split())))


def trim_widget_words(text: str) -> str:
    """The text without widget words at its ends ('Ballroom 1 Add to calendar'); the text
    as it is when nothing else would be left."""
    trimmed = TRAILING_WIDGET.sub("", LEADING_WIDGET.sub("", text)).strip()
    return trimmed or text


def elements(region: Node, skip: Skip) -> Iterator[Node]:
    """The region's elements in document order, widgets (and what they hold) left out; at
    most MAX_ELEMENTS."""
    stack = [region]
    count = 0
    while stack and count < MAX_ELEMENTS:
        node = stack.pop()
        if node.tag is None or node.tag.startswith("-") or (node is not region and skip(node)):
            continue
        count += 1
        yield node
        stack.extend(reversed([child for child in node.iter()]))


def header_time(
    region: Node, text_of: Callable[[Node], str], context: TimeContext, warnings: list[str]
) -> Span | None:
    """The time of the most specific element of the region that holds a time range (a full
    range before a start alone, then the shortest text); None when no element holds one."""
    best: tuple[tuple[bool, int], Span] | None = None
    errors: list[str] = []
    for node in elements(region, is_widget):
        text = text_of(node)
        if len(text) > MAX_TIME_TEXT or not CLOCKISH.search(text):
            continue
        found = read_time(text, context, errors)
        if found is not None:
            key = (found[1] is None, len(text))
            if best is None or key < best[0]:
                best = key, found
    if best is None and errors:
        warnings.append(f"time not read: {errors[0]}")
    return best[1] if best else None


def read_time(text: str, context: TimeContext, errors: list[str]) -> Span | None:
    """The time range in a text, which may carry a widget's words at either end."""
    candidate = range_text(text)
    if candidate is None:
        return None
    try:
        return parse_range(candidate, context)
    except TimeParseError as error:
        errors.append(str(error))
        return None


def range_text(text: str) -> str | None:
    """The longest part of the text, cut at word boundaries no more than TRIM_WORDS words
    from each end, that looks like a time range."""
    if looks_like_range(text):
        return text
    words = text.split()
    if len(words) > 40:
        return None
    for cut in range(1, 2 * TRIM_WORDS + 1):
        for front in range(max(0, cut - TRIM_WORDS), min(cut, TRIM_WORDS) + 1):
            part = words[front : len(words) - (cut - front)]
            if len(part) >= 2 and looks_like_range(" ".join(part)):
                return " ".join(part)
    return None
