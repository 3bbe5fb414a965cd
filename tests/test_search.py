"""`confcli search` on the five samples: every query form with exact results, ranking and
its ties, malformed queries, typos, highlights and snippets, hostile text, JSON."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache

import pytest
from conftest import SAMPLE_FILES, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from confcli import app
from confcli.errors import ExitCode, QueryError
from confcli.model import Item, Session
from confcli.query import parse
from confcli.readers import reading
from confcli.render.tables import hit_cell, search_table
from confcli.store import MARK_END, MARK_START, Library
from confcli.store import library as library_module

WINNING = "49fd7c727325"  # Winning the Lottery Ahead of Time: Efficient Early Network Pruning
UNMASKING = "63d3c583bda5"  # Unmasking the Lottery Ticket Hypothesis: …
HARP = "5f0c275f524d"  # Holistic Adversarially Robust Pruning
DFPC = "75e3b58b9ee4"  # DFPC: Data flow driven pruning of coupled channels without data.
FINGERPRINTS = "bf1ec72bc321"  # Deep Neural Network Fingerprinting …: "pruning" in the abstract
VIT = "e89712eaa17b"  # An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale
BENGIO = ["50aaf564a272", "03de539f3d82", "14951b252341"]  # Yoshua Bengio's three papers
SPARSITY = ["347ed6a08dcc", "b62942deb16d", "159f09862018", "17d99a2d49ad", "718227d265ee",
            "00e4f13ef77f", "338d3a492be7", "ce66ed136b69"]  # fmt: skip
TRANSFORM_TITLES = ["e89712eaa17b", "e8ab716233b4", "73260141703b", "098b17e20d55",
                    "cad5191bcaf5", "69504155ed82", "e2cec4a0e287"]  # fmt: skip
TRANSFORMER = ["e8ab716233b4", "098b17e20d55", "e89712eaa17b", "73260141703b", "71511c0f2b68",
               "338d3a492be7", "69504155ed82", "03de539f3d82", "00e4f13ef77f", "98947974633c",
               "c4349a7010a2", "a92482e49d84", "07c4bd9da816", "e2cec4a0e287"]  # fmt: skip


def ids(*args: str) -> list[str]:
    result = run_cli("search", "--json", *args)
    assert result.code == ExitCode.OK, result.stderr
    return [hit["id"] for hit in result.json]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lottery", [WINNING, UNMASKING]),
        ("lottery ticket", [UNMASKING]),
        ("lottery AND pruning", [WINNING, UNMASKING]),
        ('"lottery ticket"', [UNMASKING]),
        ('"ticket lottery"', []),
        ("title:pruning", [WINNING, HARP, DFPC]),
        ("abstract:pruning", [DFPC, WINNING, UNMASKING, HARP, FINGERPRINTS]),
        ("author:Bengio", BENGIO),
        ('author:"Yoshua Bengio"', BENGIO),
        ('author:"Bengio Yoshua"', []),
        ("title:Bengio", []),
        ('session:"Oral Session 7" transformer', [VIT, "00e4f13ef77f", "c4349a7010a2"]),
        ("pruning OR lottery", [WINNING, UNMASKING, DFPC, HARP, FINGERPRINTS]),
        ("pruning -lottery", [DFPC, HARP, FINGERPRINTS]),
        ("pruning NOT lottery", [DFPC, HARP, FINGERPRINTS]),
        ("pruning -title:lottery", [DFPC, HARP, FINGERPRINTS]),
        ('pruning -"lottery ahead"', [DFPC, HARP, UNMASKING, FINGERPRINTS]),
        ("title:transform*", TRANSFORM_TITLES),
        ("title:(lottery OR pruning)", [WINNING, UNMASKING, HARP, DFPC]),
        ("(pruning OR sparsity) -lottery",
         [DFPC, HARP, *SPARSITY[:5], FINGERPRINTS, *SPARSITY[5:]]),
        ("Zügner", [WINNING]),
        ("ZUGNER", [WINNING]),  # case and accents folded
    ],
)  # fmt: skip
def test_each_query_form_finds_exactly_its_items(stored_samples, query, expected):
    assert ids(query) == expected


def test_the_words_may_come_as_several_arguments(stored_samples):
    assert ids("lottery", "ticket") == [UNMASKING]
    assert ids("--", "-lottery", "pruning") == [DFPC, HARP, FINGERPRINTS]


def test_a_title_match_outranks_an_abstract_match(stored_samples):
    hits = run_cli("search", "pruning", "--json").json
    by_field = [(hit["id"], hit["matched"]) for hit in hits]
    assert by_field == [
        (WINNING, ["title", "abstract"]),
        (DFPC, ["title", "abstract"]),
        (HARP, ["title", "abstract"]),
        (UNMASKING, ["abstract"]),
        (FINGERPRINTS, ["abstract"]),
    ]
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)


def test_equal_scores_are_ordered_by_time(stored_samples):
    breaks = run_cli("search", "Break", "--json").json
    assert [(hit["start"], hit["score"]) for hit in breaks] == [
        ("2020-12-08T18:45:00-08:00", 9.2568),
        ("2020-12-08T20:40:00-08:00", 9.2568),
    ]
    qas = run_cli("search", "title:q&a", "--json").json
    assert [hit["start"][5:16] for hit in qas] == [
        "05-03T03:50", "05-03T04:50", "05-03T05:55", "05-05T03:55", "05-05T04:50",
        "05-05T05:55",  # six equal scores for 'Q&A', by time…
        "12-08T19:40", "12-08T20:30",  # …then the longer 'Joint Q&A for Preceeding Spotlights'
    ]  # fmt: skip


def test_equal_scores_without_times_come_after_timed_ones_in_programme_order():
    zone = timezone(timedelta(hours=-7))

    def item(n: int, session: str, hour: int | None) -> Item:
        start = None if hour is None else datetime(2021, 5, 3, hour, tzinfo=zone)
        return Item(id=f"id{n}", kind="poster", title="Graph networks", session_id=session,
                    session="Posters", position=n, start=start)  # fmt: skip

    library = Library()
    library.store([
        Session(id="b", title="Posters", items=(item(1, "b", None), item(2, "b", 9))),
        Session(id="a", title="Posters", items=(item(3, "a", None), item(4, "a", 8))),
    ])  # fmt: skip
    hits = app.search(library, "graph")
    assert len({hit.score for hit in hits}) == 1
    assert [hit.item.id for hit in hits] == ["id4", "id2", "id3", "id1"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"lottery ticket', "unbalanced quote: '\"lottery ticket' has no closing quote"),
        ("lottery OR", "OR needs a word on each side, as in 'pruning OR sparsity'"),
        ("OR", "OR needs a word on each side, as in 'pruning OR sparsity'"),
        ("title:", "title: needs a word or a \"phrase\" right after it, as in 'title:lottery'"),
        ("-", "a lone '-': put the word to leave out right after it, as in 'pruning -lottery'"),
        ("-lottery",
         "a query cannot only leave words out: add a word to find, as in 'pruning -lottery'"),
        ("(pruning", "unbalanced parenthesis: a '(' is never closed"),
        ("%%%", "nothing to search for in '%%%'"),
    ],
)  # fmt: skip
def test_a_malformed_query_is_one_line_and_exit_code_3(stored_samples, query, message):
    result = run_cli("search", "--", query)
    assert result.code == ExitCode.BAD_INPUT == 3
    assert result.stderr == f"confcli: error: {message}\n"
    assert result.stdout == ""


def test_fts5_rejecting_an_expression_is_a_query_error_too(monkeypatch):
    library = Library()
    for expression in ['"unterminated', "NEAR(", "nosuchcolumn : x", "AND"]:
        # confcli.store.fts never writes these: the search is handed them directly
        monkeypatch.setattr(library_module, "match_text", lambda query, text=expression: text)
        with pytest.raises(QueryError, match="the search index cannot read this query"):
            library.search(parse("lottery"))


# --- typos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "corrected", "expected"),
    [
        ("lotery", "lottery", [WINNING, UNMASKING]),
        ("transfomer", "transformer", TRANSFORMER),
        ("author:bengoi", "author:bengio", BENGIO),
        ('author:"Yoshua Bengoi"', 'author:"Yoshua Bengio"', BENGIO),
        ("Dosovitsky", "Dosovitskiy", [VIT]),
        ("Prunnig lotery", "Pruning lottery", [WINNING, UNMASKING]),
        ("lotery OR sparsity", "lottery OR sparsity", [WINNING, UNMASKING] + SPARSITY),
    ],
)
def test_a_typo_finds_its_target_marked_approximate(stored_samples, query, corrected, expected):
    result = run_cli("search", query, "--json")
    assert [hit["id"] for hit in result.json] == expected
    assert {(hit["approximate"], hit["corrected_query"]) for hit in result.json} == {
        (True, corrected)
    }
    assert result.stderr.endswith(f"; showing matches for {corrected!r}\n")


def test_the_lottery_papers_for_lotery_and_what_people_read(stored_samples):
    result = run_cli("search", "lotery")
    assert result.code == ExitCode.OK
    assert result.stderr == (
        "confcli: no exact matches for 'lotery'; showing matches for 'lottery'\n"
    )
    assert "49fd7c   ≈8.61   Winning the Lottery Ahead of" in result.stdout  # an Id column first
    assert "63d3c5   ≈7.97   Unmasking the Lottery Ticket" in result.stdout


def test_exact_matches_are_not_approximate(stored_samples):
    result = run_cli("search", "lottery", "--json")
    assert {(hit["approximate"], hit["corrected_query"]) for hit in result.json} == {(False, None)}
    assert result.stderr == ""


def test_known_words_are_never_corrected_and_far_ones_not_guessed(stored_samples):
    assert ids("lottery transformer") == []  # both known: no guessing at another query
    result = run_cli("search", "xqzvw")
    assert (result.code, result.stdout) == (ExitCode.OK, "")
    assert result.stderr == "confcli: no matches for 'xqzvw'\n"
    assert ids("pruning -lotery") == [WINNING, DFPC, HARP, UNMASKING, FINGERPRINTS]


# --- highlights and snippets --------------------------------------------------------------


@cache
def sample_library() -> Library:
    library = Library()
    library.store(
        reading.read_pages([str(path) for path in SAMPLE_FILES], reading.ReadOptions()).sessions
    )
    return library


def hit_for(query: str, item_id: str) -> app.SearchHit:
    return next(hit for hit in app.search(sample_library(), query) if hit.item.id == item_id)


def test_matched_title_words_are_highlighted_spans():
    hit = hit_for("lottery ticket", UNMASKING)
    assert hit.title.text == hit.item.title
    assert hit.title.spans == ((14, 21), (22, 28), (69, 75))  # Lottery, Ticket, Ticket('s)
    cell = hit_cell(hit)
    assert cell.plain.startswith("Unmasking the Lottery Ticket Hypothesis")
    assert [(span.start, span.end, span.style) for span in cell.spans][:3] == [
        (14, 21, "reverse"),
        (22, 28, "reverse"),
        (69, 75, "reverse"),
    ]


def test_a_phrase_or_prefix_highlights_whole_words():
    assert hit_for('"image recognition"', VIT).title.spans == ((48, 65),)
    assert hit_for("title:transform*", VIT).title.spans == ((31, 43),)


def test_the_snippet_shows_the_abstract_around_the_match():
    hit = hit_for("abstract:pruning", FINGERPRINTS)
    assert hit.matched == ("abstract",)
    assert hit.snippet.text == (
        "…against fine-tuning, weight pruning, retraining, retraining with different architectures…"
    )
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.spans] == ["pruning"]
    assert hit_for("lottery", WINNING).snippet is None  # the abstract did not match


def test_a_matched_author_is_shown_even_past_the_first_four():
    hit = hit_for("author:Bengio", "14951b252341")
    assert [author.text for author in hit.authors if author.spans] == ["Yoshua Bengio"]
    lines = hit_cell(hit).plain.splitlines()
    assert lines[1] == (
        "Dianbo Liu · Vedant Shah · Oussama Boussif · Cristian Meo · Yoshua Bengio +4 more"
    )
    assert [author.spans for author in hit.authors if author.spans] == [((7, 13),)]


def test_the_table_reads_well_in_80_columns(stored_samples):
    out = run_cli("search", "pruning", width=80).stdout
    assert max(map(len, out.splitlines())) <= 80
    assert "Holistic Adversarially" in out and "Robust Pruning" in out  # title wrapped by words
    assert re.search(r"…that copes with\s+aggressive\s+pruning", out)  # the snippet, wrapped


HOSTILE_PAGE = f"""Session

