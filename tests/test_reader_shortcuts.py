"""The readers' cheap pre-tests (benchmarks: parse speed) never change what they read: each
shortcut gives the answer of the slow path it stands in front of."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from confcli.readers import captures, html, text, vocabulary

# Text made of the characters the patterns care about, plus some that case-fold oddly.
PIECES = st.sampled_from(
    [" ", "  ", "\n", "\t", "\r", "\f", "\xa0", "/", " / ", "#", "# ", "=", "===", "---", "[1]",
     "[", "presentation", "Presentation", "PRESENTATION", "preſentation", "poster", "In-Person ",
     "accept", "a", "Ω", "·", "zone", "Time zone: Europe/Berlin"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@given(TEXTS)
def test_a_presentation_line_always_passes_the_cheap_test(line):
    if vocabulary.PRESENTATION.match(line):
        assert text.could_be_presentation(line)


@given(TEXTS)
def test_squeeze_is_the_whitespace_regex(value):
    assert html.squeeze(value) == html.HTML_SPACE.sub(" ", value).strip(" ")


def looks_like_markdown_slowly(value: str) -> bool:
    heading = re.search(r"(?m)^\s{0,3}#{1,6}\s+\S", value) or re.search(
        r"(?m)^\S.*\n\s{0,3}(?:={3,}|-{3,})\s*$", value
    )
    return bool(heading and (captures.MD_LINK.search(value) or "**" in value))


@given(st.lists(st.sampled_from(["# T", "Title", "\n", "===", "---", "[a](/b)", "**", " "]),
                max_size=12).map("".join))  # fmt: skip
def test_markdown_detection_with_and_without_its_shortcuts(value):
    assert captures.looks_like_markdown(value) == looks_like_markdown_slowly(value)


@given(st.lists(st.sampled_from(["[1]x", "[12]", "* [3]y", "\n", " ", "a", "["]), max_size=15)
       .map("".join))  # fmt: skip
def test_numbered_links_are_counted_only_when_there_can_be_some(value):
    slow = len(captures.MARKED_LINE.findall(value)) >= 3
    fast = bool(captures.LINK_NUMBER.search(value)) and slow
    assert fast == slow


def test_content_lines_are_shared_and_cannot_be_changed():
    page = "Session\n\nOral Session 1\nSkip to main content\n"
    first, again = text.content_lines(page), text.content_lines(page)
    assert first is again and first == ("Session", "Oral Session 1")
