"""Every JSON shape confcli prints or exports (README, JSON): stable key order, UTF-8 as
is, one trailing newline. Every record carries ``schema_version``: each object at the top
and each object inside an array (maps such as an item's ``links`` are values, not records).
Arrays stay arrays (``list``, ``search``, ``parse --json``, ``export -f json``); a single
answer (``show``, ``stats``, ``library check``) is one object."""

from __future__ import annotations

import json
import re
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from confcli.model import ALL_ITEM_FIELDS, SCHEMA_VERSION, SESSION_FIELDS, Item, Session, iso
from confcli.render.timefmt import in_zone

if TYPE_CHECKING:
    from confcli.agenda import Entry, Gap
    from confcli.app import SearchHit
    from confcli.planner import Plan
    from confcli.results import (
        AgendaResult,
        ChangesResult,
        ItemDetail,
        ItemList,
        LibraryHealth,
        NowResult,
        ParseResult,
        SearchResults,
        SessionList,
        StatsResult,
    )
    from confcli.stats import SessionStats
    from confcli.store.maintenance import Health

Record = dict[str, Any]


def dumps(data: object) -> str:
    return escape_invisible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# What json.dumps leaves raw with ensure_ascii=False but a terminal acts on: DEL, the C1
# controls (0x9b opens a CSI sequence), bidi overrides and isolates that reorder a line (the
# marks, LRM and RLM, are text: kept), and the line
# separators. They only ever stand inside strings: their \u escapes read back the same.
INVISIBLE = re.compile("[\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def escape_invisible(text: str) -> str:
    """JSON text with those characters written as \\u escapes."""
    return INVISIBLE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def record(**fields: Any) -> Record:
    """A record of the current shape: ``schema_version`` first, then the fields."""
    return {"schema_version": SCHEMA_VERSION, **fields}


# --- the model ----------------------------------------------------------------------------


def iso_in(value: datetime | None, zone: tzinfo | None) -> str | None:
    """A time with the offset of the display zone (``--tz``) at that instant; None keeps
    the page's own. The instant is the same either way."""
    return None if value is None else iso(in_zone(value, zone))


def item_to_json(item: Item, zone: tzinfo | None = None) -> Record:
    """The documented item shape: every key present, snake_case, null when unknown."""
    out = record(**{name: getattr(item, name) for name in ALL_ITEM_FIELDS})
    out["authors"] = list(item.authors)
    out["keywords"], out["affiliations"] = list(item.keywords), list(item.affiliations)
    out["links"] = dict(item.links)
    out["start"], out["end"] = iso_in(item.start, zone), iso_in(item.end, zone)
    return out


def session_to_json(
    session: Session, with_items: bool = True, zone: tzinfo | None = None
) -> Record:
    out = record(**{name: getattr(session, name) for name in SESSION_FIELDS})
    out["chairs"] = list(session.chairs)
    out["start"], out["end"] = iso_in(session.start, zone), iso_in(session.end, zone)
    out["item_count"] = len(session.items)
    if with_items:
        out["items"] = [item_to_json(item, zone) for item in session.items]
    return out


def items_json(items: list[Item], zone: tzinfo | None = None) -> list[Record]:
    return [item_to_json(item, zone) for item in items]


def sessions_json(sessions: list[Session], zone: tzinfo | None = None) -> list[Record]:
    return [session_to_json(session, zone=zone) for session in sessions]


# --- what the commands answer -------------------------------------------------------------


def session_list_json(result: SessionList) -> list[Record]:
    """`list`: each session whole, with its items."""
    sessions = [result.load(summary.session.id) for summary in result.summaries]
    return sessions_json(sessions, result.zone)


def item_list_json(result: ItemList) -> list[Record]:
    return items_json(result.items, result.zone)


def search_json(result: SearchResults) -> list[Record]:
    return [hit_json(hit, result.zone) for hit in result.hits]


def hit_json(hit: SearchHit, zone: tzinfo | None = None) -> Record:
    """An item, and how it matched: its score, the fields it matched in, the abstract
    around the match, and whether it answers a query corrected for typos."""
    return {
        **item_to_json(hit.item, zone),
        "score": hit.score,
        "matched": list(hit.matched),
        "snippet": hit.snippet.text if hit.snippet else None,
        "approximate": hit.approximate,
        "corrected_query": hit.correction.text if hit.correction else None,
    }


def detail_json(result: ItemDetail) -> Record:
    """`show`: the item, and the same paper's other slots as items."""
    item, others = item_to_json(result.item, result.zone), items_json(result.others, result.zone)
    return {**item, "other_slots": others}


def stats_json(result: StatsResult) -> Record:
    return record(sessions=[session_stats_json(entry, result.zone) for entry in result.sessions])


def session_stats_json(stats: SessionStats, zone: tzinfo | None = None) -> Record:
    return record(
        session_id=stats.session_id,
        conference=stats.conference,
        year=stats.year,
        title=stats.title,
        items=stats.items,
        awards=stats.awards,
        start=iso_in(stats.start, zone),
        end=iso_in(stats.end, zone),
        missing=dict(stats.missing),
        kinds=dict(stats.kinds),
    )


def parse_json(result: ParseResult) -> list[Record]:
    """`parse --json`: the sessions read, in the shape `list` prints and `parse` reads."""
    return sessions_json(result.report.sessions)


def health_json(result: LibraryHealth) -> Record:
    health: Health = result.health
    return record(
        path=health.path,
        version=health.version,
        sessions=health.sessions,
        items=health.items,
        ok=health.ok,
        problems=list(health.problems),
        notes=list(health.notes),
    )


# --- the agenda (README, Plan your conference) -------------------------------------------------


def agenda_json(result: AgendaResult) -> Record:
    """`agenda --json`: the picks (item shape + starred, note, conflicts, alternatives,
    withdrawn), the free gaps, and with --plan the plan."""
    days = result.agenda.days
    out = record(
        items=[entry_json(entry) for day in days for entry in day.entries],
        gaps=[gap_json(gap) for day in days for gap in day.gaps],
    )
    if result.agenda.plan is not None:
        out["plan"] = plan_json(result.agenda.plan, result.agenda.papers)
    return out


def entry_json(entry: Entry) -> Record:
    return {
        **item_to_json(entry.item),
        "starred": entry.starred,
        "note": entry.note,
        "conflicts": list(entry.conflicts),
        "alternatives": items_json(list(entry.alternatives)),
        "withdrawn": entry.withdrawn,
    }


def gap_json(gap: Gap) -> Record:
    return record(start=iso(gap.start), end=iso(gap.end), minutes=gap.minutes, on=gap.on)


def plan_json(plan: Plan, papers: list[Any]) -> Record:
    """The slots to attend (item ids, in time order), and the starred papers that do not
    fit (each by a starred slot's id), with why."""
    attend = sorted(plan.attend.values(), key=_when)
    named = {paper.key: min(paper.starred) for paper in papers if paper.starred}
    return record(
        attend=[item.id for item in attend],
        cannot_fit=[
            record(id=named.get(key, key), reason=reason) for key, reason in plan.cannot_fit.items()
        ],
        optimal=plan.optimal,
    )


def now_json(result: NowResult) -> Record:
    found = result.now
    return record(
        at=iso(found.moment),
        now=[{**item_to_json(i), "note": result.notes.get(i.id)} for i in found.now],
        next=[{**item_to_json(i), "note": result.notes.get(i.id)} for i in found.next],
        minutes_to_next=found.minutes_to_next(),
    )


def _when(item: Item) -> tuple[bool, float, str]:
    return (item.start is None, item.start.timestamp() if item.start else 0.0, item.id)


def changes_json(result: ChangesResult) -> Record:
    """`changes --json`: {schema_version, changes: [{change, id, title, before, after}]};
    ``before``/``after`` hold the fields that changed (times as ISO 8601)."""
    return record(
        changes=[
            record(change=c.change, id=c.id, title=c.title, before=c.before, after=c.after)
            for c in result.changes
        ]
    )
