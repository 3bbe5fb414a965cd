"""The words of the sites' session pages that several readers look for, in whatever form
the page came (rendered text, HTML, captures, the JSON feed). See docs/formats.md."""

from __future__ import annotations

import re

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
