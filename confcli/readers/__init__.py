"""Reading pages: a chain of readers tried in turn; each returns None when the input is
not its shape, so detection is by content, never by file name."""

from __future__ import annotations

from collections.abc import Callable

from confcli.errors import BadInputError
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.captures import read_markdown_capture, read_text_browser_capture
from confcli.readers.html import read_html_session
from confcli.readers.text import read_poster_session, read_timed_session, read_track_page

Reader = Callable[[str, PageContext], "ParsedPage | None"]

# Name -> reader, in the order they are tried. More specific shapes come first.
READERS: dict[str, Reader] = {
    "html-session": read_html_session,
    "markdown-capture": read_markdown_capture,  # captures before text: strict detection
    "text-browser-capture": read_text_browser_capture,
    "track-page": read_track_page,
    "poster-session": read_poster_session,
    "timed-session": read_timed_session,
}
FORMATS = {
    "text": ("track-page", "poster-session", "timed-session"),
    "html": ("html-session",),
    "markdown": ("markdown-capture",),
    "text-browser": ("text-browser-capture",),
}


def read_page(text: str, context: PageContext, format: str | None = None) -> ParsedPage:
    """The session on a page, read by the first reader that recognises it."""
    if not text.strip():
        raise BadInputError("empty page", source=context.source)
    names = FORMATS.get(format, (format,)) if format else tuple(READERS)
    for name in names:
        page = READERS[name](text, context)
        if page is not None:
            return page
    tried = ", ".join(names)
    raise BadInputError(f"not a conference session page (tried: {tried})", source=context.source)
