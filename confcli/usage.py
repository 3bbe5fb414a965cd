"""Click's usage errors as confcli says them: one line starting ``confcli: error:``, what
to do next, and a group run bare (``confcli``) taken as a request for its help."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer import TyperException
    from typer._click.core import Context


def is_bare_group(error: TyperException) -> bool:
    """`confcli` or `confcli library` alone: click printed the help and calls it an error."""
    return _is_a(error, "NoArgsIsHelpError")


def _is_a(error: Exception, name: str) -> bool:
    """By class name: typer carries its own copy of click's exceptions (typer._click)."""
    return any(kind.__name__ == name for kind in type(error).__mro__)


def usage_message(error: TyperException, args: list[str]) -> str:
    """The message, a hint for a word that looks like an option, and where help is."""
    context: Context | None = getattr(error, "ctx", None)
    where = context.command_path if context else "confcli"
    hint = _dash_word_hint(error, args, context)
    return f"{error.format_message()}{hint} (see `{where} --help`)"


def _dash_word_hint(error: TyperException, args: list[str], context: Context | None) -> str:
    """`confcli search -lottery`: a word meant as text, read as options; `--` says so."""
    option = getattr(error, "option_name", None)
    if not _is_a(error, "NoSuchOption") or context is None or not option:
        return ""
    if not any(param.param_type_name == "argument" for param in context.command.params):
        return ""
    word = _typed_word(option, args)
    if word is None:
        return ""
    return (
        f"; a word starting with '-' goes after `--`: `{context.command_path} -- {_quoted(word)}`"
    )


def _typed_word(option: str, args: list[str]) -> str | None:
    """The word the user typed that click read as ``option`` ('-l' of '-lottery')."""
    for arg in args:
        if arg == "--":
            return None
        if arg == option or (arg.startswith(option) and not arg.startswith("--")):
            return arg
    return None


def _quoted(word: str) -> str:
    return shlex.quote(word)
