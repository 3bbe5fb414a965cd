"""What `confcli parse ENTRY --year 2021 --json` must do with each entry of the hostile
corpus (make_corpus.py): its exit code, its stderr line for line, and for what it reads,
what it read.

In the stderr lines, ``{source}`` is the entry as given on the command line (shown with its
control characters escaped), ``{root}`` the corpus directory and ``{library}`` the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from confcli.errors import ExitCode

READERS_TRIED = (
    "confcli-json, downloads, feed, platform2020, frab-json, listing, frab-xml, html-session, "
    "listing-capture, markdown-capture, text-browser-capture, track-page, poster-session, "
    "timed-session"
)
NOT_A_PAGE = f"not a conference session page (tried: {READERS_TRIED})"
RANGE = "0001-01-02 to 9999-12-30 (UTC)"  # confcli.bounds.RANGE_TEXT
BINARY = "a binary file, not a page"
OK, BAD_INPUT, NOT_FOUND, PARTIAL = (
    ExitCode.OK,
    ExitCode.BAD_INPUT,
    ExitCode.NOT_FOUND,
    ExitCode.PARTIAL,
)


@dataclass(frozen=True)
class Case:
    name: str  # the entry, a path under the corpus (or an absolute path)
    code: ExitCode
    stderr: tuple[str, ...]
    # For pages read: a view of the parsed sessions (JSON) and what it must equal; or, with
    # same_as_sample, the items must be those of the clean sample page.
    view: Callable[[list[dict]], object] | None = None
    expected: object = None
    same_as_sample: bool = False


def error(name: str, code: ExitCode, message: str, *skipped: str) -> Case:
    """A failure, after the lines naming the files a directory skipped."""
    return Case(
        name,
        code,
        (
            *skipped,
            f"confcli: error: {{source}}: {message}",
        ),
    )


def skip(path: str, why: str = "not a page (no reader recognises its start)") -> str:
    """The line naming a file a directory entry skipped ({source}/path), and why."""
    return f"confcli: skipped: {{source}}/{path}: {why}"


NOTES = tuple(skip(f"note-{number:04d}.txt") for number in range(1000))


def stored(items: int, *warnings: str, where: str = "{source}") -> tuple[str, ...]:
    lines = tuple(f"confcli: warning: {where}: {warning}" for warning in warnings)
    return (*lines, f"confcli: stored 1 session(s), {items} item(s) in {{library}}")


def same_as_sample(name: str) -> Case:
    """Session 7 in another encoding or with other line ends: the very same items."""
    return Case(name, OK, stored(16), same_as_sample=True)


def last_item(sessions: list[dict]) -> tuple:
    item = sessions[-1]["items"][-1]
    return item["title"], item["authors"], item["abstract"]


def times(sessions: list[dict]) -> list[tuple]:
    return [(item["title"], item["start"]) for item in sessions[0]["items"]]


def counts(sessions: list[dict]) -> list[tuple[str, int]]:
    return [(session["title"], session["item_count"]) for session in sessions]


IMPOSSIBLE = [("Impossible Time", None), ("Fine Time", "2021-05-03T05:00:00-07:00")]

CASES: list[Case] = [
    # --- empty ---------------------------------------------------------------------------
    error("empty.txt", BAD_INPUT, "empty page"),
    error("whitespace.txt", BAD_INPUT, "empty page"),
    error("bom-only.txt", BAD_INPUT, "empty page"),
    error(
        "blank-lines",
        NOT_FOUND,
        "no pages found in this directory (1 other file(s))",
        skip("blank.txt"),
    ),
    error("x.txt", NOT_FOUND, "no pages found in this directory (0 other file(s))"),
    # --- binary --------------------------------------------------------------------------
    error("nul-only.txt", BAD_INPUT, BINARY),
    error("png.txt", BAD_INPUT, BINARY),
    error("gzipped-page.txt", BAD_INPUT, BINARY),
    error("random-bytes.txt", BAD_INPUT, BINARY),
    error("pdf.txt", BAD_INPUT, BINARY),
    error("sqlite.txt", BAD_INPUT, BINARY),
    error(
        "binary-named-page",
        NOT_FOUND,
        "no pages found in this directory (1 other file(s))",
        skip("iclr2021-oral-session-7.txt", BINARY),
    ),
    Case(
        "nul-in-title.txt",
        OK,
        stored(16),
        lambda s: [item["title"] for item in s[0]["items"] if "\x00" in item["title"]],
        ["Deep\x00Neural Network Fingerprinting by Conferrable Adversarial Examples"],
    ),
    # --- cut short -----------------------------------------------------------------------
    Case(
        "cut-mid-card.txt",
        OK,
        stored(7, "1 item(s) without authors", "1 item(s) without an abstract"),
        last_item,
        ("Influence Estimation for Generative Adversarial Networks", [], None),
    ),
    Case("cut-mid-tag.html", OK, stored(3), counts, [("Oral Session 7", 3)]),
    Case(
        "cut-mid-utf8.txt",
        OK,
        # --year 2021 on the ICML 2022 page: its weekdays win, and say so
        stored(
            14,
            "1 item(s) without an abstract",
            "the page's weekdays put its dates in 2022, not 2021",
        ),
        lambda s: last_item(s)[1][-2:],
        ["Adrien Morisot", "Sebastian Farquhar \ufffd"],
    ),
    Case("cut-utf16.txt", OK, stored(16), lambda s: last_item(s)[0], "Q&\ufffd"),
    Case("cut-markdown.md", OK, stored(2), counts, [("Oral Session 7", 2)]),
    error(
        "cut-feed.json",
        BAD_INPUT,
        "broken JSON feed (line 7658 column 13: Unterminated string starting at)",
    ),
    # --- encodings and line ends ---------------------------------------------------------
    same_as_sample("latin-1.txt"),
    same_as_sample("utf-16-le-bom.txt"),
    same_as_sample("utf-16-be-bom.txt"),
    same_as_sample("utf-16-le-no-bom.txt"),
    same_as_sample("utf-16-be-no-bom.txt"),
    same_as_sample("utf-8-bom.txt"),
    same_as_sample("crlf.txt"),
    same_as_sample("cr.txt"),
    same_as_sample("mixed-newlines.txt"),
    same_as_sample("crlf.html"),
    Case(
        "cp1252-quotes.txt",
        OK,
        stored(1),
        lambda s: last_item(s)[0],
        "\u201cQuoted\u201d \u2013 Zo\u00eb\u2019s \u20ac",
    ),
    Case(  # one stray byte: still UTF-8, that byte replaced (not every accent garbled)
        "invalid-utf8-middle.txt",
        OK,
        stored(16),
        lambda s: [a for i in s[0]["items"] for a in i["authors"] if not a.isascii()],
        ["Javier Antorán", "José Miguel Hernández Lobato"],
    ),
    # --- sizes and depths ----------------------------------------------------------------
    error("big-sparse.txt", BAD_INPUT, "larger than the 64 MiB limit"),
    error("one-long-line.txt", BAD_INPUT, NOT_A_PAGE),
    error("deep-divs.html", BAD_INPUT, "HTML nested more than 512 elements deep: not a saved page"),
    error(
        "deep-spans.html", BAD_INPUT, "HTML nested more than 512 elements deep: not a saved page"
    ),
    error("deep-confcli.json", BAD_INPUT, "confcli JSON nested too deeply"),
    error("deep-feed.json", BAD_INPUT, "JSON feed nested too deeply"),
    error("deep-markdown.md", BAD_INPUT, NOT_A_PAGE),
    error("hostile-markdown.md", BAD_INPUT, NOT_A_PAGE),
    error("hostile-presentation.txt", BAD_INPUT, NOT_A_PAGE),
    # --- nothing in them -----------------------------------------------------------------
    Case(
        "every-field-missing.txt",
        OK,
        stored(2, "2 item(s) without authors", "2 item(s) without an abstract"),
        lambda s: [(i["kind"], i["title"], i["authors"], i["abstract"]) for i in s[0]["items"]],
        [("oral", "Oral", [], None), ("oral", "Oral", [], None)],
    ),
    Case(
        "empty-cards.html",
        OK,
        stored(
            0,
            "3 card(s) without a title skipped",
            "most of the page's cards were lost: 0 of 3 read",
            "no items found on the page",
        ),
        counts,
        [("Empty Cards", 0)],
    ),
    error(
        "feed-ids-only.json",
        BAD_INPUT,
        "the feed holds no record to read (3 record(s) without a title)",
    ),
    Case(
        "feed-names-only.json",
        OK,
        stored(3, "3 item(s) without authors", "3 item(s) without an abstract"),
        lambda s: [i["title"] for i in s[0]["items"]],
        ["Paper 1", "Paper 2", "Paper 3"],
    ),
    error("confcli-bare.json", BAD_INPUT, "session 1: 'id' is missing"),
    Case("confcli-item-twice.json", OK, stored(1), counts, [("Listed Twice", 1)]),
    error(
        "confcli-year-1e20.json",
        BAD_INPUT,
        "session 1: 'year' must be a whole number from 1 to 9999, or null",
    ),
    error(
        "confcli-position-1e20.json",
        BAD_INPUT,
        "session 1, item 1: 'position' must be a whole number from 0 to 2147483647, or null",
    ),
    error(
        "confcli-year-5000-digits.json", BAD_INPUT, "confcli JSON holds a number too long to read"
    ),
    Case(
        "confcli-start-year-1.json",
        OK,
        stored(1, f"time left out of 1 item(s): outside {RANGE}"),
        lambda s: s[0]["items"][0]["start"],
        None,
    ),
    Case(
        "feed-hostile-links.json",
        OK,
        stored(
            1,
            "the page's weekdays put its dates in 2024, not 2021",  # the corpus's --year 2021
            "end left out of 1 item(s): before its start",
            "links that are not http(s) left out of 1 item(s)",
        ),
        lambda s: (s[0]["items"][0]["url"], s[0]["items"][0]["links"], s[0]["items"][0]["end"]),
        (None, {"video": "https://example.org/video"}, None),
    ),
    Case(  # JSON's '\ud800' escapes half a character: it cannot be stored as it is
        "surrogate.json",
        OK,
        stored(1, "1 item(s) without authors", "1 item(s) without an abstract"),
        lambda s: last_item(s)[0],
        "Half \ufffd a character",
    ),
    # --- times that do not exist ---------------------------------------------------------
    Case(
        "time-feb-30.txt",
        OK,
        stored(2, "time not read: no such date: 30 Feb"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-feb-29-2021.txt",
        OK,
        stored(2, "time not read: no such date: 2021-02-29"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-25-00.txt",
        OK,
        stored(2, "time not read: not a clock time: '25:00'"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-end-before-start.txt",
        OK,
        stored(2, "time not read: the end comes before the start in 'Mon 3 May 4:00 - 3:15 PDT'"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-unknown-zone.txt",
        OK,
        stored(2, "time not read: unknown time zone abbreviation 'XYZ'"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-offset-25-00.txt",
        OK,
        stored(2, "time not read: no such UTC offset '+25:00'"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-offset-23-99.txt",
        OK,
        stored(2, "time not read: no such UTC offset '+23:99'"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-iso-9999.txt",
        OK,
        stored(2, f"time not read: 9999-12-31T22:00:00-08:00 is outside {RANGE}"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "time-iso-year-1.txt",
        OK,
        stored(2, f"time not read: 0001-01-01T00:00:00+14:00 is outside {RANGE}"),
        times,
        IMPOSSIBLE,
    ),
    Case(
        "track-time-not-a-range.txt",
        OK,
        stored(
            15,
            "time not read: 'soon' is not a time range",
            "the page's weekdays put its dates in 2020, not 2021",  # NeurIPS 2020, --year 2021
        ),
        lambda s: (s[0]["start"], s[0]["items"][0]["start"]),
        ("2020-12-08T18:00:00-08:00", "2020-12-08T18:00:00-08:00"),  # the slots' span
    ),
    Case(
        "banner-unknown-zone.txt",
        OK,
        stored(1, "unknown time zone 'Mars/Olympus' in the page's banner"),
        times,
        [("Zoned", "2021-05-03T03:00:00-07:00")],
    ),
    # --- directories, links and special files ---------------------------------------------
    error(
        "thousand-files", NOT_FOUND, "no pages found in this directory (1000 other file(s))", *NOTES
    ),
    Case(
        "thousand-files-and-a-page",
        OK,
        (*NOTES, *stored(16)),
        counts,
        [("Oral Session 7", 16)],
    ),
    Case("page-and-fifo", OK, stored(16), counts, [("Oral Session 7", 16)]),
    Case(
        "page-and-fifo/*.txt",
        PARTIAL,
        (
            "confcli: error: {root}/page-and-fifo/pipe.txt: a pipe or a device, not opened "
            "(name it on its own to read it)",
            "confcli: stored 1 session(s), 16 item(s) in {library}",
        ),
    ),
    Case("directory-loop", OK, stored(16), counts, [("Oral Session 7", 16)]),
    error("loop-a.txt", BAD_INPUT, "cannot read: Too many levels of symbolic links"),
    error("broken-link.txt", NOT_FOUND, "a broken symbolic link"),
    error("missing.txt", NOT_FOUND, "no such file or directory"),
    error("empty.txt/page.txt", BAD_INPUT, "cannot read: Not a directory"),
    error("/dev/null", BAD_INPUT, "not a file, a directory or a pipe"),
    error("/proc/self/mem", BAD_INPUT, "cannot read: Input/output error"),
    error("http://[1]/page.txt", BAD_INPUT, "a malformed URL"),
    # --- names that are themselves hostile ------------------------------------------------
    error("\x1b[2J\x1b[31mred\x1b]8;;evil.example\x07\u202eevil\x9b.txt", BAD_INPUT, "empty page"),
    error("two\nlines.txt", BAD_INPUT, "empty page"),
    Case(  # a file name that is not UTF-8: read, and stored with U+FFFD for the byte
        "bad\udcffname.txt",
        OK,
        stored(16),
        lambda s: s[0]["source"].rsplit("/", 1)[-1],
        "bad\ufffdname.txt",
    ),
]

# The test site's paths (tests/test_hostile.py serves them on 127.0.0.1) and what confcli
# must say of each; every fetch is bounded by --timeout 2.
URL_CASES: dict[str, tuple[ExitCode, str]] = {
    "/slow": (BAD_INPUT, "timed out after 0.5 s (see --timeout)"),
    "/trickle": (BAD_INPUT, "timed out after 0.5 s (see --timeout)"),
    "/forever?n=1": (BAD_INPUT, "more than 5 redirects"),
    "/missing": (NOT_FOUND, "HTTP 404 Not Found"),
    "/gigabyte": (BAD_INPUT, "larger than the 64 MiB limit"),
    "/gigabyte-declared": (BAD_INPUT, "larger than the 64 MiB limit"),
    "/bad-redirect": (BAD_INPUT, "redirected to a malformed address: http://[1]/"),
    "/hang-up": (BAD_INPUT, "cannot fetch: Remote end closed connection without response"),
    # issue 13, part 1: servers that do not speak HTTP
    "/ssh": (BAD_INPUT, "not an HTTP answer (SSH-2.0-OpenSSH_9.6)"),
    "/bad-status": (BAD_INPUT, "not an HTTP answer (HTTP/1.1 abc OK)"),
    "/body-only": (BAD_INPUT, "not an HTTP answer (<html>hello</html>)"),
    "/long-header": (
        BAD_INPUT,
        "not an HTTP answer (got more than 65536 bytes when reading header line)",
    ),
    "/many-headers": (BAD_INPUT, "not an HTTP answer (got more than 100 headers)"),
    "/control-location": (BAD_INPUT, "redirected to a malformed address: /a\\x01b\\x1b[2J"),
    "/space-location": (BAD_INPUT, "redirected to a malformed address: /a b"),
}
