"""The hostile corpus through the real CLI (tests/hostile/): every entry gives the data it
holds or one line naming the file and its problem, with a documented exit code, and never
a traceback. Plus what a corpus file cannot hold: a hostile web site, pipes, a 65 MiB
standard input, a file nobody may read, and a 100,000-poster page read in bounded memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_cli, run_process
from hostile import make_corpus
from hostile.cases import CASES, URL_CASES, Case

from confcli.errors import ExitCode
from confcli.readers.reading import ReadOptions, read_pages
from confcli.render.jsonout import session_to_json
from confcli.render.safe import printable

# Run as a real process too: a sample of every kind of outcome.
IN_A_PROCESS = {
    "big-sparse.txt", "png.txt", "deep-divs.html", "loop-a.txt", "cut-mid-utf8.txt",
    "utf-16-le-no-bom.txt", "\x1b[2J\x1b[31mred\x1b]8;;evil.example\x07\u202eevil\x9b.txt",
    "page-and-fifo",
}  # fmt: skip
ITEM_KEYS = ("position", "kind", "title", "authors", "abstract", "start", "end", "room")
POSTERS_RSS_LIMIT_MB = 400  # documented in docs/reliability.md


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus.write_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


@pytest.fixture(scope="module")
def sample_items() -> list[tuple]:
    options = ReadOptions(year=2021)
    (page,) = read_pages([str(make_corpus.SESSION_7)], options).pages
    return item_view([session_to_json(page.page.session)])


def item_view(sessions: list[dict]) -> list[tuple]:
    return [tuple(str(item[key]) for key in ITEM_KEYS) for item in sessions[0]["items"]]


def source_of(case: Case, corpus: Path) -> str:
    return case.name if "://" in case.name or case.name.startswith("/") else str(corpus / case.name)


def expected_stderr(case: Case, source: str, corpus: Path, library: Path) -> list[str]:
    lines = [line.replace("{source}", printable(source)) for line in case.stderr]
    return [
        line.replace("{root}", str(corpus)).replace("{library}", str(library)) for line in lines
    ]


@pytest.mark.parametrize("case", CASES, ids=[printable(case.name) for case in CASES])
def test_each_hostile_input_has_its_documented_outcome(
    case, corpus, sample_items, isolated_library
):
    source = source_of(case, corpus)
    result = run_cli("parse", source, "--year", "2021", "--json")
    assert result.code == case.code, result.stderr
    assert result.stderr.splitlines() == expected_stderr(case, source, corpus, isolated_library)
    if case.view is not None:
        assert case.view(result.json) == case.expected
    if case.same_as_sample:
        assert item_view(result.json) == sample_items


def test_the_corpus_holds_at_least_fifty_cases():
    assert len(CASES) + len(URL_CASES) + 4 >= 50  # + the four special tests below


@pytest.mark.parametrize("name", sorted(IN_A_PROCESS), ids=printable)
def test_a_real_process_gives_the_same_outcome(name, corpus, isolated_library):
    case = next(case for case in CASES if case.name == name)
    source = source_of(case, corpus)
    result = run_process("parse", source, "--year", "2021", "--json")
    assert result.returncode == case.code
    assert result.stderr.splitlines() == expected_stderr(case, source, corpus, isolated_library)


def test_debug_shows_the_traceback_of_each_failure(corpus):
    result = run_cli("--debug", "parse", str(corpus / "deep-feed.json"))
    assert result.code == ExitCode.BAD_INPUT
    assert "Traceback (most recent call last)" in result.stderr
    assert ", in load_json\n" in result.stderr  # where the one-line error was raised
    assert result.stderr.splitlines()[-1] == (
        f"confcli: error: {corpus / 'deep-feed.json'}: JSON feed nested too deeply"
    )


# --- pipes, standard input, permissions ------------------------------------------------------


def test_a_pipe_named_on_the_command_line_is_read(tmp_path):
    """As `confcli parse <(curl …)` names one: read once, like standard input."""
    pipe = tmp_path / "page.txt"
    os.mkfifo(pipe)
    page = make_corpus.SESSION_7.read_bytes()
    threading.Thread(target=pipe.write_bytes, args=(page,), daemon=True).start()
    result = run_process("parse", str(pipe), "--year", "2021", "--json", timeout=30)
    assert result.returncode == ExitCode.OK, result.stderr
    assert json.loads(result.stdout)[0]["item_count"] == 16


def test_standard_input_over_the_limit_is_refused_after_the_limit():
    feeder = "import sys; sys.stdout.buffer.write(b'Session ' * (65 * 2**20 // 8))"
    command = f"{sys.executable} -c {feeder!r} | {sys.executable} -m confcli parse -"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
    assert result.returncode == ExitCode.BAD_INPUT
    assert result.stderr == "confcli: error: -: larger than the 64 MiB limit\n"


def test_a_file_nobody_may_read(tmp_path):
    """chmod 000 stops everyone but root; as root (CI), /proc/self/mem is the unreadable
    file (a corpus case) and this one is read, as root may."""
    page = tmp_path / "secret.txt"
    page.write_bytes(make_corpus.SESSION_7.read_bytes())
    page.chmod(0)
    result = run_cli("parse", str(page), "--year", "2021")
    if os.geteuid() == 0:
        assert result.code == ExitCode.OK
    else:
        assert result.code == ExitCode.BAD_INPUT
        assert result.stderr == f"confcli: error: {page}: cannot read: Permission denied\n"


# --- a hostile web site ------------------------------------------------------------------------


class HostileSite(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        route = self.path.split("?")[0].lstrip("/").replace("-", "_")
        getattr(self, route, self.missing)()

    def head(self, status: int, headers: dict) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def missing(self) -> None:
        self.head(404, {"Content-Length": "0"})

    def slow(self) -> None:
        time.sleep(3)
        self.missing()

    def trickle(self) -> None:
        self.head(200, {"Content-Length": "100000"})
        for _ in range(100):  # a byte every 0.1 s: each read is quick, the whole is not
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)

    def forever(self) -> None:
        number = int(self.path.split("=")[1])
        self.head(302, {"Location": f"/forever?n={number + 1}", "Content-Length": "0"})

    def gigabyte(self) -> None:
        self.head(200, {"Connection": "close"})
        chunk = b"Session " * 2**17  # 1 MiB
        for _ in range(1024):
            self.wfile.write(chunk)

    def gigabyte_declared(self) -> None:
        self.head(200, {"Content-Length": str(2**30)})
        self.wfile.write(b"Session\n")

    def bad_redirect(self) -> None:
        self.head(302, {"Location": "http://[1]/", "Content-Length": "0"})

    def hang_up(self) -> None:
        self.close_connection = True  # no status line at all

    def raw(self, answer: bytes) -> None:
        """Bytes that are not (all) HTTP, then the connection closed."""
        self.wfile.write(answer)
        self.wfile.flush()
        self.close_connection = True

    def ssh(self) -> None:
        self.raw(b"SSH-2.0-OpenSSH_9.6\r\n")

    def bad_status(self) -> None:
        self.raw(b"HTTP/1.1 abc OK\r\n\r\n")

    def body_only(self) -> None:
        self.raw(b"<html>hello</html>\r\n")

    def long_header(self) -> None:
        self.raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n")

    def many_headers(self) -> None:
        headers = b"".join(b"X-%d: y\r\n" % n for n in range(150))
        self.raw(b"HTTP/1.1 200 OK\r\n" + headers + b"\r\n")

    def control_location(self) -> None:
        self.raw(b"HTTP/1.1 302 Found\r\nLocation: /a\x01b\x1b[2J\r\nContent-Length: 0\r\n\r\n")

    def space_location(self) -> None:
        self.raw(b"HTTP/1.1 302 Found\r\nLocation: /a b\r\nContent-Length: 0\r\n\r\n")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # confcli hangs up on the endless answers: the server's broken pipes


@pytest.fixture(scope="module")
def site():
    server = QuietServer(("127.0.0.1", 0), HostileSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", URL_CASES)
def test_a_hostile_site_gets_one_line_in_bounded_time(site, path):
    code, message = URL_CASES[path]
    started = time.monotonic()
    result = run_cli("parse", f"{site}{path}", "--timeout", "0.5")
    assert time.monotonic() - started < 5
    assert result.code == code
    assert result.stderr == f"confcli: error: {site}{path}: {message}\n"


# --- big ---------------------------------------------------------------------------------------


# Runs confcli as its only child and reports that child's peak RSS. A child of pytest
# itself would report pytest's own size: the high-water mark survives fork and exec.
MEASURER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """The real confcli, and its peak resident memory in MB."""
    report = tmp_path / "rusage.txt"
    command = [sys.executable, "-c", MEASURER, str(report), sys.executable, "-m", "confcli"]
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)
    code, max_rss_kib = map(int, report.read_text().split())
    return subprocess.CompletedProcess(args, code, result.stdout, result.stderr), max_rss_kib / 1024


@pytest.mark.slow
def test_a_page_of_100000_posters_is_read_in_bounded_memory(tmp_path, isolated_library):
    page = make_corpus.write_big(tmp_path)
    result, peak_mb = run_measured(tmp_path, "parse", str(page), "--year", "2023")
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"confcli: stored 1 session(s), 100000 item(s) in {isolated_library}"
    )
    assert peak_mb < POSTERS_RSS_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"


def test_a_200_mb_file_is_refused_without_being_read(corpus, tmp_path):
    result, peak_mb = run_measured(tmp_path, "parse", str(corpus / "big-sparse.txt"))
    assert result.returncode == ExitCode.BAD_INPUT
    assert peak_mb < 100  # the 200 MB were never read: a bare start-up's memory
    assert (
        result.stderr
        == f"confcli: error: {corpus / 'big-sparse.txt'}: larger than the 64 MiB limit\n"
    )
