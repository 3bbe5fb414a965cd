"""The command line: thin commands over confcli.app; the only place that touches the
terminal and exit codes."""

from __future__ import annotations

import copy
import gc
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from confcli import app as core
from confcli.errors import ConfcliError, ExitCode, UsageError
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
    TimeoutOption,
    TzOption,
    YearOption,
    with_filters,
    with_output,
)
from confcli.render.terminal import Terminal

app = typer.Typer(
    name="confcli",
    help="Explore machine-learning conference programmes (ICLR, ICML, NeurIPS…) from the "
    "terminal: parse saved session pages, then list, search and export them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(library_app)


@app.callback()
def _global(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    if debug:
        ctx.obj.debug = True


def _terminal(ctx: typer.Context) -> Terminal:
    return ctx.obj


def _library_path(path: Path | None) -> Path:
    from confcli.library import default_path

    return path or default_path()


def _open(ctx: typer.Context, library: Path | None, from_paths: list[str] | None):
    index = core.open_index(_library_path(library), from_paths)
    if index.notice:
        _terminal(ctx).message(f"confcli: {index.notice}")
    return index.library


def _emit(terminal: Terminal, data: object | None = None, table=None) -> None:
    """JSON data on stdout, or a Rich table for people."""
    if data is not None:
        from confcli.render.jsonout import dumps

        terminal.write(dumps(data))
    else:
        terminal.console().print(table)


@app.command("parse")
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
    library: LibraryOption = None,
    format: FormatOption = None,
    conference: ConferenceOption = None,
    year: YearOption = None,
    base_url: BaseUrlOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    json: JsonOption = False,
) -> int:
    """Read session pages into the library (a page read again replaces itself).

    Example: confcli parse pages/ iclr2021-oral-session-7.txt
    """
    from confcli.library import Library
    from confcli.readers.reading import ReadOptions
    from confcli.render.progress import progress_on

    options = ReadOptions(
        format=format, conference=conference, year=year, base_url=base_url, timeout=timeout
    )
    with Library(_library_path(library)) as store, progress_on(_terminal(ctx)) as progress:
        report = core.parse_into(store, paths, options, progress)
    terminal = _terminal(ctx)
    if json:
        from confcli.render.jsonout import parse_report_json

        _emit(terminal, parse_report_json(report))
    elif report.pages:
        from confcli.render.tables import parse_table

        _emit(terminal, table=parse_table(report))
    _warn_pages(terminal, report.pages)
    for failure in report.failures:
        _show_traceback(terminal, failure.error)
        terminal.message(f"confcli: error: {failure.source}: {failure.error.message}")
    if report.stored:
        stored = report.stored
        terminal.message(
            f"confcli: stored {stored.sessions} session(s), {stored.items} item(s) in {store.path}"
        )
    return report.exit_code


def _warn_pages(terminal: Terminal, pages) -> None:
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


@app.command("list")
@with_output
@with_filters
def list_command(
    ctx: typer.Context,
    library: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = None,
) -> int:
    """List the sessions; with --session or any item filter, the matching slots.

    Examples: confcli list --session "Oral Session 7"
              confcli list --day 2021-05-05 --kind oral --tz Europe/Berlin
    """
    index = _open(ctx, library, from_paths)
    zone = display_zone(tz)
    terminal = _terminal(ctx)
    if not filters.item_level():
        cap = _table_cap(json, limit, SESSION_ROWS_SHOWN)
        summaries = _capped(terminal, core.select_sessions(index, filters), cap, limit)
        return _list_sessions(terminal, index, summaries, json, zone)
    items = core.select_items(index, filters, zone, limit)
    if json:
        from confcli.render.jsonout import items_json

        _emit(terminal, items_json(items))
    elif items:
        from confcli.render.tables import session_items_table

        for session in core.group_by_session(index, items):
            _emit(terminal, table=session_items_table(session, zone))
    if not items:
        terminal.message("confcli: no items match")
    return ExitCode.OK


# Tables are for reading: without --limit they stop here (and say so); --json gives all.
SESSION_ROWS_SHOWN = 100
SEARCH_ROWS_SHOWN = 50


def _table_cap(json: bool, limit: int | None, default: int) -> int:
    return limit if json or limit is not None else default


def _fetch_size(cap: int | None) -> int | None:
    """One row more than shown, to know whether more exist."""
    return None if cap is None else cap + 1


def _capped(terminal: Terminal, rows: list, cap: int | None, limit: int | None) -> list:
    """At most ``cap`` rows; says so when the cap was the table default, not --limit."""
    if cap is None or len(rows) <= cap:
        return rows
    if limit is None:
        terminal.message(f"confcli: showing the first {cap}; use --limit N for more, or --json")
    return rows[:cap]


def _list_sessions(terminal: Terminal, index, summaries, json: bool, zone) -> int:
    if json:
        from confcli.model import session_to_json

        _emit(terminal, [session_to_json(index.session(s.session.id)) for s in summaries])
        return ExitCode.OK
    from confcli.render.tables import sessions_table

    _emit(terminal, table=sessions_table(summaries, zone))
    return ExitCode.OK


@app.command("search")
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
    library: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = None,
) -> int:
    """Search titles, authors, sessions and abstracts; best matches first. A typo still
    finds its target: unknown words are corrected, and the matches marked approximate.

    Examples: confcli search lottery --json | jq '.[].title'
              confcli search 'author:"Yoshua Bengio" -title:transformer'
              confcli search -- '-lottery pruning'
    """
    index = _open(ctx, library, from_paths)
    zone = display_zone(tz)
    text = " ".join(query)
    cap = _table_cap(json, limit, SEARCH_ROWS_SHOWN)
    hits = core.search(index, text, _fetch_size(cap), filters, zone)
    terminal = _terminal(ctx)
    hits = _capped(terminal, hits, cap, limit)
    if hits and hits[0].correction:
        terminal.message(_correction_notice(hits[0].correction))
    if json:
        from confcli.render.jsonout import hits_json

        _emit(terminal, hits_json(hits))
        return ExitCode.OK
    if not hits:
        terminal.message(f"confcli: no matches for {text!r}")
        return ExitCode.OK
    from confcli.render.tables import search_table

    _emit(terminal, table=search_table(hits, zone))
    return ExitCode.OK


