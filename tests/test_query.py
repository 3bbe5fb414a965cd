"""The search language: parsing, compiling to FTS5, explaining mistakes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confcli.errors import QueryError
from confcli.query import parse, replace_words, searched_words

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
    assert parse(query).fts == fts


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
    assert parse(query).fts == fts


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
        assert query.fts


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
