"""Reading inputs into pages: each source expanded, fetched or opened, decoded and read by
the registry's readers; a page that fails is reported and the others still count."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from confcli import __version__
from confcli.conferences import conference_from_text
from confcli.errors import BadInputError, ConfcliError, ExitCode, NotAPageError, UsageError
from confcli.limits import DEFAULT_TIMEOUT
from confcli.model import Session
from confcli.progress import READING, Progress, no_progress
from confcli.readers import parallel
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.feed import file_name
from confcli.readers.registry import read_document, reader_names
from confcli.readers.sidecars import Sidecars
from confcli.readers.sources import (
    InputFailure,
    PageInput,
    Skipped,
    bytes_digest,
    expand,
    is_url,
)

if TYPE_CHECKING:
    from confcli.store import StoreResult
    from confcli.store.changes import StoredDigest


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the pages being read."""

    format: str | None = None
    conference: str | None = None
    year: int | None = None
    base_url: str | None = None
    today: date | None = None
    timeout: float = DEFAULT_TIMEOUT  # seconds to fetch one URL
    page_zone: str | None = None  # --page-tz: the zone of times a page states none for


@dataclass
class PageReport:
    source: str
    page: ParsedPage
    digest: str | None = None  # what the page was read from (see read_digest)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An input not read again: what it is read from is what the library stored."""

    source: str
    stored_at: datetime | None


@dataclass
class ParseReport:
    pages: list[PageReport] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    # Files under a directory not read as pages, each with why (never a failure).
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    stored: StoreResult | None = None

    @property
    def digests(self) -> dict[str, str]:
        """Each source read, by source_key, with its digest (standard input has none)."""
        return {source_key(r.source): r.digest for r in self.pages if r.digest is not None}

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


def read_input(
    page: PageInput, options: ReadOptions, abstracts: dict[str, str] | None = None
) -> list[ParsedPage]:
    """The sessions in one input: one for a session page, one per session for a feed."""
    context = PageContext(
        source=page.source,
        conference=options.conference,
        year=options.year,
        name_hint=conference_from_text(file_name(page.source)),
        base_url=options.base_url or page.base_url,
        today=options.today,
        abstracts=abstracts or {},
        page_zone=options.page_zone,
    )
    pages = read_document(page.text, context, options.format)
    assumed = [note for note in dict.fromkeys(context.zone_assumptions) if note]
    pages[0].warnings[:0] = [note for note in assumed if note not in pages[0].warnings]
    return pages


def read_one(page: PageInput, options: ReadOptions) -> ParsedPage:
    """The one session on a session page (a feed holds several: read_input)."""
    pages = read_input(page, options)
    if len(pages) != 1:
        raise BadInputError(f"holds {len(pages)} sessions, not one", source=page.source)
    return pages[0]


def read_pages(
    paths: list[str],
    options: ReadOptions,
    progress: Progress = no_progress,
    stored: Mapping[str, StoredDigest] | None = None,
) -> ParseReport:
    """Reads every page; a page that fails is reported, the others still count. Abstracts
    files are read first, whatever their place, for the feeds they go with. Many files
    are read on every core (confcli.readers.parallel), their pages kept in order.
    ``stored``: the digests the library holds, by source_key: an input read from the same
    is not read again (None: every input is read)."""
    _check(options)
    report = ParseReport()
    entries = list(expand(paths))
    sources = [entry for entry in entries if isinstance(entry, str)]
    sidecars = Sidecars.gather(sources, options.timeout)
    pages = [source for source in sources if source not in sidecars.sources]
    read = parallel.outcomes(
        pages, read_source_pages, (sidecars, options, stored), parallel.worker_count(pages)
    )
    folders = [os.path.realpath(path) for path in paths if os.path.isdir(path)]
    for done, source in enumerate(entries):
        progress(READING, done, len(entries))
        if isinstance(source, Skipped):
            report.skipped.append(source)
        elif isinstance(source, InputFailure):
            report.failures.append(source)  # in the order the user gave the inputs
        elif source not in sidecars.sources:
            outcome = next(read)
            if isinstance(outcome, InputFailure) and _guessed_wrong(outcome, folders):
                report.skipped.append(Skipped(source, NO_READER))
            elif isinstance(outcome, InputFailure):
                report.failures.append(outcome)
            elif isinstance(outcome, Unchanged):
                report.unchanged.append(outcome)
            else:
                found, digest = outcome
                report.pages.extend(PageReport(source, page, digest) for page in found)
    progress(READING, len(entries), len(entries))
    report.failures += sidecars.failures
    if not report.unchanged:  # an unchanged feed's sidecar was used when it was stored
        report.failures += sidecars.unused({p.page.shape for p in report.pages})
    return report


