"""`confcli library …`: where the library is, whether it is sound, and a way out when it is
not. Thin commands over confcli.store.maintenance, added to the main app by confcli.cli."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from confcli.errors import ExitCode
from confcli.options import JsonOption, LibraryOption

library_app = typer.Typer(
    name="library",
    help="Where the library file is, check it, and repair it.",
    no_args_is_help=True,
)
ADVICE = {
    "foreign": "give another --library path",
    "newer": "upgrade confcli",
    "repairable": "`confcli library rebuild` repairs it",
    "damaged": "`confcli library rebuild --move-aside` starts a new library (keeping this file)",
}


def resolve(library: Path | None) -> Path:
    from confcli.store import default_path

    return library or default_path()


@library_app.command("path")
def path_command(ctx: typer.Context, library: LibraryOption = None) -> int:
    """Print the library file's path (--library, else CONFCLI_LIBRARY, else the user data dir).

    Example: ls -l "$(confcli library path)"
    """
    ctx.obj.write(f"{resolve(library)}\n")
    return ExitCode.OK


@library_app.command("check")
def check_command(ctx: typer.Context, library: LibraryOption = None, json: JsonOption = False):
    """Check the library: its version, counts, and the integrity of its file and search
    index (exit 6 when it is unusable, with the way out).

    Example: confcli library check
    """
    from confcli.store import maintenance

    health = maintenance.check(resolve(library))
    if json:
        from confcli.render.jsonout import dumps

        ctx.obj.write(dumps(_health_json(health)))
    else:
        ctx.obj.write("".join(f"{label:<10}{value}\n" for label, value in _health_rows(health)))
    if health.ok:
        return ExitCode.OK
    ctx.obj.message(f"confcli: error: {health.path}: {health.problems[0]}; {_advice(health)}")
    return ExitCode.LIBRARY


def _health_rows(health) -> list[tuple[str, object]]:
    rows = [("library", health.path), ("version", health.version)]
    rows += [("sessions", health.sessions), ("items", health.items)]
    rows = [(label, value) for label, value in rows if value is not None]
    rows += [("problem", problem) for problem in health.problems]
    rows += [("note", note) for note in health.notes]
    return rows + [("state", "ok" if health.ok else "unusable")]


def _health_json(health) -> dict:
    names = ("path", "version", "sessions", "items", "ok", "problems", "notes")
    return {name: getattr(health, name) for name in names}


def _advice(health) -> str:
    for kind in ("foreign", "newer", "repairable"):
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

    done = maintenance.rebuild(resolve(library), move_aside=move_aside)
    if done.moved_to:
        ctx.obj.message(
            f"confcli: moved the damaged library to {done.moved_to}; a new, empty library "
            f"is at {done.path}: parse your pages again"
        )
    else:
        ctx.obj.message(f"confcli: rebuilt the library {done.path} ({done.items} item(s))")
    return ExitCode.OK
