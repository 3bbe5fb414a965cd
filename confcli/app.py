"""What the commands do, as functions returning typed results; the CLI only renders them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from confcli import fuzzy, marks
from confcli import query as query_language
from confcli.errors import ConfcliError, LibraryError, NotFoundError
from confcli.filters import FilterSpec
from confcli.marks import Marked
from confcli.model import Item, Session
from confcli.nomatch import check_known_values, described, given_filters
from confcli.progress import Progress, no_progress
from confcli.stats import SessionStats
from confcli.store import Found, Library, SessionSummary
from confcli.store.conditions import Condition, FilterContext, asked_moment, build
from confcli.store.streams import Chosen

if TYPE_CHECKING:  # the reading wing loads only when pages are read: queries never need it
    from confcli.readers.reading import ParseReport, ReadOptions
    from confcli.readers.sources import PageInput


@dataclass
class Opened:
    """The library a command reads, and what the user should hear about its origin."""

    library: Library
    notice: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """A search result, and why it matched."""

    item: Item
    score: float  # bm25 relevance: higher is better
    matched: tuple[str, ...] = ()  # the fields it matched in: title, authors, session, abstract
    title: Marked | None = None  # the title, with where it matched
    authors: tuple[Marked, ...] = ()  # each author, with where their name matched
    snippet: Marked | None = None  # the abstract around the match, when it matched there
    correction: fuzzy.Correction | None = None  # the query corrected for typos it answers

    @property
    def approximate(self) -> bool:
        return self.correction is not None


def parse_into(
    library: Library,
    paths: list[str],
    options: ReadOptions,
    progress: Progress = no_progress,
    *,
    skip_unchanged: bool = False,
) -> ParseReport:
    """Reads the pages and stores the good ones in one transaction, with each source's
    digest; a page read from another file than a stored session it copies takes that
    session's identity. ``skip_unchanged``: an input read from what the library stored
    from it is not read again (parse without --force)."""
    from confcli.readers.identity import settle_identities
    from confcli.readers.reading import read_pages

    stored = library.stored_digests() if skip_unchanged else None
    report = read_pages(paths, options, progress, stored)
    upgrades = settle_identities(library, [entry.page for entry in report.pages], options)
    if report.pages:
        pages = [entry.page for entry in report.pages]
        report.stored = library.store(pages, progress, upgrades, digests=report.digests)
    return report


def bundled_samples() -> list[PageInput]:
    from importlib import resources

    from confcli.readers.sources import PageInput

    folder = resources.files("confcli.samples")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )
    return [PageInput(entry.name, entry.read_text(encoding="utf-8")) for entry in files]


def sample_library() -> Library:
    from confcli.readers.reading import ReadOptions, read_one

    library = Library(":memory:")
    library.store(read_one(page, ReadOptions()).session for page in bundled_samples())
    return library


def open_library(
    library_path: Path, from_paths: list[str] | None, options: ReadOptions | None = None
) -> Opened:
    """``--from`` pages in memory; else the library; else (empty) the bundled samples."""
    library: Library | None
    if from_paths:
        from confcli.readers.reading import ReadOptions

        library = Library(":memory:")
        report = parse_into(library, from_paths, options or ReadOptions())
        if report.failures:
            first = report.failures[0]
            raise type(first.error)(first.error.message, source=first.source)
        return Opened(library)
    try:
        library = Library(library_path, create=False)
    except LibraryError:
        if _may_exist(library_path):
            raise
        library = None
    if library is None or library.is_empty():
        notice = (
            f"the library ({library_path}) is empty: showing the bundled samples; "
            "add pages with `confcli parse PAGE...`"
        )
        return Opened(sample_library(), notice)
    return Opened(library)


def _may_exist(path: Path) -> bool:
    """Whether a file is there, or may be (its folder refuses to say)."""
    try:
        return Path(path).exists()
    except OSError:
        return True


def find_sessions(library: Library, name: str) -> list[Session]:
    """Sessions by title (case-insensitive; exact titles first, else a unique prefix) or id."""
    summaries = library.sessions()
    wanted = name.casefold().strip()
    for matches in (
        [s.session for s in summaries if s.session.id == name],
        [s.session for s in summaries if s.session.title.casefold() == wanted],
        [s.session for s in summaries if s.session.title.casefold().startswith(wanted)],
    ):
        if len(matches) == 1 or (matches and matches[0].title.casefold() == wanted):
            return [library.session(session.id) for session in matches]
        if matches:
            raise NotFoundError(f"session {name!r} is ambiguous: {_titles(matches)}")
    raise NotFoundError(_unknown_session(name, [s.session for s in summaries]))


def _titles(sessions: list[Session]) -> str:
    names = sorted({session.title for session in sessions})
    more = f", … ({len(names) - 8} more)" if len(names) > 8 else ""
    return ", ".join(repr(title) for title in names[:8]) + more


def _unknown_session(name: str, sessions: list[Session]) -> str:
    titles = sorted({session.title for session in sessions})
    close = difflib.get_close_matches(name, titles, n=5, cutoff=0.5)
    if close:
        return f"no session {name!r}; did you mean: {', '.join(map(repr, close))}?"
    return f"no session {name!r}; sessions: {_titles(sessions)}"


def filter_condition(
    library: Library, spec: FilterSpec, zone: tzinfo | None, now: datetime | None = None
) -> Condition:
    """The library's condition for a filter spec, with --session resolved against it."""
    check_known_values(library, spec)
    context = FilterContext(zone=zone, now=now)
    if spec.session is not None:
        context.session_ids = [session.id for session in find_sessions(library, spec.session)]
    if spec.day or spec.after or spec.before:
        starts = library.start_times()
        context.local_dates = sorted(
            {(t if zone is None else t.astimezone(zone)).date() for t in starts}
        )
    return build(spec, context)


