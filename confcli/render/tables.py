"""Rich tables for people. Renderers *return* renderables; the CLI prints them.

Every table is laid out by confcli.render.layout: columns where they can be read, a block
per record on a narrow terminal. Every page-derived string goes through ``rich_text``:
never parsed as markup, control characters shown as escapes. Titles are plain text and
authors dim, so that what stands out is what matters: a match, an award, the slot on now.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from confcli.app import SearchHit
from confcli.marks import Marked
from confcli.model import Item, Session
from confcli.render.highlight import marked_authors, marked_text
from confcli.render.layout import Column, Layout, layout, word_width
from confcli.render.safe import rich_text
from confcli.render.timefmt import clock_range, day_text, in_zone, zones_caption
from confcli.store.library import SessionSummary

if TYPE_CHECKING:  # the reading wing loads only when pages are read
    from rich.console import RenderableType
    from rich.text import Text

    from confcli.readers.reading import ParseReport
    from confcli.stats import SessionStats

MAX_AUTHORS_SHOWN = 4
AWARD_STYLE = "bold yellow"
ON_STYLE, NEXT_STYLE = "bold green", "cyan"
ID_STYLE = "dim"


def authors_text(authors: tuple[str, ...]) -> str:
    shown = " · ".join(authors[:MAX_AUTHORS_SHOWN])
    hidden = len(authors) - MAX_AUTHORS_SHOWN
    return f"{shown} +{hidden} more" if hidden > 0 else shown


def title_cell(item: Item) -> Text:
    """The title, the authors beneath it, dimmed."""
    cell = rich_text(item.title)
    if item.authors:
        cell.append("\n")
        cell.append_text(rich_text(authors_text(item.authors), "dim"))
    return cell


def when_cell(item: Item, zone: tzinfo | None, with_day: bool = True) -> str:
    if item.start is None:
        return ""
    clock = clock_range(item.start, item.end, zone)
    return f"{in_zone(item.start, zone):%a %d %b}\n{clock}" if with_day else clock


def conference_text(conference: str | None, year: int | None) -> str:
    return " ".join(str(part) for part in (conference, year) if part)


def _title_column(header: str, titles: list[str], ratio: int = 3) -> Column:
    """A title column: as wide as the room left, never narrower than its longest word."""
    options = {"ratio": ratio, "min_width": word_width(titles), "overflow": "fold"}
    return Column(header, options, main=True)


def _id_column() -> Column:
    return Column("Id", {"no_wrap": True, "style": ID_STYLE})


# --- parse ----------------------------------------------------------------------------------


def parse_table(report: ParseReport, width: int = 80) -> RenderableType:
    """A row per page read; the warnings themselves go to stderr, their count here. File
    names are never split: the column is as wide as the longest (up to 40), the shape that
    read the file beneath its name."""
    names = [_short_source(entry.source) for entry in report.pages]
    unchanged = [_short_source(same.source) for same in report.unchanged]
    longest = max(map(len, names + unchanged), default=4)
    table = Layout(
        [
            Column("File / shape", {"no_wrap": True, "min_width": min(40, longest)}, main=True),
            Column("Session", {"ratio": 1, "min_width": word_width(_sessions(report))}),
            Column("Items", {"justify": "right", "no_wrap": True}, label="items"),
            Column("Warnings", {"justify": "right", "no_wrap": True}, label="warnings"),
        ]
    )
    for name, entry in zip(names, report.pages, strict=True):
        session, warnings = entry.page.session, len(entry.page.warnings)
        file = rich_text(name)
        file.append_text(rich_text(f"\n{entry.page.shape}", "dim", newlines=True))
        table.add_row(
            file,
            rich_text(session.title),
            str(len(session.items)),
            str(warnings) if warnings else "",
        )
    for name in unchanged:  # not read again: its sessions are as stored
        file = rich_text(name)
        file.append_text(rich_text("\nunchanged", "dim", newlines=True))
        table.add_row(file, rich_text("(unchanged: not read again)", "dim"), "", "")
    return layout(table, width)


def _sessions(report: ParseReport) -> list[str]:
    return [entry.page.session.title for entry in report.pages]


def _short_source(source: str) -> str:
    """A file by its name (the folder is the user's own argument); URLs and '-' whole."""
    if source == "-" or "://" in source:
        return source
    return source.rsplit("/", 1)[-1]


# --- list -----------------------------------------------------------------------------------


def sessions_table(
    summaries: list[SessionSummary], zone: tzinfo | None, width: int = 80
) -> RenderableType:
    caption = zones_caption([summary.session.start for summary in summaries], zone)
    titles = [summary.session.title for summary in summaries]
    rooms = [summary.session.room or "" for summary in summaries]
    table = Layout(
        [
            _title_column("Session", titles),
            Column("Conference", {"no_wrap": True}),
            Column("When", {"no_wrap": True}, joiner=" "),
            Column("Room", {"ratio": 1, "min_width": word_width(rooms, 12), "overflow": "fold"}),
            Column("Items", {"justify": "right", "no_wrap": True}, label="items"),
        ],
        caption=caption,
    )
    for summary in summaries:
        session = summary.session
        when = ""
        if session.start:
            start = in_zone(session.start, zone)
            when = f"{day_text(start)}\n{clock_range(session.start, session.end, zone)}"
        table.add_row(
            rich_text(session.title, "bold"),
            rich_text(conference_text(session.conference, session.year)),
            when,
            rich_text(session.room),
            str(summary.item_count),
        )
    return layout(table, width)


STAR = "★"  # a starred item (confcli star)
CHANGED = "Δ"  # an item the last refresh added or changed (confcli changes --last)


def session_items_table(
    session: Session,
    zone: tzinfo | None,
    width: int = 80,
    *,
    id_length: int = 12,
    moment: datetime | None = None,
    decision: bool = False,
    starred: frozenset[str] = frozenset(),
    changed: frozenset[str] = frozenset(),
) -> RenderableType:
    """A session's heading and its items; an Award column when any has one, a Decision
    column when asked (--decision), and the slot on at ``moment`` and the next marked;
    the starred (★) and those the last refresh changed (Δ) marked in the # column."""
    items = session.items
    table = Layout(
        _item_columns(items, decision),
        heading=_session_heading(session, zone),
        caption=zones_caption([item.start for item in items], zone),
    )
    previous_day = in_zone(session.start, zone).date() if session.start else None
    for item in items:
        day = in_zone(item.start, zone).date() if item.start else None
        when = rich_text(when_cell(item, zone, day != previous_day), newlines=True)
        star = (STAR if item.id in starred else "") + (CHANGED if item.id in changed else "")
        row = [item.id[:id_length], star + str(item.position), _marked(when, item, moment)]
        row += [_kind_text(item), title_cell(item)]
        row += _extra_cells(items, item, decision)
        table.add_row(*row)
        previous_day = day or previous_day
    return layout(table, width)


def _item_columns(items: tuple[Item, ...], decision: bool) -> list[Column]:
    columns = [
        _id_column(),
        Column("#", {"justify": "right", "no_wrap": True}, in_block=False),
        Column("When", {"no_wrap": True}, joiner=" "),
        Column("Kind", {"no_wrap": True}),
        _title_column("Title / authors", [item.title for item in items]),
    ]
    if any(item.award for item in items):
        columns.append(_award_column([item.award or "" for item in items]))
    if decision:
        decisions = [item.decision or "" for item in items]
        columns.append(Column("Decision", {"ratio": 1, "min_width": word_width(decisions, 12)}))
    return columns


def _award_column(awards: list[str]) -> Column:
    return Column("Award", {"ratio": 1, "min_width": word_width(awards, 12)})


def _extra_cells(items: tuple[Item, ...], item: Item, decision: bool) -> list[Any]:
    cells: list[Any] = []
    if any(other.award for other in items):
        cells.append(rich_text(item.award, AWARD_STYLE))
    if decision:
        cells.append(rich_text(item.decision))
    return cells


def _marked(when: Text, item: Item, moment: datetime | None) -> Text:
    """The slot on at the moment ('▶ on') and those that follow ('next')."""
    state = slot_state(item, moment)
    if state == "on":
        when.append("\n▶ on", ON_STYLE)
    elif state == "next":
        when.append("\n▷ next", NEXT_STYLE)
    return when


def slot_state(item: Item, moment: datetime | None) -> str | None:
    """'on' when the item runs at the moment, 'next' when it starts later; a moment without
    a zone is each item's own wall-clock time (as --at reads it)."""
    if moment is None or item.start is None:
        return None
    start, end = item.start, item.end or item.start
    if moment.tzinfo is None:
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if start <= moment < end:
        return "on"
    return "next" if start > moment else None


def _kind_text(item: Item) -> Text:
    label = item.kind + (f"\n{item.poster}" if item.poster else "")
    return rich_text(label, newlines=True)


def _session_heading(session: Session, zone: tzinfo | None) -> Text:
    parts = [session.title, session.room]
    if session.start:
        start = in_zone(session.start, zone)
        parts.append(f"{day_text(start)} {clock_range(session.start, session.end, zone)}")
    heading = rich_text(" · ".join(part for part in parts if part), "bold")
    if session.chairs:
        heading.append("\n")
        heading.append_text(rich_text(f"Chairs: {', '.join(session.chairs)}", "dim"))
    return heading


# --- search ---------------------------------------------------------------------------------


def search_table(
    hits: list[SearchHit],
    zone: tzinfo | None,
    width: int = 80,
    *,
    id_length: int = 12,
    starred: frozenset[str] = frozenset(),
) -> RenderableType:
    """The hits, best first: where each is (session, conference and year, kind and poster
    number) and when, with an Award column when any hit has one."""
    caption = zones_caption([hit.item.start for hit in hits], zone)
    items = [hit.item for hit in hits]
    columns = [
        _id_column(),
        Column("Score", {"justify": "right", "no_wrap": True}, label="score"),
        _title_column("Title / authors", [item.title for item in items], ratio=4),
        Column("Where", {"ratio": 1, "min_width": word_width(_places(items), 14)}),
        Column("When", {"no_wrap": True}, joiner=" "),
    ]
    awards = any(item.award for item in items)
    if awards:
        columns.append(_award_column([item.award or "" for item in items]))
    table = Layout(columns, caption=caption)
    for hit in hits:
        star = STAR if hit.item.id in starred else ""
        score = star + ("≈" if hit.approximate else "") + f"{hit.score:.2f}"
        row: list[Any] = [hit.item.id[:id_length], score]
        row += [hit_cell(hit), _place_cell(hit.item), when_cell(hit.item, zone)]
        if awards:
            row.append(rich_text(hit.item.award, AWARD_STYLE))
        table.add_row(*row)
    return layout(table, width)


def _places(items: list[Item]) -> list[str]:
    return [f"{item.session} {item.conference or ''}" for item in items]


def _place_cell(item: Item) -> Text:
    """The session, then dimmed: the conference and year, the kind and poster number."""
    cell = rich_text(item.session)
    lines = [conference_text(item.conference, item.year), f"{item.kind} {item.poster or ''}"]
    tail = "\n" + "\n".join(line.strip() for line in lines if line)
    cell.append_text(rich_text(tail, "dim", newlines=True))
    return cell


def hit_cell(hit: SearchHit) -> Text:
    """A search hit's title and authors with the matched words highlighted, and the
    abstract around the match when it matched there."""
    cell = marked_text(hit.title or Marked(hit.item.title))
    if hit.item.authors:
        cell.append("\n")
        authors = hit.authors or tuple(Marked(name) for name in hit.item.authors)
        cell.append_text(marked_authors(authors, MAX_AUTHORS_SHOWN, "dim"))
    if hit.snippet:
        cell.append("\n")
        cell.append_text(marked_text(hit.snippet, "italic"))
    return cell


# --- stats ----------------------------------------------------------------------------------


def stats_table(stats: list[SessionStats], zone: tzinfo | None, width: int = 80) -> RenderableType:
    """Per session: items by kind (one a line), awards, time span, and what is missing."""
    table = Layout(
        [
            _title_column("Session", [entry.title for entry in stats], ratio=1),
            Column("Items", {"justify": "right", "no_wrap": True}, label="items"),
            Column("Kinds", {"no_wrap": True}),
            Column("Awards", {"justify": "right", "no_wrap": True}, label="awards"),
            Column("When", {"no_wrap": True}, joiner=" "),
            Column("Missing", {"no_wrap": True}),
        ],
        caption=zones_caption([s.start for s in stats], zone),
    )
    for entry in stats:
        table.add_row(*_stats_row(entry, zone))
    return layout(table, width)


def _stats_row(entry: SessionStats, zone: tzinfo | None) -> list[Any]:
    conference = conference_text(entry.conference, entry.year)
    title = rich_text(entry.title, "bold")
    title.append_text(rich_text(f"\n{conference}" if conference else "", "dim", newlines=True))
    kinds = ",\n".join(f"{kind} {count}" for kind, count in entry.kinds.items())
    when = ""
    if entry.start:
        clock = clock_range(entry.start, entry.end, zone)
        when = f"{in_zone(entry.start, zone):%a %d %b}\n{clock}"  # the year is the row's
    missing = ",\n".join(f"no {what}: {n}" for what, n in entry.missing.items() if n)
    return [
        title,
        str(entry.items),
        rich_text(kinds, newlines=True),
        str(entry.awards),
        when,
        rich_text(missing or "—", "yellow" if missing else "green", newlines=True),
    ]
