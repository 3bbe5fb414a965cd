"""Rich tables for people. Renderers *return* tables; the CLI prints them.

Every page-derived string goes through ``rich_text``: never parsed as markup, control
characters shown as escapes.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from confcli.app import SearchHit
from confcli.marks import Marked
from confcli.model import Item, Session
from confcli.render.highlight import marked_authors, marked_text
from confcli.render.safe import rich_text
from confcli.render.timefmt import clock_range, day_text, in_zone, zones_caption
from confcli.store.library import SessionSummary

if TYPE_CHECKING:  # the reading wing loads only when pages are read
    from confcli.readers.reading import ParseReport

MAX_AUTHORS_SHOWN = 4


def _table(*columns: tuple[str, dict], caption: str | None = None):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, caption=caption, caption_justify="left", pad_edge=False)
    for name, options in columns:
        table.add_column(name, **options)
    return table


def authors_text(authors: tuple[str, ...]) -> str:
    shown = " · ".join(authors[:MAX_AUTHORS_SHOWN])
    hidden = len(authors) - MAX_AUTHORS_SHOWN
    return f"{shown} +{hidden} more" if hidden > 0 else shown


def title_cell(item: Item):
    """The title in bold, the authors beneath it, dimmed."""
    cell = rich_text(item.title, "bold")
    if item.authors:
        cell.append("\n")
        cell.append_text(rich_text(authors_text(item.authors), "dim"))
    return cell


def when_cell(item: Item, zone: tzinfo | None, with_day: bool = True) -> str:
    if item.start is None:
        return ""
    clock = clock_range(item.start, item.end, zone)
    return f"{in_zone(item.start, zone):%a %d %b}\n{clock}" if with_day else clock


def parse_table(report: ParseReport):
    """A row per page read; the warnings themselves go to stderr, their count here."""
    names = [_short_source(entry.source) for entry in report.pages]
    table = _table(
        ("File", {"overflow": "fold", "min_width": min(32, max(map(len, names), default=4))}),
        ("Shape", {"no_wrap": True}),
        ("Session", {"overflow": "fold"}),
        ("Items", {"justify": "right", "no_wrap": True}),
        ("Warnings", {"justify": "right", "no_wrap": True}),
    )
    for name, entry in zip(names, report.pages, strict=True):
        session, warnings = entry.page.session, len(entry.page.warnings)
        table.add_row(
            rich_text(name),
            entry.page.shape,
            rich_text(session.title),
            str(len(session.items)),
            str(warnings) if warnings else "",
        )
    return table


def _short_source(source: str) -> str:
    """A file by its name (the folder is the user's own argument); URLs and '-' whole."""
    if source == "-" or "://" in source:
        return source
    return source.rsplit("/", 1)[-1]


def sessions_table(summaries: list[SessionSummary], zone: tzinfo | None):
    caption = zones_caption([summary.session.start for summary in summaries], zone)
    table = _table(
        ("Session", {"overflow": "fold", "ratio": 3}),
        ("Conference", {}),
        ("When", {"no_wrap": True}),
        ("Room", {"overflow": "fold", "ratio": 1}),
        ("Items", {"justify": "right"}),
        caption=caption,
    )
    for summary in summaries:
        session = summary.session
        conference = " ".join(str(part) for part in (session.conference, session.year) if part)
        when = ""
        if session.start:
            start = in_zone(session.start, zone)
            when = f"{day_text(start)}\n{clock_range(session.start, session.end, zone)}"
        table.add_row(
            rich_text(session.title, "bold"),
            rich_text(conference),
            when,
            rich_text(session.room),
            str(summary.item_count),
        )
    return table


STAR = "★"  # a starred item (confcli star)


def session_items_table(
    session: Session, zone: tzinfo | None, starred: frozenset[str] = frozenset()
):
    caption = zones_caption([item.start for item in session.items], zone)
    table = _table(
        ("#", {"justify": "right"}),
        ("When", {"no_wrap": True}),
        ("Kind", {}),
        ("Title / authors", {"overflow": "fold"}),
        caption=caption,
    )
    previous_day = in_zone(session.start, zone).date() if session.start else None
    for item in session.items:
        day = in_zone(item.start, zone).date() if item.start else None
        table.add_row(
            (STAR if item.id in starred else "") + str(item.position),
            when_cell(item, zone, day != previous_day),
            _kind_text(item),
            title_cell(item),
        )
        previous_day = day or previous_day
    table.title = _session_heading(session, zone)
    return table


def _kind_text(item: Item):
    label = item.kind + (f"\n{item.poster}" if item.poster else "")
    return rich_text(label, newlines=True)


def _session_heading(session: Session, zone: tzinfo | None):
    parts = [session.title, session.room]
    if session.start:
        start = in_zone(session.start, zone)
        parts.append(f"{day_text(start)} {clock_range(session.start, session.end, zone)}")
    heading = rich_text(" · ".join(part for part in parts if part), "bold")
    if session.chairs:
        heading.append("\n")
        heading.append_text(rich_text(f"Chairs: {', '.join(session.chairs)}", "dim"))
    return heading


def search_table(hits: list[SearchHit], zone: tzinfo | None, starred: frozenset[str] = frozenset()):
    caption = zones_caption([hit.item.start for hit in hits], zone)
    table = _table(
        ("Score", {"justify": "right"}),
        ("Title / authors", {"overflow": "fold", "ratio": 3}),
        ("Session", {"overflow": "fold", "ratio": 1}),
        ("When", {"no_wrap": True}),
        caption=caption,
    )
    for hit in hits:
        table.add_row(
            (STAR if hit.item.id in starred else "")
            + ("≈" if hit.approximate else "")
            + f"{hit.score:.2f}",
            hit_cell(hit),
            rich_text(hit.item.session),
            when_cell(hit.item, zone),
        )
    return table


def hit_cell(hit: SearchHit):
    """A search hit's title and authors with the matched words highlighted, and the
    abstract around the match when it matched there."""
    cell = marked_text(hit.title or Marked(hit.item.title), "bold")
    if hit.item.authors:
        cell.append("\n")
        authors = hit.authors or tuple(Marked(name) for name in hit.item.authors)
        cell.append_text(marked_authors(authors, MAX_AUTHORS_SHOWN, "dim"))
    if hit.snippet:
        cell.append("\n")
        cell.append_text(marked_text(hit.snippet, "italic"))
    return cell


def stats_table(stats: list, zone: tzinfo | None):
    """Per session: items by kind, awards, time span, and what is missing."""
    table = _table(
        ("Session", {"overflow": "fold", "ratio": 2}),
        ("Items", {"justify": "right"}),
        ("Kinds", {"overflow": "fold", "ratio": 2}),
        ("Awards", {"justify": "right"}),
        ("When", {"no_wrap": True}),
        ("Missing", {"overflow": "fold", "ratio": 1}),
        caption=zones_caption([s.start for s in stats], zone),
    )
    for entry in stats:
        conference = " ".join(str(p) for p in (entry.conference, entry.year) if p)
        title = rich_text(entry.title, "bold")
        title.append_text(rich_text(f"\n{conference}" if conference else "", "dim", newlines=True))
        kinds = ", ".join(f"{kind} {count}" for kind, count in entry.kinds.items())
        when = ""
        if entry.start:
            clock = clock_range(entry.start, entry.end, zone)
            when = f"{day_text(in_zone(entry.start, zone))}\n{clock}"
        missing = ", ".join(f"no {what}: {n}" for what, n in entry.missing.items() if n)
        table.add_row(
            title,
            str(entry.items),
            kinds,
            str(entry.awards),
            when,
            rich_text(missing or "—", "yellow" if missing else "green"),
        )
    return table
