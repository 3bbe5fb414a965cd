"""What the commands do, as functions returning typed results; the CLI only renders them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from confcli import fuzzy, marks
from confcli import query as query_language
from confcli.errors import (
    BadInputError,
    ConfcliError,
    ExitCode,
    LibraryError,
    NotFoundError,
    UsageError,
)
from confcli.filters import FilterSpec
from confcli.inputs import DEFAULT_TIMEOUT, InputFailure, PageInput, expand, is_url
from confcli.marks import Marked
from confcli.model import Item, Session
from confcli.progress import READING, Progress, no_progress
from confcli.stats import SessionStats
from confcli.store import Found, Library, SessionSummary, StoreResult
from confcli.store.conditions import Condition, FilterContext, build

if TYPE_CHECKING:  # the readers load only when pages are read: queries never need them
    from confcli.readers.build import ParsedPage


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the pages being read."""

    format: str | None = None
    conference: str | None = None
    year: int | None = None
    base_url: str | None = None
    today: date | None = None
    timeout: float = DEFAULT_TIMEOUT  # seconds to fetch one URL


@dataclass
class PageReport:
    source: str
    page: ParsedPage


@dataclass
class ParseReport:
    pages: list[PageReport] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    stored: StoreResult | None = None

    @property
    def sessions(self) -> list[Session]:
        return [report.page.session for report in self.pages]

    @property
    def exit_code(self) -> ExitCode:
        if not self.failures:
            return ExitCode.OK
        if self.pages:
            return ExitCode.PARTIAL
        return max(failure.error.exit_code for failure in self.failures)


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


def read_input(
    page: PageInput, options: ReadOptions, abstracts: dict[str, str] | None = None
) -> list[ParsedPage]:
    """The sessions in one input: one for a session page, one per session for a feed."""
    from confcli.readers import read_document
    from confcli.readers.build import PageContext, conference_from_text
    from confcli.readers.feed import file_name

    context = PageContext(
        source=page.source,
        conference=options.conference,
        year=options.year,
        name_hint=conference_from_text(file_name(page.source)),
        base_url=options.base_url or page.base_url,
        today=options.today,
        abstracts=abstracts or {},
    )
    return read_document(page.text, context, options.format)


def read_one(page: PageInput, options: ReadOptions) -> ParsedPage:
    """The one session on a session page (a feed holds several: read_input)."""
    pages = read_input(page, options)
    if len(pages) != 1:
        raise BadInputError(f"holds {len(pages)} sessions, not one", source=page.source)
    return pages[0]


def read_pages(
    paths: list[str], options: ReadOptions, progress: Progress = no_progress
) -> ParseReport:
    """Reads every page; a page that fails is reported, the others still count. Abstracts
    files are read first, whatever their place, for the feeds they go with."""
    from confcli.sidecars import Sidecars

    _check(options)
    report = ParseReport()
    entries = list(expand(paths))
    sources = [entry for entry in entries if not isinstance(entry, InputFailure)]
    sidecars = Sidecars.gather(sources, options.timeout)
    for done, source in enumerate(entries):
        progress(READING, done, len(entries))
        if isinstance(source, InputFailure):
            report.failures.append(source)  # in the order the user gave the inputs
            continue
        if source in sidecars.sources:
            continue
        try:
            page = sidecars.read(source, options.timeout)
            pages = read_input(page, options, sidecars.for_source(source))
        except ConfcliError as error:
            report.failures.append(InputFailure(source, error))
            continue
        report.pages.extend(PageReport(source, page) for page in pages)
    progress(READING, len(entries), len(entries))
    report.failures += sidecars.failures + sidecars.unused({p.page.shape for p in report.pages})
    return report


def _check(options: ReadOptions) -> None:
    """Options that would fail every page are a usage error before any reading."""
    from confcli.readers import reader_names

    reader_names(options.format)
    if options.base_url is not None and not is_url(options.base_url):
        raise UsageError(f"--base-url must be an http(s) URL, not {options.base_url!r}")


def parse_into(
    library: Library, paths: list[str], options: ReadOptions, progress: Progress = no_progress
) -> ParseReport:
    """Reads the pages and stores the good ones in one transaction."""
    report = read_pages(paths, options, progress)
    if report.pages:
        report.stored = library.store([entry.page for entry in report.pages], progress)
    return report


def bundled_samples() -> list[PageInput]:
    from importlib import resources

    folder = resources.files("confcli.samples")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )
    return [PageInput(entry.name, entry.read_text(encoding="utf-8")) for entry in files]


def sample_library() -> Library:
    library = Library(":memory:")
    library.store(read_one(page, ReadOptions()).session for page in bundled_samples())
    return library


def open_library(
    library_path: Path, from_paths: list[str] | None, options: ReadOptions = ReadOptions()
) -> Opened:
    """``--from`` pages in memory; else the library; else (empty) the bundled samples."""
    if from_paths:
        library = Library(":memory:")
        report = parse_into(library, from_paths, options)
        if report.failures:
            first = report.failures[0]
            raise type(first.error)(first.error.message, source=first.source)
        return Opened(library)
    try:
        library = Library(library_path, create=False)
    except LibraryError:
        if Path(library_path).exists():
            raise
        library = None
    if library is None or library.is_empty():
        notice = (
            f"the library ({library_path}) is empty: showing the bundled samples; "
            "add pages with `confcli parse PAGE...`"
        )
        return Opened(sample_library(), notice)
    return Opened(library)


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


def select_sessions(library: Library, spec: FilterSpec) -> list[SessionSummary]:
    """Sessions, narrowed by the session-level filters (conference, year)."""
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
) -> list[SearchHit]:
    """Items matching a query in the search language (confcli.query), best first. When the
    query holds words the index does not know, they are corrected (confcli.fuzzy), and the
    corrected query's hits, if it has any, come back instead, marked approximate."""
    query = query_language.parse(text)
    condition = filter_condition(library, spec or FilterSpec(), zone)

    found = library.search(query, limit, condition)
    correction = fuzzy.correct_query(query, library.vocabulary())
    if correction is not None and (corrected := library.search(correction.query, limit, condition)):
        return [_hit(row, correction) for row in corrected]
    return [_hit(row) for row in found]


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


def session_stats(library: Library, spec: FilterSpec, zone: tzinfo | None) -> list[SessionStats]:
    """Per session, the items the filters select: by kind, awards, time span, what is missing."""
    return library.stats(filter_condition(library, spec, zone))


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
