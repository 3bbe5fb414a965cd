"""Writes the hostile-input corpus: every file is made here (binary, huge, cut, oddly
encoded, special files), from the bundled samples and fixtures, the same bytes every run.

    python tests/hostile/make_corpus.py OUT_DIR           # the corpus the tests read
    python tests/hostile/make_corpus.py OUT_DIR --big     # and the heavy files

``write_corpus(directory)`` is what tests/test_hostile.py calls; cases.py says what confcli
must make of each entry.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import sqlite3
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FIXTURES = REPO / "tests" / "fixtures"
SESSION_7 = SAMPLES / "iclr2021-oral-session-7.txt"  # 16 slots, cp1252-safe text
ICML = SAMPLES / "icml2022-deep-learning.txt"  # 14 slots, ends in non-ASCII names
TRACK = SAMPLES / "neurips2020-orals-track-13.txt"
HTML_7 = FIXTURES / "html" / "iclr2021-oral-session-7.html"
MARKDOWN_7 = FIXTURES / "html" / "captures" / "iclr2021-oral-session-7.md"
FEED = FIXTURES / "feed" / "iclr-2024-orals-posters.json"

BIG_FILE_BYTES = 200 * 2**20  # sparse: no disk blocks, refused before it is read
DEEP = 100_000  # nesting depth of the deep HTML, JSON and Markdown
MANY_POSTERS = 100_000
CONTROL_NAME = "\x1b[2J\x1b[31mred\x1b]8;;evil.example\x07\u202eevil\x9b.txt"


def sample_text(path: Path = SESSION_7) -> str:
    return path.read_text(encoding="utf-8")


def timed_page(slots: list[tuple[str, str]], header: str = "") -> str:
    """A timed session page (shape A) whose slots are (time line, title)."""
    lines = ["Session", "Oral Session 99", "Room 1", header]
    for when, title in slots:
        lines += [when, "Oral", title, "Alice · Bob", "An abstract."]
    return "\n".join(line for line in lines if line) + "\n"


def site_html(body: str, title: str = "Oral Session 99") -> str:
    """A page of the virtual sites' family (their markup holds track-schedule-cards)."""
    return (
        "<!DOCTYPE html><html><head><title>ICLR 2021</title></head><body>"
        f'<h2 class="main-title">{title}</h2>{body}</body></html>'
    )


