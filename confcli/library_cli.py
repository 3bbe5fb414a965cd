"""`confcli library …`: where the library is, whether it is sound, and a way out when it is
not. Thin commands over confcli.store.maintenance, added to the command line by confcli.cli."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from confcli.errors import ExitCode
from confcli.options import JsonOption, LibraryOption, library_path
from confcli.render.output import emit
from confcli.results import LibraryHealth, LibraryPath

if TYPE_CHECKING:
    from confcli.store.maintenance import Health

library_app = typer.Typer(
    name="library",
    help="Where the library file is, check it, and repair it.",
    no_args_is_help=True,
)
ADVICE = {
    "foreign": "give another --library path",
    "newer": "upgrade confcli",
    "blocked": "the library was not changed",
    "repairable": "`confcli library rebuild` repairs it",
    "damaged": "`confcli library rebuild --move-aside` starts a new library (keeping this file)",
}


@library_app.command("path")
def path_command(ctx: typer.Context, library: LibraryOption = None) -> int:
    """Print the library file's path (--library, else CONFCLI_LIBRARY, else the user data dir).

    Example: ls -l "$(confcli library path)"
    """
    emit(ctx.obj, LibraryPath(library_path(library)))
    return ExitCode.OK


@library_app.command("check")
def check_command(
    ctx: typer.Context, library: LibraryOption = None, json: JsonOption = False
) -> int:
    """Check the library: its version, counts, and the integrity of its file and search
    index (exit 6 when it is unusable, with the way out).

    Example: confcli library check
    """
    from confcli.store import maintenance

    health = maintenance.check(library_path(library))
    emit(ctx.obj, LibraryHealth(health), json)
    if health.ok:
        return ExitCode.OK
    ctx.obj.message(f"confcli: error: {health.path}: {health.problems[0]}; {_advice(health)}")
    return ExitCode.LIBRARY


def _advice(health: Health) -> str:
    for kind in ("foreign", "newer", "blocked", "repairable"):
        if getattr(health, kind):
            return ADVICE[kind]
    return ADVICE["damaged"]


@library_app.command("rebuild")
def rebuild_command(
    ctx: typer.Context,
    library: LibraryOption = None,
    move_aside: Annotated[
        bool,
        typer.Option(
            "--move-aside",
            help="When the file cannot be repaired: rename it to <name>.broken-<time> and "
            "start a new, empty library in its place.",
        ),
    ] = False,
) -> int:
    """Repair the library: recreate missing parts of its schema, rebuild its indexes and
    its search index (one transaction). A file beyond repair is only moved aside, and only
    with --move-aside: never overwritten.

    Example: confcli library rebuild
    """
    from confcli.store import maintenance

    done = maintenance.rebuild(library_path(library), move_aside=move_aside)
    if done.moved_to:
        ctx.obj.message(
            f"confcli: moved the damaged library to {done.moved_to}; a new, empty library "
            f"is at {done.path}: parse your pages again"
        )
    else:
        dropped = f"; dropped {done.dropped} schema object(s) confcli did not make" * bool(
            done.dropped
        )
        ctx.obj.message(f"confcli: rebuilt the library {done.path} ({done.items} item(s)){dropped}")
    return ExitCode.OK
