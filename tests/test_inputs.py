"""Where pages come from: files, directories (sniffed), globs, standard input and URLs (a
local http.server on 127.0.0.1, started in a thread by the tests)."""

from __future__ import annotations

import codecs
import os
import shutil
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from confcli.errors import BadInputError, ExitCode
from confcli.readers import sources as page_sources
from confcli.readers.registry import looks_like_page
from confcli.readers.sources import NOT_A_PAGE, InputFailure, Skipped, decode, expand, read_source

SESSION_7 = SAMPLES / "iclr2021-oral-session-7.txt"
FEED = Path(__file__).parent / "fixtures" / "feed" / "iclr-2024-orals-posters.json"


def sources(*paths) -> list[str]:
    """The pages the paths give (the files skipped, with why: skipped())."""
    found = list(expand([str(path) for path in paths]))
    assert not any(isinstance(entry, InputFailure) for entry in found), found
    return [entry for entry in found if isinstance(entry, str)]


def skipped(*paths) -> list[tuple[str, str]]:
    found = expand([str(path) for path in paths])
    return [(entry.source, entry.reason) for entry in found if isinstance(entry, Skipped)]


def failure(path) -> str:
    entry, *_ = expand([str(path)])
    assert isinstance(entry, InputFailure)
    return entry.error.message


# --- directories and globs --------------------------------------------------------------------


