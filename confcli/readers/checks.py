"""The last look at every page a reader returns, whatever its shape (readers.registry calls
it): what confcli could not show or write back safely is left out of the item, with a
warning, and the item is still stored (docs/reliability.md, parts 1, 2 and 5):

- a time outside the range every zone can show (bounds.time_in_range);
- an end before its start (a calendar would get DTEND before DTSTART);
- a link that is not http(s) (urls.web_url: the one URL policy).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from confcli.bounds import RANGE_TEXT, time_in_range
from confcli.model import Item, Session
from confcli.readers.build import ParsedPage
from confcli.urls import web_links, web_url

Entry = TypeVar("Entry", Item, Session)
OUT_OF_RANGE, BACKWARDS, LINKS = "out of range", "backwards", "links"
WARNINGS = {
    OUT_OF_RANGE: "time left out of {} {}: outside " + RANGE_TEXT,
    BACKWARDS: "end left out of {} {}: before its start",
    LINKS: "links that are not http(s) left out of {} {}",
}


def checked(page: ParsedPage) -> ParsedPage:
    """The page with what cannot be kept left out, and a warning for each kind of it
    (counting items; the session's own header only when no item had the same trouble)."""
    dropped: Counter[str] = Counter()
    items = tuple(_checked(item, dropped) for item in page.session.items)
    in_header: Counter[str] = Counter()
    session = replace(_checked(page.session, in_header), items=items)
    warnings = [  # in the order of WARNINGS, whatever the order things were found in
        text.format(dropped[kind], "item(s)") if dropped[kind] else text.format("the", "session")
        for kind, text in WARNINGS.items()
        if dropped[kind] or in_header[kind]
    ]
    if not warnings:
        return page
    return replace(page, session=session, warnings=[*page.warnings, *warnings])


def _checked(entry: Entry, dropped: Counter[str]) -> Entry:
    """The entry without what it cannot keep; ``dropped`` counts it once per kind."""
    found: set[str] = set()
    start, end = _kept(entry.start, found), _kept(entry.end, found)
    if start is None:
        end = None  # an end alone places nothing
    elif end is not None and end < start:
        found.add(BACKWARDS)
        end = None
    changes: dict[str, object] = {"start": start, "end": end, "url": web_url(entry.url)}
    if isinstance(entry, Item):
        changes["links"] = web_links(entry.links)
    if changes["url"] != entry.url or changes.get("links", ()) != getattr(entry, "links", ()):
        found.add(LINKS)
    dropped.update(found)
    if all(getattr(entry, name) == value for name, value in changes.items()):
        return entry
    return replace(entry, **changes)  # type: ignore[arg-type]


def _kept(moment: datetime | None, found: set[str]) -> datetime | None:
    if moment is None or time_in_range(moment):
        return moment
    found.add(OUT_OF_RANGE)
    return None
