"""The store's typed methods where they hold logic of their own: finding items by id prefix
and title, a session's time span in stats, and merging partial pages on store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from conftest import run_cli

from confcli.errors import ExitCode
from confcli.model import Item, Session
from confcli.store import Library

LOTTERY_ID = "49fd7c727325"  # Winning the Lottery Ahead of Time (ICML 2022, Deep Learning)


def item(ident: str, position: int, **fields: object) -> Item:
    values: dict = {"kind": "oral", "title": f"Paper {ident}", "session_id": "s"}
    return Item(id=ident, session="S", position=position, **{**values, **fields})


# --- show: an id prefix ----------------------------------------------------------------------


def test_show_takes_an_id_prefix_literally(stored_samples):
    """% and _ are LIKE's wildcards: in an id prefix they match only themselves."""
    assert run_cli("show", "49fd7c", "--json").json["id"] == LOTTERY_ID
    assert "is ambiguous" in run_cli("show", "49").stderr  # a real prefix of several ids
    for prefix in ("%", "_", "49%", "49fd7_"):
        shown = run_cli("show", prefix, "--json")
        assert shown.code == ExitCode.NOT_FOUND, prefix
        assert shown.stderr == f"confcli: error: no item with id {prefix!r}\n"


def test_find_items_by_prefix_escapes_wildcards():
    library = Library()
    ids = ["a_b1", "axb2", "a%c3", "ayc4", "b\\d5"]
    library.store([Session(id="s", title="S", items=tuple(map(item, ids, range(5))))])

    def found(prefix: str) -> list[str]:
        return [found.id for found in library.find_items(ident=prefix)]

    assert found("a_") == ["a_b1"]
    assert found("a%") == ["a%c3"]
    assert found("b\\") == ["b\\d5"]
    assert found("a") == ["a_b1", "axb2", "a%c3", "ayc4"]  # programme order: by position
    assert found("ayc4") == ["ayc4"] and found("%") == [] and found("_") == []


# --- stats: a session's time span ------------------------------------------------------------

TOKYO, LONDON = timezone(timedelta(hours=9)), UTC


def test_stats_span_a_session_by_instant_across_offsets():
    """As text, 05:00+00:00 sorts before 10:00+09:00 (01:00 UTC) and 11:00+09:00 (02:00
    UTC) after 06:00+00:00: the span comes from the instants, each time as the page gave it."""
    day = datetime(2024, 5, 7)
    first = item(
        "a", 0, start=day.replace(hour=10, tzinfo=TOKYO), end=day.replace(hour=11, tzinfo=TOKYO)
    )
    last = item(
        "b", 1, start=day.replace(hour=5, tzinfo=LONDON), end=day.replace(hour=6, tzinfo=LONDON)
    )
    untimed = item("c", 2)
    library = Library()
    library.store([Session(id="s", title="S", items=(first, last, untimed))])
    [stats] = library.stats()
    assert (stats.start, stats.end) == (first.start, last.end)
    assert (stats.items, stats.missing["time"]) == (3, 1)
    data = stats.to_json()
    assert (data["start"], data["end"]) == (
        "2024-05-07T10:00:00+09:00",
        "2024-05-07T06:00:00+00:00",
    )


# --- store: partial pages ----------------------------------------------------------------------


@dataclass
class Page:
    session: Session
    partial: bool = False


def test_a_partial_page_joins_its_session_and_a_whole_one_replaces_it():
    whole = Session(id="s", title="S", items=(item("a", 0), item("b", 1), item("c", 2)))
    library = Library()
    library.store([whole])
    extra = Session(id="s", title="S", items=(item("b", 1, title="B again"), item("d", 3)))
    stored = library.store([Page(extra, partial=True)])
    assert (stored.sessions, stored.items, stored.replaced) == (1, 4, 1)
    assert [(i.id, i.title) for i in library.items_of("s")] == [
        ("a", "Paper a"), ("b", "B again"), ("c", "Paper c"), ("d", "Paper d"),
    ]  # fmt: skip
    library.store([Page(whole), Page(extra, partial=True), whole])  # the last copy wins
    assert [i.id for i in library.items_of("s")] == ["a", "b", "c"]


def test_partial_pages_of_one_store_join_each_other_before_the_stored_session():
    library = Library()
    library.store([Session(id="s", title="S", items=(item("old", 0),))])
    first = Session(id="s", title="S", items=(item("a", 0),))
    second = Session(id="s", title="S", items=(item("b", 1),))
    stored = library.store([Page(first), Page(second, partial=True)])
    assert (stored.sessions, stored.items) == (1, 2)  # one session stored, once
    assert [i.id for i in library.items_of("s")] == ["a", "b"]
    alone = Session(id="t", title="T", items=(item("x", 0, session_id="t"),))
    new = library.store([Page(alone, partial=True)])  # nothing to join: stored as it is
    assert (new.sessions, new.replaced) == (1, 0) and library.items_of("t")[0].id == "x"
