"""The one registry of the shapes confcli reads.

Each shape has a name (what ``--format`` and ``parse --json``'s "shape" call it), its
``--format`` group (json, html, markdown, text-browser, text), a sniff and a read function;
both live in the reader's own module:

- ``sniff(head: str) -> bool``: a cheap guess from a file's start (its first 64 KiB,
  decoded, line ends made ``\\n``), used only to find pages among other files in a
  directory. It must not raise, and should stay a few regex searches.
- ``read(text: str, context: PageContext) -> ParsedPage | list[ParsedPage] | None``: None
  when the text is not its shape (the next shape is tried), else the session(s) it holds.

Shapes are tried in the order of ``SHAPES``, the most specific first. Functions are named
"module:function" and imported on first use, so that naming the shapes (the ``--format``
help) loads no reader. Adding a reader is one module and one line in ``SHAPES``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from confcli.errors import BadInputError, NotAPageError, UsageError

if TYPE_CHECKING:
    from confcli.readers.build import PageContext, ParsedPage

Read = Callable[["str", "PageContext"], "ParsedPage | list[ParsedPage] | None"]
Sniff = Callable[[str], bool]


@dataclass(frozen=True)
class Shape:
    """A shape of page: its name, its --format group, and where its functions are (a
    "module:function" name, or the function itself)."""

    name: str
    group: str
    reader: str | Read
    sniffer: str | Sniff
    also: tuple[str, ...] = ()  # other --format groups that take it (frab: json and xml)

    def read(self, text: str, context: PageContext) -> ParsedPage | list[ParsedPage] | None:
        read: Read = _load(self.reader)
        return read(text, context)

    def sniff(self, head: str) -> bool:
        sniff: Sniff = _load(self.sniffer)
        return sniff(head)


def _load(function: str | Callable[..., Any]) -> Any:
    return _import(function) if isinstance(function, str) else function


@functools.cache
def _import(function: str) -> Any:
    """'confcli.readers.feed:read_feed' -> the function (its module imported now)."""
    module, _, name = function.partition(":")
    return getattr(importlib.import_module(module), name)


# The --format groups, in the order help and errors name them, and what a name alone
# does not tell of them.
GROUPS = {
    "json": "the sites' feeds and exports, confcli's own JSON, a frab schedule.json",
    "text": "",
    "html": "",
    "markdown": "",
    "text-browser": "",
    "xml": "a frab schedule.xml",
    "frab": "a frab or pretalx schedule, json or xml",
}
# In the order they are tried. JSON first: both reject other text at once; the captures
# before the rendered text, whose readers they build on: their detection is strict.
SHAPES: list[Shape] = [
    Shape("confcli-json", "json", "confcli.readers.confcli_json:read_confcli_json",
          "confcli.readers.confcli_json:sniff"),
    # The Downloads export before the feed, whose sniff (virtualsite_url) it matches.
    Shape("downloads", "json", "confcli.readers.downloads:read_downloads",
          "confcli.readers.downloads:sniff"),
    Shape("feed", "json", "confcli.readers.feed:read_feed", "confcli.readers.feed:sniff"),
    Shape("platform2020", "json", "confcli.readers.platform2020:read_platform2020",
          "confcli.readers.platform2020:sniff"),
    Shape("frab-json", "json", "confcli.readers.frab:read_frab_json",
          "confcli.readers.frab:sniff", also=("frab",)),
    # Listing pages and frab XML before html-session: it is lenient, and refuses a page
    # without a session title.
    Shape("listing", "html", "confcli.readers.listing:read_listing",
          "confcli.readers.listing:sniff"),
    Shape("frab-xml", "xml", "confcli.readers.frab_xml:read_frab_xml",
          "confcli.readers.frab_xml:sniff", also=("frab",)),
    Shape("html-session", "html", "confcli.readers.html:read_html_session",
          "confcli.readers.html:sniff"),
    # Listing captures before the session pages' captures: it takes only cards whose time
    # comes after their kind and title; session pages print each slot's time above them.
    Shape("listing-capture", "text-browser", "confcli.readers.listing_capture:read_listing_capture",
          "confcli.readers.listing_capture:sniff", also=("markdown",)),
    Shape("markdown-capture", "markdown", "confcli.readers.captures:read_markdown_capture",
          "confcli.readers.captures:sniff"),
    Shape("text-browser-capture", "text-browser",
          "confcli.readers.captures:read_text_browser_capture", "confcli.readers.captures:sniff"),
    Shape("track-page", "text", "confcli.readers.text:read_track_page",
          "confcli.readers.text:sniff"),
    Shape("poster-session", "text", "confcli.readers.text:read_poster_session",
          "confcli.readers.text:sniff"),
    Shape("timed-session", "text", "confcli.readers.text:read_timed_session",
          "confcli.readers.text:sniff"),
]  # fmt: skip


def register(shape: Shape, *, before: str | None = None) -> None:
    """Adds a shape, tried last or just before the shape named ``before``."""
    if any(known.name == shape.name for known in SHAPES):
        raise ValueError(f"a shape named {shape.name!r} is registered already")
    names = [known.name for known in SHAPES]
    if before is not None and before not in names:
        raise ValueError(f"no shape named {before!r} to register {shape.name!r} before")
    SHAPES.insert(names.index(before) if before else len(SHAPES), shape)


def unregister(name: str) -> None:
    SHAPES[:] = [shape for shape in SHAPES if shape.name != name]


def groups() -> dict[str, tuple[str, ...]]:
    """Each --format group (those of GROUPS first) and its shapes' names, in the order they
    are tried."""
    found: dict[str, tuple[str, ...]] = {group: () for group in GROUPS}
    for shape in SHAPES:
        for group in (shape.group, *shape.also):
            found[group] = (*found.get(group, ()), shape.name)
    return {group: names for group, names in found.items() if names}


def reader_names(format: str | None) -> tuple[str, ...]:
    """The shapes a --format value means (all of them, in order, when None)."""
    names = tuple(shape.name for shape in SHAPES)
    if format is None:
        return names
    chosen = groups().get(format) or ((format,) if format in names else None)
    if chosen is None:
        known = ", ".join(dict.fromkeys([*groups(), *names]))
        raise UsageError(f"unknown format {format!r} (known: {known})")
    return chosen


def read_document(text: str, context: PageContext, format: str | None = None) -> list[ParsedPage]:
    """The sessions in a text (one for a session page, several for a feed), read by the first
    shape that recognises it; a text no shape takes is a BadInputError naming them."""
    if not text.strip():
        raise BadInputError("empty page", source=context.source)
    from confcli.readers.checks import checked

    names = reader_names(format)
    by_name = {shape.name: shape for shape in SHAPES}
    for name in names:
        found = by_name[name].read(text, context)
        if found is not None:
            return [checked(page) for page in (found if isinstance(found, list) else [found])]
    tried = ", ".join(names)
    raise NotAPageError(f"{_refusal(text, names)} (tried: {tried})", source=context.source)


def _refusal(text: str, names: tuple[str, ...]) -> str:
    """Why no shape took the text; for JSON that the JSON shapes refused, what it holds."""
    from confcli.readers.refusals import unread_json

    json_shapes = {shape.name for shape in SHAPES if shape.group == "json"}
    holds = unread_json(text) if json_shapes & set(names) else None
    return f"not a conference session page: {holds}" if holds else "not a conference session page"


def looks_like_page(head: str) -> bool:
    """A cheap guess from a file's start that some shape reads it; the readers decide.
    Shapes of one module share its sniff: each sniff is asked once."""
    head = head.replace("\r\n", "\n").replace("\r", "\n")
    sniffs = dict.fromkeys(shape.sniffer for shape in SHAPES)
    return any(_load(sniff)(head) for sniff in sniffs)


def format_help() -> str:
    """The --format option's help, naming every group and shape registered."""
    named = [f"{group} ({GROUPS[group]})" if GROUPS.get(group) else group for group in groups()]
    shapes = ", ".join(shape.name for shape in SHAPES)
    return (
        "Read inputs as this shape instead of detecting it from their content: "
        f"{', '.join(named)}; or one reader by name: {shapes}."
    )