def select_items(
    library: Library,
    spec: FilterSpec,
    zone: tzinfo | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> list[Item]:
    """The items the filters select, in programme order."""
    return library.items(filter_condition(library, spec, zone, now), limit)


def chosen_items(
    library: Library,
    spec: FilterSpec,
    zone: tzinfo | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> Chosen:
    """The items ``select_items`` gives, read from the library each time they are iterated
    (exports: a document of any size, in the memory of a few rows)."""
    return library.chosen(filter_condition(library, spec, zone, now), limit)


def moment_of(
    spec: FilterSpec, zone: tzinfo | None, now: datetime | None = None
) -> datetime | None:
    """The moment --at or --now asks about (None without them), for the tables to mark."""
    return asked_moment(spec, FilterContext(zone=zone, now=now))


def select_sessions(library: Library, spec: FilterSpec) -> list[SessionSummary]:
    """Sessions, narrowed by the session-level filters (conference, year)."""
    check_known_values(library, spec)
    found = library.sessions()
    if spec.conference:
        found = [
            s
            for s in found
            if (s.session.conference or "").casefold() == spec.conference.casefold()
        ]
    if spec.year:
        found = [s for s in found if s.session.year == spec.year]
    return found


def search(
    library: Library,
    text: str,
    limit: int | None = None,
    spec: FilterSpec | None = None,
    zone: tzinfo | None = None,
    now: datetime | None = None,
) -> list[SearchHit]:
    """Items matching a query in the search language (confcli.query), best first. When the
    query holds words the index does not know, they are corrected (confcli.fuzzy), and the
    corrected query's hits, if it has any, come back instead, marked approximate."""
    query = query_language.parse(text)
    condition = filter_condition(library, spec or FilterSpec(), zone, now)

    found = library.search(query, limit, condition)
    correction = fuzzy.correct_query(query, library.vocabulary())
    if correction is not None and (corrected := library.search(correction.query, limit, condition)):
        return [_hit(row, correction) for row in corrected]
    return [_hit(row) for row in found]


@dataclass(frozen=True)
class FilteredOut:
    """A search whose words matched ``matches`` items, all removed by the filters:
    ``culprits`` (as typed) are those that alone leave none, else the whole set."""

    matches: int
    culprits: str


def filtered_out(
    library: Library,
    text: str,
    spec: FilterSpec,
    zone: tzinfo | None = None,
    now: datetime | None = None,
) -> FilteredOut | None:
    """Why a search found nothing, when its filters (not its words) are why."""
    query = query_language.parse(text)
    matches = len(library.search(query))
    if not matches or not spec.item_level() and not (spec.conference or spec.year):
        return None
    alone = [
        single
        for single in given_filters(spec)
        if not library.search(query, 1, filter_condition(library, single, zone, now))
    ]
    return FilteredOut(matches, ", ".join(map(described, alone)) or described(spec))


def _hit(found: Found, correction: fuzzy.Correction | None = None) -> SearchHit:
    return SearchHit(
        found.item,
        found.score,
        matched=marks.matched_fields(found),
        title=marks.title(found),
        authors=marks.authors(found),
        snippet=marks.snippet(found),
        correction=correction,
    )


def group_by_session(library: Library, items: list[Item]) -> list[Session]:
    """Items grouped under their sessions, in the order the sessions first appear."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.session_id, []).append(item)
    return [replace(library.session(sid), items=tuple(group)) for sid, group in groups.items()]


def _completion_library() -> Library | None:
    """The user's library for shell completion; None when there is none yet."""
    from confcli.store import default_path

    try:
        return Library(default_path(), create=False)
    except ConfcliError:
        return None


def session_titles() -> list[str]:
    library = _completion_library() or sample_library()
    return sorted({summary.session.title for summary in library.sessions()})


def item_kinds() -> list[str]:
    library = _completion_library() or sample_library()
    return sorted(library.kinds())


def session_stats(
    library: Library, spec: FilterSpec, zone: tzinfo | None, now: datetime | None = None
) -> list[SessionStats]:
    """Per session, the items the filters select: by kind, awards, time span, what is missing."""
    return library.stats(filter_condition(library, spec, zone, now))


# --- one item -----------------------------------------------------------------------------

SHOWN = 5  # candidates named when an id or title is ambiguous


def find_item(library: Library, ident: str | None = None, title: str | None = None) -> Item:
    """An item by id (or a unique id prefix), or by title (or a unique part of one)."""
    if ident:
        return _the_one(library.find_items(ident=ident, limit=SHOWN + 1), f"id {ident!r}")
    wanted = (title or "").strip()
    return _the_one(library.find_items(title=wanted, limit=SHOWN + 1), f"title {wanted!r}")


def _the_one(found: list[Item], what: str) -> Item:
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"no item with {what}")
    shown = "; ".join(f"{item.id} {item.title[:40]!r}" for item in found[:SHOWN])
    raise NotFoundError(f"{what} is ambiguous: {shown}{'; …' if len(found) > SHOWN else ''}")


def other_slots(library: Library, item: Item) -> list[Item]:
    """The same paper's other slots (an oral and its poster), anywhere in the library."""
    return library.other_slots(item)