@pytest.fixture
def page_tree(tmp_path) -> Path:
    """Pages at two depths, and what a directory of saved pages also holds."""
    root = tmp_path / "pages"
    (root / "day1" / "Oral_files").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(SESSION_7, root / "b-session.txt")
    shutil.copy(SAMPLES / "iclr2021-oral-session-1.txt", root / "day1" / "a-page")  # no suffix
    shutil.copy(FEED, root / "day1" / "feed.json")
    shutil.copy(SESSION_7, root / ".hidden-copy.txt")
    shutil.copy(SESSION_7, root / ".git" / "copy.txt")
    (root / "README.md").write_text("# My notes\n\nPages I saved for the conference.\n")
    (root / "package.json").write_text('{"name": "x", "version": "1.0.0"}\n')
    (root / "day1" / "Oral_files" / "virtual.js").write_text("fetch('/virtual/2021/x')\n")
    (root / "day1" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return root


def test_a_directory_gives_its_pages_in_name_order_skipping_hidden_and_other_files(page_tree):
    assert sources(page_tree) == [
        str(page_tree / "b-session.txt"),
        str(page_tree / "day1" / "a-page"),
        str(page_tree / "day1" / "feed.json"),
    ]


def page_tree_skips(page_tree: Path) -> list[tuple[str, str]]:
    return [
        (str(page_tree / "README.md"), NOT_A_PAGE),
        (str(page_tree / "package.json"), NOT_A_PAGE),
        (str(page_tree / "day1" / "photo.txt"), "a binary file, not a page"),
        (str(page_tree / "day1" / "Oral_files" / "virtual.js"), ASSET_JS),
    ]


ASSET_JS = "an asset (.js) saved beside pages, not a page"


def test_every_file_a_directory_skips_is_named_with_why(page_tree):
    """Pages first, then the other files (hidden ones are never looked at)."""
    assert skipped(page_tree) == page_tree_skips(page_tree)


def test_an_unreadable_file_in_a_directory_is_named(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    shutil.copy(SESSION_7, tmp_path / "page.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    try:
        assert skipped(tmp_path) == [(str(locked), "unreadable: Permission denied")]
    finally:
        locked.chmod(0o644)


def test_parse_a_directory(page_tree):
    result = run_cli("parse", str(page_tree))
    assert result.code == ExitCode.OK, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"confcli: skipped: {source}: {why}" for source, why in page_tree_skips(page_tree)
    ]
    *warnings, stored = lines[4:]
    assert stored.startswith("confcli: stored 14 session(s), 295 item(s) in ")
    # The two text pages' names carry no year; the feed, copied without its abstracts
    # sidecar, has its quirks and 12 sessions each missing some abstracts.
    feed = page_tree / "day1" / "feed.json"
    assert warnings[:4] == [
        f"confcli: warning: {page_tree / 'b-session.txt'}: conference year unknown (give --year)",
        f"confcli: warning: {page_tree / 'day1' / 'a-page'}: conference year unknown (give --year)",
        f"confcli: warning: {feed}: Oral 1A: the feed's count says 275 records, 269 are present",
        f"confcli: warning: {feed}: Oral 1A: skipped 5 record(s) marked not visible",
    ]
    assert len(warnings) == 16 and all(
        line.endswith("without an abstract") for line in warnings[4:]
    )


def test_a_directory_without_pages(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "list.txt").write_text("shopping list\n")
    assert failure(notes) == "no pages found in this directory (1 other file(s))"
    result = run_cli("parse", str(notes))
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == (
        f"confcli: skipped: {notes / 'list.txt'}: {NOT_A_PAGE}\n"
        f"confcli: error: {notes}: no pages found in this directory (1 other file(s))\n"
    )


def test_a_glob_names_its_files_as_the_shell_would(page_tree):
    assert sources(page_tree / "*.txt") == [str(page_tree / "b-session.txt")]
    assert sources(page_tree / "**" / "*.json") == [
        str(page_tree / "day1" / "feed.json"),
        str(page_tree / "package.json"),
    ]
    assert sources(page_tree / "day*") == sources(page_tree / "day1")


def test_a_glob_matching_nothing(tmp_path):
    pattern = str(tmp_path / "*.html")
    result = run_cli("parse", pattern)
    assert result.code == ExitCode.NOT_FOUND
    assert result.stderr == f"confcli: error: {pattern}: no file matches\n"


def test_parse_a_quoted_glob(page_tree):
    result = run_cli("parse", str(page_tree / "*.txt"), "--json")
    assert result.code == ExitCode.OK
    assert [session["title"] for session in result.json] == ["Oral Session 7"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (SESSION_7.read_text(encoding="utf-8")[:2000], True),
        ((SAMPLES / "neurips2020-orals-track-13.txt").read_text(encoding="utf-8"), True),
        ('<html><a href="/virtual/2025/poster/1">x</a></html>', True),
        ("### Poster Session 3\n", True),
        ("   [1]Skip to yearly menu bar [2]Skip to main content [3]ICLR\n", True),  # lynx
        ('{"count": 3, "next": null, "results": [', True),
        ('[\n  {\n    "schema_version": 1,', True),
        ('{"19581": "An abstract"}', True),
        ('{"name": "x", "version": "1.0.0"}', False),
        ("# My notes\n\nThe session was great.\n", False),
        ("body { color: red }", False),
    ],
)
def test_looks_like_page(head, expected):
    assert looks_like_page(head) is expected


def test_saved_pages_and_captures_in_every_form_look_like_pages():
    html = Path(__file__).parent / "fixtures" / "html"
    saved = sorted([*html.glob("*.html"), *(html / "captures").glob("*")])
    assert len(saved) > 10
    assert [path for path in saved if not looks_like_page(page_sources.sniff(path))] == []


# --- standard input, sizes, decoding ----------------------------------------------------------


def test_standard_input():
    result = run_cli("parse", "-", "--json", stdin=SESSION_7.read_text(encoding="utf-8"))
    assert result.code == ExitCode.OK
    assert result.json[0]["source"] == "-" and result.json[0]["items"][0]["source"] == "-"


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(page_sources, "MAX_PAGE_BYTES", 100)
    result = run_cli("parse", str(SESSION_7))
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == f"confcli: error: {SESSION_7}: larger than the 100 bytes limit\n"


def test_decoding():
    assert decode(codecs.BOM_UTF16_LE + "Zoë".encode("utf-16-le"), "x") == "Zoë"
    assert decode(codecs.BOM_UTF8 + "Zoë".encode(), "x", charset="latin-1") == "Zoë"
    assert decode("Zoë".encode("latin-1"), "x") == "Zoë"  # not UTF-8: Windows-1252
    assert decode("Zoë".encode("latin-1"), "x", charset="iso-8859-1") == "Zoë"
    assert decode("Zoë".encode(), "x", charset="no-such-charset") == "Zoë"
    with pytest.raises(BadInputError, match="a binary file, not a page"):
        decode(b"\x89PNG\x00\x00", "x")


# --- URLs ---------------------------------------------------------------------------------------

BIG = b"Session\n" + b"x" * 5000


class Handler(BaseHTTPRequestHandler):
    """The test site: each path is one behaviour."""

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        REQUESTS[self.path] += 1
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            return self.answer(404, b"no such page")
        route(self)

    def answer(self, status: int, body: bytes, headers: dict | None = None, length=True) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, target: str) -> None:
        self.answer(302, b"", {"Location": target})

    def page(self) -> None:
        self.answer(200, SESSION_7.read_bytes(), {"Content-Type": "text/plain; charset=utf-8"})

    def feed(self) -> None:
        self.answer(200, FEED.read_bytes(), {"Content-Type": "application/json"})

    def latin(self) -> None:
        text = SESSION_7.read_text(encoding="utf-8").replace("Oral Session 7", "Oral Sessiön 7")
        body = text.encode("latin-1", errors="replace")
        self.answer(200, body, {"Content-Type": "text/plain; charset=ISO-8859-1"})

    def slow(self) -> None:
        time.sleep(2)
        self.page()

    def big_declared(self) -> None:
        self.answer(200, BIG)

    def big_undeclared(self) -> None:
        self.answer(200, BIG, {"Connection": "close"}, length=False)

    def truncated(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b"Session\n")
        self.close_connection = True

    def hop(self) -> None:
        number = int(self.path.split("=")[1])
        self.redirect(f"/hop?n={number + 1}" if number < 10 else "/page.txt")


