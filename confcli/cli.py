"""The commands: the typer object ``cli`` and thin commands over confcli.app. With
confcli.main (the process boundary: exit codes, errors, Ctrl-C) the only place that touches
the terminal."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from confcli import app as core
from confcli.errors import ExitCode, UsageError
from confcli.filters import FilterSpec, display_zone
from confcli.library_cli import library_app
from confcli.limits import DEFAULT_TIMEOUT
from confcli.options import (
    BaseUrlOption,
    ConferenceOption,
    FormatOption,
    FromOption,
    JsonOption,
    LibraryOption,
    LimitOption,
    PageTzOption,
    TimeoutOption,
    TzOption,
    YearOption,
    library_path,
    with_filters,
    with_output,
)
from confcli.render.output import emit
from confcli.render.terminal import Terminal
from confcli.render.timefmt import stored_when
from confcli.results import (
    ItemDetail,
    ItemList,
    ParseResult,
    SearchResults,
    SessionList,
    StatsResult,
)
from confcli.store import Library

if TYPE_CHECKING:
    from confcli.export import Document
    from confcli.fuzzy import Correction
    from confcli.readers.reading import PageReport

NO_FILTERS = FilterSpec()  # only a default for the signature: with_filters always passes one
Row = TypeVar("Row")

cli = typer.Typer(
    name="confcli",
    help="Explore machine-learning conference programmes (ICLR, ICML, NeurIPS…) from the "
    "terminal: parse saved session pages, then list, search and export them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
cli.add_typer(library_app)


def _print_version(ctx: typer.Context, wanted: bool) -> None:
    if wanted:
        from confcli import __version__

        ctx.obj.write(f"confcli {__version__}\n")
        raise typer.Exit()


@cli.callback()
def _global(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version."
        ),
    ] = False,
) -> None:
    if debug:
        ctx.obj.debug = True


def terminal_of(ctx: typer.Context) -> Terminal:
    """The terminal confcli.main hands every command (tests hand their own)."""
    terminal: Terminal = ctx.obj  # confcli.main passes it as click's context object
    return terminal


def _open(ctx: typer.Context, library_file: Path | None, from_paths: list[str] | None) -> Library:
    """The library a query reads (or the --from pages, or the bundled samples)."""
    options = None
    if from_paths and os.environ.get("CONFCLI_PAGE_TZ"):  # --page-tz's variable, for --from
        from confcli.readers.reading import ReadOptions

        options = ReadOptions(page_zone=os.environ["CONFCLI_PAGE_TZ"])
    opened = core.open_library(library_path(library_file), from_paths, options)
    if opened.notice:
        terminal_of(ctx).message(f"confcli: {opened.notice}")
    return opened.library


@cli.command("parse")
def parse_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            show_default=False,
            help="Pages to read: files, directories, quoted globs ('pages/*.html'), "
            "http(s) URLs, or - for standard input.",
        ),
    ],
    library_file: LibraryOption = None,
    format: FormatOption = None,
    conference: ConferenceOption = None,
    year: YearOption = None,
    base_url: BaseUrlOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    page_tz: PageTzOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Read every input again, even one unchanged.")
    ] = False,
    json: JsonOption = False,
) -> int:
    """Read session pages into the library (a page read again replaces itself; a file or
    URL unchanged since it was stored is skipped).

    Example: confcli parse pages/ iclr2021-oral-session-7.txt
    """
    from confcli.readers.reading import ReadOptions
    from confcli.render.progress import progress_on

    options = ReadOptions(
        format=format,
        conference=conference,
        year=year,
        base_url=base_url,
        timeout=timeout,
        page_zone=page_tz,
    )
    with Library(library_path(library_file)) as library, progress_on(terminal_of(ctx)) as progress:
        report = core.parse_into(library, paths, options, progress, skip_unchanged=not force)
    terminal = terminal_of(ctx)
    emit(terminal, ParseResult(report), json)
    for skipped in report.skipped:
        terminal.message(f"confcli: skipped: {skipped.source}: {skipped.reason}")
    for same in report.unchanged:
        terminal.message(f"confcli: unchanged: {same.source} ({stored_when(same.stored_at)})")
    _warn_pages(terminal, report.pages)
    for failure in report.failures:
        _show_traceback(terminal, failure.error)
        terminal.message(f"confcli: error: {failure.source}: {failure.error.message}")
    shadowed = _warn_shadowed(terminal, report.pages)
    if report.stored:
        stored = report.stored
        terminal.message(
            f"confcli: stored {stored.sessions} session(s), {stored.items} item(s) "
            f"in {library.path}"
        )
        if stored.changes is not None:  # a refresh: what it changed, in one line
            from confcli.changes_app import summary

            terminal.message(f"confcli: changes: {summary(stored.changes)}")
    return shadowed or report.exit_code


def _warn_shadowed(terminal: Terminal, pages: list[PageReport]) -> ExitCode | None:
    """Pages of the same session with other items: the library keeps the last (exit 5)."""
    from confcli.readers.duplicates import shadowed_pages

    shadowed = shadowed_pages(pages)
    for page in shadowed:
        terminal.message(
            f"confcli: warning: {page.source}: session {page.title!r} is also on {page.kept} "
            f"(the same conference, year and title): only {page.kept}'s copy is stored, "
            f"{page.lost} item(s) of this page are not"
        )
    return ExitCode.PARTIAL if shadowed else None


def _warn_pages(terminal: Terminal, pages: list[PageReport]) -> None:
    """What pages lacked, one line each on stderr; a feed's lines name their session."""
    per_source: dict[str, int] = {}
    for entry in pages:
        per_source[entry.source] = per_source.get(entry.source, 0) + 1
    for entry in pages:
        where = entry.source
        if per_source[entry.source] > 1:
            where += f": {entry.page.session.title}"
        for warning in entry.page.warnings:
            terminal.message(f"confcli: warning: {where}: {warning}")


