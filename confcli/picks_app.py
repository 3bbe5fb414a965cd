"""What the pick and agenda commands do, over the library: which items a command names, the
agenda's ingredients, the plan, picks to and from JSON, and calendar SEQUENCEs. The logic is
in confcli.agenda and confcli.planner; the SQL in confcli.store.picks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from confcli import app as core
from confcli.agenda import AgendaInput, Day, build_days, pick_item
from confcli.errors import NotFoundError, UsageError
from confcli.filters import FilterSpec
from confcli.model import SCHEMA_VERSION, Item
from confcli.planner import Paper, Plan, make_plan
from confcli.store import Library, Merged, Pick
from confcli.store.rows import time_of

if TYPE_CHECKING:
    from confcli.export.common import ExportOptions


@dataclass(frozen=True)
class AgendaOptions:
    buffer: timedelta = timedelta(0)
    gap: timedelta = timedelta(minutes=30)
    plan: bool = False
    save: bool = False
    budget: int | None = None  # the planner's step budget (tests); None: its own


@dataclass(frozen=True)
class Agenda:
    days: list[Day]
    plan: Plan | None
    papers: list[Paper]


# --- what a command names -------------------------------------------------------------------


def targets(
    library: Library, ids: list[str], title: str | None, spec: FilterSpec, zone: tzinfo | None
) -> list[Item]:
    """The items named by ids (or unique prefixes), by --title, or by the filters; a pick
    whose item is gone is found by its id too. Filters alone that select everything are
    refused: starring (or hiding) the whole programme is never what was meant."""
    if ids or title:
        found = [_item_or_pick(library, ident) for ident in ids]
        return found + ([core.find_item(library, title=title)] if title else [])
    if replace(spec, hidden=False) == FilterSpec():
        raise UsageError("name the items: ITEM ids, --title TEXT, or filters (e.g. --session)")
    return core.select_items(library, spec, zone)


def _item_or_pick(library: Library, ident: str) -> Item:
    try:
        return core.find_item(library, ident)
    except NotFoundError:
        picks = [p for p in library.picks() if p.item_id.startswith(ident)]
        if len(picks) != 1:
            raise
        return pick_item(picks[0])


# --- the agenda -----------------------------------------------------------------------------


def agenda_input(library: Library, spec: FilterSpec, zone: tzinfo | None) -> AgendaInput:
    """The starred slots the filters select (hidden or not), the starred picks whose item
    is gone, and every slot of the starred papers."""
    chosen = replace(spec, starred=True, hidden=True, now=False, at=None)
    picked = core.select_items(library, chosen, zone)
    picks = {pick.item_id: pick for pick in library.picks()}
    present = library.items_by_id(pick.item_id for pick in picks.values() if pick.starred)
    withdrawn = [p for p in picks.values() if p.starred and p.item_id not in present]
    papers = {item.paper_id for item in picked if item.paper_id}
    return AgendaInput(picked, picks, withdrawn, library.paper_slots(papers))


def agenda(
    library: Library, spec: FilterSpec, zone: tzinfo | None, options: AgendaOptions
) -> Agenda:
    source = agenda_input(library, spec, zone)
    days = build_days(source, zone, options.buffer, options.gap, library.items_on)
    if not options.plan:
        return Agenda(days, None, [])
    papers = plan_papers(source)
    plan = make_plan(papers, options.buffer, options.budget)
    if options.save:
        library.save_plan({key: item.id for key, item in plan.attend.items()})
    return Agenda(days, plan, papers)


def plan_papers(source: AgendaInput) -> list[Paper]:
    """Each starred paper once, its options every slot of it (an oral and its poster)."""
    papers: dict[str, list[Item]] = {}
    for item in source.picked:
        papers.setdefault(item.paper_id or item.id, []).append(item)
    found = []
    for key, starred in papers.items():
        slots = source.slots.get(key) or starred
        found.append(Paper(key, tuple(slots), frozenset(item.id for item in starred)))
    return found


def planned_items(
    library: Library, spec: FilterSpec, zone: tzinfo | None, buffer: timedelta
) -> list[Item]:
    """The slots of the saved plan (`agenda --plan --save`), else of a plan made now."""
    saved = library.saved_plan()
    if saved:
        found = library.items_by_id(saved.values())
        return sorted(found.values(), key=_time_order)
    plan = make_plan(plan_papers(agenda_input(library, spec, zone)), buffer)
    return sorted(plan.attend.values(), key=_time_order)


def _time_order(item: Item) -> tuple[bool, datetime, str]:
    return (item.start is None, item.start or datetime.min.replace(tzinfo=UTC), item.id)


def moment_of(
    text: str | None, zone: tzinfo | None, clock: datetime, slots: list[Item]
) -> datetime:
    """--at TIME, else the clock. A time without a zone is in the display zone, else in the
    picks' own (the programme's); a clock time alone is today's there."""
    if not text:
        return clock
    from confcli.filters import parse_moment

    own = next((item.start.tzinfo for item in slots if item.start is not None), None)
    where = zone or own or clock.tzinfo
    found = parse_moment(text, "--at", zone)
    if isinstance(found, datetime):
        return found if found.tzinfo else found.replace(tzinfo=where)
    return datetime.combine(clock.astimezone(where).date(), found, tzinfo=where)


