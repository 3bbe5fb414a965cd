"""The search language: what users type, parsed to a small tree (confcli.store.fts
compiles it to FTS5). A malformed query raises QueryError with a one-line explanation.

    lottery ticket              every word, in any field
    "lottery ticket"            the exact phrase
    title:lottery               a scope: title:, author:, abstract:, session: (on a word,
    author:"Yoshua Bengio"        a phrase or a parenthesised group)
    pruning OR sparsity         either; OR binds tighter than the implicit AND, as in
                                  Gmail: ``a b OR c`` is ``a AND (b OR c)``
    pruning -lottery            leaves out (also ``NOT lottery``); needs a word to find
    transform*                  a prefix
    (pruning OR sparsity) -lottery
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import overload

from confcli.errors import QueryError
from confcli.folding import fold_letters

# The scopes users write, and the FTS5 column each one searches.
FIELDS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "abstract": "abstract",
    "session": "session",
    "topic": "topic",
    "keyword": "keywords",
    "keywords": "keywords",
    "affiliation": "affiliations",
    "affiliations": "affiliations",
    "institution": "affiliations",
}
MAX_DEPTH = 16  # nested parentheses; deeper is surely not typed by a person
MAX_TERMS = 64
TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<open>\()|(?P<close>\))"
    r'|"(?P<phrase>[^"]*)"(?P<star>\*?)|(?P<quote>")'
    rf"|(?P<field>(?i:{'|'.join(FIELDS)})):"
    r"|(?P<minus>-)"
    r'|(?P<word>[^\s()"]+)'
)
KINDS = ("space", "open", "close", "phrase", "quote", "field", "minus", "word")
KEYWORDS = {"OR": "or", "AND": "and", "NOT": "not"}
# A letter or digit: what FTS5's tokenizer keeps. A term without one is an empty phrase
# to FTS5, which matches nothing and would silently empty a whole AND.
SEARCHABLE = re.compile(r"[^\W_]")
WORD = re.compile(r"[^\W_]+")
# Control characters separate words for FTS5 anyway, but a NUL would end its string early.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

BARE_OR = "OR needs a word on each side, as in 'pruning OR sparsity'"
LONE_MINUS = "a lone '-': put the word to leave out right after it, as in 'pruning -lottery'"
NOT_ALONE = "NOT needs a word after it, as in 'pruning NOT lottery'"
ONLY_EXCLUSIONS = (
    "a query cannot only leave words out: add a word to find, as in 'pruning -lottery'"
)
EXCLUSION_IN_OR = (
    "OR cannot choose an exclusion: leave words out after the choice, "
    "as in '(pruning OR sparsity) -lottery'"
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # one of KINDS (not space), or a keyword: or, and, not
    text: str
    at: int  # where the token begins in the query
    start: int  # where its text begins (after a phrase's quote)
    prefix: bool = False  # a trailing *


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase: all its words, in order, in one column (or any)."""

    text: str
    column: str | None
    phrase: bool
    prefix: bool
    start: int  # where ``text`` begins in the query


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Node, ...]


Node = Term | Not | AllOf | AnyOf


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # as the user typed it
    root: Node


@dataclass(frozen=True, slots=True)
class Word:
    """A searched word, where it stands in the query, and how the index spells it."""

    start: int
    end: int
    text: str
    key: str