@cli.command("list")
@with_output
@with_filters
def list_command(
    ctx: typer.Context,
    library_file: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """List the sessions; with --session or any item filter, the matching slots.

    Examples: confcli list --session "Oral Session 7"
              confcli list --day 2021-05-05 --kind oral --tz Europe/Berlin
    """
    library = _open(ctx, library_file, from_paths)
    zone = display_zone(tz)
    terminal = terminal_of(ctx)
    if not filters.item_level():
        cap = _table_cap(json, limit, SESSION_ROWS_SHOWN)
        summaries = _capped(terminal, core.select_sessions(library, filters), cap, limit)
        emit(terminal, SessionList(summaries, zone, library.session), json)
        if not summaries:
            terminal.message("confcli: no sessions match")
        return ExitCode.OK
    items = core.select_items(library, filters, zone, limit, terminal.clock())
    found = ItemList(
        items,
        zone,
        partial(core.group_by_session, library, items),
        id_length=partial(library.id_prefix_length, [item.id for item in items]),
        moment=core.moment_of(filters, zone, terminal.clock()),
        decision=bool(filters.decision),
        starred=library.pick_ids("starred"),
        changed=library.last_changed_ids,
    )
    emit(terminal, found, json)
    if not items:
        terminal.message("confcli: no items match")
    return ExitCode.OK


# Tables are for reading: without --limit they stop here (and say so); --json gives all.
SESSION_ROWS_SHOWN = 100
SEARCH_ROWS_SHOWN = 50


def _table_cap(json: bool, limit: int | None, default: int) -> int | None:
    return limit if json or limit is not None else default


def _fetch_size(cap: int | None) -> int | None:
    """One row more than shown, to know whether more exist."""
    return None if cap is None else cap + 1


def _capped(terminal: Terminal, rows: list[Row], cap: int | None, limit: int | None) -> list[Row]:
    """At most ``cap`` rows; says so when the cap was the table default, not --limit."""
    if cap is None or len(rows) <= cap:
        return rows
    if limit is None:
        terminal.message(f"confcli: showing the first {cap}; use --limit N for more, or --json")
    return rows[:cap]


@cli.command("search")
@with_output
@with_filters
def search_command(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            show_default=False,
            help='Words (all must match), "a phrase", title:/author:/abstract:/session: '
            "scopes, OR, -word or NOT word, prefix*, (groups). Quote it for the shell.",
        ),
    ],
    library_file: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Search titles, authors, sessions and abstracts; best matches first. A typo still
    finds its target: unknown words are corrected, and the matches marked approximate.

    Examples: confcli search lottery --json | jq '.[].title'
              confcli search 'author:"Yoshua Bengio" -title:transformer'
              confcli search -- '-lottery pruning'
    """
    library = _open(ctx, library_file, from_paths)
    zone = display_zone(tz)
    text = " ".join(query)
    cap = _table_cap(json, limit, SEARCH_ROWS_SHOWN)
    terminal = terminal_of(ctx)
    hits = core.search(library, text, _fetch_size(cap), filters, zone, terminal.clock())
    hits = _capped(terminal, hits, cap, limit)
    if hits and hits[0].correction:
        terminal.message(_correction_notice(hits[0].correction))
    removed = None if hits else core.filtered_out(library, text, filters, zone, terminal.clock())
    id_length = partial(library.id_prefix_length, [hit.item.id for hit in hits])
    starred = library.pick_ids("starred")
    results = SearchResults(
        hits, zone, text, filtered_out=removed, id_length=id_length, starred=starred
    )
    emit(terminal, results, json)
    return ExitCode.OK


def _correction_notice(correction: Correction) -> str:
    typed = ", ".join(repr(word) for word, _ in correction.words)
    return f"confcli: no exact matches for {typed}; showing matches for {correction.text!r}"


@cli.command("show")
@with_output
def show_command(
    ctx: typer.Context,
    item_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", show_default=False, help="An item id, or a unique prefix of one."
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            "-t",
            metavar="TEXT",
            show_default=False,
            help="Find the item by (part of) its title.",
        ),
    ] = None,
    library_file: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
) -> int:
    """Everything about one item: session, times, room, authors, abstract, links; with
    --json, one object (the item, with its other slots), not an array.

    Example: confcli show 49fd7c --tz Europe/Berlin
    """
    if not (item_id or title):
        raise UsageError("give an item ID or --title TEXT")
    zone = display_zone(tz)
    library = _open(ctx, library_file, from_paths)
    item = core.find_item(library, item_id, title)
    others = core.other_slots(library, item)
    session = partial(library.session, item.session_id)
    hand = library.hand_time(item.session_id)
    by_hand = hand is not None and item.start == hand.start
    emit(terminal_of(ctx), ItemDetail(item, session, others, zone, by_hand), json)
    return ExitCode.OK


@cli.command("stats")
@with_output
@with_filters
def stats_command(
    ctx: typer.Context,
    library_file: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Per session: items by kind, awards, time span, and what is missing.

    Example: confcli stats --conference ICLR
    """

    library = _open(ctx, library_file, from_paths)
    zone = display_zone(tz)
    terminal = terminal_of(ctx)
    found = core.session_stats(library, filters, zone, terminal.clock())
    emit(terminal, StatsResult(found, zone), json)
    if not found:
        terminal.message("confcli: no items match")
    return ExitCode.OK


