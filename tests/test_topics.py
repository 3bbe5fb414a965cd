"""The feed's topic, keywords and author institutions (issue 12, part 9): kept in the model
and the library, shown by `show`, searched (``topic:``, ``keyword:``, ``affiliation:``)
and filtered (``--topic``); the 2020 platform's keywords; an older library upgraded."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from library_support import TOPICS_STEP, without_topics

from confcli.errors import ExitCode
from confcli.query import parse
from confcli.readers.feed import unescape
from confcli.readers.reading import ReadOptions, read_pages
from confcli.store.fts import FTS_WEIGHTS
from confcli.store.library import Library
from confcli.store.schema import FTS_COLUMNS, LIBRARY_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
FEED = FIXTURES / "feed" / "iclr-2024-orals-posters.json"
PAPERS = FIXTURES / "real" / "icml2020_papers.json"


def records() -> dict[str, dict]:
    """The feed's records as confcli keeps them (visible ones), by site id."""
    results = json.loads(FEED.read_text(encoding="utf-8"))["results"]
    return {str(r["id"]): r for r in results if r.get("visible") is not False}


def text(value: str) -> str:
    """A feed's text as the reader keeps it: entities decoded, spaces squeezed."""
    return " ".join(unescape(value).split())


def feed_items():
    report = read_pages([str(FEED)], ReadOptions())
    assert not report.failures
    return [item for session in report.sessions for item in session.items]


def test_feed_items_keep_topic_keywords_and_institutions_field_by_field():
    by_id = records()
    items = feed_items()
    assert len(items) == 264
    for item in items:
        record = by_id[item.site_id]
        assert item.topic == text(record["topic"])
        assert item.keywords == tuple(dict.fromkeys(map(text, record["keywords"])))  # each once
        named = [a for a in record["authors"] if text(a["fullname"])]
        assert item.authors == tuple(text(a["fullname"]) for a in named)
        institutions = tuple(text(a.get("institution") or "") for a in named)
        assert item.affiliations == (institutions if any(institutions) else ())
    first = next(item for item in items if item.site_id == "19707")
    assert (first.topic, first.keywords, first.authors, first.affiliations) == (
        "Applications->Chemistry",
        ("neural rendering",),
        ("Diego Chaudhary",),
        ("University of Toronto",),
    )


def test_the_2020_platform_keeps_its_keywords():
    report = read_pages([str(PAPERS)], ReadOptions())
    papers = json.loads(PAPERS.read_text(encoding="utf-8"))
    wanted = {str(p["id"]): tuple(p["content"]["keywords"]) for p in papers}
    items = [item for session in report.sessions for item in session.items if item.site_id]
    assert items and all(item.keywords == wanted[item.site_id] for item in items)
    first = next(item for item in items if item.site_id == "6452")
    assert first.keywords == ("Optimization - Non-convex",) and first.topic is None


def test_the_search_index_weighs_every_column_it_holds():
    assert tuple(FTS_WEIGHTS) == FTS_COLUMNS


@pytest.fixture
def feed_library(isolated_library):
    assert run_cli("parse", str(FEED)).code == ExitCode.OK
    return isolated_library


def expected(matches) -> set[str]:
    return {site_id for site_id, record in records().items() if matches(record)}


def found(*args: str) -> set[str]:
    result = run_cli(*args, "--limit", "1000", "--json")
    assert result.code == ExitCode.OK, result.stderr
    return {entry["site_id"] for entry in result.json}


def institutions(record) -> str:
    return " | ".join(a.get("institution") or "" for a in record["authors"])


def test_search_by_topic_keyword_and_affiliation_finds_exactly_those_items(feed_library):
    chemistry = expected(lambda r: r["topic"] == "Applications->Chemistry")
    assert len(chemistry) == 42
    assert found("search", "topic:chemistry") == chemistry
    toronto = expected(lambda r: "University of Toronto" in institutions(r))
    assert len(toronto) == 65
    assert found("search", "affiliation:toronto") == toronto
    assert found("search", "institution:toronto") == toronto
    proving = expected(lambda r: "theorem proving" in r["keywords"])
    assert found("search", 'keyword:"theorem proving"') == proving and len(proving) == 14
    both = expected(lambda r: "Mila" in institutions(r) and r["topic"].endswith("Privacy"))
    assert found("search", "affiliation:mila AND topic:privacy") == both and len(both) == 15


def test_a_search_says_it_matched_in_the_topic(feed_library):
    hits = run_cli("search", "topic:chemistry", "--limit", "1", "--json").json
    assert hits[0]["matched"] == ["topic"] and hits[0]["topic"] == "Applications->Chemistry"


def test_the_topic_filter_selects_topics_containing_the_text(feed_library):
    diffusion = expected(lambda r: r["topic"] == "Generative Models->Diffusion")
    assert len(diffusion) == 50
    assert found("list", "--topic", "diffusion") == diffusion
    assert found("list", "--topic", "Models->Diff") == diffusion
    in_search = found("search", "affiliation:toronto", "--topic", "diffusion")
    assert in_search == diffusion & expected(lambda r: "University of Toronto" in institutions(r))


def test_a_topic_the_library_does_not_hold_is_named(feed_library):
    for typed in ("chemsitry", "100%", "_"):
        result = run_cli("list", "--topic", typed)
        assert result.code == ExitCode.NOT_FOUND, typed
        assert f"--topic: the library holds no topic {typed!r}" in result.stderr
        assert "Applications->Chemistry" in result.stderr


def test_show_prints_topic_keywords_and_each_institution(feed_library):
    result = run_cli("show", found_id("Implicit Representations: A Study of Tabular Data"))
    assert result.code == ExitCode.OK
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Topic       Applications->Chemistry" in lines
    assert "Keywords    neural rendering" in lines
    assert "Diego Chaudhary (University of Toronto)" in lines


def found_id(title: str) -> str:
    items = run_cli("list", "--topic", "->", "--limit", "1000", "--json").json
    return next(item["id"] for item in items if item["title"] == title)


def test_json_items_carry_the_new_keys_and_csv_only_when_asked(feed_library):
    item = run_cli("list", "--topic", "chemistry", "--limit", "1", "--json").json[0]
    assert {"topic", "keywords", "affiliations"} <= set(item) and item["schema_version"] == 1
    csv = run_cli("export", "-f", "csv").stdout.splitlines()[0]
    assert "topic" not in csv and "affiliations" not in csv
    asked = run_cli("export", "-f", "csv", "--fields", "title,topic,keywords,affiliations")
    assert asked.stdout.splitlines()[0] == "title,topic,keywords,affiliations"


def test_an_older_library_is_upgraded_and_keeps_its_rows_and_search(tmp_path):
    path = tmp_path / "old.sqlite"
    with Library(path) as library:
        library.store(read_pages([str(FEED)], ReadOptions()).sessions)
        before = len(library.items())
    with sqlite3.connect(path) as db:  # as the version before made it
        without_topics(db)
        db.execute(f"PRAGMA user_version = {TOPICS_STEP}")
    with Library(path) as library:
        version = library.connection.execute("PRAGMA user_version").fetchone()[0]
        items = library.items()
        assert version == LIBRARY_VERSION and len(items) == before == 264
        assert all(not i.topic and not i.keywords and not i.affiliations for i in items)
        assert len(library.search(parse("tabular"), limit=1000)) > 0
        library.store(read_pages([str(FEED)], ReadOptions()).sessions)  # parsed again
        hits = library.search(parse("topic:chemistry"), limit=1000)
        assert len(hits) == 42
