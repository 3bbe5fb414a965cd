"""What the commands answer: one typed result per output shape. ``confcli.render.output.emit``
shows a result to people (a table, or plain text) or as JSON (``confcli.render.jsonout``),
chosen by the result's type; a new command adds its result here and its two renderers there.

What only one side needs and costs queries (whole sessions for the JSON of ``list``, the
sessions that head the tables of items) is a function, called only by the side that
shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from confcli.model import Item, Session

ID_LENGTH = 12  # an item id's length: tables show a shorter prefix, unique in the library

if TYPE_CHECKING:  # only names for the annotations: a result imports nothing heavy
    from confcli.agenda import NowNext
    from confcli.app import FilteredOut, SearchHit
    from confcli.picks_app import Agenda
    from confcli.readers.reading import ParseReport
    from confcli.stats import SessionStats
    from confcli.store import SessionSummary
    from confcli.store.changes import Change
    from confcli.store.maintenance import Health


@dataclass(frozen=True)
class SessionList:
    """`list` without item filters: the sessions, as summaries; the JSON loads each session
    whole, with its items (``load``: a session by id)."""

    summaries: list[SessionSummary]
    zone: tzinfo | None
    load: Callable[[str], Session]


@dataclass(frozen=True)
class ItemList:
    """`list` with item filters: the items in programme order; for the tables, the same
    items under their sessions (the starred marked)."""

    items: list[Item]
    zone: tzinfo | None
    sessions: Callable[[], list[Session]]
    id_length: Callable[[], int] = lambda: ID_LENGTH  # the shortest unique id prefix
    moment: datetime | None = None  # --at/--now: the tables mark the slot on and the next
    decision: bool = False  # --decision: the tables show a Decision column
    starred: frozenset[str] = frozenset()  # the ids the user starred (★)
    # The ids the last refresh changed (Δ), asked only by the tables.
    changed: Callable[[], frozenset[str]] = lambda: frozenset()


@dataclass(frozen=True)
class SearchResults:
    """`search`: the hits, best first, for the query as typed."""

    hits: list[SearchHit]
    zone: tzinfo | None
    query: str
    id_length: Callable[[], int] = lambda: ID_LENGTH  # the shortest unique id prefix
    filtered_out: FilteredOut | None = None  # when the words matched and filters removed all

    def none_found(self) -> str:
        """Why there is nothing to show: the words, or the filters."""
        removed = self.filtered_out
        if removed is None:
            return f"no matches for {self.query!r}"
        matches = f"{removed.matches} match{'es' if removed.matches != 1 else ''}"
        return f"{matches} for {self.query!r}, none with {removed.culprits}"

    starred: frozenset[str] = frozenset()  # the ids the user starred (★)


@dataclass(frozen=True)
class ItemDetail:
    """`show`: one item, its session, and the same paper's other slots."""

    item: Item
    session: Callable[[], Session]
    others: list[Item]
    zone: tzinfo | None
    time_set_by_hand: bool = False  # `library set-time` gave its session its time


@dataclass(frozen=True)
class StatsResult:
    """`stats`: per session, items by kind, awards, time span and what is missing."""

    sessions: list[SessionStats]
    zone: tzinfo | None


@dataclass(frozen=True)
class ParseResult:
    """`parse`: a row per page read (failures and warnings go to stderr as messages)."""

    report: ParseReport


@dataclass(frozen=True)
class LibraryHealth:
    """`library check`: what the check found."""

    health: Health


@dataclass(frozen=True)
class LibraryPath:
    """`library path`: the library file the commands use."""

    path: Path


@dataclass(frozen=True)
class AgendaResult:
    """`agenda`: the picks day by day, clashes, alternatives and gaps; with --plan, the plan."""

    agenda: Agenda
    zone: tzinfo | None


@dataclass(frozen=True)
class NowResult:
    """`agenda --now/--at`: where to be at a moment, and what is next."""

    now: NowNext
    zone: tzinfo | None
    notes: dict[str, str]


@dataclass(frozen=True)
class ChangesResult:
    """`changes`: what refreshes changed, in the order recorded."""

    changes: list[Change]
    zone: tzinfo | None


Result = (
    SessionList
    | ItemList
    | SearchResults
    | ItemDetail
    | StatsResult
    | ParseResult
    | LibraryHealth
    | LibraryPath
    | AgendaResult
    | NowResult
    | ChangesResult
)
