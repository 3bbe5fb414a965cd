"""The store: the library file, its schema, and every line of SQL confcli writes.

Nothing outside this package holds SQL text or imports sqlite3 (tests/test_sql_ownership.py).
"""

import sqlite3

from confcli.store.fts import MARK_END, MARK_START, Found
from confcli.store.library import Library, SessionSummary, StoreResult, default_path
from confcli.store.picks import Merged, Pick
from confcli.store.rows import AUTHOR_JOIN

# SQLite failing under a command (a damaged file, a full disk, a lock): the CLI maps these
# to a message with confcli.store.maintenance.failure.
DatabaseError = sqlite3.DatabaseError

__all__ = [
    "AUTHOR_JOIN",
    "MARK_END",
    "MARK_START",
    "DatabaseError",
    "Found",
    "Library",
    "Merged",
    "Pick",
    "SessionSummary",
    "StoreResult",
    "default_path",
]
