"""The layout frab schedule.json files are published in (Prettier's for JSON, 80 columns,
with Rails' escapes of ``&``, ``<`` and ``>``): what a frab export needs to give back the
bytes of a schedule it read (frabsource.py, from the records the frab reader keeps).

frab.py writes confcli's own schedules in confcli's JSON layout; the tests show that this
one lays out the real camp2019 schedule.json to the same bytes.

Rules: a value is written on one line when it fits in what is left of the line (counting
the comma after it); else an object puts each key, and an array each element, on a line
of its own, two spaces deeper. An array of two or more objects of several keys each is
always broken (Prettier's rule for lists of records). Empty ones are ``{}`` and ``[]``.
"""

from __future__ import annotations

import json

WIDTH = 80
INDENT = 2
RAILS_ESCAPES = {"&": "\\u0026", "<": "\\u003c", ">": "\\u003e"}


def layout(document: object) -> str:
    """The document as Prettier lays out JSON, with a final newline."""
    return _value(document, 0, 0, "") + "\n"


def _scalar(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        for character, escape in RAILS_ESCAPES.items():
            text = text.replace(character, escape)
    return text


def _flat(value: object) -> str:
    if isinstance(value, dict) and value:
        entries = ", ".join(f"{_scalar(key)}: {_flat(entry)}" for key, entry in value.items())
        return "{ " + entries + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(entry) for entry in value) + "]"
    return "{}" if isinstance(value, dict) else _scalar(value)


def _always_broken(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 1
        and all(isinstance(entry, dict) and len(entry) > 1 for entry in value)
    )


def _value(value: object, indent: int, column: int, after: str) -> str:
    """``value`` starting at ``column`` on a line whose block is ``indent`` deep, with
    ``after`` (a comma or nothing) following it."""
    flat = _flat(value)
    if not isinstance(value, dict | list) or not value:
        return flat
    if not _always_broken(value) and column + len(flat) + len(after) <= WIDTH:
        return flat
    inner = indent + INDENT
    if isinstance(value, dict):
        keys = [f"{_scalar(key)}: " for key in value]
        parts = [(key, entry) for key, entry in zip(keys, value.values(), strict=True)]
    else:
        parts = [("", entry) for entry in value]
    lines = []
    for number, (key, entry) in enumerate(parts, 1):
        comma = "," if number < len(parts) else ""
        text = _value(entry, inner, inner + len(key), comma)
        lines.append(f"{' ' * inner}{key}{text}{comma}")
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + "\n" + "\n".join(lines) + "\n" + " " * indent + closing
