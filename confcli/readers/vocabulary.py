"""The words of the sites' session pages that several readers look for, in whatever form
the page came (rendered text, HTML, captures, the JSON feed). See docs/formats.md."""

from __future__ import annotations

import re

# What a shape's sniff sees of a file: sources reads this many bytes of every file in a
# directory, and a reader that sniffs a whole text looks at as many characters of it.
SNIFF_CHARS = 64 * 1024
# How much of a text its start is, for the cheap tests of its shape (a JSON head, an HTML
# start tag, a sidecar's first key).
HEAD_CHARS = 4096

# Page chrome: navigation, chat notices, cookie banners. Never data.
CHROME = re.compile(
    r"^(?:Skip to yearly menu bar.*|Skip to main content|Chat is not available\.?"
    r"|Successful Page Load|This is the public, feature-limited version of the conference.*"
    r"|To ask questions please use rocketchat.*|(?:Accept|Reject|Allow)(?: all)?(?: cookies)?"
    r"|.{0,160}\b(?:cookies?)\b.{0,160}|Bookmark|Toggle navigation)$",
    re.IGNORECASE,
)
# The page kind above a session's title: 'Session', 'Poster Session', 'Oral Session'.
SESSION_HEADER = re.compile(r"^(?:[A-Z][\w-]*\s+)*Session$")
# A NeurIPS 2020 track's title, which stands where other pages put their session header.
TRACK_TITLE = re.compile(r"^Orals & Spotlights\b")
CHAIRS = re.compile(r"^(?:Moderators?|Session chairs?|Chairs?)\s*:\s*(?P<names>.*)$", re.I)
TIMEZONE_BANNER = re.compile(r"^Time ?zone:\s*(?P<zone>[A-Za-z_]+/[A-Za-z_/+-]+)", re.I)
# 'In-Person Poster presentation / top 25% paper'. Bounded repeats: with '.*' a long line
# holding the word many times but no '/' after it took time quadratic in its length
# (16,000 words: 29 s). Real lines are a few words long.
PRESENTATION = re.compile(
    r"^(?P<presentation>.{0,200}\bpresentation\b.{0,200}?)\s{0,50}/\s*(?P<decision>.+)$",
    re.IGNORECASE,
)
POSTER_NUMBER = re.compile(r"^#\s?(?P<number>[\w-]+)$")
AWARD = re.compile(r"(?:outstanding|honou?rable|best\b|award|test of time|runner)", re.I)
# A site link names the conference year: '/virtual/2021/oral/123'.
VIRTUAL_YEAR = re.compile(r"/virtual/((?:19|20)\d\d)/")

# --- marks a file's start shows, for finding pages among other files (the readers' sniffs)

# JSON by its first characters; not "[1]Skip to…": lynx numbers its links.
JSON_START = re.compile(r'[\[{]\s*["{\[\]}]')
# Words every rendered copy of a site page carries, in any form: its navigation bar and its
# hidden page-load footer.
SITE_MARKS = re.compile(r"Skip to yearly menu bar|Successful Page Load")
VIRTUAL_LINK = re.compile(r"/virtual/\d{4}/")
# A session header line as rendered text, Markdown ('### Poster Session 3') or a text
# browser show it. Spaces within a line only ([ \t\xa0], never \s): a '^\s*' crossed the
# lines after it, and a file of 64 KiB of blank lines then took minutes to sniff.
SESSION_LINE = re.compile(
    r"^[ \t\xa0#*>]*(?:[\w&:-]+ ){0,3}Session(?: [\w&:/-]+){0,5}[ \t\xa0]*$", re.MULTILINE
)


def json_head(head: str) -> str | None:
    """The head without its byte-order mark and leading space when it starts as JSON does;
    None when it does not."""
    start = head.lstrip("\ufeff \t\r\n")
    return start if JSON_START.match(start) else None
