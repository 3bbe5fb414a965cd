"""The commands of picks and the agenda: `star`, `unstar`, `hide`, `unhide`, `note`, and
`agenda` (with `agenda export` and `agenda import`). Thin, over confcli.picks_app; added to
the command line by confcli.cli."""

from __future__ import annotations

import json as jsonlib
from dataclasses import replace
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Annotated

import typer

from confcli import picks_app
from confcli.cli import NO_FILTERS, cli, terminal_of
from confcli.errors import ExitCode, UsageError
from confcli.filters import FilterSpec, display_zone
from confcli.options import (
    JsonOption,
    LibraryOption,
    TzOption,
    library_path,
    with_filters,
    with_output,
)
from confcli.render.output import emit
from confcli.results import AgendaResult, NowResult
from confcli.store import Library

ItemsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ITEM", show_default=False, help="Item ids, or unique prefixes of them."
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", "-t", metavar="TEXT", show_default=False, help="The item by its title."
    ),
]
BufferOption = Annotated[
    int,
    typer.Option(
        "--buffer",
        min=0,
        metavar="MIN",
        help="Slots in different rooms closer than MIN minutes clash too.",
    ),
]


def _mark(
    ctx: typer.Context,
    flag: str,
    value: bool,
    items: list[str] | None,
    title: str | None,
    library: Path | None,
    filters: FilterSpec,
) -> int:
    """star/unstar/hide/unhide: the named items' picks set, and a line saying so."""
    zone = display_zone(None)
    if flag == "hidden" and not value:
        filters = replace(filters, hidden=True)  # unhide finds what is hidden
    with Library(library_path(library)) as store:
        found = picks_app.targets(store, list(items or ()), title, filters, zone)
        changed = store.mark(found, flag, value)
    verb = {"starred": ("starred", "unstarred"), "hidden": ("hid", "unhid")}[flag][not value]
    already = len({item.id for item in found}) - changed if value else 0
    tail = f" ({already} already)" if already > 0 else ""
    terminal_of(ctx).message(f"confcli: {verb} {changed} item(s){tail}")
    return ExitCode.OK