ROUTES = {
    "/iclr2021-oral-session-7.txt": Handler.page,
    "/page.txt": Handler.page,
    "/static/virtual/data/iclr-2024-orals-posters.json": Handler.feed,
    "/latin.txt": Handler.latin,
    "/slow.txt": Handler.slow,
    "/big.txt": Handler.big_declared,
    "/big-undeclared.txt": Handler.big_undeclared,
    "/moved": lambda handler: handler.redirect("/page.txt"),
    "/loop-a": lambda handler: handler.redirect("/loop-b"),
    "/loop-b": lambda handler: handler.redirect("/loop-a"),
    "/hop": Handler.hop,
    "/to-file": lambda handler: handler.redirect("file:///etc/passwd"),
    "/error": lambda handler: handler.answer(500, b"oops"),
    "/truncated.txt": Handler.truncated,
}
REQUESTS: Counter[str] = Counter()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # confcli hangs up on slow and over-size answers: the server's broken pipes


@pytest.fixture(scope="module")
def site():
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_over_http_keeps_its_url_as_the_source(site):
    url = f"{site}/iclr2021-oral-session-7.txt"
    result = run_cli("parse", url, "--json")
    assert result.code == ExitCode.OK, result.stderr
    (session,) = result.json
    assert session["source"] == url and {item["source"] for item in session["items"]} == {url}
    assert (session["conference"], session["year"]) == ("ICLR", 2021)  # from the URL's name
    assert session["id"] == "iclr2021-oral-session-7-5b5522"  # the same page as the file


def test_a_feed_over_http_takes_its_links_from_the_url(site):
    url = f"{site}/static/virtual/data/iclr-2024-orals-posters.json"
    result = run_cli("parse", url, "--json")
    assert result.code == ExitCode.OK, result.stderr
    oral = result.json[0]["items"][0]
    assert oral["url"] == f"{site}/virtual/2024/oral/19700"
    assert oral["links"]["slides"] == f"{site}/media/iclr-2024/Slides/19700.pdf"
    base = run_cli("parse", url, "--json", "--base-url", "https://iclr.cc/")
    assert base.json[0]["items"][0]["url"] == "https://iclr.cc/virtual/2024/oral/19700"


def test_a_redirect_is_followed_and_the_given_url_stays_the_source(site):
    page = read_source(f"{site}/moved")
    assert (page.source, page.base_url) == (f"{site}/moved", f"{site}/page.txt")
    assert page.text == SESSION_7.read_text(encoding="utf-8")


def test_the_charset_the_server_names(site):
    page = read_source(f"{site}/latin.txt")
    assert "Oral Sessiön 7" in page.text


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        ("/missing.txt", ExitCode.NOT_FOUND, "HTTP 404 Not Found"),
        ("/error", ExitCode.BAD_INPUT, "HTTP 500 Internal Server Error"),
        ("/loop-a", ExitCode.BAD_INPUT, "redirect loop at {site}/loop-a"),
        ("/hop?n=1", ExitCode.BAD_INPUT, "more than 5 redirects"),
        ("/to-file", ExitCode.BAD_INPUT, "redirected to a non-http(s) address: file:///etc/passwd"),
    ],
)
def test_http_failures_are_one_line(site, path, code, message):
    url = f"{site}{path}"
    result = run_cli("parse", url)
    assert result.code == code
    assert result.stderr == f"confcli: error: {url}: {message.format(site=site)}\n"


def test_a_body_cut_short(site):
    result = run_cli("parse", f"{site}/truncated.txt")
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: {site}/truncated.txt: connection lost after 8 of 100 bytes\n"
    )


def test_each_url_is_fetched_once(site):
    run_cli("parse", f"{site}/page.txt?once", f"{site}/missing.txt?once")
    assert (REQUESTS["/page.txt?once"], REQUESTS["/missing.txt?once"]) == (1, 1)


def test_five_redirects_are_followed(site):
    assert read_source(f"{site}/hop?n=6").base_url == f"{site}/page.txt"


@pytest.mark.parametrize("path", ["/big.txt", "/big-undeclared.txt"])
def test_a_body_over_the_size_limit(site, monkeypatch, path):
    monkeypatch.setattr(page_sources, "MAX_PAGE_BYTES", 1000)
    result = run_cli("parse", f"{site}{path}")
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == f"confcli: error: {site}{path}: larger than the 1000 bytes limit\n"


def test_a_slow_answer_times_out(site):
    started = time.monotonic()
    result = run_cli("parse", f"{site}/slow.txt", "--timeout", "0.3")
    assert time.monotonic() - started < 1.5
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: {site}/slow.txt: timed out after 0.3 s (see --timeout)\n"
    )


def test_nothing_listening():
    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        port = server.server_address[1]  # closed when the block ends: the port refuses
    result = run_cli("parse", f"http://127.0.0.1:{port}/page.txt")
    assert result.code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"confcli: error: http://127.0.0.1:{port}/page.txt: cannot fetch: Connection refused\n"
    )


def test_a_good_url_and_a_bad_one_is_partial(site):
    result = run_cli("parse", f"{site}/page.txt", f"{site}/missing.txt")
    assert result.code == ExitCode.PARTIAL
    assert "stored 1 session(s), 16 item(s)" in result.stderr


def test_base_url_must_be_a_url():
    result = run_cli("parse", str(SESSION_7), "--base-url", "iclr.cc")
    assert result.code == ExitCode.USAGE
    assert result.stderr == "confcli: error: --base-url must be an http(s) URL, not 'iclr.cc'\n"
