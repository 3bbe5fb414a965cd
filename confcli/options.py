"""Options shared by several commands, declared once (typer's Annotated aliases)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer

Command = TypeVar("Command", bound=Callable[..., Any])
# Options a decorator adds to a command: name -> (type, typer.Option(...)).
Options = dict[str, tuple[Any, Any]]
Values = dict[str, Any]

LibraryOption = Annotated[
    Path | None,
    typer.Option(
        "--library",
        envvar="CONFCLI_LIBRARY",
        show_default=False,
        metavar="PATH",
        readable=False,  # an unreadable library is the library's error (exit 6), not usage
        help="Library file (default: library.sqlite in the user data dir).",
    ),
]


def library_path(option: Path | None) -> Path:
    """The library file a command uses: --library (or CONFCLI_LIBRARY), else the default."""
    from confcli.store import default_path

    return option or default_path()


FromOption = Annotated[
    list[str] | None,
    typer.Option(
        "--from",
        metavar="PATH",
        show_default=False,
        help="Read these pages (repeatable) instead of the library; nothing is stored.",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=1,
        max=2**31 - 1,
        metavar="N",
        show_default=False,
        help="Show at most N results.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        metavar="SHAPE",
        # The shapes are named when the command is built: cli._name_the_shapes.
        help="Read inputs as this shape instead of detecting it from their content.",
    ),
]
ConferenceOption = Annotated[
    str | None,
    typer.Option(
        "--conference",
        show_default=False,
        metavar="NAME",
        help="Conference of the pages, when they do not say (e.g. ICLR).",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=1990,
        max=2100,
        metavar="YEAR",
        show_default=False,
        help="Conference year, when the pages do not say; pins dates without a year.",
    ),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        show_default=False,
        metavar="URL",
        help="Make the pages' relative links absolute against this URL "
        "(default: a fetched page's URL, else the conference's site).",
    ),
]
PageTzOption = Annotated[
    str | None,
    typer.Option(
        "--page-tz",
        envvar="CONFCLI_PAGE_TZ",
        show_default=False,
        metavar="ZONE",
        help="Read times the pages print without a zone in this IANA zone (default: the "
        "venue's, with a warning); a zone the page states wins. Env CONFCLI_PAGE_TZ "
        "(also for --from).",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        metavar="SECONDS",
        help="Give up fetching a URL after this many seconds.",
    ),
]


# --- the filter set, shared by every listing command ---------------------------------------

TzOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        envvar="CONFCLI_TZ",
        show_default=False,
        metavar="ZONE",
        help="Show times in this zone: an IANA name (Europe/Berlin) or 'local'; "
        "default: each page's own zone.",
    ),
]

FILTER_OPTIONS: Options = {
    "session": (
        str | None,
        typer.Option(
            "--session",
            "-s",
            metavar="NAME",
            help="Only this session (case-insensitive; a unique prefix works).",
            autocompletion=lambda incomplete: complete_sessions(incomplete),
        ),
    ),
    "kind": (
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only items of this kind: oral, spotlight, poster, qa, break… (repeatable).",
            autocompletion=lambda incomplete: complete_kinds(incomplete),
        ),
    ),
    "day": (
        str | None,
        typer.Option(
            "--day",
            metavar="DAY",
            help="Only this day: a date (2021-05-05) or a weekday (wed), in the display zone.",
        ),
    ),
    "after": (
        str | None,
        typer.Option(
            "--after",
            metavar="TIME",
            help="Only items starting at or after TIME (2021-05-05 04:00, or 16:30).",
        ),
    ),
    "before": (
        str | None,
        typer.Option("--before", metavar="TIME", help="Only items starting before TIME."),
    ),
    "now": (bool, typer.Option("--now", help="What is on now, and what comes next.")),
    "at": (
        str | None,
        typer.Option("--at", metavar="TIME", help="What is on at TIME, and what comes next."),
    ),
    "room": (
        str | None,
        typer.Option("--room", metavar="ROOM", help="Only rooms containing ROOM."),
    ),
    "topic": (
        str | None,
        typer.Option("--topic", metavar="TEXT", help="Only topics containing TEXT ('diffusion')."),
    ),
    "author": (
        str | None,
        typer.Option(
            "--author",
            "-a",
            metavar="NAME",
            help="Only items with an author named NAME (words, any case or accent).",
        ),
    ),
    "award": (
        str | None,
        typer.Option(
            "--award",
            metavar="AWARD",
            help="Only items with an award ('any', or words of one: 'outstanding').",
        ),
    ),
    "decision": (
        str | None,
        typer.Option(
            "--decision", metavar="TEXT", help="Only decisions containing TEXT ('top 5%', 'oral')."
        ),
    ),
    "conference": (
        str | None,
        typer.Option(
            "--conference",
            "-c",
            metavar="NAME",
            help="Only this conference (ICLR, ICML, NeurIPS…).",
        ),
    ),
    "year": (
        int | None,
        typer.Option("--year", "-y", metavar="YEAR", min=1, max=9999, help="Only this year."),
    ),
    "starred": (bool, typer.Option("--starred", help="Only the items you starred.")),
    "hidden": (bool, typer.Option("--hidden", help="Hidden items too (confcli hide).")),
}
FILTER_DEFAULTS: Values = {"now": False, "starred": False, "hidden": False}


def _with_options(
    command: Command, options: Options, defaults: Values, prepare: Callable[[Values, Values], None]
) -> Command:
    """Wraps a typer command so it also takes ``options`` (name -> (type, typer.Option));
    ``prepare(values, kwargs)`` turns their values into what the command takes. Typer reads
    the wrapper's ``__signature__``, as click decorators add options for sqlite-utils."""
    import functools
    import inspect

    own = inspect.signature(command, eval_str=True)
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=defaults.get(name),
            annotation=Annotated[kind, info],
        )
        for name, (kind, info) in options.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        prepare({name: kwargs.pop(name) for name in options}, kwargs)
        return command(*args, **kwargs)

    kept = [p for p in own.parameters.values() if p.name not in ("filters",)]
    wrapper.__signature__ = own.replace(parameters=kept + extra)  # type: ignore[attr-defined]
    return cast(Command, wrapper)


