"""The search language (parsing, compiling to FTS5, explaining mistakes) and typo
correction (edit distance, choosing a term, speed on a large vocabulary)."""

from __future__ import annotations

import random
import string
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confcli import fuzzy
from confcli.errors import QueryError
from confcli.model import Item, Session
from confcli.query import parse, replace_words, searched_words
from confcli.store.fts import match_text
from confcli.store.library import Library

# Pieces of the language, for the property test to combine into near-misses.
SYNTAX = ['"', "(", ")", "-", "*", ":", "OR", "NOT", "AND", "title:", "author:", "x", " ", "é"]


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("lottery", '"lottery"'),
        ("lottery ticket", '("lottery" AND "ticket")'),
        ("lottery AND ticket", '("lottery" AND "ticket")'),
        ('"lottery ticket"', '"lottery ticket"'),
        ("title:lottery", 'title : "lottery"'),
        ("Title:lottery", 'title : "lottery"'),
        ('author:"Yoshua Bengio"', 'authors : "Yoshua Bengio"'),
        ("authors:Bengio", 'authors : "Bengio"'),
        ("abstract:pruning session:oral", '(abstract : "pruning" AND session : "oral")'),
        ("pruning OR sparsity", '("pruning" OR "sparsity")'),
        ("a b OR c", '("a" AND ("b" OR "c"))'),  # OR binds tighter than the implicit AND
        ("pruning -lottery", '(("pruning") NOT ("lottery"))'),
        ("pruning NOT lottery", '(("pruning") NOT ("lottery"))'),
        ("a -b -c", '(("a") NOT ("b" OR "c"))'),
        ("pruning -title:lottery", '(("pruning") NOT (title : "lottery"))'),
        ("transform*", '"transform" *'),
        ('"neural net"*', '"neural net" *'),
        ("title:transform*", 'title : "transform" *'),
        ("(pruning OR sparsity) -lottery", '((("pruning" OR "sparsity")) NOT ("lottery"))'),
        ("title:(lottery OR pruning)", '(title : "lottery" OR title : "pruning")'),
        ("title:(a author:b)", '(title : "a" AND authors : "b")'),  # the inner scope wins
        ("-(a b) c", '(("c") NOT (("a" AND "b")))'),
        ("(-a -b) c", '(("c") NOT ("a" OR "b"))'),
        ("(a b) (c d)", '("a" AND "b" AND "c" AND "d")'),
        ("(((deep)))", '"deep"'),
        ("self-supervised", '"self-supervised"'),  # FTS5 reads it as the phrase "self supervised"
    ],
)
def test_each_query_form_compiles_to_fts5(query, fts):
    assert match_text(parse(query)) == fts


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("Words: Transformers", '("Words:" AND "Transformers")'),  # not a scope: a pasted title
        ("subtitle:x", '"subtitle:x"'),
        ("%%% lottery", '"lottery"'),  # nothing searchable in a word: it is left out
        ('lottery "" *', '"lottery"'),
        ("a\x00b", '"a b"'),  # a NUL would end FTS5's string early
        ('say "it""s"', '("say" AND "it" AND "s")'),
        ("or and not", '("or" AND "and" AND "not")'),  # operators only in capitals
        ("C++ 16x16", '("C++" AND "16x16")'),
    ],
)
def test_user_text_never_becomes_fts5_syntax(query, fts):
    assert match_text(parse(query)) == fts


SCOPE = "needs a word or a \"phrase\" right after it, as in 'title:lottery'"
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


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"lottery ticket', "unbalanced quote: '\"lottery ticket' has no closing quote"),
        ('pruning "', "unbalanced quote: '\"' has no closing quote"),
        ("OR", BARE_OR),
        ("lottery OR", BARE_OR),
        ("OR lottery", BARE_OR),
        ("a OR OR b", BARE_OR),
        ("a OR %%", BARE_OR),
        ("title:", f"title: {SCOPE}"),
        ("title: lottery", f"title: {SCOPE}"),
        ("Author:*", f"Author: {SCOPE}"),
        ("-", LONE_MINUS),
        ("pruning - lottery", LONE_MINUS),
        ("pruning --x", LONE_MINUS),
        ("NOT", NOT_ALONE),
        ("pruning NOT", NOT_ALONE),
        ("-lottery", ONLY_EXCLUSIONS),
        ("NOT lottery", ONLY_EXCLUSIONS),
        ("(-a -b)", ONLY_EXCLUSIONS),
        ("a OR -b", EXCLUSION_IN_OR),
        ("(a", "unbalanced parenthesis: a '(' is never closed"),
        ("a)", "unbalanced parenthesis: a ')' has no '(' before it"),
        ("%%%", "nothing to search for in '%%%'"),
        ("", "nothing to search for in ''"),
        ("()", "nothing to search for in '()'"),
        ("(" * 17 + "a" + ")" * 17, "too many nested parentheses (at most 16)"),
        (" ".join(["w"] * 65), "too many words and phrases (at most 64)"),
        ("lottery \udcff", "the query is not valid text (it holds undecodable bytes)"),
    ],
)
def test_malformed_queries_are_explained_in_one_line(query, message):
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert str(raised.value) == message


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(SYNTAX), max_size=12).map("".join)))
def test_any_text_parses_or_raises_a_query_error(text):
    try:
        query = parse(text)
    except QueryError as error:
        assert "\n" not in str(error)
    else:
        assert match_text(query)


