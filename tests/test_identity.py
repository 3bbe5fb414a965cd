"""One session, one identity (issue 11, part 9): the same session read from a differently
named file (a copy, standard input, a capture) joins the stored one instead of appearing
twice; a different session of the same title stays apart."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from confcli.errors import ExitCode
from confcli.store import Library

SESSION_7 = SAMPLES / "iclr2021-oral-session-7.txt"
HTML = Path(__file__).parent / "fixtures" / "html"
CAPTURES = HTML / "captures"
SESSION_7_START = datetime(2021, 5, 5, 10, 0, tzinfo=UTC)


def parse(*args: str, stdin: str | None = None) -> list[dict]:
    result = run_cli("parse", *args, "--json", stdin=stdin)
    assert result.code == ExitCode.OK, result.stderr
    return result.json


def identity(session: dict) -> tuple:
    return (
        session["id"],
        session["conference"],
        session["year"],
        [item["id"] for item in session["items"]],
    )


def stored(library: Path) -> list[tuple[str, str | None, int | None, int]]:
    with Library(library) as store:
        found = store.sessions()
    return [(s.session.id, s.session.conference, s.session.year, s.item_count) for s in found]


@pytest.fixture
def original(isolated_library) -> tuple:
    (session,) = parse(str(SESSION_7))
    assert (session["conference"], session["year"]) == ("ICLR", 2021)
    return identity(session)


def test_a_copy_under_a_neutral_name_is_the_same_session(original, tmp_path, isolated_library):
    copy = tmp_path / "copy-of-oral-session-7.txt"
    shutil.copy(SESSION_7, copy)
    (session,) = parse(str(copy))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


def test_standard_input_is_the_same_session(original, isolated_library):
    (session,) = parse("-", stdin=SESSION_7.read_text(encoding="utf-8"))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


@pytest.mark.parametrize(
    "capture", ["iclr2021-oral-session-7.lynx.txt", "iclr2021-oral-session-7.md"]
)
def test_a_capture_is_the_same_session(original, capture, tmp_path, isolated_library):
    pasted = tmp_path / "pasted.txt"
    shutil.copy(CAPTURES / capture, pasted)
    (session,) = parse(str(pasted))
    assert identity(session) == original
    assert stored(isolated_library) == [(original[0], "ICLR", 2021, 16)]


def test_the_html_page_first_then_its_text_copies_keep_the_html_ids(tmp_path, isolated_library):
    """The page with the site's ids comes first: every copy takes those ids."""
    (html,) = parse(str(HTML / "iclr2021-oral-session-7.html"))
    for name, text in (
        ("a.txt", SESSION_7.read_text(encoding="utf-8")),
        ("b.md", (CAPTURES / "iclr2021-oral-session-7.md").read_text(encoding="utf-8")),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        (session,) = parse(str(tmp_path / name))
        assert identity(session) == identity(html)
    assert stored(isolated_library) == [(html["id"], "ICLR", 2021, 16)]


def test_copies_in_one_run_are_one_session(tmp_path, isolated_library):
    shutil.copy(SESSION_7, tmp_path / "a-copy.txt")
    shutil.copy(SESSION_7, tmp_path / "iclr2021-oral-session-7.txt")
    sessions = parse(str(tmp_path))
    assert len({session["id"] for session in sessions}) == 1
    assert [(s[1], s[2], s[3]) for s in stored(isolated_library)] == [("ICLR", 2021, 16)]


def test_a_session_of_the_same_title_elsewhere_stays_apart(original, tmp_path, isolated_library):
    text = SESSION_7.read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(text.replace("Wed 5 May", "Thu 6 May"), encoding="utf-8")
    (moved,) = parse(str(other), "--conference", "NeurIPS", "--year", "2021")
    assert (moved["conference"], moved["year"]) == ("NeurIPS", 2021)
    assert moved["id"] != original[0]
    assert sorted(s[1] for s in stored(isolated_library)) == ["ICLR", "NeurIPS"]


def test_the_same_title_and_time_with_other_items_stays_apart(original, tmp_path, isolated_library):
    text = SESSION_7.read_text(encoding="utf-8")
    # Most slots renamed: a different session that happens to share its title and time.
    changed = text
    for word in ("Transformer", "Image", "Learning", "Neural", "Networks", "Deep", "Models"):
        changed = changed.replace(word, word + "s-elsewhere")
    other = tmp_path / "neutral.txt"
    other.write_text(changed, encoding="utf-8")
    (session,) = parse(str(other))
    assert session["id"] != original[0]
    assert session["conference"] is None
    assert len(stored(isolated_library)) == 2


def test_the_pages_words_against_the_options_give_one_warning_each(isolated_library):
    result = run_cli(
        "parse", str(HTML / "iclr2021-oral-session-7.html"), "--conference", "NeurIPS",
        "--year", "2020",
    )  # fmt: skip
    assert result.code == ExitCode.OK, result.stderr
    source = HTML / "iclr2021-oral-session-7.html"
    assert (
        f"confcli: warning: {source}: the page says ICLR, not --conference NeurIPS: ICLR kept"
        in (result.stderr.splitlines())
    )
    assert f"confcli: warning: {source}: the page says 2021, not --year 2020: 2021 kept" in (
        result.stderr.splitlines()
    )
    assert result.stderr.count("the page says") == 2  # once each, not from two places


# --- a stored session that knows less takes the later copy's conference and year ----------


@pytest.fixture
def neutral(tmp_path, isolated_library) -> tuple:
    """Oral Session 7 first read from a neutrally named file: no conference, no year."""
    copy = tmp_path / "neutral" / "copy-of-oral-session-7.txt"
    copy.parent.mkdir()
    shutil.copy(SESSION_7, copy)
    (session,) = parse(str(copy))
    assert (session["conference"], session["year"]) == (None, None)
    return identity(session), copy


def named_identity() -> tuple:
    """The session's identity when read alone, from its own name, into a fresh library."""
    with Library(":memory:") as fresh:
        from confcli.app import parse_into
        from confcli.readers.reading import ReadOptions

        report = parse_into(fresh, [str(SESSION_7)], ReadOptions())
        session = report.pages[0].page.session
        return (session.id, session.conference, session.year, [i.id for i in session.items])


def test_a_later_copy_named_for_its_conference_upgrades_the_stored_session(
    neutral, tmp_path, isolated_library
):
    old, _ = neutral
    named = tmp_path / "iclr2021-oral-session-7.txt"
    shutil.copy(SESSION_7, named)
    result = run_cli("parse", str(named), "--json")
    assert result.code == ExitCode.OK, result.stderr
    (session,) = result.json
    assert identity(session) == named_identity() != old
    assert stored(isolated_library) == [(session["id"], "ICLR", 2021, 16)]
    assert "the same session as the one stored from" in result.stderr
    assert "now ICLR 2021, its picks kept" in result.stderr


def test_the_options_upgrade_the_stored_session_too(neutral, isolated_library):
    old, copy = neutral
    (session,) = parse(str(copy), "--conference", "ICLR", "--year", "2021")
    assert identity(session) == named_identity()
    assert stored(isolated_library) == [(session["id"], "ICLR", 2021, 16)]


def test_the_picks_of_the_stored_session_follow_its_new_ids(neutral, tmp_path, isolated_library):
    (old_id, _, _, old_items), _ = neutral
    first, second, third = old_items[:3]
    for command in (("star", first, second), ("hide", third), ("note", first, "ask about ViT")):
        assert run_cli(*command).code == ExitCode.OK
    named = tmp_path / "iclr2021-oral-session-7.txt"
    shutil.copy(SESSION_7, named)
    (session,) = parse(str(named))
    new_items = [item["id"] for item in session["items"]]
    with Library(isolated_library) as library:
        picks = {pick.item_id: pick for pick in library.picks()}
        assert library.pick_ids("starred") == {new_items[0], new_items[1]}
        assert library.pick_ids("hidden") == {new_items[2]}
        assert picks[new_items[0]].note == "ask about ViT"
        assert (picks[new_items[0]].conference, picks[new_items[0]].year) == ("ICLR", 2021)
        assert not set(old_items) & set(picks)
        assert library.items_by_id(old_items) == {}
    starred = run_cli("list", "--starred", "--json")
    assert [item["id"] for item in starred.json] == new_items[:2]


def test_a_stored_session_of_another_conference_is_not_upgraded(tmp_path, isolated_library):
    """A stored twin that says NeurIPS does not know less: the page takes its identity."""
    copy = tmp_path / "elsewhere.txt"
    shutil.copy(SESSION_7, copy)
    (neurips,) = parse(str(copy), "--conference", "NeurIPS")
    named = tmp_path / "iclr2021-oral-session-7.txt"
    shutil.copy(SESSION_7, named)
    (session,) = parse(str(named))
    assert identity(session) == identity(neurips)
    assert [s[1] for s in stored(isolated_library)] == ["NeurIPS"]


def test_an_upgrade_moves_the_hand_time_plan_and_export_state(isolated_library):
    """Library.store with an Upgrade (what settle_identities returns): the old session's
    hand time, its items' picks, planned slots and calendar SEQUENCE state move with it."""
    from dataclasses import replace

    from confcli.readers.reading import ReadOptions, read_one
    from confcli.readers.sources import PageInput
    from confcli.store.edits import Upgrade

    text = SESSION_7.read_text(encoding="utf-8")

    def untimed(name: str):
        session = read_one(PageInput(name, text), ReadOptions()).session
        items = tuple(replace(item, start=None, end=None) for item in session.items)
        return replace(session, start=None, end=None, items=items)

    old, new = untimed("neutral.txt"), untimed("iclr2021-oral-session-7.txt")
    moment = SESSION_7_START
    with Library(isolated_library) as library:
        library.store([old])
        library.set_session_time(old.id, moment, None)
        library.mark([old.items[0]], "starred", True)
        library.save_plan({"paper": old.items[0].id})
        assert library.export_sequences({old.items[0].id: "state"}) == {old.items[0].id: 0}
        item_ids = {a.id: b.id for a, b in zip(old.items, new.items, strict=True)}
        upgrade = Upgrade(old.id, new.id, "ICLR", 2021, item_ids)
        result = library.store([new], upgrades=[upgrade])
        assert (result.sessions, result.replaced) == (1, 1)
        assert [s.session.id for s in library.sessions()] == [new.id]
        assert library.hand_time(new.id).start == moment
        assert library.session(new.id).start == moment
        assert library.pick_ids("starred") == {new.items[0].id}
        assert library.saved_plan() == {"paper": new.items[0].id}
        assert library.export_sequences({new.items[0].id: "state"}) == {new.items[0].id: 0}
