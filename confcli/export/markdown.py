"""md export: a programme to paste into notes. A heading per day and per session under
it, then one line per item: time (or poster number), kind, title, authors, links.

Page text is escaped where Markdown would act on it (``*emphasis*``, ``[links]``, HTML,
``#`` headings, entities), so a title shows as written; TeX stays readable as TeX. Control
characters are removed and line breaks become spaces: every item stays on its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar
from urllib.parse import quote

from confcli.export.common import (
    ExportOptions,
    Selection,
    kind_label,
    local_date,
    programme_name,
    without_controls,
)
from confcli.model import Item, Session
from confcli.render.timefmt import clock_range, day_text, zones_caption

Key = TypeVar("Key", bound=Hashable)  # what _group groups items by

# What Markdown acts on inside a line: emphasis, code, links, HTML and autolinks,
# strikethrough, entities (`&amp;`), and a `#` run that would open or close a heading.
SIGNIFICANT = re.compile(r"[\\`*_\[\]<~]|&(?=#?\w+;)|(?:^|(?<=\s))#(?=#*(?:\s|$))")
URL_SAFE = ":/?#[]@!$&'*+,;=%~"  # reserved URL characters; spaces and parentheses get encoded


def escape(text: str | None) -> str:
    flat = " ".join(without_controls(text).split())
    return SIGNIFICANT.sub(lambda match: "\\" + match[0], flat)


def link(label: str, url: str) -> str:
    return f"[{escape(label)}]({quote(url, safe=URL_SAFE)})"


def render(selection: Selection, options: ExportOptions) -> str:
    lines = [f"# {escape(programme_name(selection.items))}", ""]
    caption = zones_caption([item.start for item in selection.items], options.zone)
    if caption:
        lines += [f"*{escape(caption)}*", ""]
    sessions = {session.id: session for session in selection.sessions}
    for day, items in _group(selection.items, lambda item: local_date(item, options.zone)):
        lines += [f"## {_day_heading(day)}", ""]
        for session_id, session_items in _group(items, lambda item: item.session_id):
            lines += [f"### {_session_heading(sessions.get(session_id), session_items[0])}", ""]
            lines += [item_line(item, options) for item in session_items]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _group(items: list[Item], key: Callable[[Item], Key]) -> list[tuple[Key, list[Item]]]:
    """Items under each key, keys in order of first appearance (parallel sessions stay
    whole instead of interleaving)."""
    groups: dict[Key, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


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