# --- words to correct ---------------------------------------------------------------------


def test_searched_words_are_the_wanted_ones_as_the_index_spells_them():
    query = parse('Zügner "Lottery ticket" -pruning transform* author:Bengio')
    words = [(w.text, w.key, query.text[w.start : w.end]) for w in searched_words(query)]
    assert words == [
        ("Zügner", "zugner", "Zügner"),
        ("Lottery", "lottery", "Lottery"),
        ("ticket", "ticket", "ticket"),
        ("Bengio", "bengio", "Bengio"),
    ]  # not the excluded word, nor the prefix


def test_replacing_words_keeps_everything_else_as_typed():
    query = parse('author:"Yoshua Bengoi" lotery -x')
    words = searched_words(query)
    assert replace_words(query.text, {words[1]: "Bengio", words[2]: "lottery"}) == (
        'author:"Yoshua Bengio" lottery -x'
    )


# --- typo correction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("lottery", "lottery", 0),
        ("lotery", "lottery", 1),  # a deletion
        ("bengoi", "bengio", 1),  # two neighbours swapped
        ("prunnig", "pruning", 1),
        ("transfomer", "transformer", 1),
        ("kitten", "sitting", 3),
        ("ab", "ba", 1),
    ],
)
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert fuzzy.edit_distance(a, b, 5) == distance
    assert fuzzy.edit_distance(b, a, 5) == distance


def test_edit_distance_stops_early_past_the_limit():
    assert fuzzy.edit_distance("lottery", "sparsity", 2) == 3
    assert fuzzy.edit_distance("a", "abcdef", 2) == 3


@pytest.mark.parametrize(
    ("word", "allowed"), [("ab", 0), ("gan", 1), ("bengo", 1), ("lotery", 2), ("gpt4", 0)]
)
def test_short_words_get_one_edit_and_longer_ones_two(word, allowed):
    assert fuzzy.allowed_distance(word) == allowed


class DictVocabulary:
    """A vocabulary in a dict, standing in for the index's."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts

    def knows(self, term: str) -> bool:
        return term in self.counts

    def terms(self, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        return [
            (term, n)
            for term, n in self.counts.items()
            if term.startswith(first) and shortest <= len(term) <= longest
        ]


def test_the_closest_term_wins_then_the_most_frequent_then_the_first():
    vocabulary = DictVocabulary({"lottery": 2, "lottere": 9, "pottery": 9})
    assert fuzzy.correct("lotery", vocabulary) == "lottery"  # one edit beats a frequent two
    vocabulary = DictVocabulary({"bat": 3, "bet": 7, "bit": 7})
    assert fuzzy.correct("bot", vocabulary) == "bet"  # equally close: more items, then a-z


def test_a_swapped_first_letter_is_found_through_the_second():
    assert fuzzy.correct("olttery", DictVocabulary({"lottery": 1})) == "lottery"
    assert fuzzy.correct("kottery", DictVocabulary({"lottery": 1})) is None  # by design


def test_correcting_a_query_keeps_its_shape_and_the_typed_case():
    vocabulary = DictVocabulary({"lottery": 2, "bengio": 3, "yoshua": 1, "tickets": 1})
    correction = fuzzy.correct_query(parse('author:"Yoshua Bengoi" Lotery -tickts'), vocabulary)
    assert correction.text == 'author:"Yoshua Bengio" Lottery -tickts'
    assert correction.words == (("Bengoi", "Bengio"), ("Lotery", "Lottery"))
    assert (
        match_text(correction.query) == '((authors : "Yoshua Bengio" AND "Lottery") NOT ("tickts"))'
    )
    assert fuzzy.correct_query(parse("LOTERY"), vocabulary).text == "LOTTERY"
    assert fuzzy.correct_query(parse("lottery"), vocabulary) is None  # nothing unknown
    assert fuzzy.correct_query(parse("zzzzzz"), vocabulary) is None  # nothing close


def synthetic_library(terms: int, per_item: int = 100) -> tuple[Library, list[str]]:
    """An index whose vocabulary holds about ``terms`` made-up words (and 'lottery')."""
    rng = random.Random(4)
    words = sorted({"".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 11)))
                    for _ in range(terms)})  # fmt: skip
    words.append("lottery")
    items = tuple(
        Item(id=f"i{n}", kind="poster", title=f"item {n}", session_id="s", session="S",
             position=n, abstract=" ".join(words[n * per_item : (n + 1) * per_item]))
        for n in range(len(words) // per_item + 1)
    )  # fmt: skip
    library = Library()
    library.store([Session(id="s", title="S", items=items)])
    return library, words


def test_correction_stays_fast_on_a_vocabulary_of_100_000_terms():
    library, words = synthetic_library(100_000)
    vocabulary = library.vocabulary()
    size = library.connection.execute("SELECT count(*) FROM temp.items_vocab").fetchone()[0]
    assert size > 95_000
    slowest = 0.0
    for typed, expected in [("lotery", "lottery"), ("olttery", "lottery"), (words[5][:-1], None)]:
        started = time.perf_counter()
        correction = fuzzy.correct_query(parse(typed), vocabulary)
        slowest = max(slowest, time.perf_counter() - started)
        if expected:
            assert correction.text == expected
    assert slowest < 1.0  # about 0.05 s on a laptop; generous for a busy CI machine
