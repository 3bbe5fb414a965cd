"""From what users type to an FTS5 MATCH expression.

Users never write FTS5 syntax directly: every word becomes a quoted FTS5 string, so
punctuation in a query can never be read as an operator and raise an SQLite error.
"""

from __future__ import annotations

import re

from confcli.errors import QueryError

WORD = re.compile(r"\w+", re.UNICODE)


def fts_string(text: str) -> str:
    """An FTS5 string literal: double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def to_fts(text: str) -> str:
    """Plain words, all of which must match (in any column)."""
    words = WORD.findall(text)
    if not words:
        raise QueryError(f"nothing to search for in {text!r}")
    return " AND ".join(fts_string(word) for word in words)