# --- empty and binary -----------------------------------------------------------------------


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def sqlite_file(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()


def random_bytes(size: int = 65536) -> bytes:
    return random.Random(7).randbytes(size)


# --- cut short --------------------------------------------------------------------------------


def cut_mid_card() -> str:
    """Session 7 cut after the title of its 6th slot: its authors and abstract are lost."""
    text = sample_text()
    title = "Influence Estimation for Generative Adversarial Networks"
    return text[: text.index(title) + len(title)]


def cut_mid_tag() -> str:
    """The HTML page cut inside the class attribute of its 4th card's div."""
    text = HTML_7.read_text(encoding="utf-8")
    fourth = _nth(text, '<div class="track-schedule-card', 4)
    return text[: fourth + len('<div class="track-sch')]


def _nth(text: str, needle: str, n: int) -> int:
    index = -1
    for _ in range(n):
        index = text.index(needle, index + 1)
    return index


def cut_mid_utf8() -> bytes:
    """The ICML page cut inside its last multi-byte character (an 'ö' → one byte of two)."""
    data = ICML.read_bytes()
    last = max(i for i, byte in enumerate(data) if byte >= 0xC2 and byte <= 0xF4)
    return data[: last + 1]


def nul_in_title() -> str:
    """A NUL in the last slot's title, past the 8 KiB a binary file is recognised by."""
    return sample_text().replace(
        "Deep Neural Network Fingerprinting", "Deep\x00Neural Network Fingerprinting"
    )


def cut_json(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: len(text) // 2]


# --- encodings and line endings ----------------------------------------------------------------


def encoded(encoding: str, bom: bytes = b"") -> bytes:
    return bom + sample_text().encode(encoding)


def invalid_utf8_middle() -> bytes:
    """A stray 0xFF half-way: not UTF-8, so the whole page is read as Windows-1252."""
    data = SESSION_7.read_bytes()
    return data[: len(data) // 2] + b"\xff" + data[len(data) // 2 :]


def cp1252_quotes() -> bytes:
    page = timed_page(
        [("Mon 3 May 3:00 - 3:15 PDT", "\u201cQuoted\u201d \u2013 Zo\u00eb\u2019s \u20ac")]
    )
    return page.encode("cp1252")


def newlines(separator: str, path: Path = SESSION_7) -> bytes:
    return path.read_text(encoding="utf-8").replace("\n", separator).encode("utf-8")


def mixed_newlines() -> bytes:
    lines = sample_text().split("\n")
    ends = ["\r\n", "\n", "\r"]
    return "".join(line + ends[i % 3] for i, line in enumerate(lines)).encode("utf-8")


# --- sizes and depths ---------------------------------------------------------------------------


def sparse(path: Path, size: int = BIG_FILE_BYTES) -> None:
    with path.open("wb") as file:
        file.truncate(size)


def one_long_line(size: int = 10 * 2**20) -> str:
    return "Session " * (size // 8)


def deep_html(tag: str) -> str:
    deep = f"<{tag}>" * DEEP + "deep" + f"</{tag}>" * DEEP
    return site_html(f'<div class="track-schedule-card">{deep}</div>')


def deep_json(head: str) -> str:
    return head + "[" * DEEP + "]" * DEEP + "}" + ("]" if head.startswith("[") else "")


def many_posters(count: int = MANY_POSTERS) -> str:
    """A poster session (shape B) with ``count`` posters: ~11 MB for 100,000."""
    block = (
        "In-Person Poster presentation / poster accept\n#{n}\nA study of thing {n}\n"
        "Alice Author · Bob Builder\nWe show that thing {n} is fine.\n"
    )
    head = "Poster Session\nPoster Session 1\nHall E\n"
    return head + "".join(block.format(n=n) for n in range(1, count + 1))


def poster_pages(directory: Path, pages: int, posters: int, first: int = 1) -> Path:
    """``pages`` poster sessions of ``posters`` each, numbered from ``first``: a corpus
    big enough to be interrupted (crash and concurrency tests)."""
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + pages):
        text = many_posters(posters).replace("Poster Session 1\n", f"Poster Session {number}\n")
        text = text.replace("A study of thing", f"Session {number} studies thing")
        (directory / f"iclr2023-poster-session-{number}.txt").write_text(text, encoding="utf-8")
    return directory


# --- pages with nothing in them ------------------------------------------------------------------


def every_field_missing() -> str:
    """Slots with a time and a kind, and nothing else: no title, authors, abstract."""
    slots = "Mon 3 May 3:00 - 3:15 PDT\nOral\nMon 3 May 3:15 - 3:30 PDT\nOral\n"
    return "Session\nOral Session 98\n" + slots


def empty_cards() -> str:
    return site_html('<div class="track-schedule-card"></div>' * 3, title="Empty Cards")


def confcli_item_twice() -> str:
    """confcli's own JSON of a session that lists one item twice."""
    item = {"schema_version": 1, "id": "a1", "kind": "oral", "title": "Twice", "position": 1}
    item |= {"session_id": "s1", "session": "Listed Twice"}
    return json.dumps(
        [{"schema_version": 1, "id": "s1", "title": "Listed Twice", "items": [item] * 2}]
    )


def confcli_session(session: dict | None = None, item: dict | None = None) -> str:
    """confcli's own JSON of one session of one item, with fields overridden."""
    fields = {"schema_version": 1, "id": "a1", "kind": "oral", "title": "One", "position": 1}
    fields |= {"session_id": "s1", "session": "Edited"} | (item or {})
    head = {"schema_version": 1, "id": "s1", "title": "Edited"} | (session or {})
    return json.dumps([head | {"items": [fields]}])


def hostile_links_feed() -> str:
    """A feed record whose links run code or open files, and whose end is before its start."""
    record = {
        "id": 1, "name": "Evil Links", "authors": [{"fullname": "Alice"}], "abstract": "x",
        "starttime": "2024-05-07T10:00:00+02:00", "endtime": "2024-05-07T09:00:00+02:00",
        "paper_url": "javascript:alert(1)", "paper_pdf_url": "data:text/html,<script>",
        "virtualsite_url": "vbscript:msgbox", "eventmedia": [
            {"name": "Slides", "uri": "file:///etc/passwd"},
            {"name": "Video", "uri": "https://example.org/video"},
        ],
    }  # fmt: skip
    return feed([record])


def feed(records: list[dict]) -> str:
    return json.dumps({"count": len(records), "results": records})


# --- times that do not exist ---------------------------------------------------------------------


TIMES = {
    "time-feb-30.txt": "Mon 30 Feb 3:00 - 3:15 PDT",
    "time-25-00.txt": "Mon 3 May 25:00 - 25:15 PDT",
    "time-end-before-start.txt": "Mon 3 May 4:00 - 3:15 PDT",
    "time-unknown-zone.txt": "Mon 3 May 3:00 - 3:15 XYZ",
    "time-feb-29-2021.txt": "Mon 29 Feb 2021 3:00 - 3:15 PDT",
    # issue 13, part 1: offsets no zone has, times at the edge of the calendar
    "time-offset-25-00.txt": "Mon 3 May 3:00 - 3:15 +25:00",
    "time-offset-23-99.txt": "Mon 3 May 3:00 - 3:15 +23:99",
    "time-iso-9999.txt": "9999-12-31T22:00-08:00 - 9999-12-31T23:00-08:00",
    "time-iso-year-1.txt": "0001-01-01T00:00+14:00 - 0001-01-01T01:00+14:00",
}


def time_page(when: str) -> str:
    """One slot whose time cannot be, then one that is fine."""
    return timed_page([(when, "Impossible Time"), ("Mon 3 May 5:00 - 5:15 PDT", "Fine Time")])


def track_time_not_a_range() -> str:
    """A NeurIPS track page whose 'Time' label is followed by something else."""
    return sample_text(TRACK).replace("Time\n\n2020-12-08", "Time\n\nsoon\n\n2020-12-08", 1)


def banner_unknown_zone() -> str:
    return timed_page([("Mon 3 May 3:00 - 3:15 PDT", "Zoned")], header="Timezone: Mars/Olympus")


# --- directories and special files ---------------------------------------------------------------


def thousand_files(directory: Path, with_page: bool) -> None:
    directory.mkdir()
    for number in range(1000):
        (directory / f"note-{number:04d}.txt").write_text(f"shopping list {number}\n")
    if with_page:
        (directory / "session-7.txt").write_bytes(SESSION_7.read_bytes())


def page_and_fifo(directory: Path) -> None:
    directory.mkdir()
    (directory / "session-7.txt").write_bytes(SESSION_7.read_bytes())
    os.mkfifo(directory / "pipe.txt")  # no writer ever: opening it would block forever


def directory_loop(directory: Path) -> None:
    directory.mkdir()
    (directory / "session-7.txt").write_bytes(SESSION_7.read_bytes())
    (directory / "again").symlink_to("..", target_is_directory=True)


def symlinks(root: Path) -> None:
    (root / "loop-a.txt").symlink_to("loop-b.txt")
    (root / "loop-b.txt").symlink_to("loop-a.txt")
    (root / "broken-link.txt").symlink_to("nowhere.txt")


# --- the corpus ----------------------------------------------------------------------------------

TEXT_FILES: dict[str, Callable[[], str]] = {
    "empty.txt": lambda: "",
    "whitespace.txt": lambda: " \t\n\n   \n\t",
    "one-long-line.txt": one_long_line,
    "cut-mid-card.txt": cut_mid_card,
    "cut-mid-tag.html": cut_mid_tag,
    "cut-feed.json": lambda: cut_json(FEED),
    "cut-markdown.md": lambda: MARKDOWN_7.read_text(encoding="utf-8")[:2600],
    "nul-in-title.txt": nul_in_title,
    "deep-divs.html": lambda: deep_html("div"),
    "deep-spans.html": lambda: deep_html("span"),
    "deep-confcli.json": lambda: deep_json('[{"schema_version": 1, "items": '),
    "deep-feed.json": lambda: deep_json('{"results": '),
    "deep-markdown.md": lambda: (
        "# Session\n[x](/virtual/2021/oral/1)\n" + "> " * DEEP + "Session\n"
    ),
    "every-field-missing.txt": every_field_missing,
    "empty-cards.html": empty_cards,
    "feed-ids-only.json": lambda: feed([{"id": n} for n in range(1, 4)]),
    "feed-names-only.json": lambda: feed([{"id": n, "name": f"Paper {n}"} for n in range(1, 4)]),
    "confcli-bare.json": lambda: json.dumps([{"schema_version": 1}]),
    "surrogate.json": lambda: feed([{"id": 1, "name": "Half \ud800 a character"}]),
    "confcli-item-twice.json": confcli_item_twice,
    "confcli-year-1e20.json": lambda: confcli_session({"year": 10**20}),
    "confcli-position-1e20.json": lambda: confcli_session(item={"position": 10**20}),
    "confcli-year-5000-digits.json": lambda: confcli_session().replace(
        '"title": "Edited"', '"year": ' + "9" * 5000 + ', "title": "Edited"', 1
    ),
    "confcli-start-year-1.json": lambda: confcli_session(
        item={"start": "0001-01-01T00:00:00+14:00"}
    ),
    "feed-hostile-links.json": hostile_links_feed,
    "track-time-not-a-range.txt": track_time_not_a_range,
    "banner-unknown-zone.txt": banner_unknown_zone,
    "hostile-markdown.md": lambda: "# Session\n" + "[a](b" * 20_000 + "\n" + "![" * 20_000,
    "hostile-presentation.txt": lambda: "Session\nX\n/" + "presentation " * 20_000,
    **{name: (lambda when=when: time_page(when)) for name, when in TIMES.items()},
}
BYTE_FILES: dict[str, Callable[[], bytes]] = {
    "bom-only.txt": lambda: codecs.BOM_UTF8,
    "nul-only.txt": lambda: b"\x00" * 1024,
    "png.txt": png,
    "gzipped-page.txt": lambda: gzip.compress(SESSION_7.read_bytes(), mtime=0),
    "random-bytes.txt": random_bytes,
    "pdf.txt": lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\x00\x00endobj\n",
    "cut-mid-utf8.txt": cut_mid_utf8,
    "cut-utf16.txt": lambda: encoded("utf-16-le", codecs.BOM_UTF16_LE)[:-1],
    "latin-1.txt": lambda: encoded("cp1252"),
    "utf-16-le-bom.txt": lambda: encoded("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be-bom.txt": lambda: encoded("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-16-le-no-bom.txt": lambda: encoded("utf-16-le"),
    "utf-16-be-no-bom.txt": lambda: encoded("utf-16-be"),
    "utf-8-bom.txt": lambda: encoded("utf-8", codecs.BOM_UTF8),
    "cp1252-quotes.txt": cp1252_quotes,
    "invalid-utf8-middle.txt": invalid_utf8_middle,
    "crlf.txt": lambda: newlines("\r\n"),
    "cr.txt": lambda: newlines("\r"),
    "mixed-newlines.txt": mixed_newlines,
    "crlf.html": lambda: newlines("\r\n", HTML_7),
    "blank-lines/blank.txt": lambda: b"\n" * 65536,
    "binary-named-page/iclr2021-oral-session-7.txt": random_bytes,
    "x.txt/.keep": lambda: b"",  # a directory named like a page, holding nothing
    CONTROL_NAME: lambda: b"",
    "two\nlines.txt": lambda: b"",
    os.fsdecode(b"bad\xffname.txt"): SESSION_7.read_bytes,  # not UTF-8: a half character
}
TREES: dict[str, Callable[[Path], None]] = {
    "sqlite.txt": sqlite_file,
    "big-sparse.txt": sparse,
    "thousand-files": lambda path: thousand_files(path, with_page=False),
    "thousand-files-and-a-page": lambda path: thousand_files(path, with_page=True),
    "page-and-fifo": page_and_fifo,
    "directory-loop": directory_loop,
}


def write_corpus(directory: Path) -> Path:
    """Every corpus entry under ``directory`` (created); the heavy 100,000-poster page is
    left to ``write_big``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, make in TEXT_FILES.items():
        (directory / name).write_text(make(), encoding="utf-8", newline="")
    for name, make in BYTE_FILES.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(make())
    for name, make in TREES.items():
        make(directory / name)
    symlinks(directory)
    return directory


def write_big(directory: Path) -> Path:
    path = directory / "many-posters.txt"
    path.write_text(many_posters(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--big", action="store_true", help="also the 100,000-poster page")
    args = parser.parse_args(argv)
    write_corpus(args.directory)
    if args.big:
        write_big(args.directory)
    print(f"wrote the hostile corpus to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
