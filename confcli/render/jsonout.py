"""Every JSON shape confcli prints or exports (README, JSON): stable key order, UTF-8 as
is, one trailing newline. Every record carries ``schema_version``: each object at the top
and each object inside an array (maps such as an item's ``links`` are values, not records).
Arrays stay arrays (``list``, ``search``, ``parse --json``, ``export -f json``); a single
answer (``show``, ``stats``, ``library check``) is one object."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from confcli.model import ITEM_FIELDS, SCHEMA_VERSION, SESSION_FIELDS, Item, Session, iso

if TYPE_CHECKING:
    from confcli.agenda import Entry, Gap
    from confcli.app import SearchHit
    from confcli.planner import Plan
    from confcli.results import (
        AgendaResult,
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
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def record(**fields: Any) -> Record:
    """A record of the current shape: ``schema_version`` first, then the fields."""
    return {"schema_version": SCHEMA_VERSION, **fields}


# --- the model ----------------------------------------------------------------------------


def item_to_json(item: Item) -> Record:
    """The documented item shape: every key present, snake_case, null when unknown."""
    out = record(**{name: getattr(item, name) for name in ITEM_FIELDS})
    out["authors"] = list(item.authors)
    out["links"] = dict(item.links)
    out["start"], out["end"] = iso(item.start), iso(item.end)
    return out


def session_to_json(session: Session, with_items: bool = True) -> Record:
    out = record(**{name: getattr(session, name) for name in SESSION_FIELDS})
    out["chairs"] = list(session.chairs)
    out["start"], out["end"] = iso(session.start), iso(session.end)
    out["item_count"] = len(session.items)
    if with_items:
        out["items"] = [item_to_json(item) for item in session.items]
    return out


def items_json(items: list[Item]) -> list[Record]:
    return [item_to_json(item) for item in items]


def sessions_json(sessions: list[Session]) -> list[Record]:
    return [session_to_json(session) for session in sessions]


# --- what the commands answer -------------------------------------------------------------


def session_list_json(result: SessionList) -> list[Record]:
    """`list`: each session whole, with its items."""
    return sessions_json([result.load(summary.session.id) for summary in result.summaries])


def item_list_json(result: ItemList) -> list[Record]:
    return items_json(result.items)


def search_json(result: SearchResults) -> list[Record]:
    return [hit_json(hit) for hit in result.hits]


def hit_json(hit: SearchHit) -> Record:
    """An item, and how it matched: its score, the fields it matched in, the abstract
    around the match, and whether it answers a query corrected for typos."""
    return {
        **item_to_json(hit.item),
        "score": hit.score,
        "matched": list(hit.matched),
        "snippet": hit.snippet.text if hit.snippet else None,
        "approximate": hit.approximate,
        "corrected_query": hit.correction.text if hit.correction else None,
    }


def detail_json(result: ItemDetail) -> Record:
    """`show`: the item, and the same paper's other slots as items."""
    return {**item_to_json(result.item), "other_slots": items_json(result.others)}


def stats_json(result: StatsResult) -> Record:
    return record(sessions=[session_stats_json(entry) for entry in result.sessions])


def session_stats_json(stats: SessionStats) -> Record:
    return record(
        session_id=stats.session_id,
        conference=stats.conference,
        year=stats.year,
        title=stats.title,
        items=stats.items,
        awards=stats.awards,
        start=iso(stats.start),
        end=iso(stats.end),
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
