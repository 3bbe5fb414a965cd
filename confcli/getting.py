"""`confcli get`: a whole conference from its site's static files, kept fresh.

The sites publish each conference as a main file and an optional sidecar, under one of the
LAYOUTS (tried in order; which years publish which is not fully known). Each file is
fetched once, conditionally on the cached copy (a 304 moves no body), one after another.
Nothing reaches the library until every file is in hand and read: the new copy then
replaces the conference's sessions in one transaction, and the store records what changed.
Offline, the cached copy stands in (with a warning); a server error leaves everything as
it was; a feed that lost most of its items is refused unless forced (a cut feed is likelier
than a conference losing most of its papers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from confcli.clock import Clock, system_clock
from confcli.conferences import CONFERENCE_SITES, conference_name
from confcli.errors import BadInputError, NotFoundError, UsageError
from confcli.limits import DEFAULT_TIMEOUT, MAX_PAGE_BYTES
from confcli.progress import Progress, no_progress
from confcli.readers.cache import Cache, CachedFile, Gotten, fetched_at
from confcli.readers.reading import ParseReport, ReadOptions, read_pages
from confcli.readers.sources import Fetched, Unreachable, fetch, is_url
from confcli.store import Library, StoreResult

FETCHING = "fetching"  # files fetched, of all files (a Progress stage)
DATA = "/static/virtual/data/"
FIRST_YEAR = 2020  # the virtual sites' first year: earlier programmes have no such files
SHRINK = 0.1  # a refresh keeping this share of the items or less is refused unforced

FETCHED, UNCHANGED, MISSING, OFFLINE = "fetched", "unchanged", "missing", "offline"


@dataclass(frozen=True)
class Layout:
    """A way a site publishes a conference: the main file and its optional sidecar."""

    name: str
    main: str
    sidecar: str

    def urls(self, site: str, slug: str, year: int) -> tuple[str, str]:
        return tuple(  # type: ignore[return-value]
            site.rstrip("/") + DATA + name.format(conf=slug, year=year)
            for name in (self.main, self.sidecar)
        )


LAYOUTS = (
    Layout("feed", "{conf}-{year}-orals-posters.json", "{conf}-{year}-abstracts.json"),
    Layout("2020 platform", "{conf}_papers.json", "{conf}_calendar.json"),
)


@dataclass(frozen=True)
class GetRequest:
    conference: str
    year: int
    site: str | None = None  # --site: another host than the conference table's
    force: bool = False  # fetch whole, parse again, and accept a feed that shrank
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: fetched (``size`` bytes), unchanged (304), missing (an
    optional file the site does not publish) or offline (the cached copy used)."""

    url: str
    state: str
    optional: bool = False
    size: int = 0
    cached_at: str | None = None  # offline: when the copy used was fetched


@dataclass
class GetReport:
    conference: str
    year: int
    site: str
    layout: str = ""
    files: list[FileOutcome] = field(default_factory=list)
    unchanged: bool = False  # the bytes are those stored last: nothing parsed
    stored: StoreResult | None = None
    parse: ParseReport | None = None

    @property
    def offline(self) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.state == OFFLINE]


@dataclass
class _File:
    """One file of a get in hand: where it is cached, and its fresh answer (if any)."""

    url: str
    path: Path
    fetched: Fetched | None = None


# --- which site ---------------------------------------------------------------------------


def resolve(request: GetRequest, today: date) -> tuple[str, str]:
    """(the conference's name, its site) for a request; a conference or year the table does
    not know, without --site, is a one-line usage error saying what it knows."""
    name = conference_name(request.conference)
    if request.site is not None:
        if not is_url(request.site):
            raise UsageError(f"--site must be an http(s) URL, not {request.site!r}")
        return name, request.site
    site = CONFERENCE_SITES.get(name)
    last = today.year + 1
    if site is None or not FIRST_YEAR <= request.year <= last:
        known = ", ".join(sorted(CONFERENCE_SITES, key=str.lower))
        what = f"conference {request.conference!r}" if site is None else f"year {request.year}"
        raise UsageError(
            f"unknown {what}: confcli knows the sites of {known} for {FIRST_YEAR}-{last}; "
            "for another, pass --site URL (e.g. --site https://iclr.cc)"
        )
    return name, site


def slug_of(name: str) -> str:
    """The conference as the sites write it in file names ('NeurIPS' -> 'neurips')."""
    return name.lower()


# --- fetching -------------------------------------------------------------------------------