def _correction_notice(correction: core.fuzzy.Correction) -> str:
    typed = ", ".join(repr(word) for word, _ in correction.words)
    return f"confcli: no exact matches for {typed}; showing matches for {correction.text!r}"


@app.command("show")
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
    library: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
) -> int:
    """Everything about one item: session, times, room, authors, abstract, links.

    Example: confcli show c5ffb3 --tz Europe/Berlin
    """
    if not (item_id or title):
        raise UsageError("give an item ID or --title TEXT")
    index = _open(ctx, library, from_paths)
    item = core.find_item(index, item_id, title)
    others = core.other_slots(index, item)
    terminal = _terminal(ctx)
    if json:
        from confcli.model import item_to_json

        _emit(terminal, {**item_to_json(item), "other_slots": [item_to_json(o) for o in others]})
        return ExitCode.OK
    from confcli.render.detail import item_detail

    session = index.session(item.session_id)
    _emit(terminal, table=item_detail(item, session, others, display_zone(tz)))
    return ExitCode.OK


@app.command("stats")
@with_output
@with_filters
def stats_command(
    ctx: typer.Context,
    library: LibraryOption = None,
    from_paths: FromOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
    filters: FilterSpec = None,
) -> int:
    """Per session: items by kind, awards, time span, and what is missing.

    Example: confcli stats --conference ICLR
    """
    from confcli.stats import session_stats

    index = _open(ctx, library, from_paths)
    zone = display_zone(tz)
    condition = core.filter_condition(index, filters, zone)
    found = session_stats(index, condition.where, tuple(condition.params))
    terminal = _terminal(ctx)
    if json:
        _emit(terminal, [entry.to_json() for entry in found])
        return ExitCode.OK
    from confcli.render.tables import stats_table

    _emit(terminal, table=stats_table(found, zone))
    return ExitCode.OK


@app.command("export")
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
            help="Write FILE (atomically: all or nothing) instead of standard output.",
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
    library: LibraryOption = None,
    from_paths: FromOption = None,
    limit: LimitOption = None,
    tz: TzOption = None,
    filters: FilterSpec = None,
) -> int:
    """Export the selected items for jq, spreadsheets, calendars, notes or schedule apps.

    Examples: confcli export --format ics --kind oral -o orals.ics
              confcli export -o programme.csv --fields title,authors,start
    """
    from confcli import export as exporting
    from confcli.export.fields import parse_fields

    writer = exporting.writer_for(format, output)
    options = exporting.ExportOptions(
        fields=parse_fields(fields),
        nested=nested,
        formula_guard=formula_guard,
        sessions=sessions,
        zone=display_zone(tz),
        source_date=exporting.source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH")),
    )
    index = _open(ctx, library, from_paths)
    items = core.select_items(index, filters, options.zone, limit)
    selection = exporting.Selection(items, core.group_by_session(index, items))
    document = exporting.export(selection, writer, options)
    return _deliver(_terminal(ctx), document, output)


def _deliver(terminal: Terminal, document, output: str | None) -> int:
    """The document on stdout, or into the file; the warnings on stderr."""
    for warning in document.warnings:
        terminal.message(f"confcli: warning: {warning}")
    if output is None or output == "-":
        terminal.write(document.text)
        return ExitCode.OK
    from confcli.export.atomic import atomic_write

    atomic_write(output, document.text.encode("utf-8"))
    terminal.message(f"confcli: wrote {document.items} item(s) to {output}")
    return ExitCode.OK


