"""Incremental parse: an input whose bytes (and sidecar, and reading options) are what the
library stored from it is not read again; --force, a changed byte or a changed abstracts
sidecar reads it again; standard input and --from always read."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import REPO, SAMPLES, run_cli

from confcli.readers.reading import source_key
from confcli.store import Library

FEED = REPO / "tests" / "fixtures" / "feed"
PAGE = "iclr2021-oral-session-1.txt"
TITLE = "Dataset Condensation with Gradient Matching"


def _page(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(SAMPLES / PAGE, folder / PAGE))


def _titles(path: Path) -> set[str]:
    with Library(path) as library:
        return {item.title for item in library.find_items()}


def test_an_unchanged_file_is_skipped_with_a_message(tmp_path, isolated_library):
    page = _page(tmp_path)
    first = run_cli("parse", str(page))
    assert first.code == 0, first.stderr
    again = run_cli("parse", str(page))
    assert again.code == 0
    lines = [line for line in again.stderr.splitlines() if "unchanged" in line]
    assert len(lines) == 1 and lines[0].startswith(f"confcli: unchanged: {page} (stored ")
    assert "stored 1 session" not in again.stderr  # nothing stored: no transaction, no changes
    assert again.stdout == ""  # no page read: no table
    with Library(isolated_library) as library:
        assert library.changes() == []
        digest = library.source_digest(source_key(str(page)))
    assert digest is not None and len(digest) == 64


def test_the_table_marks_the_unchanged_among_the_pages_read(tmp_path):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    other = shutil.copy(SAMPLES / "iclr2021-oral-session-7.txt", page.parent)
    both = run_cli("parse", str(page), str(other), width=120)
    assert both.code == 0, both.stderr
    lines = both.stdout.splitlines()
    row = next(n for n, line in enumerate(lines) if PAGE in line)
    assert "(unchanged: not read again)" in lines[row] and "unchanged" in lines[row + 1]
    assert "Oral Session 7" in both.stdout and both.stderr.count("confcli: unchanged:") == 1


def test_another_spelling_of_the_same_path_is_the_same_source(tmp_path, monkeypatch):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    monkeypatch.chdir(page.parent)
    again = run_cli("parse", f"./{PAGE}")
    assert again.code == 0 and f"confcli: unchanged: ./{PAGE}" in again.stderr


def test_a_changed_byte_reads_again_and_records_the_change(tmp_path, isolated_library):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    page.write_text(page.read_text().replace(TITLE, TITLE + "!", 1))
    again = run_cli("parse", str(page))
    assert again.code == 0, again.stderr
    assert "unchanged" not in again.stderr
    assert "stored 1 session(s)" in again.stderr and "1 retitled" in again.stderr
    with Library(isolated_library) as library:
        changes = library.changes()
    assert [(c.change, c.before, c.after) for c in changes] == [
        ("retitled", {"title": TITLE}, {"title": TITLE + "!"})
    ]
    assert run_cli("parse", str(page)).stderr.count("confcli: unchanged:") == 1


def test_force_reads_everything_again(tmp_path):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    forced = run_cli("parse", "--force", str(page))
    assert forced.code == 0 and "unchanged" not in forced.stderr
    assert "stored 1 session(s)" in forced.stderr


def test_other_reading_options_read_again(tmp_path):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    other = run_cli("parse", "--page-tz", "Europe/Berlin", str(page))
    assert other.code == 0 and "unchanged" not in other.stderr


def _feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    shutil.copytree(FEED, folder)
    return folder


def test_a_changed_abstracts_sidecar_reads_its_feed_again(tmp_path, isolated_library):
    folder = _feed(tmp_path)
    main = folder / "iclr-2024-orals-posters.json"
    assert run_cli("parse", str(main)).code == 0
    assert "confcli: unchanged:" in run_cli("parse", str(main)).stderr
    sidecar = folder / "iclr-2024-abstracts.json"
    abstracts = json.loads(sidecar.read_text())
    abstracts["19707"] = "A new abstract."
    sidecar.write_text(json.dumps(abstracts))
    again = run_cli("parse", str(main))
    assert again.code == 0 and "unchanged" not in again.stderr, again.stderr
    with Library(isolated_library) as library:
        item = library.find_items(title="Implicit Representations: A Study of Tabular Data")[0]
    assert item.abstract == "A new abstract."


def test_a_directory_with_a_named_sidecar_skips_and_fails_nothing(tmp_path):
    folder = _feed(tmp_path)
    assert run_cli("parse", str(folder)).code == 0
    again = run_cli("parse", str(folder))
    assert again.code == 0, again.stderr
    assert again.stderr.count("confcli: unchanged:") == 1
    assert "error" not in again.stderr


def test_a_copy_under_another_name_is_read_and_keeps_one_session(tmp_path, isolated_library):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    copy = Path(shutil.copy(page, tmp_path / "copy.txt"))
    again = run_cli("parse", str(copy))
    assert again.code == 0 and "unchanged" not in again.stderr  # a new source: read
    with Library(isolated_library) as library:
        assert len(library.sessions()) == 1  # the copy took the stored session's identity


def test_standard_input_is_never_skipped(isolated_library):
    text = (SAMPLES / PAGE).read_text()
    for _ in range(2):
        result = run_cli("parse", "-", stdin=text)
        assert result.code == 0 and "unchanged" not in result.stderr
        assert "stored 1 session(s)" in result.stderr
    with Library(isolated_library) as library:
        assert library.source_digest("-") is None


def test_from_pages_are_always_read(tmp_path):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    listed = run_cli("list", "--from", str(page), "--json")
    assert listed.code == 0 and TITLE in listed.stdout


def test_the_digest_is_of_the_bytes_as_read(tmp_path):
    from confcli.readers.sources import read_source

    page = _page(tmp_path)
    assert read_source(str(page)).digest == hashlib.sha256(page.read_bytes()).hexdigest()


def test_the_list_marks_the_items_the_last_refresh_changed(tmp_path):
    page = _page(tmp_path)
    assert run_cli("parse", str(page)).code == 0
    first = run_cli("list", "--session", "Oral Session 1", width=160)
    assert first.code == 0 and "Δ" not in first.stdout  # the first snapshot is no change
    page.write_text(page.read_text().replace(TITLE, TITLE + "!", 1))
    assert run_cli("parse", str(page)).code == 0
    listed = run_cli("list", "--session", "Oral Session 1", width=160)
    marked = [line for line in listed.stdout.splitlines() if "Δ" in line]
    assert len(marked) == 1 and TITLE + "!" in marked[0]
    assert "Δ" not in run_cli("list", "--session", "Oral Session 1", "--json").stdout


def test_a_page_whose_session_was_removed_is_read_again(tmp_path, isolated_library):
    """`library remove` then `parse` of the same, unchanged file brings the session back:
    a removal forgets the digests, so the page is not skipped as unchanged."""
    from conftest import SAMPLE_FILES, run_cli

    page = tmp_path / "os7.txt"
    page.write_bytes(next(p for p in SAMPLE_FILES if "session-7" in p.name).read_bytes())
    assert run_cli("parse", str(page), "--year", "2021", "--conference", "ICLR").code == 0
    removed = run_cli("library", "remove", "Oral Session 7", "--yes")
    assert removed.code == 0, removed.stderr
    again = run_cli("parse", str(page), "--year", "2021", "--conference", "ICLR")
    assert "unchanged" not in again.stderr
    assert "Oral Session 7" in run_cli("list").stdout