def get_conference(
    library: Library,
    request: GetRequest,
    cache: Cache,
    progress: Progress = no_progress,
    clock: Clock = system_clock,
) -> GetReport:
    """Fetches a conference's files (conditionally), and stores them if they changed."""
    name, site = resolve(request, clock().date())
    report = GetReport(name, request.year, site)
    main, sidecar, layout = _main_file(request, cache, report, progress)
    report.layout = layout.name
    progress(FETCHING, 1, 2)
    _fetch_into(sidecar, request, cache, report, optional=True)
    progress(FETCHING, 2, 2)
    for part in (main, sidecar):
        if part.fetched is not None:
            cache.write(part.path, part.fetched.data)
    _store(library, request, report, main, sidecar, progress)
    moment = fetched_at(clock())
    for part in (main, sidecar):
        if part.fetched is not None:
            cache.remember(_entry(part, moment))
    cache.remember_get(Gotten(name, request.year, site))
    cache.save()
    return report


def _main_file(
    request: GetRequest, cache: Cache, report: GetReport, progress: Progress
) -> tuple[_File, _File, Layout]:
    """The first layout whose main file the site has (or the cache holds, offline)."""
    tried = []
    progress(FETCHING, 0, 2)
    folder = f"{slug_of(report.conference)}-{report.year}"
    for layout in LAYOUTS:
        urls = layout.urls(report.site, slug_of(report.conference), report.year)
        main, sidecar = (_File(url, cache.path_for(folder, url)) for url in urls)
        if _fetch_into(main, request, cache, report, optional=False):
            return main, sidecar, layout
        tried.append(main.url)
    raise NotFoundError(
        f"no programme files for {report.conference} {report.year} at {report.site} "
        f"(tried {', '.join(tried)}); the site may publish this year elsewhere: pass --site"
    )


def _fetch_into(
    part: _File, request: GetRequest, cache: Cache, report: GetReport, optional: bool
) -> bool:
    """Fetches one file; False when the site does not have it (404). Offline, a cached
    copy stands in; without one, or on any other failure, the error propagates."""
    headers = {} if request.force else cache.validators(part.url, part.path)
    try:
        answer = fetch(part.url, timeout=request.timeout, max_bytes=MAX_PAGE_BYTES, headers=headers)
    except NotFoundError:
        if optional:
            cache.forget(part.url, part.path)
            report.files.append(FileOutcome(part.url, MISSING, optional))
        return False
    except Unreachable:
        entry = cache.cached(part.url, part.path)
        if entry is None:
            raise
        report.files.append(FileOutcome(part.url, OFFLINE, optional, cached_at=entry.fetched_at))
        return True
    if answer.not_modified:
        report.files.append(FileOutcome(part.url, UNCHANGED, optional))
        return True
    part.fetched = answer
    report.files.append(FileOutcome(part.url, FETCHED, optional, size=len(answer.data)))
    return True


def _entry(part: _File, moment: str) -> CachedFile:
    assert part.fetched is not None
    fetched = part.fetched
    return CachedFile(part.url, str(part.path), fetched.etag, fetched.last_modified, moment)


# --- storing ----------------------------------------------------------------------------------


def _store(
    library: Library,
    request: GetRequest,
    report: GetReport,
    main: _File,
    sidecar: _File,
    progress: Progress,
) -> None:
    """The files read and stored, replacing the sessions the main file gave before, unless
    their bytes are those stored last (and not forced)."""
    source = str(main.path)
    digest = file_digest(main.path, sidecar.path)
    if not request.force and library.source_digest(source) == digest:
        report.unchanged = True
        return
    options = ReadOptions(
        conference=report.conference, year=report.year, base_url=report.site,
        timeout=request.timeout,
    )  # fmt: skip
    parsed = read_pages([source], options, progress)
    if parsed.failures:
        first = parsed.failures[0]
        raise type(first.error)(first.error.message, source=main.url)
    before = library.sessions_from(source)
    _check_shrink(sum(before.values()), sum(len(s.items) for s in parsed.sessions), request)
    retire = set(before) - {session.id for session in parsed.sessions}
    pages = [entry.page for entry in parsed.pages]
    report.stored = library.store(pages, progress, retire=retire, digests={source: digest})
    report.parse = parsed


def _check_shrink(before: int, after: int, request: GetRequest) -> None:
    if request.force or not before or after > before * SHRINK:
        return
    raise BadInputError(
        f"the new copy holds {after} item(s) where the library holds {before} from it: "
        "likely a cut file, so nothing was replaced (--force replaces them)"
    )


def file_digest(*paths: Path) -> str:
    """The digest of the files' bytes, in order (a missing file counts as none)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def gotten(cache: Cache) -> list[GetRequest]:
    """`get --all`: every conference fetched before, from the site it came from."""
    return [GetRequest(g.conference, g.year, g.site) for g in cache.gotten.values()]
