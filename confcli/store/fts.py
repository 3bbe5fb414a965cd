"""The search index's side of SQL (FTS5): a parsed search query (confcli.query) compiled
to a MATCH expression, how results are ranked and marked, and the index's vocabulary.

User text never reaches FTS5 as syntax: every word or phrase becomes a quoted FTS5 string,
and the only operators FTS5 sees are the ones written here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from confcli.errors import QueryError
from confcli.folding import fold_letters
from confcli.model import Item
from confcli.query import ONLY_EXCLUSIONS, AllOf, AnyOf, Node, Not, Query, Term
from confcli.store.marking import Wanted, highlight, snippet
from confcli.store.rows import item_of

# bm25 weights per FTS column (in the index's column order: confcli.store.schema.FTS_COLUMNS):
# a match in the title counts most, then authors, topic and keywords, session, abstract and
# institutions.
FTS_WEIGHTS = {
    "title": 10.0, "authors": 5.0, "session": 2.0, "abstract": 1.0,
    "topic": 3.0, "keywords": 3.0, "affiliations": 1.0,
}  # fmt: skip
# Around matched words in search results: Unicode noncharacters, kept for a program's
# internal use, so page text has no business holding them (confcli.marks checks).
MARK_START, MARK_END = "\ufdd0", "\ufdd1"
WEIGHTS = ", ".join(str(weight) for weight in FTS_WEIGHTS.values())  # as bm25() takes them


@dataclass(frozen=True, slots=True)
class Found:
    """A search result: the item, its relevance (higher is better), and its text with the
    matched words between MARK_START and MARK_END, by FTS column: the title, authors and
    session in full, the abstract as a snippet around the best match."""

    item: Item
    score: float
    marked: dict[str, str]


def match_text(query: Query) -> str:
    """The FTS5 MATCH expression of a parsed query."""
    return compile_fts(query.root)


def fts_string(text: str) -> str:
    """An FTS5 string literal: double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def compile_fts(node: Node) -> str:
    """The FTS5 expression, fully parenthesised so that FTS5's precedence never matters.
    The tree is one confcli.query.parse accepted: exclusions only inside an AND."""
    if isinstance(node, Term):
        # folded as the index was given its text (confcli.folding)
        string = fts_string(fold_letters(node.text)) + (" *" if node.prefix else "")
        return f"{node.column} : {string}" if node.column else string
    if isinstance(node, Not):
        raise QueryError(ONLY_EXCLUSIONS)
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(map(compile_fts, node.parts)) + ")"
    return _compile_all(node)


def _compile_all(node: AllOf) -> str:
    """FTS5's NOT is binary (``a NOT b``): the wanted parts first, then the unwanted."""
    wanted = [part for part in node.parts if not isinstance(part, Not)]
    unwanted = [part.operand for part in node.parts if isinstance(part, Not)]
    expression = " AND ".join(map(compile_fts, wanted))
    if not unwanted:
        return f"({expression})"
    return f"(({expression}) NOT ({' OR '.join(map(compile_fts, unwanted))}))"


# Every column but the abstract highlighted in full, the abstract as a snippet: marked in
# Python, in bounded work (confcli.store.marking), never by FTS5's highlight() and snippet().
MARKED_COLUMNS = tuple(FTS_WEIGHTS)
HIGHLIGHTED = tuple(name for name in MARKED_COLUMNS if name != "abstract")
MARKS = (MARK_START, MARK_END)


def found_of(row: sqlite3.Row, terms: list[Wanted]) -> Found:
    """A result row, marked where the query's terms matched it."""
    marked = {name: highlight(row[name] or "", terms, name, MARKS) for name in HIGHLIGHTED}
    marked["abstract"] = snippet(row["abstract"] or "", terms, "abstract", MARKS)
    return Found(item_of(row), round(row["score"], 4), marked)


def is_query_error(error: sqlite3.OperationalError) -> bool:
    """FTS5's complaints about a MATCH expression (not, say, a locked database)."""
    message = str(error)
    return any(
        sign in message for sign in ("fts5", "syntax error", "unterminated", "no such column")
    )


class IndexVocabulary:
    """The terms of the search index (fts5vocab), for correcting typos. The fts5vocab
    table is a temporary one: reading a library never changes its file."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_vocab "
            "USING fts5vocab(main, items_fts, 'row')"
        )

    def knows(self, term: str) -> bool:
        """Whether the index holds the term: as the vocabulary lists it, or as the index's
        own tokenizer reads the word (which folds some letters and keeps others)."""
        found = self.connection.execute("SELECT 1 FROM temp.items_vocab WHERE term = ?", (term,))
        if found.fetchone() is not None:
            return True
        matched = self.connection.execute(
            "SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT 1", (fts_string(term),)
        )
        return matched.fetchone() is not None

    def terms(self, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """(term, items) for the terms starting with ``first``, of a length in range: a
        range scan of the sorted vocabulary, so it reads only that letter's slice."""
        rows = self.connection.execute(
            "SELECT term, doc FROM temp.items_vocab WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ?",
            (first, chr(ord(first) + 1), shortest, longest),
        )
        return [(term, items) for term, items in rows]