@cli.command("star")
@with_filters
def star_command(
    ctx: typer.Context,
    items: ItemsArgument = None,
    title: TitleOption = None,
    library: LibraryOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Star items: by id, --title, or the filters (starring everything is refused).

    Examples: confcli star 49fd7c
              confcli star --session "Oral Session 7" --kind oral
    """
    return _mark(ctx, "starred", True, items, title, library, filters)


@cli.command("unstar")
@with_filters
def unstar_command(
    ctx: typer.Context,
    items: ItemsArgument = None,
    title: TitleOption = None,
    library: LibraryOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Unstar items: by id, --title, or the filters. Example: confcli unstar --day wed"""
    return _mark(ctx, "starred", False, items, title, library, filters)


@cli.command("hide")
@with_filters
def hide_command(
    ctx: typer.Context,
    items: ItemsArgument = None,
    title: TitleOption = None,
    library: LibraryOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Hide items from list, search and export (unless --hidden). Example: confcli hide -k qa"""
    return _mark(ctx, "hidden", True, items, title, library, filters)


@cli.command("unhide")
@with_filters
def unhide_command(
    ctx: typer.Context,
    items: ItemsArgument = None,
    title: TitleOption = None,
    library: LibraryOption = None,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Show hidden items again: by id, --title, or the filters. Example: confcli unhide 49fd7c"""
    return _mark(ctx, "hidden", False, items, title, library, filters)


@cli.command("note")
def note_command(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(metavar="ITEM", help="An item id or a unique prefix.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note ('' removes it).")],
    library: LibraryOption = None,
) -> int:
    """Keep a note on an item (shown in the agenda, and in calendar exports).

    Example: confcli note 49fd7c "ask about the lower bound"
    """
    with Library(library_path(library)) as store:
        found = picks_app.targets(store, [item], None, FilterSpec(), None)[0]
        store.set_note(found, text.strip() or None)
    terminal_of(ctx).message(
        f"confcli: noted {found.id}" if text.strip() else "confcli: note removed"
    )
    return ExitCode.OK


agenda_app = typer.Typer(
    name="agenda",
    help="Your picks day by day: clashes, other slots, free time, a plan, now and next.",
    invoke_without_command=True,
)
cli.add_typer(agenda_app)


@agenda_app.callback(invoke_without_command=True)
@with_output
@with_filters
def agenda_command(
    ctx: typer.Context,
    library: LibraryOption = None,
    json: JsonOption = False,
    tz: TzOption = None,
    buffer: BufferOption = 0,
    gap: Annotated[
        int, typer.Option("--gap", min=1, metavar="MIN", help="Show free gaps of MIN minutes.")
    ] = 30,
    plan: Annotated[
        bool, typer.Option("--plan", help="Choose one slot per starred paper: most papers fit.")
    ] = False,
    save: Annotated[bool, typer.Option("--save", help="With --plan: keep the plan.")] = False,
    filters: FilterSpec = NO_FILTERS,
) -> int:
    """Your starred slots day by day, in the display zone: time, room, poster and kind;
    clashes marked (! and the ids), the same paper's other slots that fit, and free gaps.

    Examples: confcli agenda --day tue --tz Europe/Vienna --buffer 10
              confcli agenda --plan --save
              confcli agenda --now
    """
    if ctx.invoked_subcommand:
        return ExitCode.OK
    if save and not plan:
        raise UsageError("--save keeps a plan: give --plan too")
    zone = display_zone(tz)
    options = picks_app.AgendaOptions(timedelta(minutes=buffer), timedelta(minutes=gap), plan, save)
    with Library(library_path(library)) as store:
        if filters.now or filters.at:
            return _now(ctx, store, filters, zone, options, json)
        found = picks_app.agenda(store, filters, zone, options)
    emit(terminal_of(ctx), AgendaResult(found, zone), json)
    return ExitCode.OK


def _now(
    ctx: typer.Context,
    store: Library,
    filters: FilterSpec,
    zone: tzinfo | None,
    options: picks_app.AgendaOptions,
    json: bool,
) -> int:
    """--now / --at: where to be, and what is next (with --plan, among the planned slots)."""
    from confcli.agenda import now_and_next

    spec = replace(filters, now=False, at=None)
    if options.plan:
        slots = picks_app.planned_items(store, spec, zone, options.buffer)
    else:
        slots = picks_app.agenda_input(store, spec, zone).picked
    moment = picks_app.moment_of(filters.at, zone, terminal_of(ctx).clock(), slots)
    found = now_and_next(slots, moment)
    emit(terminal_of(ctx), NowResult(found, zone, picks_app.notes(store)), json)
    return ExitCode.OK


@agenda_app.command("export")
def export_command(ctx: typer.Context, library: LibraryOption = None) -> int:
    """Print every pick as JSON, to move them to another machine or person.

    Example: confcli agenda export > picks.json
    """
    with Library(library_path(library)) as store:
        document = picks_app.picks_document(store.picks())
    terminal_of(ctx).write(jsonlib.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK


@agenda_app.command("import")
def import_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE", help="An `agenda export` file, or -.")],
    library: LibraryOption = None,
) -> int:
    """Merge picks from a file: stars and hides are added, notes appended; nothing is
    overwritten. Picks of items this library does not hold are kept, and reported.

    Example: confcli agenda import picks.json
    """
    document = _read_json(path)
    with Library(library_path(library)) as store:
        merged = picks_app.import_picks(store, document)
    terminal = terminal_of(ctx)
    terminal.message(f"confcli: imported {merged.added} new pick(s), merged {merged.merged}")
    if merged.unknown:
        shown = ", ".join(merged.unknown[:10]) + (", …" if len(merged.unknown) > 10 else "")
        terminal.message(
            f"confcli: {len(merged.unknown)} pick(s) name items not in this library "
            f"(kept; shown as withdrawn until their pages are parsed): {shown}"
        )
    return ExitCode.OK


def _read_json(path: str) -> object:
    import sys

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return jsonlib.loads(text)
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UsageError(f"{path} is not JSON: {error}") from None
