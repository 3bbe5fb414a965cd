"""The agenda's logic, pure (no SQL, no printing): the picked slots day by day, which of
them clash, the same paper's other slots that would not, the free time between them, and
where to be at a moment.

Slots are half-open intervals [start, end): back-to-back slots do not clash. With a buffer,
slots in different rooms closer than it clash too (there is no time to walk between them).
A slot without an end lasts no time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from confcli.model import Item
from confcli.store.picks import Pick

NO_BUFFER = timedelta(0)


@dataclass(frozen=True, slots=True)
class Entry:
    """A picked slot in the agenda: with its note, the ids of the picks it clashes with,
    and the same paper's other slots that clash with nothing picked."""

    item: Item
    starred: bool = True
    note: str | None = None
    withdrawn: bool = False  # the pick's item is gone from the library: a snapshot
    conflicts: tuple[str, ...] = ()
    alternatives: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """Free time between picks on one day, and how many items are on then."""

    start: datetime
    end: datetime
    on: int = 0

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class Day:
    day: date | None  # None: the picks without a time
    entries: list[Entry]
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NowNext:
    """Where to be at ``moment``: the picks on then, and the next ones to start."""

    moment: datetime
    now: tuple[Item, ...]
    next: tuple[Item, ...]

    def minutes_to_next(self) -> int | None:
        if not self.next or self.next[0].start is None:
            return None
        return _minutes_until(self.moment, self.next[0].start)


