"""The commands `get` (a whole conference from its site, kept fresh) and `changes` (what
refreshes changed). Thin, over confcli.getting and confcli.changes_app; added to the
command line by confcli.cli."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from confcli.cli import NO_FILTERS, cli, terminal_of
from confcli.errors import ConfcliError, ExitCode, UsageError
from confcli.filters import FilterSpec, display_zone
from confcli.limits import DEFAULT_TIMEOUT
from confcli.options import (
    JsonOption,
    LibraryOption,
    TimeoutOption,
    TzOption,
    library_path,
    with_filters,
    with_output,
)
from confcli.render.output import emit
from confcli.render.terminal import Terminal
from confcli.results import ChangesResult
from confcli.store import Library

if TYPE_CHECKING:  # the reading wing loads only when `get` runs
    from confcli.getting import GetReport, GetRequest
    from confcli.readers.cache import Cache

SiteOption = Annotated[
    str | None,
    typer.Option(
        "--site",
        metavar="URL",
        show_default=False,
        help="The site to fetch from (a mirror, a test server) instead of the conference's.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Fetch whole and read again, and replace even when the new copy lost most items.",
    ),
]


@cli.command("get")
def get_command(
    ctx: typer.Context,
    conference: Annotated[
        str | None, typer.Argument(metavar="CONF", show_default=False, help="e.g. neurips")
    ] = None,
    year: Annotated[
        int | None, typer.Argument(metavar="YEAR", show_default=False, help="e.g. 2025")
    ] = None,
    site: SiteOption = None,
    every: Annotated[
        bool, typer.Option("--all", help="Refresh every conference `get` fetched before.")
    ] = False,
    force: ForceOption = False,
    library_file: LibraryOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> int:
    """Fetch a whole conference from its site into the library; again, to refresh it.

    Examples: confcli get neurips 2025
              confcli get iclr 2021 --site https://mirror.example.org
              confcli get --all
    """
    from confcli.getting import GetRequest, gotten
    from confcli.readers.cache import Cache, cache_root

    cache = Cache(cache_root())
    if every == (conference is not None):
        raise UsageError("give CONF YEAR, or --all (not both)")
    if every:
        requests = [replace(r, force=force, timeout=timeout) for r in gotten(cache)]
        if not requests:
            raise UsageError("nothing fetched yet: `confcli get CONF YEAR` first")
    elif year is None:
        raise UsageError("give the year too: confcli get CONF YEAR")
    else:
        requests = [GetRequest(conference or "", year, site, force, timeout)]
    failed: list[ExitCode] = []
    with Library(library_path(library_file)) as library:
        for request in requests:
            failed += _get_one(ctx, library, request, cache, len(requests) > 1)
    return max(failed, default=ExitCode.OK)


def _get_one(
    ctx: typer.Context, library: Library, request: GetRequest, cache: Cache, many: bool
) -> list[ExitCode]:
    """One conference fetched and told; with --all, a failure costs only its conference."""
    from confcli.getting import get_conference
    from confcli.render.progress import progress_on

    terminal = terminal_of(ctx)
    try:
        with progress_on(terminal) as progress:
            report = get_conference(library, request, cache, progress)
    except ConfcliError as error:
        if not many:
            raise
        terminal.message(f"confcli: error: {request.conference} {request.year}: {error.message}")
        return [error.exit_code]
    _tell(terminal, report, library.path)
    return []


def _tell(terminal: Terminal, report: GetReport, path: str) -> None:
    from confcli.changes_app import summary
    from confcli.getting import MISSING, OFFLINE, UNCHANGED

    name = f"{report.conference} {report.year}"
    terminal.message(f"confcli: {name}: found the {report.layout} files at {report.site}")
    for outcome in report.files:
        if outcome.state == OFFLINE:
            terminal.message(
                f"confcli: warning: {outcome.url}: offline, using the copy fetched "
                f"{outcome.cached_at}"
            )
        elif outcome.state == MISSING:
            terminal.message(f"confcli: {outcome.url}: not published (optional)")
        elif outcome.state == UNCHANGED:
            terminal.message(f"confcli: {outcome.url}: unchanged")
        else:
            terminal.message(f"confcli: {outcome.url}: fetched {outcome.size} bytes")
    if report.unchanged or report.stored is None:
        terminal.message(f"confcli: {name}: unchanged")
        return
    stored = report.stored
    terminal.message(
        f"confcli: stored {stored.sessions} session(s), {stored.items} item(s) in {path}"
    )
    said = summary(stored.changes)
    if said:
        terminal.message(f"confcli: {name}: {said}")


@cli.command("changes")
@with_output
@with_filters
def changes_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            show_default=False,
            help="Every refresh since DATE (2025-05-01, or a date and time).",
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The last refresh (the default).")] = False,
    library_file: LibraryOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """What the refreshes changed: added, withdrawn, moved, retitled, award, decision.

    Examples: confcli changes
              confcli changes --since 2025-12-01 --starred --json
    """
    from confcli.changes_app import select_changes, since_moment

    if since is not None and last:
        raise UsageError("give --since or --last, not both")
    zone = display_zone(tz)
    moment = since_moment(since) if since is not None else None
    with Library(library_path(library_file)) as library:
        found = select_changes(library, filters, moment, zone)
    emit(terminal_of(ctx), ChangesResult(found, zone), json)
    return ExitCode.OK
