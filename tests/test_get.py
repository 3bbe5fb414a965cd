"""`confcli get` against a local site: a threaded HTTP server on 127.0.0.1 serving the feed
fixtures and the real 2020-platform files under the sites' URL patterns, with ETag and
Last-Modified, whose files the tests change between requests; and `confcli changes`."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from confcli.errors import ExitCode
from confcli.store import Library

FEED = REPO / "tests" / "fixtures" / "feed"
REAL = REPO / "tests" / "fixtures" / "real"
DATA = "/static/virtual/data/"
MAIN = DATA + "iclr-2024-orals-posters.json"
SIDECAR = DATA + "iclr-2024-abstracts.json"
SESSIONS, ITEMS = 12, 264  # the fixture feed as stored (hidden records left out)


class Site:
    """The files a test site serves (path -> bytes), each with an ETag and Last-Modified
    that change when the file does; what it answered, counted."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.versions: dict[str, int] = {}
        self.failing: set[str] = set()  # paths answered with a 500
        self.requests: list[str] = []
        self.not_modified = 0  # 304s answered to conditional requests
        self.bodies = 0  # 200s with a body
        self.agents: set[str] = set()

    def put(self, path: str, data: bytes) -> None:
        self.files[path] = data
        self.versions[path] = self.versions.get(path, 0) + 1

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha256(self.files[path]).hexdigest()[:16] + '"'

    def modified(self, path: str) -> str:
        from email.utils import formatdate

        return formatdate(1_700_000_000 + 3600 * self.versions[path], usegmt=True)

    def feed(self) -> dict:
        return json.loads(self.files[MAIN])

    def put_feed(self, feed: dict) -> None:
        self.put(MAIN, json.dumps(feed).encode("utf-8"))


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append(self.path)
            site.agents.add(self.headers.get("User-Agent", ""))
            if self.path in site.failing:
                return self._answer(500)
            if self.path not in site.files:
                return self._answer(404)
            if self.headers.get("If-None-Match") == site.etag(self.path):
                site.not_modified += 1
                return self._answer(304)
            site.bodies += 1
            self._answer(200, site.files[self.path])

        def _answer(self, status: int, body: bytes = b"") -> None:
            self.send_response(status)
            if status in (200, 304):
                self.send_header("ETag", site.etag(self.path))
                self.send_header("Last-Modified", site.modified(self.path))
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site(tmp_path, monkeypatch) -> Iterator[tuple[Site, str]]:
    """A running site serving the ICLR 2024 feed and its sidecar; its URL."""
    monkeypatch.setenv("CONFCLI_CACHE", str(tmp_path / "cache"))
    served = Site()
    served.put(MAIN, (FEED / "iclr-2024-orals-posters.json").read_bytes())
    served.put(SIDECAR, (FEED / "iclr-2024-abstracts.json").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield served, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def counts(path: Path) -> tuple[int, int]:
    with Library(path) as library:
        sessions = library.sessions()
        return len(sessions), sum(summary.item_count for summary in sessions)


def get(url: str, *args: str):
    return run_cli("get", "iclr", "2024", "--site", url, "--timeout", "5", *args)


def test_first_get_fills_an_empty_library(site, isolated_library, tmp_path):
    served, url = site
    result = get(url)
    assert result.code == 0, result.stderr
    assert counts(isolated_library) == (SESSIONS, ITEMS)
    assert f"found the feed files at {url}" in result.stderr
    assert served.requests == [MAIN, SIDECAR] and served.bodies == 2
    assert all(agent.startswith("confcli/") for agent in served.agents)
    index = json.loads((tmp_path / "cache" / "index.json").read_text())
    entry = index["files"][url + MAIN]
    assert entry["etag"] == served.etag(MAIN) and entry["last_modified"] == served.modified(MAIN)
    cached = Path(entry["path"])
    assert cached.name == "iclr-2024-orals-posters.json"
    assert cached.read_bytes() == served.files[MAIN]
    with Library(isolated_library) as library:  # abstracts from the sidecar, links absolute
        item = library.find_items(title="Implicit Representations: A Study of Tabular Data")[0]
    assert item.abstract and item.abstract.startswith("We study implicit representations")
    assert item.url == f"{url}/virtual/2024/oral/19707"


def test_a_refresh_without_change_moves_no_body(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    result = get(url)
    assert result.code == 0, result.stderr
    assert (served.bodies, served.not_modified) == (2, 2)
    assert result.stderr.count(": unchanged") == 3  # both files, then the conference
    assert "ICLR 2024: unchanged" in result.stderr
    with Library(isolated_library) as library:
        assert library.last_snapshot() is None  # nothing replaced: no change set
    assert counts(isolated_library) == (SESSIONS, ITEMS)


def _changed(served: Site) -> dict[str, str]:
    """The feed with one slot moved (time and room), one dropped, one retitled, one
    decision changed: the titles of those, by what happened."""
    feed = served.feed()
    records = feed["results"]
    moved, retitled, decided, dropped = records[0], records[1], records[3], records[4]
    moved.update(
        starttime="2024-05-08T11:45:00+02:00", endtime="2024-05-08T12:00:00+02:00",
        room_name="Halle B",
    )  # fmt: skip
    old_title = retitled["name"]
    retitled["name"] = "A Retitled Paper"
    decided["decision"] = "Accept (spotlight)"
    records.remove(dropped)
    served.put_feed(feed)
    return {
        "moved": moved["name"], "withdrawn": dropped["name"], "retitled": "A Retitled Paper",
        "decision": decided["name"], "old title": old_title,
    }  # fmt: skip


def test_a_changed_refresh_gives_the_exact_change_set(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    titles = _changed(served)
    result = get(url)
    assert result.code == 0, result.stderr
    assert "ICLR 2024: 1 moved, 1 withdrawn, 1 retitled, 1 decision" in result.stderr
    assert served.not_modified == 1  # the sidecar did not change
    assert counts(isolated_library) == (SESSIONS, ITEMS - 1)
    shown = run_cli("changes", "--json")
    assert shown.code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["schema_version"] == 1
    found = {(entry["change"], entry["title"]) for entry in data["changes"]}
    assert found == {
        ("withdrawn", titles["withdrawn"]),
        ("moved", titles["moved"]),
        ("retitled", titles["retitled"]),
        ("decision", titles["decision"]),
    }
    by_change = {entry["change"]: entry for entry in data["changes"]}
    assert by_change["moved"]["before"] == {
        "start": "2024-05-08T10:45:00+02:00", "end": "2024-05-08T11:00:00+02:00",
        "room": "Halle A 8",
    }  # fmt: skip
    assert by_change["moved"]["after"] == {
        "start": "2024-05-08T11:45:00+02:00", "end": "2024-05-08T12:00:00+02:00",
        "room": "Halle B",
    }  # fmt: skip
    assert by_change["retitled"]["before"] == {"title": titles["old title"]}
    assert by_change["decision"]["after"] == {"decision": "Accept (spotlight)"}
    assert set(by_change["moved"]) == {"schema_version", "change", "id", "title", "before", "after"}
    table = run_cli("changes", width=120)
    assert table.code == 0
    rows = [line.split()[0] for line in table.stdout.splitlines()[2:] if line.strip()]
    assert [row for row in rows if row in by_change] == [
        "withdrawn", "moved", "retitled", "decision"
    ]  # fmt: skip
    assert "start Wed 08 May 11:45" in table.stdout
    assert "decision Accept (spotlight)" in table.stdout


def test_a_moved_star_stays_and_a_withdrawn_star_is_reported(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    with Library(isolated_library) as library:
        first = library.find_items(title=served.feed()["results"][0]["name"])[0]
        gone = library.find_items(title=served.feed()["results"][4]["name"])[0]
    assert run_cli("star", first.id, gone.id).code == 0
    titles = _changed(served)
    assert get(url).code == 0
    starred = json.loads(run_cli("changes", "--starred", "--json").stdout)["changes"]
    assert [(c["change"], c["title"]) for c in starred] == [
        ("withdrawn", titles["withdrawn"]),
        ("moved", titles["moved"]),
    ]
    with Library(isolated_library) as library:
        assert first.id in library.pick_ids("starred")


def test_offline_the_cached_copy_is_used(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens there
    index = Path(str(isolated_library).replace("library.sqlite", "cache")) / "index.json"
    text = index.read_text().replace(url, closed)  # the same files, cached from a dead host
    index.write_text(text)
    result = run_cli("get", "iclr", "2024", "--site", closed, "--timeout", "2")
    assert result.code == 0, result.stderr
    assert "offline, using the copy fetched" in result.stderr
    assert counts(isolated_library) == (SESSIONS, ITEMS)


def test_offline_without_a_cached_copy_fails_and_keeps_the_library(isolated_library, tmp_path):
    result = run_cli("get", "iclr", "2024", "--site", "http://127.0.0.1:9", "--timeout", "2")
    assert result.code == ExitCode.BAD_INPUT
    assert "cannot fetch" in result.stderr


def test_a_server_error_mid_refresh_leaves_the_library_as_it_was(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    _changed(served)
    served.failing.add(SIDECAR)
    result = get(url)
    assert result.code == ExitCode.BAD_INPUT
    assert "HTTP 500" in result.stderr
    assert counts(isolated_library) == (SESSIONS, ITEMS)
    with Library(isolated_library) as library:
        assert library.last_snapshot() is None
    served.failing.clear()  # the next refresh still sees the change
    again = get(url)
    assert "1 moved, 1 withdrawn, 1 retitled, 1 decision" in again.stderr


def test_a_feed_that_shrank_by_90_percent_is_refused_unless_forced(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    feed = served.feed()
    feed["results"] = feed["results"][:20]
    served.put_feed(feed)
    refused = get(url)
    assert refused.code == ExitCode.BAD_INPUT
    assert "nothing was replaced (--force replaces them)" in refused.stderr
    assert counts(isolated_library) == (SESSIONS, ITEMS)
    forced = get(url, "--force")
    assert forced.code == 0, forced.stderr
    assert counts(isolated_library)[1] == 20  # the first 20 records are all visible
    assert "withdrawn" in forced.stderr


def test_a_missing_sidecar_does_not_fail_the_get(site, isolated_library):
    served, url = site
    del served.files[SIDECAR]
    result = get(url)
    assert result.code == 0, result.stderr
    assert f"{url}{SIDECAR}: not published (optional)" in result.stderr
    assert counts(isolated_library) == (SESSIONS, ITEMS)


def test_the_2020_platform_is_found_after_the_feed(site, isolated_library):
    served, url = site
    served.put(DATA + "icml_papers.json", (REAL / "icml2020_papers.json").read_bytes())
    served.put(DATA + "icml_calendar.json", (REAL / "icml2020_calendar.json").read_bytes())
    result = run_cli("get", "icml", "2020", "--site", url)
    assert result.code == 0, result.stderr
    assert f"found the 2020 platform files at {url}" in result.stderr
    assert served.requests[-3:] == [
        DATA + "icml-2020-orals-posters.json", DATA + "icml_papers.json",
        DATA + "icml_calendar.json",
    ]  # fmt: skip
    assert counts(isolated_library)[1] > 0


def test_no_programme_files_is_a_clear_miss(site):
    _, url = site
    result = run_cli("get", "neurips", "2031", "--site", url)
    assert result.code == ExitCode.NOT_FOUND
    assert "no programme files for NeurIPS 2031" in result.stderr
    assert "pass --site" in result.stderr


@pytest.mark.parametrize("args", [("foo", "2024"), ("iclr", "1999")])
def test_an_unknown_conference_or_year_is_one_line(args):
    result = run_cli("get", *args)
    assert result.code == ExitCode.USAGE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "confcli knows the sites of CVPR, ICCV, ICLR, ICML, MLSys, NeurIPS" in lines[0]
    assert "--site URL" in lines[0]


def test_get_all_refreshes_every_conference_fetched(site, isolated_library):
    served, url = site
    assert get(url).code == 0
    result = run_cli("get", "--all")
    assert result.code == 0, result.stderr
    assert served.not_modified == 2


def test_changes_with_none_recorded_says_so(isolated_library):
    result = run_cli("changes")
    assert result.code == 0 and result.stdout == ""
    assert "no changes recorded" in result.stderr
    assert json.loads(run_cli("changes", "--json").stdout) == {
        "schema_version": 1, "changes": []
    }  # fmt: skip
