"""`confcli library …`: where the library is, whether it is sound, a way out when it is
not, and changes by hand (remove sessions, give a session a time). Thin commands over
confcli.store.maintenance and confcli.editing, added to the command line by confcli.cli."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from confcli.errors import ExitCode, UsageError
from confcli.options import JsonOption, LibraryOption, library_path
from confcli.render.output import emit
from confcli.results import LibraryHealth, LibraryPath

if TYPE_CHECKING:
    from confcli.model import Session
    from confcli.render.terminal import Terminal
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
def path_command(ctx: typer.Context, library_file: LibraryOption = None) -> int:
    """Print the library file's path (--library, else CONFCLI_LIBRARY, else the user data dir).

    Example: ls -l "$(confcli library path)"
    """
    emit(ctx.obj, LibraryPath(library_path(library_file)))
    return ExitCode.OK


@library_app.command("check")
def check_command(
    ctx: typer.Context, library_file: LibraryOption = None, json: JsonOption = False
) -> int:
    """Check the library: its version, counts, and the integrity of its file and search
    index (exit 6 when it is unusable, with the way out).

    Example: confcli library check
    """
    from confcli.store import maintenance

    health = maintenance.check(library_path(library_file))
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
    library_file: LibraryOption = None,
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

    done = maintenance.rebuild(library_path(library_file), move_aside=move_aside)
    if done.moved_to:
        ctx.obj.message(
            f"confcli: moved the damaged library to {done.moved_to}; a new, empty library "
            f"is at {done.path}: parse your pages again"
        )
    else:
        rows = f"; {done.rows.repair} row(s) repaired, {done.rows.drop} dropped" * bool(
            done.rows.total
        )
        dropped = f"; dropped {done.dropped} schema object(s) confcli did not make" * bool(
            done.dropped
        )
        message = f"confcli: rebuilt the library {done.path} ({done.items} item(s){rows}){dropped}"
        ctx.obj.message(message)
    return ExitCode.OK


# --- changes by hand ------------------------------------------------------------------------

SessionsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="SESSION...",
        show_default=False,
        help="Sessions by title, a unique start of one, or id.",
    ),
]
NarrowConference = Annotated[
    str | None,
    typer.Option(
        "--conference",
        "-c",
        show_default=False,
        help="Only sessions of this conference (when several share a title).",
    ),
]
NarrowYear = Annotated[
    int | None,
    typer.Option("--year", "-y", show_default=False, help="Only sessions of this year (likewise)."),
]


@library_app.command("remove")
def remove_command(
    ctx: typer.Context,
    sessions: SessionsArgument,
    conference: NarrowConference = None,
    year: NarrowYear = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Remove without asking (for scripts).")
    ] = False,
    library: LibraryOption = None,
) -> int:
    """Remove sessions and their items from the library (one transaction). Shows what it
    will remove and asks first, unless --yes.

    Example: confcli library remove "Oral Session 7" --conference ICLR --year 2021
    """
    from confcli import editing
    from confcli.store import Library

    terminal: Terminal = ctx.obj
    with Library(library_path(library), create=False) as store:
        chosen = editing.sessions_named(store, sessions, editing.Narrowing(conference, year))
        for session in chosen:
            terminal.message(f"confcli: will remove {editing.describe(session)}")
        if not yes and not _confirmed(terminal, chosen):
            terminal.message("confcli: nothing removed")
            return ExitCode.OK
        removed = store.remove_sessions([session.id for session in chosen])
    terminal.message(
        f"confcli: removed {len(removed.sessions)} session(s), {removed.items} item(s) "
        f"from {library_path(library)}"
    )
    return ExitCode.OK


def _confirmed(terminal: Terminal, sessions: list[Session]) -> bool:
    """Asks on the terminal; a script (standard input not a terminal) must say --yes."""
    import sys

    from confcli.render.terminal import isatty

    if not isatty(sys.stdin):
        raise UsageError(
            "standard input is not a terminal, so confcli cannot ask: add --yes to remove "
            "(nothing removed)"
        )
    items = sum(len(session.items) for session in sessions)
    terminal.stderr.write(f"Remove {len(sessions)} session(s) and {items} item(s)? [y/N] ")
    terminal.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


@library_app.command("set-time")
def set_time_command(
    ctx: typer.Context,
    session: Annotated[
        str,
        typer.Argument(
            metavar="SESSION", show_default=False, help="By title, a unique start of one, or id."
        ),
    ],
    start: Annotated[
        str,
        typer.Argument(
            metavar="START", show_default=False, help="Date and time: '2023-05-02 11:30'."
        ),
    ],
    end: Annotated[
        str,
        typer.Argument(
            metavar="END", show_default=False, help="A time on the same day (13:30), or both."
        ),
    ],
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            show_default=False,
            help="The zone of START and END when they name none (default: the local zone).",
        ),
    ] = None,
    conference: NarrowConference = None,
    year: NarrowYear = None,
    library: LibraryOption = None,
) -> int:
    """Give a session whose page has no times (a poster session) a start and end, so its
    items can go into a calendar. The time is yours: it stays when the page is parsed
    again, until the page itself gives a time; `show` marks it "set by hand".

    Example: confcli library set-time "Poster Session 3" "2023-05-02 11:30" 13:30 --tz Africa/Kigali
    """
    from confcli import editing
    from confcli.filters import display_zone
    from confcli.render.timefmt import clock_range, day_text, zone_label
    from confcli.store import Library

    zone = display_zone(tz or "local")
    assert zone is not None  # 'local' always names one
    with Library(library_path(library), create=False) as store:
        chosen = editing.session_named(store, session, editing.Narrowing(conference, year))
        done = editing.set_time(store, chosen, start, end, zone)
    when = f"{day_text(done.start)} {clock_range(done.start, done.end, None)}"
    ctx.obj.message(
        f"confcli: {done.title}: {when} {zone_label(done.start)}, set by hand "
        f"(and on {done.items} of its items)"
    )
    return ExitCode.OK