@cli.command("export")
@with_filters
def export_command(
    ctx: typer.Context,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            show_default=False,
            help="json, jsonl, csv, ics, md or frab (schedule.json); default: from -o's name.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write FILE (a regular file atomically: all or nothing; a pipe or device "
            "is written through; a symbolic link, its target) instead of standard output.",
        ),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="A,B,…",
            show_default=False,
            help="csv/json/jsonl: only these item fields, in this order (e.g. title,authors).",
        ),
    ] = None,
    nested: Annotated[
        bool, typer.Option("--nested", help="json/jsonl: sessions holding their items.")
    ] = False,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="ics: an event for each session as well.")
    ] = False,
    formula_guard: Annotated[
        bool,
        typer.Option(
            "--formula-guard/--no-formula-guard",
            help="csv: prefix ' to cells starting with = + - @ (so spreadsheets show text).",
        ),
    ] = True,
    bom: Annotated[
        bool,
        typer.Option("--bom", help="csv: begin with a byte-order mark, for spreadsheet apps."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an -o file even when it is read-only.")
    ] = False,
    plan: Annotated[
        bool, typer.Option("--plan", help="Your planned slots (confcli agenda --plan).")
    ] = False,
    remind: Annotated[
        int | None,
        typer.Option(
            "--remind",
            min=0,
            metavar="MIN",
            show_default=False,
            help="ics: alarm MIN minutes before.",
        ),
    ] = None,
    library_file: LibraryOption = None,
    from_paths: FromOption = None,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Export the selected items for jq, spreadsheets, calendars, notes or schedule apps.

    Examples: confcli export --format ics --kind oral -o orals.ics
              confcli export -o programme.csv --fields title,authors,start
              confcli export --starred --plan --remind 10 -o my-week.ics
    """
    from confcli import export as exporting
    from confcli.export.fields import parse_fields

    writer = exporting.writer_for(format, output)
    if bom and writer.name != "csv":
        raise UsageError(f"--bom is for csv, not {writer.name}")
    options = exporting.ExportOptions(
        bom=bom,
        fields=parse_fields(fields),
        nested=nested,
        formula_guard=formula_guard,
        sessions=sessions,
        zone=display_zone(tz),
        source_date=exporting.source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH")),
        remind=remind,
    )
    library = _open(ctx, library_file, from_paths)
    items = core.chosen_items(library, filters, options.zone, limit, terminal_of(ctx).clock())
    selection = exporting.Selection(items, items.sessions())  # read as they are written
    if plan or filters.starred:  # the user's own calendar: notes, SEQUENCEs kept (issue 15)
        from confcli.picks_app import personal_export

        picked, options = personal_export(library, list(items), filters, options, plan, writer.name)
        grouped = exporting.ListedSessions(core.group_by_session(library, picked))
        selection = exporting.Selection(exporting.ListedItems(picked), grouped)
    with library.reading():
        document = exporting.export(selection, writer, options)
        return _deliver(terminal_of(ctx), document, output, force)


def _deliver(terminal: Terminal, document: Document, output: str | None, force: bool) -> int:
    """The document on stdout, or into the file; the warnings on stderr."""
    for warning in document.warnings:
        terminal.message(f"confcli: warning: {warning}")
    if output is None or output == "-":
        for piece in document.pieces:
            terminal.write_data(piece)
        return ExitCode.OK
    from confcli.export.atomic import atomic_write

    atomic_write(output, (piece.encode("utf-8") for piece in document.pieces), force=force)
    terminal.message(f"confcli: wrote {document.items} item(s) to {output}")
    return ExitCode.OK


def _show_traceback(terminal: Terminal, error: BaseException) -> None:
    """With --debug, where a page's error was raised (and what it stands for)."""
    if terminal.debug:
        import traceback

        traceback.print_exception(error, file=terminal.stderr)


# star, hide, note, agenda; get, changes: they join `cli`
from confcli import agenda_cli, get_cli  # noqa: E402, F401
