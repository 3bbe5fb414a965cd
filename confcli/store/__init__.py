"""The store: the library file, its schema, and every line of SQL confcli writes.

Nothing outside this package holds SQL text or imports sqlite3 (tests/test_sql_ownership.py).
"""

from confcli.store.library import (
    Found,
    Library,
    SessionSummary,
    StoreResult,
    default_path,
)

__all__ = ["Found", "Library", "SessionSummary", "StoreResult", "default_path"]
