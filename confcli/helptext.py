"""Help that reads like a man page: typer writes a required argument as ``{PATH}`` in the
usage line and gives it a ``<str>`` type column; confcli's arguments say ``PATH...`` and
their metavar is their whole description."""

from __future__ import annotations

from typing import Any


def tidy_arguments(command: Any) -> Any:
    """Every argument of ``command`` and its subcommands (click objects, changed in place)
    shows its metavar alone: ``PATH...`` in the usage line, no type placeholder."""
    for sub in getattr(command, "commands", {}).values():
        tidy_arguments(sub)
    for param in getattr(command, "params", ()):
        if param.param_type_name == "argument" and param.metavar:
            _plain_metavar(param)
    return command


def _plain_metavar(param: Any) -> None:
    shown = param.metavar + ("..." if param.nargs != 1 else "")
    if not param.required:
        shown = f"[{shown}]"
    param.make_metavar = lambda ctx=None, usage=False: shown
    kind = type(param.type)
    # The rich help's type column asks the type; an instance of a subclass answers "".
    param.type = type(kind.__name__, (kind,), {"get_metavar": lambda self, *a, **k: ""})()
