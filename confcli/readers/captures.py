"""Captures of session pages made by other tools, read through the rendered-text readers.

- ``markdown-capture``: a page saved as Markdown (a browser's "save as Markdown",
  markdownify, html2text): ``#`` headings, ``**bold**``, ``[title](/virtual/2021/oral/123)``,
  ``* item`` lists, ``---`` rules, ``\\_`` escapes.
- ``text-browser-capture``: ``lynx -dump`` / ``w3m -dump``: lines wrapped at ~80 columns,
  indented, ``[12]`` link markers and a ``References`` list of the links at the end.

Each is normalised to the rendered-text shape (docs/formats.md §1) and read by the readers
of confcli.readers.text; the links a capture holds become its items' urls (absolute when the
site is known), and the site ids those links name their items' site ids (and ids).
Detection is strict (headings *and* links or bold; a References list or marked lines; or
prose wrapped at one width), so plain rendered text never reads as a capture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from confcli.conferences import (
    CONFERENCE_SITES,
    KNOWN_CONFERENCES,
    conference_from_text,
    conference_name,
)
from confcli.model import Item
from confcli.readers.build import PageContext, ParsedPage, with_item_ids
from confcli.readers.html import SITE_LINK, absolute, url_parts
from confcli.readers.text import TEXT_READERS, is_kind_label, looks_like_authors, split_lines
from confcli.readers.vocabulary import (
    POSTER_NUMBER,
    PRESENTATION,
    SESSION_HEADER,
    SESSION_LINE,
    SITE_MARKS,
    TRACK_TITLE,
    VIRTUAL_LINK,
    VIRTUAL_YEAR,
    json_head,
)
from confcli.times import looks_like_range

# Patterns that never scan past where the next match could start, nor retry the closing
# spaces from every space of a long run: hostile text ('[' * 20,000, a heading holding a
# long run of spaces) made each of them quadratic.
MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\[\]\s]+)(?:\s+\"[^\"\[\]]*\")?\)")
MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)]*\)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>(?:.*?\S)?)(?:\s+#+)?\s*$")
MD_RULE = re.compile(r"^\s{0,3}([-=*_])(?:\s*\1){2,}\s*$")  # "---", "***", setext underlines
MD_BULLET = re.compile(r"^\s*[-*+•]\s+(?P<text>.*)$")
MD_BOLD = re.compile(r"(\*\*|__)(?P<text>.+?)\1")
MD_WHOLE_EMPHASIS = re.compile(r"^([*_])(?P<text>[^*_].*?)\1$")
MD_ESCAPE = re.compile(r"\\([_*-])")  # markdownify writes "_" as "\_", html2text " - " as " \- "
ASCII_SPACE = re.compile(r"[ \t\r\n]+")  # not str.split(): a no-break space stays
ASCII_DASH = re.compile(r"(?<=\S) -- (?=\S)")  # html2text writes "—" as "--"
ASCII_SEPARATOR = " * "  # html2text writes "·" as "*"
WRAPPED_HYPHEN = re.compile(r"\w-$")
LINK_HYPHEN_BREAK = re.compile(r"(?<=\w-)\n[ \t]*(?=\w)")

REFERENCES = re.compile(r"^\s*References:?\s*$")
REFERENCE = re.compile(r"^\s*(?:\[(?P<bracketed>\d+)\]|(?P<dotted>\d+)\.)\s+(?P<url>\S+)\s*$")
MARKER = re.compile(r"\[(\d+)\]")
MARKED_LINE = re.compile(r"^[^\S\n]*(?:[*•+][^\S\n]+)?\[\d+\]\S", re.MULTILINE)  # one line
HASH_SPACE = re.compile(r"#\s")  # what a Markdown heading needs; cheap to look for
LINK_NUMBER = re.compile(r"\[\d")  # what a numbered link needs; cheap to look for
# Widgets as the browsers print them; lynx prints a chat frame as a line 'IFRAME: [7]/…'.
WIDGET = re.compile(
    r"\[(?:IMG|INLINE|BUTTON|LINK)\]|\((?:BUTTON|submit|reset)\)\s*|^\s*IFRAME:\s.*$", re.I
)
LIST_BULLET = re.compile(r"^[*•+]\s+")
CONFERENCE_WORD = re.compile(r"\b(" + "|".join(KNOWN_CONFERENCES) + r")\b", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
# An icon font's empty <i> as html2text writes it: '__' alone, or before a word ('__Award').
EMPTY_ICON = re.compile(r"(?<!\S)_{2,}(?!\S)|^_{2}(?=[^\s_])(?!.*__)")
PAGE_END = "successful page load"  # the sites' hidden footer: all content comes before it


# --- shared ----------------------------------------------------------------------------------


def unfenced(text: str) -> str:
    """What a pasted capture holds between its fences (```, ~~~): the words around them
    ('Here is the page:', 'Thanks!') are no part of the page."""
    lines = split_lines(text)
    fences = [index for index, line in enumerate(lines) if FENCE.match(line)]
    if len(fences) < 2:
        return text
    return "\n".join(lines[fences[0] + 1 : fences[-1]])


def link_key(text: str) -> str:
    return " ".join(MD_BOLD.sub(r"\g<text>", MD_ESCAPE.sub(r"\1", text)).split())


def session_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(preamble, page): the page from its session header ('Session', 'Poster Session'; on a
    NeurIPS 2020 track page, which has none, its title) to the hidden page-load footer;
    navigation before the header is the preamble."""
    end = next((i for i, line in enumerate(lines) if line.strip().lower() == PAGE_END), None)
    lines = lines[:end]
    start = _first(lines, SESSION_HEADER)
    start = _first(lines, TRACK_TITLE) if start is None else start
    return lines[: start or 0], lines[start or 0 :]


def _first(lines: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if pattern.match(line.strip())), None)


def read_normalised(
    lines: list[str], links: dict[str, str], context: PageContext, shape: str
) -> ParsedPage | None:
    preamble, page_lines = session_lines(lines)
    found = page_conference(preamble, links)
    if found:  # the page's own word beats a file name's
        context = replace(context, name_hint=found)
    text = "\n".join(page_lines)
    for reader in TEXT_READERS:
        page = reader(text, context)
        if page is not None:
            return _linked(page, links, context, shape)
    return None


def page_conference(preamble: list[str], links: dict[str, str]) -> tuple[str, int] | None:
    """'ICLR 2021' from the page's title, else the brand ('ICLR') and a /virtual/<year>/ link."""
    text = "\n".join(preamble)
    found = conference_from_text(text)
    if found:
        return found
    brand = CONFERENCE_WORD.search(text)
    years = (VIRTUAL_YEAR.search(url) for url in links.values())
    year = next((int(match[1]) for match in years if match), None)
    return (conference_name(brand[1]), year) if brand and year else None


def _linked(
    page: ParsedPage, links: dict[str, str], context: PageContext, shape: str
) -> ParsedPage:
    """Items with their links as urls, and the site ids those links name; ids settled again
    from the site ids, as the HTML reader settles them."""
    site = context.base_url or CONFERENCE_SITES.get(page.session.conference or "")
    items = tuple(
        _with_link(item, links[link_key(item.title)], site)
        if link_key(item.title) in links
        else item
        for item in page.session.items
    )
    session = replace(page.session, items=items)
    if any(item.site_id for item in items):
        session = with_item_ids(session)
    return replace(page, session=session, shape=shape)


def _with_link(item: Item, link: str, site: str | None) -> Item:
    url = absolute(_site_path(link), site)
    event = SITE_LINK.search(url or "")
    return replace(item, url=url, site_id=event["id"] if event else None)


def _site_path(url: str) -> str:
    """A text browser run on a saved file resolves '/virtual/…' to 'file:///virtual/…'."""
    parts = url_parts(url)
    return parts.path if parts and parts.scheme == "file" else url


def sniff(head: str) -> bool:
    """A capture (Markdown or a text browser's dump) shows a session header line ('###
    Poster Session 3'), the sites' /virtual/<year>/ links, or their chrome."""
    if json_head(head) is not None:
        return False
    return bool(SESSION_LINE.search(head) or VIRTUAL_LINK.search(head) or SITE_MARKS.search(head))


# --- markdown --------------------------------------------------------------------------------


def looks_like_markdown(text: str) -> bool:
    # Each regex only when the text holds what it needs (a '#', an underline): they scan
    # every line, and these readers are asked about every page before the text readers.
    heading = (HASH_SPACE.search(text) and re.search(r"(?m)^\s{0,3}#{1,6}\s+\S", text)) or (
        ("===" in text or "---" in text)
        and re.search(r"(?m)^\S.*\n\s{0,3}(?:={3,}|-{3,})\s*$", text)
    )
    return bool(heading and (MD_LINK.search(text) or "**" in text))


def markdown_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """Rendered-text lines of a Markdown capture, and its links by link text."""
    links: dict[str, str] = {}

    def unlink(match: re.Match[str]) -> str:
        # html2text wraps inside link texts, after a hyphen too ('Data-' / 'Centric')
        text = LINK_HYPHEN_BREAK.sub("", match["text"])
        links[link_key(text)] = match["url"]
        return ASCII_SPACE.sub(" ", text)

    text = MD_LINK.sub(unlink, MD_IMAGE.sub("", text))
    return [_plain_markdown(line) for line in markdown_blocks(split_lines(text))], links


def _plain_markdown(line: str) -> str:
    line = EMPTY_ICON.sub("", line).strip()
    line = MD_BOLD.sub(r"\g<text>", line)
    line = MD_WHOLE_EMPHASIS.sub(r"\g<text>", line)
    line = MD_ESCAPE.sub(r"\1", line)
    if looks_like_range(ASCII_DASH.sub(" — ", line)):
        line = ASCII_DASH.sub(" — ", line)
    if ASCII_SEPARATOR in line and looks_like_authors(line.replace(ASCII_SEPARATOR, " · ")):
        line = line.replace(ASCII_SEPARATOR, " · ")
    return line


def markdown_blocks(lines: list[str]) -> list[str]:
    """One line per block: a paragraph's wrapped lines joined (Markdown's soft breaks),
    headings alone, runs of short bullet items (authors) joined with ' · '."""
    out: list[str] = []
    paragraph: list[str] = []
    bullets: list[str] = []
    for raw in lines:
        kind, text = _markdown_line(raw)
        if kind == "bullet" and paragraph:  # no list starts inside a paragraph in a capture:
            kind, text = "text", raw.strip()  # html2text wrapped before a '*' it wrote for '·'
        if kind != "bullet":
            _flush_bullets(bullets, out)
        if kind != "text":
            _flush(paragraph, out)
        if kind == "heading":
            out.append(text)
        elif kind == "bullet":
            bullets.append(text)
        elif kind == "text":
            paragraph.append(text)
            if raw.endswith(("  ", "\\")):  # a hard line break
                _flush(paragraph, out)
    _flush_bullets(bullets, out)
    _flush(paragraph, out)
    return out


def _markdown_line(raw: str) -> tuple[str, str]:
    """('blank' | 'rule' | 'heading' | 'bullet' | 'text', the line's text)."""
    if not raw.strip():
        return "blank", ""
    if MD_RULE.match(raw):
        return "rule", ""
    if heading := MD_HEADING.match(raw):
        return "heading", heading["text"]
    if bullet := MD_BULLET.match(raw):
        return "bullet", bullet["text"].strip()
    return "text", raw.strip()


def _flush(paragraph: list[str], out: list[str]) -> None:
    """A paragraph's lines as one (soft breaks are spaces; html2text's break after a hyphen,
    'multi-' + 'task', is none)."""
    if not paragraph:
        return
    text = paragraph[0].rstrip("\\")
    for part in paragraph[1:]:
        # Only the end of the text so far: a search of all of it made long paragraphs
        # quadratic (20,000 one-word lines took 9 s).
        wrapped = WRAPPED_HYPHEN.search(text, max(len(text) - 2, 0))
        glue = "" if wrapped and part[:1].isalpha() else " "
        text += glue + part.rstrip("\\")
    out.append(text)
    paragraph.clear()


def _flush_bullets(bullets: list[str], out: list[str]) -> None:
    if bullets and all(looks_like_authors(text) and "·" not in text for text in bullets):
        out.append(" · ".join(bullets))
    else:
        out.extend(bullets)
    bullets.clear()


def read_markdown_capture(text: str, context: PageContext) -> ParsedPage | None:
    text = unfenced(text)
    if not looks_like_markdown(text):
        return None
    lines, links = markdown_lines(text)
    return read_normalised(lines, links, context, "markdown-capture")


# --- text browsers ---------------------------------------------------------------------------


def references_start(lines: list[str]) -> int | None:
    """Where the list of links at the end of a lynx or w3m dump begins."""
    for index in range(len(lines) - 1, -1, -1):
        if REFERENCES.match(lines[index]):
            following = next((line for line in lines[index + 1 :] if line.strip()), "")
            return index if REFERENCE.match(following) else None
    return None


def wrap_widths(lines: list[str]) -> dict[int, int]:
    """The width a dump was wrapped at, for each indentation (lynx narrows indented
    paragraphs): nearly the longest line of several words, so one overlong word (a URL)
    does not count."""
    lengths: dict[int, list[int]] = {}
    for line in lines:
        if " " in line.strip():
            lengths.setdefault(_indent(line), []).append(len(line.rstrip()))
    return {indent: _nearly_longest(found) for indent, found in lengths.items()}


def _nearly_longest(lengths: list[int]) -> int:
    ordered = sorted(lengths, reverse=True)
    return ordered[len(ordered) // 50]


def looks_wrapped(lines: list[str]) -> bool:
    """Prose cut at one width between 60 and 100 columns, as text browsers print it."""
    widths = [len(line.rstrip()) for line in lines if " " in line.strip()]
    width = _nearly_longest(widths) if widths else 0
    full = sum(1 for length in widths if width - 10 <= length <= width)
    return 60 <= width <= 100 and full >= 10 and max(widths) <= width + 20


def looks_like_text_browser(text: str) -> bool:
    lines = split_lines(text)
    marked = LINK_NUMBER.search(text) and len(MARKED_LINE.findall(text)) >= 3
    if marked or references_start(lines) is not None:
        return True
    return looks_wrapped(lines)


def _starts_structure(line: str) -> bool:
    """A line a wrapped paragraph never continues into: slot times, kinds, numbers."""
    return bool(
        looks_like_range(line)
        or is_kind_label(line)
        or POSTER_NUMBER.match(line)
        or PRESENTATION.match(line)
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _continues(previous: str, line: str, widths: dict[int, int]) -> bool:
    """True when ``line`` is the rest of ``previous``: the next word would not have fit."""
    if not previous.strip() or not line.strip() or _indent(previous) != _indent(line):
        return False
    room = widths.get(_indent(line), 0) - len(previous.rstrip()) - 1
    return len(line.split()[0]) > room and not _starts_structure(line.strip())


def unwrap(lines: list[str]) -> list[str]:
    """Joins the lines a text browser wrapped, back into one line per block."""
    widths, previous = wrap_widths(lines), ""
    out: list[str] = []
    for line in lines:
        if out and _continues(previous, line, widths):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        previous = line
    return out


def text_browser_lines(
    text: str, unwrap_lines: Callable[[list[str]], list[str]] = unwrap
) -> tuple[list[str], dict[str, str]]:
    """Rendered-text lines of a dump, and its links by link text; ``unwrap_lines`` joins
    the lines the browser wrapped (a listing's cards need their own rules)."""
    lines = split_lines(text)
    start = references_start(lines)
    references = _references(lines[start:]) if start is not None else {}
    body = unwrap_lines([WIDGET.sub("", line) for line in lines[:start]])
    links: dict[str, str] = {}
    out = []
    for line in body:
        parts = MARKER.split(line)  # [before, number, text, number, text, …]
        for number, link_text in zip(parts[1::2], parts[2::2], strict=True):
            if number in references and link_text.strip():
                links[link_key(link_text)] = references[number]
        out.append(LIST_BULLET.sub("", "".join(parts[::2]).strip()))
    return out, links


def _references(lines: list[str]) -> dict[str, str]:
    found = (REFERENCE.match(line) for line in lines)
    return {m["bracketed"] or m["dotted"]: m["url"] for m in found if m}


def read_text_browser_capture(text: str, context: PageContext) -> ParsedPage | None:
    text = unfenced(text)
    if not looks_like_text_browser(text):
        return None
    lines, links = text_browser_lines(text)
    return read_normalised(lines, links, context, "text-browser-capture")
