"""The store (confcli/store/) is the only owner of SQL: no module outside it holds SQL text,
FTS5 query text or imports sqlite3 (even catching SQLite's errors goes through the store:
confcli.store.DatabaseError). Read from the source with ``ast``, so a docstring that
explains a query in words passes and a string that is one fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "confcli"
STORE = PACKAGE / "store"

# SQL keywords in capitals, as SQL is written here, in the company only SQL keeps: prose
# says "select", "from" and "where" in lower case, and never "DELETE FROM" or "LIKE ?".
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b"
    r"|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP)\s+(?:(?:VIRTUAL|TEMP|TEMPORARY|UNIQUE)\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bALTER\s+TABLE\b|\bPRAGMA\s+\w+|\bATTACH\s+(?:DATABASE\b|['\"?])"
    r"|\bWHERE\b\s+[\w.\"(]+\s*(?:=|!=|<>|<=?|>=?|\bIN\b|\bIS\b|\bLIKE\b|\bMATCH\b)"
    r"|\bLIKE\s+\?|\bCOLLATE\s+\w+|\bMATCH\s+\?|\bESCAPE\s+'|\bIN\s*\(\s*\?"
    r"|\bIS\s+(?:NOT\s+)?NULL\b|\bGROUP\s+BY\b|\bORDER\s+BY\b"
    r"|\b\w+\.\w+\s*(?:=|!=|<>|<=?|>=?)\s*\?"  # a column compared with a parameter
    r"|\w\(\?\)|\?\s*\|\|"  # a function of a parameter; a parameter concatenated
    r"|^\s*(?:BEGIN(?:\s+IMMEDIATE|\s+EXCLUSIVE)?|COMMIT|ROLLBACK)\s*;?\s*$"
    r"|^\s+(?:AND|OR|NOT)\s+$"  # an SQL or FTS5 operator, for joining clauses or terms
)


def sql_like(text: str) -> bool:
    return SQL.search(text) is not None


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string constant; an f-string counts as its constant parts
    joined (its fields as ``?``), so SQL split around a field is still seen whole."""
    found: list[tuple[int, str]] = []
    inside_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [part.value if isinstance(part, ast.Constant) else "?" for part in node.values]
            inside_fstrings.update(id(part) for part in node.values)
            found.append((node.lineno, "".join(map(str, parts))))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in inside_fstrings:
                found.append((node.lineno, node.value))
    return found


def _imports_sqlite3(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name == "sqlite3" or name.startswith("sqlite3.") for name in names):
            lines.append(node.lineno)
    return lines


def problems(source: str, name: str) -> list[str]:
    """Where a module outside the store holds SQL or imports sqlite3."""
    tree = ast.parse(source, name)
    found = [
        f"{name}:{line}: SQL text {text[:60]!r}" for line, text in _strings(tree) if sql_like(text)
    ]
    found += [f"{name}:{line}: imports sqlite3" for line in _imports_sqlite3(tree)]
    return found


def modules_outside_the_store() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if STORE not in path.parents)


def test_no_sql_outside_the_store():
    assert modules_outside_the_store(), "no modules found: is PACKAGE right?"
    found = [
        problem
        for path in modules_outside_the_store()
        for problem in problems(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    ]
    assert found == []


def test_the_store_is_where_the_sql_is():
    """The checker sees the SQL that is there: the store's own modules are full of it."""
    flagged = {
        path.name
        for path in STORE.glob("*.py")
        if any(sql_like(text) for _, text in _strings(ast.parse(path.read_text("utf-8"))))
    }
    assert {"library.py", "schema.py", "conditions.py", "maintenance.py"} <= flagged


@pytest.mark.parametrize(
    "snippet",
    [
        'QUERY = "SELECT * FROM items WHERE id = ?"',
        'rows = db.execute(f"SELECT {columns} FROM {table}")',
        'db.execute("DELETE FROM items")',
        "sql = 'INSERT INTO items_fts(items_fts) VALUES(1)'",
        'db.execute("PRAGMA user_version")',
        'clause = "items.title = ? COLLATE NOCASE"',
        "clause = \"items.id LIKE ? || '%'\"",
        'clause = "items.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"',
        'clause = f"items.kind IN ({marks})"',
        'clause = "items.paper_id = ? AND items.id != ?"',
        'clause = "items.award IS NOT NULL"',
        'clause = "instr(lower(items.title), lower(?)) > 0"',
        'db.execute("BEGIN IMMEDIATE")',
        'SCHEMA = """\\nCREATE VIRTUAL TABLE items_fts USING fts5(title)\\n"""',
        'text = " OR ".join(parts)',
        "import sqlite3",
        "from sqlite3 import connect",
    ],
)
def test_the_checker_catches_sql(snippet):
    assert problems(snippet, "snippet.py")


@pytest.mark.parametrize(
    "snippet",
    [
        '"""Select the items from a session, where the user asked for them."""',
        'HELP = "pruning OR sparsity: either word; NOT lottery leaves it out"',
        'KEYWORDS = {"OR": "or", "AND": "and", "NOT": "not"}',
        'message = "the library is damaged: see `confcli library check`"',
        'error = "an update from the site: drop the old table of contents"',
        'note = "Q&A and breaks have no authors; in a session ORDER matters"',
    ],
)
def test_the_checker_passes_prose(snippet):
    assert problems(snippet, "snippet.py") == []
