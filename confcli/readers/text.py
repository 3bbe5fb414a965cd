"""Rendered text of session pages (select all + copy, or a text browser), docs/formats.md §1.

Three small readers, each returning None when the text is not its shape:
``read_timed_session`` (A: ICLR 2021 / ICML 2022), ``read_poster_session`` (B: ICLR 2023) and
``read_track_page`` (C: NeurIPS 2020).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import tzinfo

from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_session,
    set_times,
    zone_named,
)
from confcli.readers.vocabulary import (
    AWARD,
    CHAIRS,
    CHROME,
    POSTER_NUMBER,
    PRESENTATION,
    SESSION_HEADER,
    SESSION_LINE,
    SITE_MARKS,
    TIMEZONE_BANNER,
    TRACK_TITLE,
    json_head,
)
from confcli.times import ISO_RANGE, TimeContext, looks_like_range

KIND_LABELS = {
    "oral", "spotlight", "poster", "spotlight poster", "q&a", "break", "talk", "invited talk",
    "keynote", "tutorial", "panel", "contributed talk", "demonstration", "social", "remarks",
    "opening remarks", "closing remarks", "lightning talk", "award", "test of time",
}  # fmt: skip
# The kind labels a poster card starts with when the page names no presentation (ICML 2025).
POSTER_LABELS = {"poster", "spotlight poster"}
# Starting only where a run of spaces starts: else each space of a long run without a
# separator after it scanned the rest of the run (quadratic).
AUTHOR_SEPARATOR = re.compile(r"(?<!\s)\s*[·⋅•]\s*")
# A track page's own lines (C), as a file's start shows them (sniff).
TRACK_MARKS = re.compile(
    r"^[ \t\xa0]*Orals & Spotlights|^[ \t\xa0]*Schedule[ \t\xa0]*$", re.MULTILINE
)
# Whether the line at an index starts a block (a slot, a poster) of the page's body.
StartsBlock = Callable[[Sequence[str], int], bool]
TRACK_SLOT = re.compile(r"^(?:(?P<number>\d+)\s*-\s*)?(?P<kind>[^:]{1,40}?)(?::\s*(?P<title>.+))?$")


def split_lines(text: str) -> list[str]:
    """A page's lines: only LF, CRLF and CR end one. str.splitlines() also splits at form
    feeds, NEL, U+2028 and more, which page text may hold: a title would lose its end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@functools.lru_cache(maxsize=4)
def content_lines(text: str) -> tuple[str, ...]:
    """The page's lines without blank lines and page chrome. Cached: every reader in the
    chain asks for the lines of the same text in turn (a tuple, so none can change them)."""
    return tuple(
        line
        for line in (raw.strip() for raw in split_lines(text))
        if line and not CHROME.match(line)
    )


def split_authors(line: str, comma: bool = False) -> list[str]:
    parts = line.split(",") if comma else AUTHOR_SEPARATOR.split(line)
    return [name.strip() for name in parts if name.strip()]


def looks_like_authors(line: str, comma: bool = False) -> bool:
    """An author line: names joined by '·' (or by commas on comma pages), or one short name;
    an abstract is a sentence: long parts, a final full stop."""
    if AUTHOR_SEPARATOR.search(line):
        return True
    parts = line.split(",") if comma else [line]
    return not line.endswith(".") and all(len(part.split()) <= 6 for part in parts)


def split_details(lines: list[str], comma: bool = False) -> tuple[list[str], str | None]:
    """The lines after a title: authors (if there), then the abstract (paragraphs kept)."""
    if lines and looks_like_authors(lines[0], comma):
        return split_authors(lines[0], comma), "\n".join(lines[1:]) or None
    return [], "\n".join(lines) or None


def is_kind_label(line: str) -> bool:
    return line.lower() in KIND_LABELS


def blocks(lines: Sequence[str], starts_block: StartsBlock) -> Iterator[list[str]]:
    """Groups lines into blocks, each beginning at a line for which starts_block is true."""
    current: list[str] | None = None
    for index, line in enumerate(lines):
        if starts_block(lines, index):
            if current:
                yield current
            current = [line]
        elif current is not None:
            current.append(line)
    if current:
        yield current


def sniff(head: str) -> bool:
    """Rendered text of a session page (A, B, C): a session header line, a track page's own
    lines, or the sites' chrome that a copy of the whole page carries."""
    if json_head(head) is not None:
        return False
    return bool(SESSION_LINE.search(head) or TRACK_MARKS.search(head) or SITE_MARKS.search(head))


