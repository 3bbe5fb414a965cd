"""Items put in the order of their groups as they stream past, holding back only what must
wait: md's sessions under their days and frab's rooms under theirs are written group by
group, while the library gives items in programme order (parallel sessions interleave).

A first pass counts each group's items (:class:`Groups`); the second (:func:`in_groups`)
passes an item on at once when its group is being written, and keeps it until its group's
turn otherwise. Groups that are already contiguous (almost all of them) wait for nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Generic, TypeVar

from confcli.model import Item

Key = TypeVar("Key", bound=Hashable)


class Groups(Generic[Key]):
    """Group keys in order of first appearance, with how many items each holds."""

    def __init__(self) -> None:
        self.counts: dict[Key, int] = {}

    def add(self, key: Key) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def ordered(self, rank: Callable[[Key], object]) -> list[Key]:
        """The keys by ``rank`` (ties in order of first appearance)."""
        return sorted(self.counts, key=rank)  # type: ignore[arg-type]  # rank is comparable


def in_groups(
    items: Iterable[Item], key: Callable[[Item], Key], order: list[Key], counts: dict[Key, int]
) -> Iterator[tuple[Key, Item]]:
    """(group, item) with the groups in ``order``, each group's items in their own order.
    An item of a group not yet counted by the first pass (the library changed between
    the passes) is written at the end rather than lost."""
    left = dict(counts)
    waiting: dict[Key, list[Item]] = {}
    position = 0
    for item in items:
        group = key(item)
        left[group] = left.get(group, 0) - 1
        if position < len(order) and group == order[position]:
            yield group, item
        else:
            waiting.setdefault(group, []).append(item)
        while position < len(order) and left[order[position]] <= 0:
            position += 1
            if position < len(order):
                yield from ((order[position], held) for held in waiting.pop(order[position], ()))
    for group in [*order[position:], *waiting]:
        yield from ((group, held) for held in waiting.pop(group, ()))
