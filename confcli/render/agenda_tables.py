"""The agenda for people: a table per day (time, room or poster, kind, title, what it clashes
with and where else to catch it), the free gaps, the plan, and now-and-next as text."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from confcli.render.safe import printable, rich_text
from confcli.render.tables import title_cell
from confcli.render.timefmt import clock_range, day_text, in_zone, zones_caption

if TYPE_CHECKING:
    from confcli.agenda import Day, Entry, NowNext
    from confcli.model import Item
    from confcli.picks_app import Agenda

STAR = "★"


def day_table(day: Day, zone: tzinfo | None) -> Any:
    """One day of picks; the free gaps in its caption."""
    table = _table(
        ("", {"no_wrap": True}),
        ("When", {"no_wrap": True}),
        ("Where", {"overflow": "fold", "ratio": 1}),
        ("Kind", {}),
        ("Title / authors", {"overflow": "fold", "ratio": 3}),
        caption=_caption(day, zone),
    )
    for entry in day.entries:
        table.add_row(
            _mark(entry),
            clock_range(entry.item.start, entry.item.end, zone),
            rich_text(where(entry.item), newlines=True),
            rich_text(entry.item.kind),
            _title(entry, zone),
        )
    first = next((e.item.start for e in day.entries if e.item.start), None)
    table.title = day_text(in_zone(first, zone)) if first else "Without a time"
    return table


def where(item: Item) -> str:
    return "\n".join(part for part in (item.room, item.poster) if part)


def _mark(entry: Entry) -> str:
    if entry.withdrawn:
        return "✗"
    return ("!" if entry.conflicts else "") + (STAR if entry.starred else "")


def _title(entry: Entry, zone: tzinfo | None) -> Any:
    cell = title_cell(entry.item)
    lines = []
    if entry.withdrawn:
        lines.append("withdrawn: no longer in the programme")
    if entry.conflicts:
        lines.append(f"clashes with {', '.join(entry.conflicts)}")
    for other in entry.alternatives:
        when = clock_range(other.start, other.end, zone)
        day = in_zone(other.start, zone).strftime("%a") if other.start else ""
        place = " · ".join(part for part in (other.room, other.poster) if part)
        lines.append(f"or: {other.kind} {day} {when} {place}".rstrip())
    if entry.note:
        lines.append(f"note: {entry.note}")
    for line in lines:
        cell.append("\n")
        cell.append_text(rich_text(line, "italic", newlines=False))
    return cell


def _caption(day: Day, zone: tzinfo | None) -> str | None:
    zones = zones_caption([entry.item.start for entry in day.entries], zone)
    gaps = [
        f"free {clock_range(gap.start, gap.end, zone)} ({gap.minutes} min, {gap.on} item(s) on)"
        for gap in day.gaps
    ]
    return "\n".join(part for part in [*gaps, zones or ""] if part) or None


def plan_lines(agenda: Agenda, zone: tzinfo | None) -> str:
    """The plan as text: the slots to attend, then the papers that do not fit, and why."""
    plan = agenda.plan
    if plan is None:
        return ""
    attend = sorted(
        plan.attend.values(), key=lambda i: (i.start is None, i.start and i.start.timestamp())
    )
    lines = [f"Plan: {len(attend)} of {len(agenda.papers)} starred paper(s) fit"]
    if not plan.optimal:
        lines[0] += " (the search stopped at its step limit: this plan may not be optimal)"
    for item in attend:
        lines.append(f"  {_slot_text(item, zone)}  {printable(item.title)}")
    papers = {paper.key: paper for paper in agenda.papers}
    for key, reason in plan.cannot_fit.items():
        paper = papers.get(key)
        name = f"{min(paper.starred)} {paper.options[0].title}" if paper and paper.starred else key
        lines.append(f"  cannot fit {printable(name)}: {printable(reason)}")
    return "\n".join(lines) + "\n"


def _slot_text(item: Item, zone: tzinfo | None) -> str:
    if item.start is None:
        return item.id
    day = in_zone(item.start, zone).strftime("%a %d %b")
    place = printable(" · ".join(p for p in (item.room, item.poster) if p))
    return f"{item.id} {day} {clock_range(item.start, item.end, zone)} {item.kind} {place}"


def now_lines(found: NowNext, zone: tzinfo | None, notes: dict[str, str]) -> str:
    """Where to be now and what is next, in plain lines."""
    at = in_zone(found.moment, zone)
    lines = [f"At {at:%a %d %b %H:%M}:"]
    if not found.now:
        lines.append("  nothing picked is on")
    for item in found.now:
        lines.append(f"  now: {_slot_text(item, zone)}  {printable(item.title)}")
        lines += [f"       note: {printable(notes[item.id])}"] if item.id in notes else []
    minutes = found.minutes_to_next()
    for item in found.next:
        lines.append(f"  next, in {minutes} min: {_slot_text(item, zone)}  {printable(item.title)}")
    if not found.next:
        lines.append("  nothing picked comes next")
    return "\n".join(lines) + "\n"


def _table(*columns: tuple[str, dict[str, Any]], caption: str | None = None) -> Any:
    """A plain Rich table with these columns (the agenda is read at full width)."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, caption=caption, caption_justify="left", pad_edge=False)
    for name, options in columns:
        table.add_column(name, **options)
    return table
