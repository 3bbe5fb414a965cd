"""Typo tolerance: words the index does not know, corrected against the words it does.

A word is corrected to the closest term of the index's vocabulary by Damerau–Levenshtein
distance (optimal string alignment: an insertion, deletion, substitution or swap of two
neighbours each cost 1), at most 1 for words of up to five letters and 2 for longer ones;
among equally close terms the one in the most items wins. Candidates are only the terms
that start with the word's first letter (and, when none is close, with its second: a
swapped or an extra first letter) and whose length is in reach, so a correction reads a
slice of the vocabulary, never all of it. Words with digits and words shorter than three
letters are never corrected: too many terms are close to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from confcli.query import FIELDS, KEYWORDS, Query, Word, parse, replace_words, searched_words

MIN_LENGTH = 3
SHORT_WORD = 5  # up to this many letters: one edit; longer: two
# Words looked up, and unknown words corrected, per query: a phrase counts once against the
# query's term limit but may hold thousands of words, each a scan of the vocabulary.
MAX_LOOKED_UP = 64
MAX_CORRECTED = 16


class Vocabulary(Protocol):
    """The index's terms (as stored: folded) and how many items hold each."""

    def knows(self, term: str) -> bool: ...

    def terms(self, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """(term, items) for the terms starting with ``first``, of a length in range."""
        ...


@dataclass(frozen=True, slots=True)
class Correction:
    query: Query  # the corrected query, parsed
    words: tuple[tuple[str, str], ...]  # (as typed, as corrected), in query order

    @property
    def text(self) -> str:
        return self.query.text


def correct_query(query: Query, vocabulary: Vocabulary) -> Correction | None:
    """The query with its unknown words corrected (the first MAX_CORRECTED of them);
    None when none is unknown, or none is close to a known term. A corrected word is
    never syntax: not an operator (``ANN`` is not corrected to ``AND``), not a scope."""
    fixes: dict[Word, str] = {}
    for word in _unknown(query, vocabulary)[:MAX_CORRECTED]:
        fix = correct(word.key, vocabulary)
        if fix is not None and not _becomes_a_scope(query.text, word, fix):
            fixes[word] = _cased_like(word.text, fix)
    if not fixes:
        return None
    corrected = parse(replace_words(query.text, fixes))
    return Correction(corrected, tuple((word.text, fix) for word, fix in fixes.items()))


def _unknown(query: Query, vocabulary: Vocabulary) -> list[Word]:
    """The words the index does not hold, as folded or as typed (the index's tokenizer
    knows best which letters it folds: Greek accents, say, it keeps)."""
    words = searched_words(query)[:MAX_LOOKED_UP]
    return [
        word for word in words if not vocabulary.knows(word.key) and not _holds(vocabulary, word)
    ]


def _holds(vocabulary: Vocabulary, word: Word) -> bool:
    return word.text != word.key and vocabulary.knows(word.text)


def _becomes_a_scope(text: str, word: Word, fix: str) -> bool:
    """``titel:x`` is a word (the index reads two); corrected to ``title:x`` it would be a
    scope."""
    return text[word.end : word.end + 1] == ":" and fix.lower() in FIELDS


def _cased_like(typed: str, term: str) -> str:
    """The index's (lower-case) term, capitalised as the user typed the word; never an
    operator (operators are upper case: the term stays lower case then)."""
    if len(typed) > 1 and typed.isupper():
        return term if term.upper() in KEYWORDS else term.upper()
    return term[:1].upper() + term[1:] if typed[:1].isupper() else term


def allowed_distance(word: str) -> int:
    if len(word) < MIN_LENGTH or any(char.isdigit() for char in word):
        return 0
    return 1 if len(word) <= SHORT_WORD else 2


def correct(word: str, vocabulary: Vocabulary) -> str | None:
    """The closest known term to a (folded) word, or None."""
    limit = allowed_distance(word)
    if not limit:
        return None
    for first in dict.fromkeys(word[:2]):
        terms = vocabulary.terms(first, len(word) - limit, len(word) + limit)
        if (found := closest(word, terms, limit)) is not None:
            return found
    return None


def closest(word: str, terms: Iterable[tuple[str, int]], limit: int) -> str | None:
    """The nearest term within ``limit`` edits; ties go to the term in more items, then
    to the first in alphabetical order (so the answer never depends on the scan order)."""
    best: tuple[int, int, str] | None = None
    for term, items in terms:
        distance = edit_distance(word, term, limit)
        if distance <= limit and (best is None or (distance, -items, term) < best):
            best = (distance, -items, term)
    return None if best is None else best[2]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b, or ``limit + 1`` as soon as it
    must exceed ``limit`` (most candidates are rejected after a row or two)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)  # two neighbours swapped
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
