"""Pages of one run that hold the same session (the same durable id: conference, year,
title and kind) but not the same items. The library keeps one copy of a session, the last
read, so the items only the earlier page held are lost: this names both files, and the
run ends partial (exit 5), instead of storing the last one silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from confcli.model import Session


class _Page(Protocol):
    @property
    def session(self) -> Session: ...

    @property
    def partial(self) -> bool: ...


class _Entry(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def page(self) -> _Page: ...


@dataclass(frozen=True, slots=True)
class Shadowed:
    """A page whose session a later page of the run replaced, losing some of its items."""

    source: str  # the earlier page
    kept: str  # the page whose copy is stored
    title: str
    lost: int  # items only the earlier page held


def shadowed_pages(entries: Sequence[_Entry]) -> list[Shadowed]:
    """Each earlier page that loses items to a later page of the same session; partial
    pages (an items array read back) join their session and replace nothing."""
    current: dict[str, tuple[str, set[str]]] = {}  # session id → (source, item ids held)
    found = []
    for entry in entries:
        session = entry.page.session
        ids = {item.id for item in session.items}
        before = current.get(session.id)
        if entry.page.partial and before is not None:
            current[session.id] = (before[0], before[1] | ids)
            continue
        if before is not None and before[0] != entry.source and before[1] - ids:
            found.append(Shadowed(before[0], entry.source, session.title, len(before[1] - ids)))
        current[session.id] = (entry.source, ids)
    return found