# --- entry point --------------------------------------------------------------------------


def main(argv: list[str] | None = None, terminal: Terminal | None = None) -> int:
    """Runs the CLI; returns (and as a script exits with) a documented exit code."""
    terminal = terminal or Terminal()
    terminal.debug = terminal.debug or bool(os.environ.get("CONFCLI_DEBUG"))
    command = _click_command(sys.argv[1:] if argv is None else argv)
    try:
        result = command.main(args=argv, prog_name="confcli", standalone_mode=False, obj=terminal)
    except ConfcliError as error:
        return _fail(terminal, f"confcli: error: {error}", error.exit_code)
    except typer.Abort:
        return _fail(terminal, "confcli: interrupted", ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        return _fail(terminal, "confcli: interrupted", ExitCode.INTERRUPTED)
    except typer.TyperException as error:  # click's usage errors
        return _usage_error(terminal, error)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except sqlite3.DatabaseError as error:
        return _database_failure(terminal, error)
    except UnicodeEncodeError as error:
        if "surrogates" not in error.reason:
            return _internal_error(terminal, error)
        # Undecodable bytes typed on the command line (os.fsdecode keeps them as halves of
        # characters): SQLite and files take UTF-8 only.
        text = error.object[error.start : error.end].encode("utf-8", "surrogateescape")
        message = f"confcli: error: an argument holds bytes that are not UTF-8 ({text!r})"
        return _fail(terminal, message, ExitCode.USAGE)
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        return _internal_error(terminal, error)
    if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into this code, silently
        terminal.message("confcli: interrupted")
        return ExitCode.INTERRUPTED
    terminal.finish()
    return int(result or 0)


def _internal_error(terminal: Terminal, error: Exception) -> int:
    message = f"confcli: internal error: {type(error).__name__}: {error}"
    return _fail(terminal, f"{message} (run with --debug and report it)", ExitCode.ERROR)


def _database_failure(terminal: Terminal, error: sqlite3.DatabaseError) -> int:
    """SQLite failing under a command: the library file's state (damaged, full disk,
    locked, read-only) is exit 6 with what to do; anything else is a bug."""
    from confcli.maintenance import failure

    message = failure(error)
    if message is None:
        return _internal_error(terminal, error)
    return _fail(terminal, f"confcli: error: {message}", ExitCode.LIBRARY)


def _click_command(args: list[str]):
    """The command line as click runs it. typer builds every command's options on each
    start; when the first word names a command, only that one is built (a few ms less on
    every `confcli search`: benchmarks, start-up)."""
    wanted = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands if info.name == wanted]
    if not chosen:  # no command, or an unknown one: the whole group, for its help and errors
        return _name_the_shapes(typer.main.get_command(app))
    only = copy.copy(app)
    only.registered_commands = chosen
    only.registered_groups = []  # `confcli library …` is a group: not chosen here
    return _name_the_shapes(typer.main.get_command(only))


def _name_the_shapes(command):
    """`parse --format`'s help names every shape registered (confcli.readers.registry), a
    reader added later included. Only when parse is built: queries load no reading code."""
    parse = getattr(command, "commands", {}).get("parse")
    if parse is not None:
        from confcli.readers.registry import format_help

        for param in parse.params:
            if param.name == "format":
                param.help = format_help()
    return command


def _show_traceback(terminal: Terminal, error: BaseException) -> None:
    """With --debug, where a page's error was raised (and what it stands for)."""
    if terminal.debug:
        import traceback

        traceback.print_exception(error, file=terminal.stderr)


def _fail(terminal: Terminal, message: str, code: int) -> int:
    if terminal.debug:
        import traceback

        traceback.print_exc(file=terminal.stderr)
    terminal.message(" ".join(message.split()))
    return code


def _usage_error(terminal: Terminal, error) -> int:
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    context = getattr(error, "ctx", None)
    where = context.command_path if context else "confcli"
    hint = f" (see `{where} --help`)"
    return _fail(terminal, f"{where}: error: {message}{hint}", getattr(error, "exit_code", 2))


def _quiet_broken_pipe() -> int:
    """`confcli list | head`: the reader left; end quietly like other Unix tools."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return ExitCode.OK


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character (an
        stream.reconfigure(errors="backslashreplace")  # ASCII locale) gets its escape
    code = main()
    # The work is done: freezing the heap spares the interpreter's last garbage collection,
    # a walk over every object typer and confcli made (~10 ms of a 90 ms `confcli search`;
    # benchmarks/README). Objects still go when their last reference does.
    gc.freeze()
    sys.exit(code)
