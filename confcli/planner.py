"""`agenda --plan`: one slot for each starred paper, as many papers as fit without clashes
(confcli.agenda.clash), preferring the slots that were starred. Pure: no SQL, no printing.

Choosing the slots is a maximum independent set problem, hard in general. Papers whose
slots can never clash with each other are planned apart (a conference week falls into a
handful of such groups, mostly a day each), and each group by branch and bound: papers
with the fewest options first, each option that fits (or none), pruned when even fitting
every paper still open could not beat the best plan found. The search is exact while it
stays within its step budget (ample for 40 papers with several slots each); beyond that
the best plan found is given and said to be possibly not optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from confcli.agenda import NO_BUFFER, clash, end_of
from confcli.model import Item

EXACT_PAPERS = 40  # up to this many papers the plan is searched to the end
EXACT_STEPS = 5_000_000  # a backstop even so: no command runs for ever
BOUNDED_STEPS = 200_000  # beyond EXACT_PAPERS: the best plan found in this many steps


@dataclass(frozen=True, slots=True)
class Paper:
    """A starred paper: its key (paper id), its slots, and which of them were starred."""

    key: str
    options: tuple[Item, ...]
    starred: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    attend: dict[str, Item]  # paper key -> the slot chosen
    cannot_fit: dict[str, str]  # paper key -> why
    optimal: bool  # False: the step budget ran out; a better plan may exist
    steps: int


def make_plan(
    papers: Sequence[Paper], buffer: timedelta = NO_BUFFER, budget: int | None = None
) -> Plan:
    """The plan: at most one slot per paper, no two chosen slots clashing."""
    limit = budget or (EXACT_STEPS if len(papers) <= EXACT_PAPERS else BOUNDED_STEPS)
    timed = [p for p in papers if any(o.start is not None for o in p.options)]
    search = _Search(buffer, limit)
    attend: dict[str, Item] = {}
    for group in _groups(timed, buffer):
        attend.update(search.solve(group))
    reasons = {p.key: _why(p, attend, buffer) for p in papers if p.key not in attend}
    return Plan(attend, reasons, not search.exhausted, search.steps)


def _groups(papers: list[Paper], buffer: timedelta) -> list[list[Paper]]:
    """Papers joined when some slot of one clashes with some slot of the other."""
    parent = list(range(len(papers)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    slots = sorted(
        ((o, n) for n, p in enumerate(papers) for o in p.options if o.start is not None),
        key=lambda pair: (pair[0].start, pair[0].id),
    )
    for i, (first, a) in enumerate(slots):
        for second, b in slots[i + 1 :]:
            assert first.start is not None and second.start is not None
            if second.start >= end_of(first) + buffer:  # sorted: no later slot is near
                break
            if a != b and clash(first, second, buffer):
                parent[root(a)] = root(b)
    groups: dict[int, list[Paper]] = {}
    for n, paper in enumerate(papers):
        groups.setdefault(root(n), []).append(paper)
    return list(groups.values())


class _Search:
    """Branch and bound over one group, sharing a step budget over all groups."""

    def __init__(self, buffer: timedelta, limit: int):
        self.buffer, self.limit = buffer, limit
        self.steps = 0
        self.exhausted = False

    def solve(self, group: list[Paper]) -> dict[str, Item]:
        self.papers = sorted(group, key=_first_start)
        self.weight = len(self.papers) + 1  # a paper outweighs every starred-slot preference
        self.slots = [
            (n, o)
            for n, paper in enumerate(self.papers)
            for o in sorted(paper.options, key=lambda o: o.id not in paper.starred)
            if o.start is not None
        ]
        self.of_paper: list[list[int]] = [[] for _ in self.papers]
        for k, (n, _) in enumerate(self.slots):
            self.of_paper[n].append(k)
        self.clashes = [
            [k2 for k2, (m, o2) in enumerate(self.slots) if m != n and clash(o, o2, self.buffer)]
            for n, o in self.slots
        ]
        self.liked = [o.id in self.papers[n].starred for n, o in self.slots]
        self.by_end = sorted(range(len(self.slots)), key=lambda k: _span(self.slots[k][1]))
        self.blocked = [0] * len(self.slots)
        self.best: dict[int, Item] = {}
        self.best_score = -1
        self._branch(0, {}, 0)
        return {self.papers[n].key: slot for n, slot in self.best.items()}

    def _bound(self, start: int) -> int:
        """What the papers from ``start`` on could add at most: each paper with a slot
        still open, but no more papers than open slots apart in time (interval scheduling,
        earliest end first; the buffer left out, which only loosens the bound)."""
        papers: set[int] = set()
        starred: set[int] = set()
        apart, free_from = 0, None
        for k in self.by_end:
            n, slot = self.slots[k]
            if n < start or self.blocked[k]:
                continue
            papers.add(n)
            if self.liked[k]:
                starred.add(n)
            if free_from is None or _start(slot) >= free_from:
                apart, free_from = apart + 1, end_of(slot)
        fit = min(len(papers), apart)
        return self.weight * fit + min(fit, len(starred))

    def _branch(self, n: int, chosen: dict[int, Item], score: int) -> None:
        self.steps += 1
        if score > self.best_score:
            self.best, self.best_score = dict(chosen), score
        if n == len(self.papers) or self.steps > self.limit:
            self.exhausted = self.exhausted or n < len(self.papers)
            return
        if score + self._bound(n) <= self.best_score:
            return
        for k in self.of_paper[n]:  # the starred slots first
            if self.blocked[k]:
                continue
            self._choose(k, +1)
            chosen[n] = self.slots[k][1]
            self._branch(n + 1, chosen, score + self.weight + self.liked[k])
            del chosen[n]
            self._choose(k, -1)
        self._branch(n + 1, chosen, score)

    def _choose(self, k: int, step: int) -> None:
        for other in self.clashes[k]:
            self.blocked[other] += step


def _start(slot: Item) -> datetime:
    assert slot.start is not None
    return slot.start


def _span(slot: Item) -> tuple[datetime, datetime]:
    return (end_of(slot), _start(slot))


def _why(paper: Paper, attend: dict[str, Item], buffer: timedelta) -> str:
    """Why a paper is not in the plan: no slot with a time, or what each slot clashes with."""
    timed = [o for o in paper.options if o.start is not None]
    if not timed:
        return "no slot with a time"
    parts = []
    for slot in timed:
        rivals = [o for o in attend.values() if clash(slot, o, buffer)]
        names = ", ".join(f"{o.title!r} ({o.id})" for o in rivals) or "nothing"
        parts.append(f"its {slot.kind or 'slot'} {slot.id} clashes with {names}")
    return "; ".join(parts)


def _first_start(paper: Paper) -> tuple[datetime, int, str]:
    """Papers in the order of their first slot: then a branch leaves a time line behind it
    and the bound (slots apart in time) is tight."""
    starts = [o.start for o in paper.options if o.start is not None]
    return (min(starts), len(starts), paper.key)
