"""Where a search result matched, marked in bounded work.

FTS5's highlight() and snippet() take time quadratic in a word's occurrences (snippet()
scores a fragment at every occurrence by walking every occurrence): an abstract repeating
the searched word 40,000 times took 20 s, a 5 MB one hours. Here the same marks are found
in Python over the first MARK_CHARS characters of each field, with at most MAX_HITS
occurrences scored for the snippet: linear in that window, whatever the page holds.

The marks follow FTS5's own: the words of a query's wanted terms (a phrase where all its
words follow each other, a prefix at a word's start), overlapping matches joined into one
span, and the abstract's snippet chosen as FTS5 chooses it (SNIPPET_TOKENS words, a
sentence's start preferred, else centred on the matches).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from confcli.query import WORD, Node, Not, Query, Term, fold

MARK_CHARS = 20_000  # characters of a field searched for marks (the rest shown unmarked)
MAX_HITS = 200  # occurrences scored when choosing the snippet
SNIPPET_TOKENS = 10  # words of abstract shown around a match
ELLIPSIS = "…"
# A sentence starts at a word after whitespace after '.' or ':' (FTS5's sentence finder).
SENTENCE_END = re.compile(r"[.:]\s+$")


@dataclass(frozen=True, slots=True)
class Wanted:
    """A term of the query as the index reads it: its column (None: any), folded words."""

    column: str | None
    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True, slots=True)
class Tokens:
    """A field's words: where each starts and ends in the text, and how the index folds it."""

    starts: list[int]
    ends: list[int]
    folded: list[str]
    complete: bool  # the whole field (not cut at MARK_CHARS)


def wanted_terms(query: Query) -> list[Wanted]:
    """The terms results are marked for: every wanted word or phrase, not exclusions."""
    return [
        Wanted(term.column, tuple(fold(m[0]) for m in WORD.finditer(term.text)), term.prefix)
        for term in _wanted(query.root)
    ]


def _wanted(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node] if WORD.search(node.text) else []
    if isinstance(node, Not):
        return []
    return [term for part in node.parts for term in _wanted(part)]


def tokens(text: str) -> Tokens:
    window = text[:MARK_CHARS]
    found = list(WORD.finditer(window.lower() if window.isascii() else window))
    folded = [m[0] if window.isascii() else fold(m[0]) for m in found]
    return Tokens(
        [m.start() for m in found], [m.end() for m in found], folded, len(text) <= MARK_CHARS
    )


Hit = tuple[int, int, int]  # first word, last word, which term


def hits(words: Tokens, terms: list[Wanted], column: str) -> list[Hit]:
    """Each match of a term in the column, in order."""
    found = []
    for number, term in enumerate(terms):
        if term.column in (None, column) and term.words:
            found += [(first, last, number) for first, last in _matches(words.folded, term)]
    return sorted(found)


def _matches(folded: list[str], term: Wanted) -> list[tuple[int, int]]:
    """Where the term's words follow each other: str.find over the words joined by spaces
    (linear, in C), each find checked to begin and end on a word's boundary."""
    joined = " ".join(folded)
    offsets, at = [], 0
    for word in folded:
        offsets.append(at)
        at += len(word) + 1
    needle, size, found, position = " ".join(term.words), len(term.words), [], 0
    while (position := joined.find(needle, position)) >= 0:
        end = position + len(needle)
        starts_word = position == 0 or joined[position - 1] == " "
        ends_word = term.prefix or end == len(joined) or joined[end] == " "
        if starts_word and ends_word:
            first = bisect_left(offsets, position)
            found.append((first, first + size - 1))
        position += 1
    return found


def joined_spans(found: list[Hit]) -> list[tuple[int, int]]:
    """Overlapping matches as one span of words (FTS5 coalesces them so)."""
    spans: list[tuple[int, int]] = []
    for first, last, _ in found:
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((first, last))
    return spans


def highlight(text: str, terms: list[Wanted], column: str, marks: tuple[str, str]) -> str:
    """The whole text, its matched words between the marks."""
    words = tokens(text)
    return _marked(text, words, joined_spans(hits(words, terms, column)), marks, 0, len(text))


def _marked(
    text: str, words: Tokens, spans: list[tuple[int, int]], marks: tuple[str, str], start: int,
    end: int,
) -> str:  # fmt: skip
    pieces, cursor = [], start
    for first, last in spans:
        begin, stop = max(words.starts[first], start), min(words.ends[last], end)
        if begin >= stop:
            continue
        pieces += [text[cursor:begin], marks[0], text[begin:stop], marks[1]]
        cursor = stop
    pieces.append(text[cursor:end])
    return "".join(pieces)


def snippet(text: str, terms: list[Wanted], column: str, marks: tuple[str, str]) -> str:
    """SNIPPET_TOKENS words of the text around its best match, marked, with an ellipsis
    where the text goes on; "" when nothing in it matched."""
    words = tokens(text)
    found = hits(words, terms, column)[:MAX_HITS]
    if not found:
        return ""
    count = len(words.folded)
    first = _best_start(words, found, text, count)
    last = min(first + SNIPPET_TOKENS, count) - 1
    start = words.starts[first] if first else 0
    reaches_end = last >= count - 1 and words.complete
    end = len(text) if reaches_end else words.ends[last]
    body = _marked(text, words, joined_spans(found), marks, start, end)
    return (ELLIPSIS if first else "") + body + ("" if reaches_end else ELLIPSIS)


def _best_start(words: Tokens, found: list[Hit], text: str, count: int) -> int:
    """The first word of the fragment FTS5 would show: the best-scoring window at a
    match (centred on its matches), or at the start of the match's sentence (a bonus)."""
    sentences = [n for n in range(count) if n == 0 or _after_sentence(text, words, n)]
    best, best_score = 0, -1
    for first, _, _ in found:
        score, centred = _score(found, first, count)
        if score > best_score:
            best, best_score = centred, score
        sentence = sentences[bisect_left(sentences, first + 1) - 1]
        if sentence < first and count > SNIPPET_TOKENS:
            bonus = 120 if sentence == 0 else 100
            score = _score(found, sentence, count)[0] + bonus
            if score > best_score:
                best, best_score = sentence, score
    return best


def _after_sentence(text: str, words: Tokens, n: int) -> bool:
    between = text[words.ends[n - 1] : words.starts[n]]
    return bool(SENTENCE_END.search(between))


def _score(found: list[Hit], start: int, count: int) -> tuple[int, int]:
    """FTS5's score of the window of words from ``start`` (1000 a term's first match in
    it, 1 a repeat), and that window moved to centre its matches."""
    window = (start, -1, -1), (start + SNIPPET_TOKENS, -1, -1)
    inside = found[bisect_left(found, window[0]) : bisect_left(found, window[1])]
    if not inside:
        return 0, start
    terms = {term for _, _, term in inside}
    score = 1000 * len(terms) + len(inside) - len(terms)
    low, high = inside[0][0], max(last for _, last, _ in inside) + 1
    centred = low - int((SNIPPET_TOKENS - (high - low)) / 2)
    centred = min(centred, count - SNIPPET_TOKENS)
    return score, max(centred, 0)