Oral Session 98

Moderator: Eve

Abstract:

Mon 3 May 3:00 - 3:15 PDT

Oral
[bold]Lottery[/bold] tickets \x1b[2J win

Alice [i]Smith[/i] · Carol

An abstract about [red]lottery[/red] tickets \x1b[31m and more.

Mon 3 May 3:15 - 3:30 PDT

Oral
Fake {MARK_START}marks{MARK_END} around lottery \ufdd2 words

Bob

Another abstract.
"""


@pytest.fixture
def hostile(tmp_path, isolated_library):
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    assert run_cli("parse", str(page), "--year", "2021").code == ExitCode.OK


def test_hostile_titles_are_highlighted_but_never_interpreted(hostile):
    out = run_cli("search", "lottery", width=200).stdout
    assert "\x1b" not in out
    assert "[bold]Lottery[/bold] tickets \\x1b[2J win" in out
    assert "An abstract about [red]lottery[/red] tickets \\x1b[31m and more." in out
    assert f"Fake {MARK_START}marks{MARK_END} around lottery \ufdd2 words" in out
    hits = run_cli("search", "lottery", "--json").json
    assert [hit["title"] for hit in hits] == [
        f"Fake {MARK_START}marks{MARK_END} around lottery \ufdd2 words",
        "[bold]Lottery[/bold] tickets \x1b[2J win",
    ]  # the data kept exact
    assert hits[1]["snippet"] == "An abstract about [red]lottery[/red] tickets \x1b[31m and more."


def test_highlight_spans_land_on_the_escaped_text():
    titles = ["[bold]Lottery[/bold] tickets \x1b[2J win", f"{MARK_START} Lottery {MARK_END} win"]
    items = tuple(
        Item(id=f"h{n}", kind="oral", title=title, session_id="s", session="S", position=n)
        for n, title in enumerate(titles)
    )
    library = Library()
    library.store([Session(id="s", title="S", items=items)])
    escaped, fake = (hit_for_library(library, "lottery win", f"h{n}") for n in range(2))
    assert escaped.title.spans == ((6, 13), (34, 37))  # in the page's own text
    cell = hit_cell(escaped)
    assert cell.plain == "[bold]Lottery[/bold] tickets \\x1b[2J win"
    assert [(span.start, span.end) for span in cell.spans] == [(6, 13), (37, 40)]
    assert [cell.plain[span.start : span.end] for span in cell.spans] == ["Lottery", "win"]
    # A title holding the markers themselves: matched, shown as is, nothing highlighted.
    assert (fake.matched, fake.title.text, fake.title.spans) == (("title",), titles[1], ())
    assert hit_cell(fake).spans == []


def hit_for_library(library: Library, query: str, item_id: str) -> app.SearchHit:
    return next(hit for hit in app.search(library, query) if hit.item.id == item_id)


def test_json_carries_score_matched_snippet_and_correction(stored_samples):
    (hit,) = run_cli("search", "fingerprinting pruning", "--json").json
    assert list(hit)[-5:] == ["score", "matched", "snippet", "approximate", "corrected_query"]
    assert hit["id"] == FINGERPRINTS and hit["score"] > 0
    assert hit["matched"] == ["title", "abstract"]
    assert hit["snippet"] == (
        "…We propose a fingerprinting method for deep neural network classifiers…"
    )
    assert (hit["approximate"], hit["corrected_query"]) == (False, None)
    (vit,) = run_cli("search", "Dosovitskiy", "--json").json
    assert (vit["matched"], vit["snippet"]) == (["authors"], None)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.lists(
            st.sampled_from(['"', "(", ")", "-", "*", ":", "OR", "NOT", "title:", "author:",
                             "lotery", "pruning", " ", "\x00", "NEAR", "^", "{"]),
            max_size=10,
        ).map("".join),
    )
)  # fmt: skip
def test_any_text_as_a_query_is_answered_or_is_a_query_error(text):
    try:
        hits = app.search(sample_library(), text)
    except QueryError as error:
        assert "\n" not in str(error)
    else:
        assert all(isinstance(hit.score, float) for hit in hits)


def test_search_table_marks_approximate_scores():
    table = search_table(app.search(sample_library(), "lotery"), None)
    assert [cell for cell in table.columns[1].cells] == ["≈8.61", "≈7.97"]  # after the Id
