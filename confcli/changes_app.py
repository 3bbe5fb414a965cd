"""`confcli changes`: the change sets refreshes recorded, narrowed by the usual filters.

Withdrawn items are no longer in the library, so only the conference, year and --starred
filters (kept with each change and in the picks) can select them; the other filters
select among the changes of items still there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo

from confcli.app import select_items
from confcli.errors import UsageError
from confcli.filters import FilterSpec
from confcli.store import Library
from confcli.store.changes import (
    ADDED,
    AWARD,
    DECISION,
    MOVED,
    RETITLED,
    WITHDRAWN,
    Change,
    ChangeSet,
)

SUMMARY_ORDER = (MOVED, WITHDRAWN, RETITLED, AWARD, DECISION, ADDED)


def select_changes(
    library: Library, spec: FilterSpec, since: datetime | None, zone: tzinfo | None = None
) -> list[Change]:
    """The changes of the last refresh (or of every refresh since ``since``) the filters
    select, in the order recorded."""
    if since is None:
        last = library.last_snapshot()
        found = [] if last is None else library.changes(snapshot=last)
    else:
        found = library.changes(since=since)
    if spec.conference:
        found = [c for c in found if (c.conference or "").casefold() == spec.conference.casefold()]
    if spec.year:
        found = [c for c in found if c.year == spec.year]
    if spec.starred:
        starred = library.pick_ids("starred")
        found = [c for c in found if c.id in starred]
    others = replace(spec, starred=False, hidden=False, conference=None, year=None)
    if others.item_level():
        kept = {item.id for item in select_items(library, replace(others, hidden=True), zone)}
        found = [c for c in found if c.id in kept]
    return found


def since_moment(text: str) -> datetime:
    """``--since``: a date or an ISO date and time; without an offset, in the local zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since: not a date: {text!r} (e.g. 2025-05-01)") from None
    return moment if moment.tzinfo else moment.astimezone()


def summary(changes: ChangeSet | None) -> str | None:
    """'3 moved, 1 withdrawn, 12 added' (None: the store replaced nothing)."""
    if changes is None:
        return None
    counts = changes.counts()
    shown = [f"{counts[kind]} {kind}" for kind in SUMMARY_ORDER if kind in counts]
    return ", ".join(shown) or "no changes"
