"""Issue 11's "done when": a directory holding every real file people saved
(tests/fixtures/real) and the five samples parses with no refusal, each file giving exactly
its sessions and items."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from conftest import SAMPLE_FILES, run_cli

from confcli.errors import ExitCode

REAL = Path(__file__).parent / "fixtures" / "real"
# file -> (sessions, items); the 2020 calendar is read beside its papers, as their sidecar.
EXPECTED = {
    "camp2019_frab_schedule.json": (10, 79),
    "iclr2021-oral-session-1.txt": (1, 15),
    "iclr2021-oral-session-7.txt": (1, 16),
    "iclr2023-poster-session-3.txt": (1, 135),
    "icml2020_papers.json": (84, 2198),
    "icml2022-deep-learning.txt": (1, 14),
    "icml2024_events_download_subset.json": (4, 298),
    "neurips2020-orals-track-13.txt": (1, 15),
    "neurips2023_posters_listing_excerpt.html": (1, 25),
    "neurips2025_tutorials_listing_fragment.html": (2, 14),
    "neurips2025_workshops_listing_fragment.html": (2, 55),
}


def test_every_real_file_and_sample_in_one_directory_parses(tmp_path, isolated_library):
    pages = tmp_path / "saved"
    pages.mkdir()
    for path in [*(p for p in REAL.iterdir() if p.is_file()), *SAMPLE_FILES]:
        shutil.copy(path, pages / path.name)
    assert len(list(pages.iterdir())) == len(EXPECTED) + 1  # and the calendar

    result = run_cli("parse", str(pages), "--json")

    assert result.code == ExitCode.OK, result.stderr
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith(("confcli: error", "confcli: skip"))]
    found: Counter[str] = Counter()
    items: Counter[str] = Counter()
    for session in result.json:
        name = Path(session["source"]).name
        found[name] += 1
        items[name] += session["item_count"]
    assert {name: (found[name], items[name]) for name in found} == EXPECTED
    assert lines[-1] == f"confcli: stored 108 session(s), 2864 item(s) in {isolated_library}"


def test_a_file_that_only_looks_like_a_page_is_skipped_in_a_folder(tmp_path, isolated_library):
    """shared/real's README (Markdown with the sites' links) passes the folder's guess but
    no reader takes it: in a folder it is skipped and named, not refused; named alone it
    is still refused."""
    pages = tmp_path / "saved"
    pages.mkdir()
    readme = pages / "README.md"
    readme.write_text(
        "# Real files\n\n| file | source |\n| --- | --- |\n"
        "| `a.html` | https://neurips.cc/virtual/2025/events/tutorial |\n",
        encoding="utf-8",
    )
    shutil.copy(SAMPLE_FILES[0], pages / SAMPLE_FILES[0].name)
    result = run_cli("parse", str(pages))
    assert result.code == ExitCode.OK, result.stderr
    assert f"confcli: skipped: {readme}: not a page (its start looked like one, but no " in (
        result.stderr
    )
    alone = run_cli("parse", str(readme))
    assert alone.code == ExitCode.BAD_INPUT
    assert "not a conference session page" in alone.stderr