def with_filters(command: Command) -> Command:
    """Adds the filter options; the command receives them as ``filters`` (a FilterSpec)."""

    def prepare(values: Values, kwargs: Values) -> None:
        from confcli.filters import FilterSpec

        values["kind"] = tuple(values["kind"] or ())
        kwargs["filters"] = FilterSpec(**values)

    return _with_options(command, FILTER_OPTIONS, FILTER_DEFAULTS, prepare)


def complete_sessions(incomplete: str) -> list[str]:
    """Shell completion of session names from the library, quoted (confcli.completion)."""
    from confcli.app import session_titles
    from confcli.completion import shell_words

    return shell_words(session_titles(), incomplete)


def complete_kinds(incomplete: str) -> list[str]:
    from confcli.app import item_kinds
    from confcli.completion import shell_words

    return shell_words(item_kinds(), incomplete)


COMPLETERS = {"session": complete_sessions, "kind": complete_kinds}  # main: quoted words

OUTPUT_OPTIONS: Options = {
    "no_color": (bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set).")),
    "pager": (bool, typer.Option("--pager", help="Page long output (on a terminal).")),
}


def with_output(command: Command) -> Command:
    """Adds --no-color and --pager to a command that prints for people; they set up the
    Terminal (ctx.obj) before the command runs."""

    def prepare(values: Values, kwargs: Values) -> None:
        terminal = kwargs["ctx"].obj
        if values["no_color"]:
            terminal.color = False
        terminal.start_paging(values["pager"])

    return _with_options(command, OUTPUT_OPTIONS, {"no_color": False, "pager": False}, prepare)
