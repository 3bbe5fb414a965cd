"""Options shared by several commands, declared once (typer's Annotated aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

LibraryOption = Annotated[
    Path | None,
    typer.Option(
        "--library",
        envvar="CONFCLI_LIBRARY",
        show_default=False,
        metavar="PATH",
        help="Library file (default: in the user data dir; env CONFCLI_LIBRARY).",
    ),
]
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
    bool, typer.Option("--json", help="Print a JSON array on stdout instead of a table.")
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=1, show_default=False, help="Show at most N results."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        metavar="SHAPE",
        help="Read pages as this shape instead of detecting it: text, "
        "timed-session, poster-session, track-page.",
    ),
]
ConferenceOption = Annotated[
    str | None,
    typer.Option(
        "--conference",
        show_default=False,
        help="Conference of the pages, when they do not say (e.g. ICLR).",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=1990,
        max=2100,
        show_default=False,
        help="Conference year, when the pages do not say; pins dates without a year.",
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show a traceback on errors.", hidden=True)
]
