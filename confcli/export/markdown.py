"""md export: a programme to paste into notes. A heading per day and per session under
it, then one line per item: time (or poster number), kind, title, authors, links. Written
as the items are read: only sessions that run in parallel wait for their turn.

Page text is escaped where Markdown would act on it (``*emphasis*``, ``[links]``, HTML,
``#`` headings, entities), so a title shows as written; TeX stays readable as TeX. Control
characters are removed and line breaks become spaces: every item stays on its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import partial
from itertools import groupby
from urllib.parse import quote

from confcli.export.common import (
    ExportOptions,
    Selection,
    kind_label,
    local_date,
    programme_of,
    programme_title,
    without_controls,
)
from confcli.export.grouping import Groups, in_groups
from confcli.model import Item, Session
from confcli.render.timefmt import clock_range, day_text, in_zone, zone_label, zones_caption

GroupKey = tuple[date | None, str]  # (day, session id)
_NO_DAY = object()  # before the first day heading

# What Markdown acts on inside a line: emphasis, code, links, HTML and autolinks,
# strikethrough, entities (`&amp;`), and a `#` run that would open or close a heading.
SIGNIFICANT = re.compile(r"[\\`*_\[\]<~]|&(?=#?\w+;)|(?:^|(?<=\s))#(?=#*(?:\s|$))")
URL_SAFE = ":/?#[]@!$&'*+,;=%~"  # reserved URL characters; spaces and parentheses get encoded


def escape(text: str | None) -> str:
    flat = " ".join(without_controls(text).split())
    return SIGNIFICANT.sub(lambda match: "\\" + match[0], flat)


def link(label: str, url: str) -> str:
    return f"[{escape(label)}]({quote(url, safe=URL_SAFE)})"


def render(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """Read twice: first for the programme's name, its zones and the groups (each day's
    sessions in order of first appearance), then written group by group."""
    names: dict[str, None] = {}
    zones: dict[str, datetime] = {}  # a start in each zone: all the caption needs
    groups: Groups[GroupKey] = Groups()
    for item in selection.items:
        names.setdefault(programme_of(item))
        if item.start is not None:
            zones.setdefault(zone_label(in_zone(item.start, options.zone)), item.start)
        groups.add(_group_of(item, options))
    yield f"# {escape(programme_title(names))}\n"
    caption = zones_caption(list(zones.values()), options.zone)
    if caption:
        yield f"\n*{escape(caption)}*\n"
    yield from _body(selection, options, groups)


def _group_of(item: Item, options: ExportOptions) -> GroupKey:
    return local_date(item, options.zone), item.session_id


def _body(selection: Selection, options: ExportOptions, groups: Groups[GroupKey]) -> Iterator[str]:
    """Days in order of first appearance, each day's sessions so too (parallel sessions
    stay whole instead of interleaving)."""
    days: dict[date | None, int] = {}
    for day, _ in groups.counts:
        days.setdefault(day, len(days))
    order = groups.ordered(lambda key: days[key[0]])
    heads = selection.sessions.heads()
    ordered = in_groups(selection.items, partial(_group_of, options=options), order, groups.counts)
    shown: object = _NO_DAY
    for (day, session_id), grouped in groupby(ordered, lambda entry: entry[0]):
        if day != shown:
            shown = day
            yield f"\n## {_day_heading(day)}\n"
        items = (item for _, item in grouped)
        first = next(items)
        yield f"\n### {_session_heading(heads.get(session_id), first)}\n\n"
        yield item_line(first, options) + "\n"
        yield from (item_line(item, options) + "\n" for item in items)


def _day_heading(day: date | None) -> str:
    return "No time given" if day is None else day_text(day)


def _session_heading(session: Session | None, first: Item) -> str:
    if session is None:
        return escape(first.session)
    return " · ".join(escape(part) for part in (session.title, session.room) if part)


def item_line(item: Item, options: ExportOptions) -> str:
    """'- 03:00–03:15 · Oral · **Title** — Authors · [page](…) · [pdf](…)'"""
    when = clock_range(item.start, item.end, options.zone)
    parts = [part for part in (when, escape(item.poster)) if part]
    parts.append(escape(kind_label(item.kind)))
    title = f"**{escape(item.title)}**"
    if item.authors:
        title += " — " + escape(", ".join(item.authors))
    parts.append(title)
    if item.award:
        parts.append(f"*{escape(item.award)}*")
    parts += [link(name, url) for name, url in (("page", item.url), *item.links) if url]
    return "- " + " · ".join(parts)
