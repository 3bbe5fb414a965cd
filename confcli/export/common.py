"""What every export format shares: the selection, the options, and a few helpers.

Writers are pure: they take a :class:`Selection` and :class:`ExportOptions` and yield
the document as pieces of text, in order. They never print, never read the environment
and never exit. A selection's items may be rows read from the library as they are
iterated (confcli.store.streams): a writer keeps what it needs of them, never all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

from confcli.errors import UsageError
from confcli.model import Item, Session
from confcli.render.timefmt import in_zone
from confcli.urls import web_links, web_url

# Where a document needs a moment and the data gives none (an empty export without
# SOURCE_DATE_EPOCH): the Unix epoch, so the bytes still never depend on the clock.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# C0 and C1 controls and DEL, but not the newline: text that a calendar or a note shows
# has no use for them, and ANSI escapes in them would act when the file is `cat`.
# Bidi overrides and isolates too: they reorder what a reader sees ('\u202e' shows 'exe.txt'
# as 'txt.exe'). The marks (LRM, RLM) are part of right-to-left text: kept.
CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
KIND_LABELS = {"qa": "Q&A"}  # slugs that do not capitalise back into their word


@dataclass(frozen=True)
class ExportOptions:
    """How to write the document (what to write is the :class:`Selection`)."""

    fields: tuple[str, ...] | None = None  # csv/json/jsonl columns; None: all, in order
    nested: bool = False  # json/jsonl: sessions holding their items
    formula_guard: bool = True  # csv: neutralise cells a spreadsheet would run
    sessions: bool = False  # ics: an event per session as well
    zone: tzinfo | None = None  # display zone; None keeps each item's own
    source_date: datetime | None = None  # SOURCE_DATE_EPOCH, for reproducible stamps
    bom: bool = False  # csv: a UTF-8 byte-order mark first (Excel reads UTF-8 then)
    remind: int | None = None  # ics: an alarm this many minutes before each event
    notes: Mapping[str, str] = field(default_factory=dict)  # ics: the user's notes, by item id
    sequences: Mapping[str, int] | None = None  # ics: SEQUENCE by item id (picks' exports)


class Items(Protocol):
    """Items that can be read more than once, in programme order."""

    def __iter__(self) -> Iterator[Item]: ...

    def __len__(self) -> int: ...

    def timed(self) -> Items:
        """Only the items with a start."""
        ...


class Sessions(Protocol):
    """Sessions that can be read more than once, each holding only its selected items."""

    def __iter__(self) -> Iterator[Session]: ...

    def heads(self) -> dict[str, Session]:
        """The sessions by id, without the need to read their items (for headings)."""
        ...


class ListedItems(list[Item]):
    """Items in memory (a list) as :class:`Items`."""

    def timed(self) -> ListedItems:
        return ListedItems(item for item in self if item.start is not None)


class ListedSessions(list[Session]):
    def heads(self) -> dict[str, Session]:
        return {session.id: session for session in self}


@dataclass(frozen=True)
class Selection:
    """The filtered items in programme order, and their sessions in order of first
    appearance, each session holding only its selected items. Lists are taken as they are
    (tests, picks); an export of the library passes rows read as they are needed."""

    items: Items
    sessions: Sessions

    def __post_init__(self) -> None:
        if not hasattr(self.items, "timed"):  # a plain list
            object.__setattr__(self, "items", ListedItems(self.items))
        if not hasattr(self.sessions, "heads"):
            object.__setattr__(self, "sessions", ListedSessions(self.sessions))


@dataclass(frozen=True)
class _WebItems:
    source: Items

    def __iter__(self) -> Iterator[Item]:
        return map(_web_item, self.source)

    def __len__(self) -> int:
        return len(self.source)

    def timed(self) -> Items:
        return _WebItems(self.source.timed())


@dataclass(frozen=True)
class _WebSessions:
    source: Sessions

    def __iter__(self) -> Iterator[Session]:
        for session in self.source:
            items = tuple(map(_web_item, session.items))
            yield replace(session, url=web_url(session.url), items=items)

    def heads(self) -> dict[str, Session]:
        heads = self.source.heads().items()
        return {key: replace(session, url=web_url(session.url)) for key, session in heads}


def without_controls(text: str | None, *, newlines: bool = True) -> str:
    """The text with control characters removed (tabs become spaces); newlines are kept
    unless ``newlines`` is False, when every line break becomes a space."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac and Windows line ends
    cleaned = CONTROLS.sub(lambda match: " " if match[0] == "\t" else "", text)
    return cleaned if newlines else " ".join(cleaned.split("\n"))


def web_links_only(selection: Selection) -> Selection:
    """The selection with only the links confcli's one URL policy keeps (confcli.urls):
    a library written before it, or by hand, may hold a ``javascript:`` URL, and no
    calendar or note gets one. Lazy: each item is checked as it is read."""
    return Selection(_WebItems(selection.items), _WebSessions(selection.sessions))


def _web_item(item: Item) -> Item:
    url, links = web_url(item.url), web_links(item.links)
    return item if (url, links) == (item.url, item.links) else replace(item, url=url, links=links)


def kind_label(kind: str) -> str:
    """'oral' -> 'Oral', 'spotlight-poster' -> 'Spotlight poster', 'qa' -> 'Q&A'."""
    return KIND_LABELS.get(kind) or kind.replace("-", " ").capitalize()


def local_date(item: Item, zone: tzinfo | None) -> date | None:
    return None if item.start is None else in_zone(item.start, zone).date()


def iana_name(zone: tzinfo | None) -> str | None:
    """The IANA name of a zone ('Europe/Berlin'); None for fixed offsets like 'PDT'."""
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) and "/" in key else None


def programme_name(items: Iterable[Item]) -> str:
    """'ICLR 2021', 'ICLR 2021 · ICML 2022': the conferences of the items, in order."""
    return programme_title(programme_of(item) for item in items)


def programme_of(item: Item) -> str:
    """'ICLR 2021' for one item ('' when it names neither)."""
    return " ".join(str(part) for part in (item.conference, item.year) if part)


def programme_title(names: Iterable[str]) -> str:
    """The programme's name from its items' ``programme_of``, each once, in order."""
    return " · ".join(dict.fromkeys(name for name in names if name)) or "Conference programme"


def stamp(options: ExportOptions, times: Iterable[datetime]) -> datetime:
    """The moment a document says it was made, never the clock: SOURCE_DATE_EPOCH when
    set, else the earliest time in the document (else the epoch), all in UTC."""
    if options.source_date is not None:
        return options.source_date.astimezone(UTC)
    return min((moment.astimezone(UTC) for moment in times), default=EPOCH)


def timed(items: Iterable[Item]) -> list[Item]:
    return [item for item in items if item.start is not None]


def start_of(entry: Item | Session) -> datetime:
    """The start of an entry known to be timed (one that ``timed`` kept)."""
    assert entry.start is not None
    return entry.start


def source_date_epoch(value: str | None) -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since the epoch, or unset."""
    if value is None or not value.strip():
        return None
    try:
        return datetime.fromtimestamp(int(value.strip()), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, not {value!r}") from None
