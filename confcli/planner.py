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

Key = tuple[int, frozenset[int]]
EXACT_PAPERS = 40  # up to this many papers the plan is searched to the end
EXACT_STEPS = 5_000_000  # a backstop even so: no command runs for ever
BOUNDED_STEPS = 200_000  # beyond EXACT_PAPERS: the best plan found in this many steps
DEEPEST = 300  # a larger group of clashing papers is planned greedily (Python's recursion)


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
        if len(self.papers) > DEEPEST:
            self.exhausted = True
            return _greedy(self.papers, self.buffer)
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
        self.reach = [max((self.slots[c][0] for c in cs), default=-1) for cs in self.clashes]
        self.blocked = [0] * len(self.slots)
        self.chosen: list[int] = []
        self.exact: dict[Key, tuple[int, int | None]] = {}  # state -> best, and its choice
        self.upper: dict[Key, int] = {}  # state -> a bound on its best
        self.found: tuple[int, list[int]] = (-1, [])  # the best whole plan seen (budget)
        earlier, self.exhausted = self.exhausted, False
        self._best_from(0, 0, 0)
        cut_short, self.exhausted = self.exhausted, earlier or self.exhausted
        if not cut_short:
            return self._plan_of(self._walk())
        found, greedy = self._plan_of(self.found[1]), _greedy(self.papers, self.buffer)
        return found if len(found) >= len(greedy) else greedy

    def _plan_of(self, chosen: list[int]) -> dict[str, Item]:
        return {self.papers[self.slots[k][0]].key: self.slots[k][1] for k in chosen}

    def _key(self, n: int) -> Key:
        """What the papers from n on depend on: the chosen slots that clash with any."""
        return (n, frozenset(k for k in self.chosen if self.reach[k] >= n))

    def _best_from(self, n: int, need: int, score: int) -> int:
        """The best score the papers from n on add, when it is at least ``need``; else a
        bound below ``need`` (fail-soft branch and bound, with the states seen kept)."""
        if n == len(self.papers):
            if score > self.found[0]:
                self.found = (score, list(self.chosen))
            return 0
        key = self._key(n)
        if key in self.exact:
            return self.exact[key][0]
        if self.upper.get(key, need) < need:
            return self.upper[key]
        self.steps += 1
        bound = self._bound(n)
        if bound < need or self.steps > self.limit:
            self.exhausted = self.exhausted or bound >= need
            return bound
        best, choice = self._choices(n, need, score)
        if best >= need:
            self.exact[key] = (best, choice)
        else:
            self.upper[key] = best
        return best

    def _choices(self, n: int, need: int, score: int) -> tuple[int, int | None]:
        best, choice = -1, None
        for k in self.of_paper[n]:  # the starred slots first
            if self.blocked[k]:
                continue
            gain = self.weight + self.liked[k]
            self._choose(k, +1)
            value = gain + self._best_from(n + 1, max(need, best + 1) - gain, score + gain)
            self._choose(k, -1)
            if value > best:
                best, choice = value, k
        value = self._best_from(n + 1, max(need, best + 1), score)
        if value > best:
            best, choice = value, None
        return best, choice

    def _walk(self) -> list[int]:
        """The plan the search settled on, from the choices kept for each state."""
        self.chosen = []
        for n in range(len(self.papers)):
            choice = self.exact[self._key(n)][1]
            if choice is not None:
                self.chosen.append(choice)
        return self.chosen

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

    def _choose(self, k: int, step: int) -> None:
        for other in self.clashes[k]:
            self.blocked[other] += step
        if step > 0:
            self.chosen.append(k)
        else:
            self.chosen.pop()


def _greedy(papers: list[Paper], buffer: timedelta) -> dict[str, Item]:
    """Earliest-ending slots first, one per paper, each that fits."""
    slots = sorted(
        ((o, p.key) for p in papers for o in p.options if o.start), key=lambda s: _span(s[0])
    )
    chosen: dict[str, Item] = {}
    for option, key in slots:
        if key not in chosen and not any(clash(option, c, buffer) for c in chosen.values()):
            chosen[key] = option
    return chosen


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
