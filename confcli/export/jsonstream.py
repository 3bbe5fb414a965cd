"""JSON written piece by piece, byte for byte as ``render.jsonout.dumps`` writes the whole
document (two-space indent, UTF-8 as is, invisible characters escaped).

A document may be or hold (in an :class:`Array` or :class:`Object`, not in a plain dict or
list) :class:`Array` and :class:`Object` values whose members come from an iterator:
they are written as the iterator gives them, so an export of any size never
holds more than one record. Everything else is written by :func:`indented`, which writes
what ``json.dumps(value, indent=2)`` does, several times faster (json's indenting encoder
is pure Python).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring  # C (ensure_ascii=False's own)
from typing import Any

from confcli.render.jsonout import escape_invisible

INDENT = "  "


@dataclass(frozen=True)
class Array:
    """A JSON array whose elements are read from ``elements`` as it is written."""

    elements: Iterable[Any]


@dataclass(frozen=True)
class Object:
    """A JSON object whose (key, value) members are read as it is written."""

    members: Iterable[tuple[str, Any]]


def document(value: Any) -> Iterator[str]:
    """The pieces of ``dumps(value)``: the value, then a newline."""
    for piece in pieces(value, 0):
        yield escape_invisible(piece)
    yield "\n"


def pieces(value: Any, level: int) -> Iterator[str]:
    """The value as JSON at nesting ``level``, in pieces."""
    if isinstance(value, Array):
        yield from _container("[", "]", value.elements, level, _element)
    elif isinstance(value, Object):
        yield from _container("{", "}", value.members, level, _member)
    else:
        yield indented(value, level)


def _element(value: Any, level: int) -> Iterator[str]:
    return pieces(value, level)


def _member(member: tuple[str, Any], level: int) -> Iterator[str]:
    key, value = member
    yield _key(key) + ": "
    yield from pieces(value, level)


def _container(
    open_: str, close: str, members: Iterable[Any], level: int, write: Any
) -> Iterator[str]:
    inner = "\n" + INDENT * (level + 1)
    first = True
    for member in members:
        yield (open_ if first else ",") + inner
        first = False
        yield from write(member, level + 1)
    yield open_ + close if first else "\n" + INDENT * level + close


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` at nesting ``level``."""
    kind = type(value)
    if kind is str:
        text: str = encode_basestring(value)
        return text
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        return _object(value, level)
    if kind is list or kind is tuple:
        return _array(value, level)
    return json.dumps(value, ensure_ascii=False)  # floats and the rest, as json writes them


def _object(value: dict[Any, Any], level: int) -> str:
    if not value:
        return "{}"
    inner = _newline(level + 1)
    parts = []
    for key, item in value.items():
        # A string or null value, the most common, written here: a call less for each.
        head = inner + (encode_basestring(key) if type(key) is str else _key(key)) + ": "
        if type(item) is str:
            parts.append(head + encode_basestring(item))
        elif item is None:
            parts.append(head + "null")
        else:
            parts.append(head + indented(item, level + 1))
    return "{" + ",".join(parts) + _newline(level) + "}"


def _array(value: list[Any] | tuple[Any, ...], level: int) -> str:
    if not value:
        return "[]"
    inner = _newline(level + 1)
    try:  # all strings (authors): encoded by json's C function, one call for all
        parts = list(map(encode_basestring, value))
    except TypeError:
        parts = [indented(item, level + 1) for item in value]
    return "[" + inner + ("," + inner).join(parts) + _newline(level) + "]"


def _newline(level: int) -> str:
    return NEWLINES[level] if level < len(NEWLINES) else "\n" + INDENT * level


NEWLINES = tuple("\n" + INDENT * level for level in range(16))


def _key(key: Any) -> str:
    if isinstance(key, str):
        text: str = encode_basestring(key)
        return text
    written = json.dumps(key)  # json's own rules for a number, true or null as a key
    return written if written.startswith('"') else f'"{written}"'