def parse(text: str) -> Query:
    """The query, parsed; QueryError when it is malformed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the query is not valid text (it holds undecodable bytes)") from None
    root = _Parser(text).query()
    _check(root)
    return Query(text, root)


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        assert match is not None  # some alternative matches any character
        position = match.end()
        kind = next(name for name in KINDS if match.group(name) is not None)
        if kind != "space":
            tokens.append(_token(kind, match))
    return tokens


def _token(kind: str, match: re.Match[str]) -> Token:
    at = match.start()
    if kind == "quote":
        raise QueryError(f"unbalanced quote: {match.string[at:]!r} has no closing quote")
    if kind == "phrase":
        return Token(kind, match["phrase"], at, at + 1, prefix=bool(match["star"]))
    if kind == "field":
        return Token(kind, match["field"], at, at)
    text = match.group(kind)
    if kind == "word" and text in KEYWORDS:
        return Token(KEYWORDS[text], text, at, at)
    if kind == "word" and text.endswith("*"):
        return Token(kind, text.rstrip("*"), at, at, prefix=True)
    return Token(kind, text, at, at)


class _Parser:
    """Recursive descent over the grammar::

    query   := group
    group   := choice+                  (all must match; AND may be written)
    choice  := unary ("OR" unary)*
    unary   := ("-" | "NOT") primary | primary
    primary := field ":" primary | "(" group ")" | word ["*"] | '"' phrase '"' ["*"]
    """

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.position = 0
        self.depth = 0
        self.terms = 0
        self.column: str | None = None  # the scope in force

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        if token is not None:
            self.position += 1
        return token

    def query(self) -> Node:
        parts = self.group()
        if self.peek() is not None:  # only a ')' ends a group early
            raise QueryError("unbalanced parenthesis: a ')' has no '(' before it")
        if not parts:
            raise QueryError(f"nothing to search for in {self.text!r}")
        return _all(parts)

    def group(self) -> list[Node]:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind != "close":
            if token.kind == "and":  # AND is what words next to each other mean anyway
                self.take()
            elif (part := self.choice()) is not None:
                parts.append(part)
        return parts

    def choice(self) -> Node | None:
        options: list[Node | None] = [self.unary()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            options.append(self.unary())
        if len(options) == 1:
            return options[0]
        if None in options:
            raise QueryError(BARE_OR)
        return AnyOf(tuple(option for option in options if option is not None))

    def unary(self) -> Node | None:
        token = self.take()
        if token is None or token.kind in ("or", "and", "close"):
            raise QueryError(BARE_OR)  # only an OR leaves us here without a term
        if token.kind == "minus":
            operand = self.take()
            if operand is None or operand.at != token.at + 1:
                raise QueryError(LONE_MINUS)
            return Not(self.primary(operand, LONE_MINUS))
        if token.kind == "not":
            return Not(self.primary(self.take(), NOT_ALONE))
        return self.primary(token, None)

    @overload
    def primary(self, token: Token | None, required: str) -> Node: ...
    @overload
    def primary(self, token: Token | None, required: None) -> Node | None: ...
    def primary(self, token: Token | None, required: str | None) -> Node | None:
        """A term or a group; an empty one is skipped, unless ``required`` says why not."""
        if token is None:
            raise QueryError(required or BARE_OR)
        kind = token.kind
        if kind == "field":
            return self.scoped(token)
        if kind == "open":
            node = self.parenthesised()
        elif kind in ("word", "phrase"):
            node = self.term(token)
        else:
            raise QueryError(required or BARE_OR)
        if node is None and required:
            raise QueryError(required)
        return node

    def scoped(self, field: Token) -> Node:
        required = (
            f"{field.text}: needs a word or a \"phrase\" right after it, as in 'title:lottery'"
        )
        operand = self.take()
        if operand is None or operand.at != field.at + len(field.text) + 1:
            raise QueryError(required)
        outer, self.column = self.column, FIELDS[field.text.lower()]
        try:
            return self.primary(operand, required)
        finally:
            self.column = outer

    def parenthesised(self) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"too many nested parentheses (at most {MAX_DEPTH})")
        parts = self.group()
        if self.take() is None:
            raise QueryError("unbalanced parenthesis: a '(' is never closed")
        self.depth -= 1
        return _all(parts) if parts else None

    def term(self, token: Token) -> Term | None:
        text = CONTROL.sub(" ", token.text)  # same length: word offsets stay true
        if not SEARCHABLE.search(text):
            return None
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many words and phrases (at most {MAX_TERMS})")
        return Term(text, self.column, token.kind == "phrase", token.prefix, token.start)


def _all(parts: list[Node]) -> Node:
    """The parts ANDed; a group ANDed in is flattened, so ``(-a -b) c`` leaves a and b out."""
    flat = [
        inner for part in parts for inner in (part.parts if isinstance(part, AllOf) else [part])
    ]
    return flat[0] if len(flat) == 1 else AllOf(tuple(flat))


# --- what FTS5 can answer ------------------------------------------------------------


def _check(node: Node) -> None:
    """A query FTS5 can answer: its NOT is binary (``a NOT b``), so an exclusion needs a
    word to find beside it in an AND, and OR cannot choose one (confcli.store.fts)."""
    if isinstance(node, Not):
        raise QueryError(ONLY_EXCLUSIONS)
    if isinstance(node, AnyOf):
        if any(isinstance(part, Not) for part in node.parts):
            raise QueryError(EXCLUSION_IN_OR)
        for part in node.parts:
            _check(part)
    elif isinstance(node, AllOf):
        wanted = [part for part in node.parts if not isinstance(part, Not)]
        if not wanted:
            raise QueryError(ONLY_EXCLUSIONS)
        for part in wanted + [part.operand for part in node.parts if isinstance(part, Not)]:
            _check(part)


# --- words, for typo correction -----------------------------------------------------------


def fold(word: str) -> str:
    """A word as the index stores it: lower case, without diacritics (unicode61's
    ``remove_diacritics 2``), letters with strokes and ligatures spelt plainly
    (confcli.folding)."""
    decomposed = unicodedata.normalize("NFD", fold_letters(word).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def searched_words(query: Query) -> list[Word]:
    """The words the query looks for: not the ones it leaves out, nor prefixes."""
    return [
        Word(term.start + match.start(), term.start + match.end(), match[0], fold(match[0]))
        for term in _wanted_terms(query.root)
        if not term.prefix
        for match in WORD.finditer(term.text)
    ]


def _wanted_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [term for part in node.parts for term in _wanted_terms(part)]


def replace_words(text: str, replacements: dict[Word, str]) -> str:
    """The query text with some of its words replaced, everything else as typed."""
    for word in sorted(replacements, key=lambda word: word.start, reverse=True):
        text = text[: word.start] + replacements[word] + text[word.end :]
    return text