# --- picks as JSON ----------------------------------------------------------------------------


def picks_document(picks: Iterable[Pick]) -> dict[str, Any]:
    """`agenda export`: every pick, with what a person needs to read it."""
    return {"schema_version": SCHEMA_VERSION, "picks": [pick_record(p) for p in picks]}


def pick_record(pick: Pick) -> dict[str, Any]:
    start = None if pick.start is None else pick.start.isoformat()
    return {
        "id": pick.item_id, "conference": pick.conference, "year": pick.year,
        "title": pick.title, "kind": pick.kind, "start": start, "paper_id": pick.paper_id,
        "starred": pick.starred, "hidden": pick.hidden, "note": pick.note,
    }  # fmt: skip


def read_picks(document: object) -> list[Pick]:
    """The picks of an `agenda export` document; anything else is refused, not guessed."""
    if not isinstance(document, dict) or not isinstance(document.get("picks"), list):
        raise UsageError("not a picks file: expected an object with 'picks' (agenda export)")
    return [_pick_of(record) for record in document["picks"]]


def _pick_of(record: object) -> Pick:
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
        raise UsageError(f"a pick without an id: {str(record)[:80]!r}")
    year = record.get("year")
    try:
        start = time_of(record.get("start")) if isinstance(record.get("start"), str) else None
    except ValueError:
        start = None
    return Pick(
        item_id=record["id"],
        starred=record.get("starred") is True,
        hidden=record.get("hidden") is True,
        note=_text(record.get("note")),
        conference=_text(record.get("conference")),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        title=_text(record.get("title")),
        kind=_text(record.get("kind")),
        start=start if start is None or start.tzinfo else None,
        paper_id=_text(record.get("paper_id")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def import_picks(library: Library, document: object) -> Merged:
    return library.merge_picks(read_picks(document))


# --- calendars -------------------------------------------------------------------------------


def slot_state(item: Item) -> str:
    """What a calendar shows of a slot and should hear of when it changes."""
    times = [t.astimezone(UTC).isoformat() if t else "" for t in (item.start, item.end)]
    return "\x1f".join([*times, item.room or "", item.poster or "", item.title])


def sequences(library: Library, items: list[Item]) -> dict[str, int]:
    """Each slot's SEQUENCE for this export, the export state kept for the next."""
    return library.export_sequences({item.id: slot_state(item) for item in items})


def personal_export(
    library: Library,
    items: list[Item],
    spec: FilterSpec,
    options: ExportOptions,
    plan: bool,
    writer: str,
) -> tuple[list[Item], ExportOptions]:
    """`export --starred` / `--plan`: the planned slots with --plan; for a calendar, the
    notes and each slot's SEQUENCE (the export state kept for the next export)."""
    if plan:
        items = planned_items(library, spec, options.zone, timedelta(0))
    if writer != "ics":
        return items, options
    timed = [item for item in items if item.start is not None]
    return items, replace(options, notes=notes(library), sequences=sequences(library, timed))


def notes(library: Library) -> dict[str, str]:
    return {pick.item_id: pick.note for pick in library.picks() if pick.note}
