"""Shell completion's words: quoted for the shell (`-s Deep<TAB>` gives 'Deep Learning'),
and never a control character from a page's title on the user's command line."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from typing import Any

from confcli.render.safe import UNSAFE_WITH_NEWLINE

Completer = Callable[[str], list[str]]


def typed(incomplete: str) -> str:
    """What the user typed so far, without the quote they may have opened."""
    return incomplete.lstrip("'\"").casefold()


def shell_words(names: list[str], incomplete: str) -> list[str]:
    """The names starting with what was typed, each as one shell word. A name holding a
    control character is completed up to it: --session takes a unique prefix."""
    wanted = typed(incomplete)
    words: dict[str, None] = {}
    for name in names:
        if name.casefold().startswith(wanted):
            safe = UNSAFE_WITH_NEWLINE.split(name, maxsplit=1)[0]
            if safe.strip():
                words[shlex.quote(safe)] = None
    return list(words)


def quote_completions(command: Any, completers: Mapping[str, Completer]) -> Any:
    """Hands the shell the quoted words: typer keeps only completions that start with the
    text typed (a quoted 'Deep Learning' does not start with Deep), so the options named in
    ``completers`` answer click directly."""
    for sub in getattr(command, "commands", {}).values():
        quote_completions(sub, completers)
    for param in getattr(command, "params", ()):
        complete = completers.get(param.name)
        if complete is not None:
            param._custom_shell_complete = _items_of(complete)
    return command


def _items_of(complete: Completer) -> Callable[[Any, Any, str], list[Any]]:
    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        # typer carries its own click (typer is pinned in pyproject)
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(word) for word in complete(incomplete)]

    return shell_complete
