"""The one registry of shapes: a reader added in a test is found in a directory, read,
stored and named in `parse --help`; every built-in reader's sniff takes the files it reads;
the order of tries is the one it always was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_FILES, run_cli

from confcli.errors import ExitCode
from confcli.readers import registry
from confcli.readers.build import ItemDraft, PageContext, ParsedPage, SessionDraft, build_session
from confcli.readers.sources import sniff

FIXTURES = Path(__file__).parent / "fixtures"
TOY_PAGE = """TOY AGENDA 1
Toy Session: Reading Wings
- Keynote: One registry for every shape
- Talk: Sniffing cheaply
"""


def sniff_toy(head: str) -> bool:
    return head.startswith("TOY AGENDA ")


def read_toy(text: str, context: PageContext) -> ParsedPage | None:
    if not sniff_toy(text):
        return None
    lines = text.splitlines()
    draft = SessionDraft(title=lines[1].removeprefix("Toy Session: "), conference="TOY", year=2025)
    for line in lines[2:]:
        kind, _, title = line.removeprefix("- ").partition(": ")
        draft.items.append(ItemDraft(kind_label=kind, title=title))
    return build_session(draft, context, "toy-agenda")


@pytest.fixture
def toy_reader():
    """A reader registered for one test: one module (here, this file) and one line."""
    registry.register(registry.Shape("toy-agenda", "toy", read_toy, sniff_toy))
    yield
    registry.unregister("toy-agenda")


@pytest.fixture
def toy_directory(tmp_path) -> Path:
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "agenda.toy").write_text(TOY_PAGE, encoding="utf-8")
    (folder / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    return folder


def parse_help(capsys) -> str:
    """`confcli parse --help` as one line of words, without the table's borders (click
    prints help on the process's stdout, not the terminal's)."""
    capsys.readouterr()
    assert run_cli("parse", "--help").code == ExitCode.OK
    return " ".join(capsys.readouterr().out.replace("│", " ").split())


def test_no_built_in_reader_takes_the_toy_page(toy_directory):
    assert not registry.looks_like_page(TOY_PAGE)
    result = run_cli("parse", str(toy_directory))
    assert result.code == ExitCode.NOT_FOUND
    assert "no pages found in this directory (2 other file(s))" in result.stderr


def test_a_registered_reader_is_found_in_a_directory_read_and_stored(toy_reader, toy_directory):
    result = run_cli("parse", str(toy_directory), "--json")
    assert result.code == ExitCode.OK, result.stderr
    (session,) = result.json
    assert (session["title"], session["conference"], session["year"]) == (
        "Reading Wings",
        "TOY",
        2025,
    )
    assert [(item["kind"], item["title"]) for item in session["items"]] == [
        ("keynote", "One registry for every shape"),
        ("talk", "Sniffing cheaply"),
    ]
    assert result.stderr.splitlines()[-1].startswith("confcli: stored 1 session(s), 2 item(s)")
    stored = run_cli("list", "--session", "Reading Wings", "--json")
    assert [item["title"] for item in stored.json] == [
        "One registry for every shape",
        "Sniffing cheaply",
    ]


def test_a_registered_reader_is_a_format_and_named_in_the_help(toy_reader, toy_directory, capsys):
    help_text = parse_help(capsys)
    assert "frab (a frab or pretalx schedule, json or xml), toy;" in help_text
    assert "timed-session, toy-agenda." in help_text
    assert registry.reader_names("toy") == ("toy-agenda",)
    page = toy_directory / "agenda.toy"
    assert run_cli("parse", str(page), "--format", "toy").code == ExitCode.OK
    refused = run_cli("parse", str(page), "--format", "json")
    assert refused.code == ExitCode.BAD_INPUT
    tried = "confcli-json, downloads, feed, platform2020, frab-json"
    assert f"not a conference session page (tried: {tried})" in refused.stderr


def test_the_help_names_the_built_in_shapes_and_no_toy(capsys):
    help_text = parse_help(capsys)
    assert (
        "from their content: json (the sites' feeds and exports, confcli's own JSON, a frab "
        "schedule.json), text, html, markdown, text-browser, xml (a frab schedule.xml), frab "
        "(a frab or pretalx schedule, json or xml); or one reader by name: confcli-json, "
        "downloads, feed, platform2020, frab-json, listing, frab-xml, html-session, "
        "listing-capture, markdown-capture, text-browser-capture, track-page, poster-session, "
        "timed-session."
    ) in help_text


def test_registering_twice_or_before_an_unknown_shape_is_refused(toy_reader):
    with pytest.raises(ValueError, match="registered already"):
        registry.register(registry.Shape("toy-agenda", "toy", read_toy, sniff_toy))
    with pytest.raises(ValueError, match="no shape named 'nothing'"):
        registry.register(registry.Shape("other", "toy", read_toy, sniff_toy), before="nothing")


def test_a_shape_registered_before_another_is_tried_first(toy_reader):
    registry.register(registry.Shape("early-toy", "toy", read_toy, sniff_toy), before="feed")
    try:
        names = [shape.name for shape in registry.SHAPES]
        assert names[:4] == ["confcli-json", "downloads", "early-toy", "feed"]
        assert names[-1] == "toy-agenda"
    finally:
        registry.unregister("early-toy")


# --- the built-in shapes --------------------------------------------------------------------


def test_the_order_of_tries_and_the_format_groups():
    """Specific shapes before lenient ones: the Downloads export before the feed (whose
    sniff it matches), listings and frab XML before html-session (which is lenient), a
    listing's captures before a session page's (which read any text their readers take)."""
    assert [shape.name for shape in registry.SHAPES] == [
        "confcli-json",
        "downloads",
        "feed",
        "platform2020",
        "frab-json",
        "listing",
        "frab-xml",
        "html-session",
        "listing-capture",
        "markdown-capture",
        "text-browser-capture",
        "track-page",
        "poster-session",
        "timed-session",
    ]
    assert registry.groups() == {
        "json": ("confcli-json", "downloads", "feed", "platform2020", "frab-json"),
        "text": ("track-page", "poster-session", "timed-session"),
        "html": ("listing", "html-session"),
        "markdown": ("listing-capture", "markdown-capture"),
        "text-browser": ("listing-capture", "text-browser-capture"),
        "xml": ("frab-xml",),
        "frab": ("frab-json", "frab-xml"),
    }


def confcli_json_files(tmp_path: Path) -> list[Path]:
    """confcli's own JSON as it writes it: sessions (parse --json) and items (list --json)."""
    sessions, items = tmp_path / "sessions.json", tmp_path / "items.json"
    sessions.write_text(run_cli("parse", *map(str, SAMPLE_FILES), "--json").stdout)
    items.write_text(run_cli("list", "--session", "Oral Session 7", "--json").stdout)
    return [sessions, items]


