"""When filters select nothing, say why. A value the library does not hold at all (``-c
ICRL``, ``--kind orla``) is a mistake, named with the close value, as an unknown
``--session`` is; known values whose combination selects nothing are an honest, empty
answer. A search whose words matched but whose filters removed every hit says which."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import fields, replace
from typing import TYPE_CHECKING

from confcli.errors import NotFoundError
from confcli.filters import FilterSpec
from confcli.model import slug

if TYPE_CHECKING:
    from confcli.store import Library

# (filter, what it is called, the values the library holds, does a held value match it)
Check = tuple[str, str, Callable[["Library"], list[str]], Callable[[str, str], bool]]


def _equal(wanted: str, held: str) -> bool:
    return wanted.casefold() == held.casefold()


def _kind(wanted: str, held: str) -> bool:
    return slug(wanted) == held


def _contained(wanted: str, held: str) -> bool:
    return wanted.strip().casefold() in held.casefold()


# The kinds --kind's help names: known to confcli, so not a typo in a library without them.
KNOWN_KINDS = ("oral", "spotlight", "poster", "qa", "break")


def _kinds(library: Library) -> list[str]:
    return sorted({*library.kinds(), *KNOWN_KINDS})


CHECKS: tuple[Check, ...] = (
    ("conference", "conference", lambda library: library.conferences(), _equal),
    ("kind", "kind", _kinds, _kind),
    ("room", "room", lambda library: library.rooms(), _contained),
    ("topic", "topic", lambda library: library.topics(), _contained),
    ("decision", "decision", lambda library: library.decisions(), _contained),
)


def check_known_values(library: Library, spec: FilterSpec) -> None:
    """Raises NotFoundError for a filter value no item in the library has."""
    for name, called, held_values, matches in CHECKS:
        given = getattr(spec, name)
        for wanted in given if isinstance(given, tuple) else (given,) if given else ():
            held = held_values(library)
            if not any(matches(wanted, value) for value in held):
                raise NotFoundError(_unknown(f"--{name}", called, wanted, held))


def _unknown(option: str, called: str, wanted: str, held: list[str]) -> str:
    folded = {value.casefold(): value for value in held}  # case apart: 'iclr' is 'ICLR'
    close = [folded[c] for c in difflib.get_close_matches(wanted.casefold(), folded, n=3)]
    transposed = [value for value in close if _transposed(wanted, value)]
    close = transposed[:1] or close  # ICRL: surely ICLR, not ICML
    message = f"{option}: the library holds no {called} {wanted!r}"
    if close:
        return f"{message}; did you mean {' or '.join(close)}?"
    shown = ", ".join(held[:8]) + (", …" if len(held) > 8 else "")
    return f"{message} (it holds: {shown or 'none'})"


def _transposed(typed: str, held: str) -> bool:
    """The same letters in another order: a typo of this value, not of a neighbour."""
    return sorted(typed.casefold()) == sorted(held.casefold())


# --- which filters removed the hits --------------------------------------------------------


def given_filters(spec: FilterSpec) -> list[FilterSpec]:
    """The spec as one spec per filter given (``--kind a --kind b`` stays one)."""
    empty = FilterSpec()
    return [
        replace(empty, **{f.name: getattr(spec, f.name)})
        for f in fields(spec)
        if getattr(spec, f.name) not in (None, (), False)
    ]


def described(spec: FilterSpec) -> str:
    """'--day mon, --kind oral': the filters of a spec as typed."""
    parts = []
    for f in fields(spec):
        value = getattr(spec, f.name)
        if value in (None, (), False):
            continue
        option = f"--{f.name}"
        if value is True:
            parts.append(option)
        elif isinstance(value, tuple):
            parts.extend(f"{option} {item}" for item in value)
        else:
            parts.append(f"{option} {value}")
    return ", ".join(parts)