def _minutes_until(moment: datetime, later: datetime) -> int:
    seconds = (later - moment).total_seconds()
    return int(-(-seconds // 60))  # a slot 30 seconds away starts in 1 minute, not 0


# --- clashes --------------------------------------------------------------------------------


def end_of(item: Item) -> datetime:
    """Where a slot ends (a slot without an end lasts no time); only for timed slots."""
    assert item.start is not None
    return item.end if item.end is not None and item.end > item.start else item.start


def clash(a: Item, b: Item, buffer: timedelta = NO_BUFFER) -> bool:
    """Whether two timed slots cannot both be attended."""
    if a.start is None or b.start is None:
        return False
    if a.start < end_of(b) and b.start < end_of(a):
        return True
    if not buffer or _same_room(a, b):
        return False
    between = max(a.start, b.start) - min(end_of(a), end_of(b))
    return between < buffer


def _same_room(a: Item, b: Item) -> bool:
    return bool(a.room) and (a.room or "").casefold() == (b.room or "").casefold()


def conflicts(items: list[Item], buffer: timedelta = NO_BUFFER) -> dict[str, list[str]]:
    """Per picked slot, the ids of the picked slots it clashes with (in time order)."""
    timed = sorted((i for i in items if i.start is not None), key=lambda i: (i.start, i.id))
    found: dict[str, list[str]] = {item.id: [] for item in items}
    for n, first in enumerate(timed):
        for second in timed[n + 1 :]:
            assert second.start is not None
            if second.start >= end_of(first) + buffer:
                break  # sorted by start: no later slot comes close
            if clash(first, second, buffer):
                found[first.id].append(second.id)
                found[second.id].append(first.id)
    return found


def alternatives(
    item: Item, slots: list[Item], picked: list[Item], buffer: timedelta = NO_BUFFER
) -> tuple[Item, ...]:
    """The same paper's other timed slots that clash with no pick but the paper's own."""
    others = [pick for pick in picked if not _same_paper(pick, item)]
    return tuple(
        slot
        for slot in slots
        if slot.id != item.id
        and slot.start is not None
        and slot.id not in {pick.id for pick in picked}
        and not any(clash(slot, other, buffer) for other in others)
    )


def _same_paper(a: Item, b: Item) -> bool:
    return a.id == b.id or (a.paper_id is not None and a.paper_id == b.paper_id)


# --- days and gaps ---------------------------------------------------------------------------


def in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """The moment in the display zone; None keeps its own (the page's)."""
    return moment if zone is None else moment.astimezone(zone)


def local_day(item: Item, zone: tzinfo | None) -> date | None:
    return None if item.start is None else in_zone(item.start, zone).date()


def free_gaps(items: list[Item], zone: tzinfo | None, minimum: timedelta) -> list[Gap]:
    """The free stretches of at least ``minimum`` between picks of one day (display zone)."""
    busy = _merged_busy(items)
    gaps = []
    for (_, first_end), (second_start, _) in zip(busy, busy[1:], strict=False):
        same_day = in_zone(first_end, zone).date() == in_zone(second_start, zone).date()
        if same_day and second_start - first_end >= minimum:
            gaps.append(Gap(first_end, second_start))
    return gaps


def _merged_busy(items: list[Item]) -> list[tuple[datetime, datetime]]:
    spans = sorted((i.start, end_of(i)) for i in items if i.start is not None)
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# --- the agenda ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaInput:
    """What the agenda is made of: the picked slots (with their picks), the picks whose
    item is gone, and every slot of the picked papers (paper id -> slots)."""

    picked: list[Item]
    picks: dict[str, Pick]
    withdrawn: list[Pick]
    slots: dict[str, list[Item]]


def build_days(
    source: AgendaInput,
    zone: tzinfo | None,
    buffer: timedelta,
    minimum_gap: timedelta,
    items_on: Callable[[datetime, datetime], int],
) -> list[Day]:
    """The agenda day by day in the display zone; the picks without a time last."""
    clashing = conflicts(source.picked, buffer)
    entries = [_entry(item, source, clashing[item.id], buffer) for item in source.picked]
    entries += [withdrawn_entry(pick) for pick in source.withdrawn]
    by_day: dict[date | None, list[Entry]] = {}
    for entry in sorted(entries, key=_entry_order):
        by_day.setdefault(local_day(entry.item, zone), []).append(entry)
    days = []
    for day, day_entries in by_day.items():
        present = [e.item for e in day_entries if not e.withdrawn]
        gaps = [] if day is None else free_gaps(present, zone, minimum_gap)
        days.append(Day(day, day_entries, [_counted(gap, items_on) for gap in gaps]))
    return days


def _entry_order(entry: Entry) -> tuple[bool, datetime, str]:
    start = entry.item.start
    return (start is None, start or datetime.max.replace(tzinfo=None), entry.item.id)


def _counted(gap: Gap, items_on: Callable[[datetime, datetime], int]) -> Gap:
    return Gap(gap.start, gap.end, items_on(gap.start, gap.end))


def _entry(item: Item, source: AgendaInput, clashes: list[str], buffer: timedelta) -> Entry:
    pick = source.picks.get(item.id)
    others: tuple[Item, ...] = ()
    if clashes and item.paper_id:
        others = alternatives(item, source.slots.get(item.paper_id, []), source.picked, buffer)
    return Entry(
        item,
        starred=bool(pick and pick.starred),
        note=pick.note if pick else None,
        conflicts=tuple(clashes),
        alternatives=others,
    )


def withdrawn_entry(pick: Pick) -> Entry:
    return Entry(pick_item(pick), starred=pick.starred, note=pick.note, withdrawn=True)


def pick_item(pick: Pick) -> Item:
    """The item a pick names, as its snapshot remembers it (for a pick whose item is gone)."""
    return Item(
        id=pick.item_id,
        kind=pick.kind or "",
        title=pick.title or "",
        session_id="",
        session="",
        position=0,
        start=pick.start,
        conference=pick.conference,
        year=pick.year,
        paper_id=pick.paper_id,
    )


# --- now and next ----------------------------------------------------------------------------


def now_and_next(items: Iterable[Item], moment: datetime) -> NowNext:
    """The picks on at ``moment`` (start <= moment < end), and the next to start after it
    (all of those starting at that same time)."""
    timed = sorted((i for i in items if i.start is not None), key=lambda i: (i.start, i.id))
    on = tuple(i for i in timed if i.start is not None and i.start <= moment < end_of(i))
    later = [i for i in timed if i.start is not None and i.start > moment]
    following = tuple(i for i in later if i.start == later[0].start) if later else ()
    return NowNext(moment, on, following)