# --- header shared by shapes A and B ------------------------------------------------------


def read_header(
    lines: Sequence[str], body_start: int, context: PageContext, starts_block: StartsBlock
) -> tuple[SessionDraft, tzinfo | None, list[str]] | None:
    """Kind, title, room, chairs, session time and abstract from the lines before the body."""
    warnings: list[str] = []
    found = _kind_and_title(lines, body_start, starts_block, warnings)
    if found is None:
        return None
    kind, title, rest = found
    draft, zone = SessionDraft(kind=kind, title=title), None
    in_abstract, abstract = False, []
    for line in rest:
        if in_abstract:
            abstract.append(line)
        elif line.lower().startswith("abstract:"):
            in_abstract = True
            abstract.append(line[len("abstract:") :].strip())
        elif chairs := CHAIRS.match(line):
            draft.chairs = split_authors(chairs["names"], comma="·" not in line)
        elif banner := TIMEZONE_BANNER.match(line):
            zone = zone_named(banner["zone"], warnings)
        elif looks_like_range(line):
            _set_times(draft, line, context.time_context(zone), warnings)
        elif draft.room is None:
            draft.room = line
    draft.abstract = "\n".join(part for part in abstract if part) or None
    return draft, zone, warnings


def _kind_and_title(
    lines: Sequence[str], body: int, starts_block: StartsBlock, warnings: list[str]
) -> tuple[str | None, str, Sequence[str]] | None:
    """('Session' or 'Poster Session'…, the title, the header's other lines). A page that
    lost that first line (cut, or not copied) is still a page when two slots follow: its
    first line is then the title."""
    header = lines[:body]
    if len(header) >= 2 and SESSION_HEADER.match(header[0]):
        return header[0], header[1], header[2:]
    if header and TRACK_TITLE.match(header[0]):  # a track page names no 'Session' above it
        return None, header[0], header[1:]
    if header and any(starts_block(lines, i) for i in range(body + 1, len(lines))):
        warnings.append("no 'Session' line above the title: the first line is taken as it")
        return None, header[0], header[1:]
    return None


def _set_times(
    target: ItemDraft | SessionDraft, line: str, time_context: TimeContext, warnings: list[str]
) -> None:
    """Every time line of these shapes should be a range: one that is not is told."""
    set_times(target, line, time_context, warnings, warn_if_not_a_range=True)


def _finish(
    draft: SessionDraft, context: PageContext, shape: str, warnings: list[str]
) -> ParsedPage:
    page = build_session(draft, context, shape)
    page.warnings[:0] = warnings
    return page


# --- A: timed session -----------------------------------------------------------------------


