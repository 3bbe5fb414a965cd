"""Filters that match nothing say so: an unknown value is exit 4 with the close name; known
values that select nothing are an empty answer and a line on stderr; a search whose words
matched but whose filters removed the hits says which filters."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "-c", "ICRL"], "--conference: the library holds no conference 'ICRL'; "
         "did you mean ICLR?"),
        (["stats", "-c", "ICRL"], "--conference: the library holds no conference 'ICRL'; "
         "did you mean ICLR?"),
        (["list", "--kind", "orla"], "--kind: the library holds no kind 'orla'; "
         "did you mean oral?"),
        (["search", "learning", "-k", "spotlite"], "--kind: the library holds no kind "
         "'spotlite'; did you mean spotlight?"),
        (["export", "-f", "csv", "--room", "Ballroom 9"], "--room: the library holds no "
         "room 'Ballroom 9'; did you mean Ballroom 1 & 2?"),
        (["list", "--decision", "rejected"], "--decision: the library holds no decision "
         "'rejected' (it holds: poster accept, top 25% paper, top 5% paper)"),
    ],
)  # fmt: skip
def test_a_value_the_library_does_not_hold_is_not_found(stored_samples, args, message):
    result = run_cli(*args)
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == f"confcli: error: {message}\n"


def test_known_values_are_matched_as_the_filters_match(stored_samples):
    assert run_cli("list", "-c", "iclr", "--json").code == 0  # any case
    assert len(run_cli("list", "--room", "ballroom", "--json").json) == 14  # a part of one
    assert len(run_cli("list", "--decision", "top 5%", "--json").json) > 0


@pytest.mark.parametrize(
    ("args", "header", "message"),
    [
        (["list", "-y", "2099"], "Session", "no sessions match"),
        (["list", "-c", "ICML", "-y", "2021"], "Session", "no sessions match"),
        (["stats", "-y", "2099"], "Kinds", "no items match"),
        (["list", "-k", "poster", "--day", "2021-05-05"], None, "no items match"),
    ],
)
def test_known_values_selecting_nothing_are_an_empty_answer(stored_samples, args, header, message):
    table = run_cli(*args)
    assert table.code == 0 and table.stderr == f"confcli: {message}\n"
    if header:
        assert header in table.stdout
    as_json = run_cli(*args, "--json")
    assert as_json.code == 0 and as_json.stderr == f"confcli: {message}\n"
    assert as_json.json in ([], {"schema_version": 1, "sessions": []})


def test_a_search_whose_filters_removed_the_hits_says_which(stored_samples):
    """The two lottery papers are on Wednesday and Thursday: --day mon removes both."""
    result = run_cli("search", "lottery", "--day", "mon")
    assert (result.code, result.stdout) == (0, "")
    assert result.stderr == "confcli: 2 matches for 'lottery', none with --day mon\n"
    both = run_cli("search", "lottery", "--day", "mon", "--kind", "spotlight")
    assert both.stderr == result.stderr  # --kind spotlight alone keeps one: not named
    neither = run_cli("search", "lottery", "--kind", "poster", "--year", "2022")
    assert neither.stderr == (
        "confcli: 2 matches for 'lottery', none with --kind poster, --year 2022\n"
    )
    assert run_cli("search", "zzzzqqqx", "--day", "mon").stderr == (
        "confcli: no matches for 'zzzzqqqx'\n"
    )


def test_a_kind_confcli_knows_is_no_typo_in_a_library_without_it():
    page = str(SAMPLES / "iclr2021-oral-session-7.txt")  # orals, spotlights, Q&As: no posters
    result = run_cli("list", "--from", page, "--kind", "poster")
    assert (result.code, result.stdout, result.stderr) == (0, "", "confcli: no items match\n")