def frab_xml_files(tmp_path: Path) -> list[Path]:
    """A frab schedule.xml as confcli writes it (the samples exported)."""
    xml = tmp_path / "schedule.xml"
    xml.write_text(run_cli("export", "-f", "frab-xml", "--from", str(SAMPLE_FILES[0])).stdout)
    return [xml]


def fixture_files(tmp_path: Path) -> list[Path]:
    html = FIXTURES / "html"
    return [
        *SAMPLE_FILES,
        *sorted(html.glob("*.html")),
        *sorted((html / "edge").glob("*.html")),
        *sorted((html / "captures").iterdir()),
        *sorted((FIXTURES / "feed").glob("*.json")),
        *sorted(path for path in (FIXTURES / "real").iterdir() if path.is_file()),
        *sorted((FIXTURES / "real" / "captures").glob("*.*.*")),  # not its README
        *frab_xml_files(tmp_path),
        *confcli_json_files(tmp_path),
    ]


def test_every_built_in_reader_sniffs_the_files_it_reads(tmp_path):
    taken: dict[str, list[str]] = {shape.name: [] for shape in registry.SHAPES}
    for path in fixture_files(tmp_path):
        text = path.read_text(encoding="utf-8")
        head = sniff(path).replace("\r\n", "\n").replace("\r", "\n")
        for shape in registry.SHAPES:
            try:
                read = shape.read(text, PageContext(source=path.name))
            except Exception:  # noqa: BLE001 - a reader that recognised the file, then refused it
                read = "refused"
            if read is not None:
                assert shape.sniff(head), (shape.name, path.name)
                taken[shape.name].append(path.name)
    assert all(taken.values()), taken  # each shape met at least one of its own files


def test_the_abstracts_sidecar_is_found_with_its_feed():
    head = sniff(FIXTURES / "feed" / "iclr-2024-abstracts.json")
    assert registry.looks_like_page(head)
