"""Matched words, as FTS5 marks them (highlight(), snippet()), turned into plain text and
the spans of it that matched; renderers style the spans, never parse the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from confcli.store import AUTHOR_JOIN, MARK_END, MARK_START, Found

MARKERS = re.compile(f"([{MARK_START}{MARK_END}])")


@dataclass(frozen=True, slots=True)
class Marked:
    """Text and the [start, end) spans of it that matched the query."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


def matched_fields(found: Found) -> tuple[str, ...]:
    """The fields a result matched in (title, authors, session, abstract, topic, keywords,
    affiliations): those FTS5
    marked more often than the page text itself holds a marker."""
    return tuple(
        name
        for name, text in found.marked.items()
        if text.count(MARK_START) > _page_text(found, name).count(MARK_START)
    )


def _page_text(found: Found, name: str) -> str:
    value = getattr(found.item, name)
    if isinstance(value, tuple):  # authors, keywords, affiliations: one per line, as kept
        return AUTHOR_JOIN.join(value)
    return value or ""


def title(found: Found) -> Marked:
    """The title with its matched words; unmarked when the page's own title holds a
    marker character, as only a hostile page would (its marks could not be told apart)."""
    original = found.item.title
    if MARKERS.search(original):
        return Marked(original)
    marked = unmark(found.marked["title"])
    return marked if marked.text == original else Marked(original)


def authors(found: Found) -> tuple[Marked, ...]:
    """Each author with the words of their name that matched."""
    names = found.item.authors
    listed = AUTHOR_JOIN.join(names)
    marked = unmark(found.marked["authors"])
    if MARKERS.search(listed) or marked.text != listed:
        return tuple(Marked(name) for name in names)
    return split(marked, AUTHOR_JOIN)


def snippet(found: Found) -> Marked | None:
    """The abstract around the match, on one line; None when the abstract did not match."""
    if "abstract" not in matched_fields(found):
        return None
    text = " ".join(found.marked["abstract"].split())
    if MARKERS.search(found.item.abstract or ""):
        return Marked(MARKERS.sub("", text))
    return unmark(text)


def unmark(text: str) -> Marked:
    """Plain text and spans from text with MARK_START/MARK_END around matches."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in MARKERS.split(text):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END and start is not None:
            spans.append((start, length))
            start = None
        elif piece != MARK_END:
            plain.append(piece)
            length += len(piece)
    return Marked("".join(plain), tuple(spans))


def split(marked: Marked, separator: str) -> tuple[Marked, ...]:
    """Marked text cut at a separator, each piece keeping the spans that fall in it."""
    pieces, offset = [], 0
    for piece in marked.text.split(separator):
        end = offset + len(piece)
        spans = tuple(
            (max(start, offset) - offset, min(stop, end) - offset)
            for start, stop in marked.spans
            if start < end and stop > offset
        )
        pieces.append(Marked(piece, spans))
        offset = end + len(separator)
    return tuple(pieces)
