"""Reading pages: a chain of readers tried in turn; each returns None when the input is
not its shape, so detection is by content, never by file name."""

from __future__ import annotations

from collections.abc import Callable

from confcli.errors import BadInputError, UsageError
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.captures import read_markdown_capture, read_text_browser_capture
from confcli.readers.confcli_json import read_confcli_json
from confcli.readers.feed import read_feed
from confcli.readers.frab import read_frab_json
from confcli.readers.frab_xml import read_frab_xml
from confcli.readers.html import read_html_session
from confcli.readers.text import read_poster_session, read_timed_session, read_track_page

# A reader gives None when the text is not its shape; a feed or confcli's JSON gives a
# list (one page per session they hold).
Reader = Callable[[str, PageContext], "ParsedPage | list[ParsedPage] | None"]

# Name -> reader, in the order they are tried. More specific shapes come first.
READERS: dict[str, Reader] = {
    "confcli-json": read_confcli_json,  # JSON first: both reject other text at once
    "feed": read_feed,
    "frab-json": read_frab_json,  # frab/pretalx schedule.json
    "frab-xml": read_frab_xml,  # frab/pentabarf schedule.xml: before HTML, which is lenient
    "html-session": read_html_session,
    "markdown-capture": read_markdown_capture,  # captures before text: strict detection
    "text-browser-capture": read_text_browser_capture,
    "track-page": read_track_page,
    "poster-session": read_poster_session,
    "timed-session": read_timed_session,
}
FORMATS = {
    "json": ("confcli-json", "feed", "frab-json"),
    "text": ("track-page", "poster-session", "timed-session"),
    "html": ("html-session",),
    "markdown": ("markdown-capture",),
    "text-browser": ("text-browser-capture",),
    "xml": ("frab-xml",),
    "frab": ("frab-json", "frab-xml"),
}


def reader_names(format: str | None) -> tuple[str, ...]:
    """The readers a --format value means (all of them, in order, when None)."""
    if format is None:
        return tuple(READERS)
    names = FORMATS.get(format, (format,))
    if not all(name in READERS for name in names):
        known = ", ".join([*FORMATS, *READERS])
        raise UsageError(f"unknown format {format!r} (known: {known})")
    return names


def read_document(text: str, context: PageContext, format: str | None = None) -> list[ParsedPage]:
    """The sessions in a text (one for a session page, several for a feed), read by the first
    reader that recognises it; a text no reader takes is a BadInputError naming them."""
    if not text.strip():
        raise BadInputError("empty page", source=context.source)
    names = reader_names(format)
    for name in names:
        found = READERS[name](text, context)
        if found is not None:
            return found if isinstance(found, list) else [found]
    tried = ", ".join(names)
    raise BadInputError(f"not a conference session page (tried: {tried})", source=context.source)


def read_page(text: str, context: PageContext, format: str | None = None) -> ParsedPage:
    """The one session on a session page; a text holding several is read by read_document."""
    pages = read_document(text, context, format)
    if len(pages) != 1:
        raise BadInputError(f"holds {len(pages)} sessions, not one", source=context.source)
    return pages[0]