def _starts_timed_slot(lines: Sequence[str], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    # The kind label first: a set lookup, where a time range is a regex on every line.
    return is_kind_label(following) and looks_like_range(lines[index])


def read_timed_session(text: str, context: PageContext) -> ParsedPage | None:
    lines = content_lines(text)
    body = next((i for i in range(len(lines)) if _starts_timed_slot(lines, i)), None)
    header = read_header(lines, body, context, _starts_timed_slot) if body is not None else None
    if header is None:
        return None
    draft, zone, warnings = header
    time_context = context.time_context(zone)
    for block in blocks(lines[body:], _starts_timed_slot):
        item = ItemDraft(kind_label=block[1], title=block[2] if len(block) > 2 else block[1])
        _set_times(item, block[0], time_context, warnings)
        item.authors, item.abstract = split_details(block[3:])
        draft.items.append(item)
    return _finish(draft, context, "timed-session", warnings)


# --- B: poster session ----------------------------------------------------------------------


def _starts_poster(lines: Sequence[str], index: int) -> bool:
    line = lines[index]
    if line.lower() in POSTER_LABELS:  # ICML 2025: 'Poster' (or 'Spotlight Poster') above '#W-100'
        following = lines[index + 1] if index + 1 < len(lines) else ""
        return bool(POSTER_NUMBER.match(following))
    return could_be_presentation(line) and bool(PRESENTATION.match(line))


def could_be_presentation(line: str) -> bool:
    """True for every line PRESENTATION matches, and cheap: that regex costs ~10 µs on a
    line of prose, and a poster page is mostly prose. Non-ASCII lines go to the regex,
    since re.IGNORECASE folds more letters than str.lower ('ſ' is an 's')."""
    return "/" in line and (not line.isascii() or "presentation" in line.lower())


def _poster_item(block: list[str]) -> ItemDraft:
    head = PRESENTATION.match(block[0])  # else a kind label: _starts_poster began the block
    rest = block[1:]
    poster = POSTER_NUMBER.match(rest[0]) if rest else None
    if poster:
        rest = rest[1:]
    award = None
    # An ICLR 2023 card's fourth line is an abstract only below an award line; an ICML 2025
    # card (no presentation line) may hold two paragraphs, so only an award's words tell.
    by_position = head is not None and len(rest) >= 4
    if len(rest) >= 2 and (AWARD.search(rest[0]) and len(rest[0]) <= 60 or by_position):
        award, rest = rest[0], rest[1:]
    item = ItemDraft(
        kind_label="poster" if head else block[0],
        title=rest[0] if rest else "",
        award=award,
        poster=f"#{poster['number']}" if poster else None,
        presentation=head["presentation"] if head else None,
        decision=head["decision"].strip() if head else None,
    )
    item.authors, item.abstract = split_details(rest[1:])
    return item


def read_poster_session(text: str, context: PageContext) -> ParsedPage | None:
    lines = content_lines(text)
    body = next((i for i in range(len(lines)) if _starts_poster(lines, i)), None)
    header = read_header(lines, body, context, _starts_poster) if body is not None else None
    if header is None:
        return None
    draft, _zone_found, warnings = header
    for block in blocks(lines[body:], _starts_poster):
        item = _poster_item(block)
        if item.title:
            draft.items.append(item)
        else:
            warnings.append(f"poster without a title skipped near {block[0]!r}")
    return _finish(draft, context, "poster-session", warnings)


# --- C: NeurIPS 2020 track page -------------------------------------------------------------


def _starts_track_slot(lines: Sequence[str], index: int) -> bool:
    return bool(ISO_RANGE.match(lines[index]))


def _track_header(
    lines: Sequence[str], body: int, context: PageContext
) -> tuple[SessionDraft, list[str]]:
    draft, description = SessionDraft(title=lines[0]), []
    warnings: list[str] = []
    labels = iter(range(1, body))
    for index in labels:
        line = lines[index]
        following = lines[index + 1] if index + 1 < body else ""
        if line == "Time" and following:
            _set_times(draft, following, context.time_context(), warnings)
            next(labels, None)
        elif line.lower() in ("session chairs", "session chair", "chairs") and following:
            draft.chairs = split_authors(following, comma=True)
            next(labels, None)
        elif line not in ("Video", "Chat", "Schedule"):
            description.append(line)
    draft.abstract = "\n".join(description) or None
    return draft, warnings


def _track_item(
    block: list[str], time_context: TimeContext, warnings: list[str]
) -> ItemDraft | None:
    slot = TRACK_SLOT.match(block[1]) if len(block) > 1 else None
    if slot is None:
        warnings.append(f"slot without a title skipped at {block[0]!r}")
        return None
    kind = slot["kind"].strip()
    item = ItemDraft(kind_label=kind, title=(slot["title"] or kind).strip())
    _set_times(item, block[0], time_context, warnings)
    item.authors, item.abstract = split_details(block[2:], comma=True)
    return item


def _first_track_slot(lines: Sequence[str], schedule: int | None) -> int | None:
    """The first slot after the 'Schedule' line; on a page that lost that line, the first
    of two or more slots (the session's own time, under 'Time', is none)."""
    if schedule is not None:
        following = range(schedule + 1, len(lines))
        return next((i for i in following if _starts_track_slot(lines, i)), None)
    starts = (
        i for i in range(1, len(lines)) if _starts_track_slot(lines, i) and lines[i - 1] != "Time"
    )
    first = next(starts, None)
    return first if next(starts, None) is not None else None


def read_track_page(text: str, context: PageContext) -> ParsedPage | None:
    lines = content_lines(text)
    schedule = lines.index("Schedule") if "Schedule" in lines else None
    body = _first_track_slot(lines, schedule)
    if body is None:
        return None
    draft, warnings = _track_header(lines, body if schedule is None else schedule, context)
    if schedule is not None and body > schedule + 1:  # a slot that lost its time line
        warnings.append(f"{body - schedule - 1} line(s) after 'Schedule' skipped: no slot time")
    time_context = context.time_context()
    for block in blocks(lines[body:], _starts_track_slot):
        item = _track_item(block, time_context, warnings)
        if item:
            draft.items.append(item)
    return _finish(draft, context, "track-page", warnings)


TEXT_READERS = (read_track_page, read_poster_session, read_timed_session)