# A file in a folder looked like a page by its start, and no reader took it.
NO_READER = "not a page (its start looked like one, but no reader takes it)"


def _guessed_wrong(failure: InputFailure, folders: list[str]) -> bool:
    """A file picked in a named folder by its start (not named itself) that no reader
    takes: the guess was wrong, so it is skipped like any other file that is not a page."""
    if not isinstance(failure.error, NotAPageError) or not folders:
        return False
    where = os.path.realpath(failure.source)
    return any(where.startswith(folder + os.sep) for folder in folders)


def source_key(source: str) -> str:
    """The one name a source's digest is kept under: a file's real path (so 'a.html',
    './a.html' and a link to it are one source), a URL as given."""
    if source == "-" or is_url(source):
        return source
    # A name's bytes that are not UTF-8 (surrogates here) cannot go to SQLite as they are.
    return os.fsencode(os.path.realpath(source)).decode("utf-8", "backslashreplace")


def read_digest(page: PageInput, abstracts: dict[str, str], options: ReadOptions) -> str | None:
    """The digest of what a page's sessions are read from: its bytes, the sidecar text read
    with it, the options that change what is read and confcli's version (a change in any
    of them reads it again). None for standard input: never skipped."""
    if page.digest is None or page.source == "-":
        return None
    read_with: list[object] = [__version__, options.format, options.conference, options.year]
    read_with += [options.base_url, options.page_zone, sorted(abstracts.items())]
    return bytes_digest(f"{page.digest}\0{json.dumps(read_with)}".encode())


def _same(
    source: str, digest: str | None, stored: Mapping[str, StoredDigest] | None
) -> Unchanged | None:
    found = None if stored is None or digest is None else stored.get(source_key(source))
    return Unchanged(source, found.stored_at) if found and found.digest == digest else None


def read_source_pages(
    source: str,
    sidecars: Sidecars,
    options: ReadOptions,
    stored: Mapping[str, StoredDigest] | None,
) -> tuple[list[ParsedPage], str | None] | Unchanged | InputFailure:
    """The pages of one source and its digest, the same digest as stored (not read again),
    or why it could not be read (in a worker, too)."""
    try:
        page = sidecars.read(source, options.timeout)
        abstracts = sidecars.for_source(source)
        digest = read_digest(page, abstracts, options)
        if (same := _same(source, digest, stored)) is not None:
            return same
        return read_input(page, options, abstracts), digest
    except ConfcliError as error:
        return InputFailure(source, error)
    except Exception as error:  # noqa: BLE001 - a bug on one input costs only that input
        return InputFailure(source, _unexpected(error, source))


def _unexpected(error: Exception, source: str) -> ConfcliError:
    """An error no reader expected (a bug): that input's one line, the others still read.
    With --debug its traceback is shown (the cause of the error returned)."""
    message = f"internal error: {type(error).__name__}: {error} (run with --debug and report it)"
    failure = ConfcliError(message, source=source)
    failure.__cause__ = error
    return failure


def _check(options: ReadOptions) -> None:
    """Options that would fail every page are a usage error before any reading."""
    reader_names(options.format)
    if options.base_url is not None and not is_url(options.base_url):
        raise UsageError(f"--base-url must be an http(s) URL, not {options.base_url!r}")
    if options.page_zone is not None:
        _check_zone(options.page_zone)


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--page-tz: unknown time zone {name!r} (an IANA name)") from None
